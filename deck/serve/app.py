"""The live preview's web app (Starlette): one page, its card images, change events and PDF downloads.

Nothing a URL names reaches the file system: card images come from the engine's memory by key,
downloads from the list of files this server built. The server is a thin layer over the
engine and ``deck.build.pipeline.build``; it adds no second rendering path.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from deck.paths import DATA
from deck.serve.engine import Engine, View

PAGE = DATA / "serve" / "index.html"
KINDS = ("print", "sheets", "workbook")


class Hub:
    """The server's shared state: the engine, the views asked for, event listeners and built files."""

    def __init__(self, engine: Engine, defaults: View):
        self.engine = engine
        self.defaults = defaults
        self.listeners: set[asyncio.Queue] = set()
        self.downloads: dict[str, Path] = {}  # token -> a file this server built
        self.builds: dict[str, dict] = {}  # build id -> progress
        self.scratch = Path(tempfile.mkdtemp(prefix="deck-serve-"))
        self.layout_lock = asyncio.Lock()  # WeasyPrint lays out one document at a time

    def view(self, request: Request) -> View:
        q = request.query_params
        return View(q.get("lang") or self.defaults.lang, q.get("size") or self.defaults.card_size,
                    q.get("org", self.defaults.org))

    async def refresh(self, view: View):
        async with self.layout_lock:
            return await asyncio.to_thread(self.engine.refresh, view)

    async def changed(self) -> None:
        """Files changed on disk: refresh every view the page has shown, then tell every page."""
        async with self.layout_lock:
            await asyncio.to_thread(self.engine.refresh_all)
        self.publish({"type": "changed", "version": self.engine.version})

    def publish(self, event: dict) -> None:
        for queue in list(self.listeners):
            queue.put_nowait(event)


def create_app(engine: Engine, defaults: View, watch: bool = True) -> Starlette:
    """The ASGI app; with ``watch`` a background task refreshes the views whenever a watched file is saved."""
    hub = Hub(engine, defaults)

    async def page(request: Request) -> Response:
        return HTMLResponse(PAGE.read_text(encoding="utf-8"), headers={"Cache-Control": "no-store"})

    async def state(request: Request) -> Response:
        try:
            view = hub.view(request)
        except ValueError:
            return JSONResponse({"error": "bad view"}, status_code=400)
        result = await hub.refresh(view)
        body = {"view": asdict(view), "version": result.version, "problems": result.problems,
                "decks": [asdict(d) for d in result.decks], "choices": engine.choices()}
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def image(request: Request) -> Response:
        data = engine.image(request.path_params["key"])
        if data is None or not data.startswith(b"\x89PNG"):
            return Response("no such card image", status_code=404, media_type="text/plain")
        return Response(data, media_type="image/png", headers={"Cache-Control": "max-age=31536000, immutable"})

    async def events(request: Request) -> Response:
        from sse_starlette.sse import EventSourceResponse

        queue: asyncio.Queue = asyncio.Queue()
        hub.listeners.add(queue)

        async def stream():
            try:
                yield {"event": "hello", "data": json.dumps({"version": engine.version})}
                while True:
                    event = await queue.get()
                    yield {"event": event["type"], "data": json.dumps(event)}
            finally:
                hub.listeners.discard(queue)

        return EventSourceResponse(stream(), ping=15)

    async def build(request: Request) -> Response:
        form = await request.json()
        kind = form.get("kind")
        if kind not in KINDS:
            return JSONResponse({"error": f"kind must be one of {', '.join(KINDS)}"}, status_code=400)
        view = hub.view(request)
        build_id = secrets.token_urlsafe(8)
        hub.builds[build_id] = {"id": build_id, "kind": kind, "status": "running", "files": [], "lines": []}
        threading.Thread(target=_run_build, args=(hub, build_id, kind, view, asyncio.get_running_loop()),
                         daemon=True).start()
        return JSONResponse(hub.builds[build_id])

    async def download(request: Request) -> Response:
        path = hub.downloads.get(request.path_params["token"])
        if path is None or not path.is_file():
            return Response("no such file", status_code=404, media_type="text/plain")
        return FileResponse(path, media_type="application/pdf", filename=path.name)

    async def watcher() -> None:
        from watchfiles import awatch

        folders = [str(p) for p in engine.watched() if p.is_dir()]
        async for _ in awatch(*folders, debounce=400, step=50):
            await hub.changed()

    @contextlib.asynccontextmanager
    async def lifespan(app):
        task = asyncio.create_task(watcher()) if watch else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            hub.publish({"type": "bye"})

    routes = [
        Route("/", page),
        Route("/api/state", state),
        Route("/card/{key:str}.png", image),
        Route("/events", events),
        Route("/api/build", build, methods=["POST"]),
        Route("/download/{token:str}", download),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.hub = hub
    return app


def _run_build(hub: Hub, build_id: str, kind: str, view: View, loop) -> None:
    """Build the PDFs of what the page shows (one kind of file), reporting each file as it is done."""
    from deck.build.pipeline import build
    from deck.build.plan import Options
    from deck.errors import DeckError

    record = hub.builds[build_id]
    org = next((o.folder for slug, o in hub.engine.orgs.items() if slug == view.org), None)
    out = hub.scratch / build_id
    opts = Options(content=hub.engine.content, out=out, card_size=view.card_size, langs=(view.lang,), org=org,
                   cards=kind != "workbook", workbook=kind == "workbook", jobs=1)

    def progress(result) -> None:
        record["lines"].append(f"{result.status}  {result.target.label}")
        if result.status != "failed" and result.target.kind == kind:
            token = secrets.token_urlsafe(12)
            hub.downloads[token] = result.target.path
            record["files"].append({"name": result.target.path.name, "url": f"/download/{token}"})
        loop.call_soon_threadsafe(hub.publish, {"type": "build", **record})

    try:
        build(opts, progress)
        record["status"] = "done"
    except DeckError as exc:
        record["status"] = "failed"
        record["lines"] += str(exc).splitlines()
    except Exception as exc:  # the server must survive anything a build does
        record["status"] = "failed"
        record["lines"].append(f"internal error: {type(exc).__name__}: {exc}")
    loop.call_soon_threadsafe(hub.publish, {"type": "build", **record})
