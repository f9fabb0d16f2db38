"""Run the preview server: check the content once, bind, open the browser, stop cleanly on Ctrl-C."""

from __future__ import annotations

import socket
import webbrowser
from pathlib import Path
from typing import Callable

from deck.errors import DeckError, UsageError


def run(content: Path, orgs: list[Path], lang: str | None, card_size: str, host: str, port: int,
        open_browser: bool, say: Callable[[str], None]) -> None:
    """Serve the live preview until interrupted. Content errors do not stop it; a missing folder does."""
    import uvicorn

    from deck.load.content import load_content
    from deck.serve.app import create_app
    from deck.serve.engine import Engine, View

    if not Path(content).is_dir():
        raise UsageError(f"--content {content}: no such folder")
    for org in orgs:
        if not Path(org).is_dir():
            raise UsageError(f"--org {org}: no such folder; give the folder that holds organisation.yaml")
    try:
        source = load_content(content).project.language
    except DeckError:  # the page shows content errors with file and line; the server starts regardless
        source = "nl"
    engine = Engine(content, orgs)
    defaults = View(lang or source, card_size, "")
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{bound}/"
    say(f"serving {content} at {url} (Ctrl-C stops)")
    app = create_app(engine, defaults)
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    if open_browser:
        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down on Ctrl-C, then raises the signal again for us
        pass
    finally:
        sock.close()
    say("stopped")


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, or a clear error when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None
    sock.listen(64)
    return sock
