"""Edit-to-preview time of `deck serve`: from saving a card file to the page having the new card image.

Runs the real server in a child process on the shipped content (a copy), listens to its change
events as the page does, saves one card file, then fetches the state and the new front image.
"""

from __future__ import annotations

import json
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _set_text(content: Path, deck: str, card_id: str, text: str) -> None:
    path = content / "decks" / f"{deck}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for card in data["cards"]:
        if card["id"] == card_id:
            card["text"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def measure_edit_to_preview(rounds: int, env: dict) -> list[float]:
    """Seconds from saving a card to its new image fetched, once per round."""
    import httpx

    work = Path(tempfile.mkdtemp(prefix="deck-bench-serve-"))
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([sys.executable, "-m", "deck", "serve", "--content", str(content), "--port", str(port),
                             "--no-open", "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    events: queue.Queue = queue.Queue()
    try:
        with httpx.Client(timeout=600) as client:
            deadline = time.monotonic() + 600
            while True:
                try:
                    client.get(url + "api/state").raise_for_status()  # the first view: every card laid out
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)

            def listen() -> None:
                try:
                    with httpx.stream("GET", url + "events", timeout=None) as stream:
                        name = None
                        for line in stream.iter_lines():
                            if line.startswith("event:"):
                                name = line.split(":", 1)[1].strip()
                            elif line.startswith("data:") and name == "changed":
                                events.put(json.loads(line.split(":", 1)[1]))
                except httpx.HTTPError:
                    return  # the server stopped at the end of the measurement

            threading.Thread(target=listen, daemon=True).start()
            time.sleep(0.5)  # the listener is connected before the first save
            times = []
            for r in range(rounds):
                text = f"Bewerkt in ronde {r + 1}: dit is de nieuwe tekst."
                start = time.perf_counter()
                _set_text(content, "interviewvragen", "invalshoek", text)
                while True:
                    events.get(timeout=120)
                    state = client.get(url + "api/state").json()
                    card = next(c for d in state["decks"] for c in d["cards"] if c["id"] == "invalshoek")
                    if text.rstrip(".") in card["alt"]:
                        break
                client.get(url + f"card/{card['front']}.png").raise_for_status()
                times.append(time.perf_counter() - start)
                time.sleep(1.0)  # let the watcher settle before the next save
            return times
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
