"""A character no bundled font has fails the build the same way on every machine.

The test makes both kinds of machine itself, whatever this one has installed: fontconfig is pointed
(FONTCONFIG_FILE) at the machine's own configuration plus a folder holding a fallback font that has
the characters, or at a configuration whose only fonts lack them. Plain WeasyPrint shows that the fallback
really is there (or not); deck must give the same error in both, and on the machine as it is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from helpers import one_deck

from deck.paths import FONTS

# A CJK character (Droid Sans Fallback has it) and a chess king (DejaVu Sans has it); Inter has neither.
CHARS = "\u4e16\u2654"

PROBE = """
import logging, sys
from weasyprint import HTML
notdef = []
class Catch(logging.Handler):
    def emit(self, record):
        if ".notdef" in record.getMessage():
            notdef.append(record.getMessage())
logging.getLogger("weasyprint").addHandler(Catch())
HTML(string="<p style='font-family: Inter'>" + sys.argv[1] + "</p>").write_pdf()
print("notdef" if notdef else "fallback")
"""


def fallback_font(path: Path) -> None:
    """A tiny TrueType font, 'Deck Test Fallback', with a box for each of CHARS."""
    names = [".notdef", "space"] + [f"uni{ord(c):04X}" for c in CHARS]
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0)), pen.lineTo((100, 700)), pen.lineTo((800, 700)), pen.lineTo((800, 0)), pen.closePath()
    box = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space", **{ord(c): f"uni{ord(c):04X}" for c in CHARS}})
    builder.setupGlyf({name: (TTGlyphPen(None).glyph() if name == "space" else box) for name in names})
    builder.setupHorizontalMetrics({name: (900, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Deck Test Fallback", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))


def fontconfig_file(path: Path, body: str) -> Path:
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f"<fontconfig>{body}</fontconfig>\n", encoding="utf-8")
    return path


@pytest.fixture
def machines(tmp_path) -> dict[str, dict]:
    """Environments for: this machine as it is; with a system fallback font; with no system font that has CHARS."""
    fonts = tmp_path / "system-fonts"
    fonts.mkdir()
    fallback_font(fonts / "DeckTestFallback.ttf")
    cache = f"<cachedir>{tmp_path / 'fc-cache'}</cachedir>"
    with_fallback = fontconfig_file(tmp_path / "with-fallback.conf",
                                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir>{cache}')
    # A machine's fonts that lack the characters: Inter alone (fontconfig with no fonts at all stops Pango).
    without = fontconfig_file(tmp_path / "no-fallback.conf", f"<dir>{FONTS}</dir>{cache}")
    base = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")}
    return {"as is": base,
            "fallback": {**base, "FONTCONFIG_FILE": str(with_fallback)},
            "no fallback": {**base, "FONTCONFIG_FILE": str(without)}}


def untimed(stderr: str) -> list[str]:
    """The lines of a build's report without the seconds each file took."""
    return [re.sub(r"\s+[0-9.]+s$", "", line) for line in stderr.splitlines()]


def run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_missing_glyph_fails_the_same_way_with_and_without_system_fonts(content_copy, tmp_path, machines):
    # The two made-up machines really differ: plain WeasyPrint fills the characters in from the
    # fallback font on one and has nothing to draw them with on the other.
    assert run(["-c", PROBE, CHARS], machines["fallback"], tmp_path).stdout.split() == ["fallback"]
    assert run(["-c", PROBE, CHARS], machines["no fallback"], tmp_path).stdout.split() == ["notdef"]

    one_deck(content_copy, [f"Tekens die geen meegeleverd font heeft: {CHARS}"])  # one card: the rest adds only time
    args = ["-m", "deck", "build", "--content", str(content_copy), "--out", str(tmp_path / "out"),
            "--deck", "lessen", "--no-workbook", "--jobs", "1"]
    results = {name: run(args, env, tmp_path) for name, env in machines.items()}
    for name, result in results.items():
        assert result.returncode == 1, (name, result.stdout, result.stderr)
        assert "no bundled font has a glyph for" in result.stderr, (name, result.stderr)
        assert all(c in result.stderr for c in CHARS), (name, result.stderr)
        assert "system font" not in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr, (name, result.stderr)
    messages = {name: untimed(result.stderr) for name, result in results.items()}
    assert messages["fallback"] == messages["no fallback"] == messages["as is"]
    assert not list((tmp_path / "out").rglob("*.pdf"))
