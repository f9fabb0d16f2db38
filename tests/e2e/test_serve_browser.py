"""`deck serve` in a real browser: save a card file, and the page shows the new card without reloading."""

from __future__ import annotations

import json
import shutil
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CONTENT
from helpers import set_text

from deck.load.content import load_content

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
STARTUP_SECONDS = 600
CARDS = sum(len(d.cards) for d in load_content(CONTENT).decks.values())  # generous: the first page lays out every card, on a busy machine too
CHANGE_SECONDS = 300


def _served_url(proc: subprocess.Popen) -> str:
    """The address `deck serve --port 0` says it listens on (the port the system gave it: no race for a port)."""
    for line in proc.stdout:
        found = re.search(r"serving .* at (http://\S+/) ", line)
        if found:
            return found.group(1)
    raise AssertionError(f"deck serve ended without saying where it listens (exit code {proc.wait()})")


def _wait_for_state(url: str) -> dict:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url + "api/state", timeout=STARTUP_SECONDS) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture
def server(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    deck = Path(sys.executable).with_name("deck")
    proc = subprocess.Popen([str(deck), "serve", "--content", str(content), "--port", "0", "--no-open"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = _served_url(proc)
        _wait_for_state(url)
        yield content, url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise


def test_a_saved_card_appears_on_the_page_by_itself(server):
    from playwright.sync_api import sync_playwright

    content, url, proc = server
    assert Path(CHROMIUM).exists(), "the browser test needs Debian's chromium (.ci/run installs it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page()
        page.goto(url)
        card = page.locator("#card-interviewvragen-invalshoek img.front")
        card.wait_for(timeout=STARTUP_SECONDS * 1000)
        assert page.locator("img.front").count() == CARDS
        old_src = card.get_attribute("src")
        assert card.get_attribute("alt").startswith("Interviewvragen. 2. De invalshoek van het interview. ")

        set_text(content, "interviewvragen", "invalshoek", "Dit is de **nieuwe** tekst van de kaart.")
        page.wait_for_function(
            "() => document.querySelector('#card-interviewvragen-invalshoek img.front').alt.includes('nieuwe tekst')",
            timeout=CHANGE_SECONDS * 1000)
        card = page.locator("#card-interviewvragen-invalshoek img.front")
        assert card.get_attribute("alt") == ("Interviewvragen. 2. De invalshoek van het interview. "
                                             "Dit is de nieuwe tekst van de kaart.")
        assert card.get_attribute("src") != old_src
        # The new image really loaded (a broken image has no natural width).
        page.wait_for_function("() => document.querySelector('#card-interviewvragen-invalshoek img.front')"
                               ".naturalWidth > 0", timeout=CHANGE_SECONDS * 1000)
        assert page.evaluate("window.deckPageLoads") == 1  # updated in place, never reloaded

        # A broken file shows its problem with file and line, and the cards stay.
        deck_file = content / "decks" / "vuistregels.yaml"
        deck_file.write_text(deck_file.read_text(encoding="utf-8").replace("id: vuistregels", "id: vuistregels\ntitel: x", 1),
                             encoding="utf-8")
        page.locator("#problems").wait_for(state="visible", timeout=CHANGE_SECONDS * 1000)
        assert "vuistregels.yaml:" in page.locator("#problems pre").inner_text()
        assert page.locator("img.front").count() == CARDS
        browser.close()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    assert "stopped" in proc.stdout.read()
