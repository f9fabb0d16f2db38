"""WeasyPrint's font configuration, made from a private fontconfig file that lists only the bundled fonts.

With the system's fontconfig configuration, Pango fills in a glyph the bundled fonts lack from
whatever font the machine happens to have (e.g. Droid Sans Fallback), so output and error messages
would differ between machines. With this one no system font is ever seen: such a glyph is always
drawn as .notdef, which ``deck.write.pdf.write_pdf`` reports as "no bundled font has a glyph for X".

Every other font a document uses (a language's or an organisation's) comes in through @font-face
and is added by WeasyPrint on top of this configuration.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from deck.paths import FONTS

# fontconfig reads these when a configuration is loaded; SYSROOT would prefix our paths.
_ENV = {"FONTCONFIG_FILE": None, "FONTCONFIG_PATH": None, "FONTCONFIG_SYSROOT": None}


def config_xml(fonts: Path = FONTS) -> str:
    """A fontconfig file with one font folder and nothing else (no system folders, no includes)."""
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig>\n  <dir>{escape(str(fonts.resolve()))}</dir>\n</fontconfig>\n")


@contextmanager
def bundled_fonts_only():
    """While active, a fontconfig configuration loaded in this process sees only the bundled fonts."""
    folder = tempfile.mkdtemp(prefix="deck-fontconfig-")
    conf = Path(folder) / "fonts.conf"
    conf.write_text(config_xml(), encoding="utf-8")
    saved = {name: os.environ.get(name) for name in _ENV}
    try:
        for name in _ENV:
            os.environ.pop(name, None)
        os.environ["FONTCONFIG_FILE"] = str(conf)
        yield conf
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(folder, ignore_errors=True)


def new_font_configuration():
    """A WeasyPrint FontConfiguration that sees the bundled fonts and nothing of the system's.

    FontConfiguration loads its fontconfig configuration once, in its constructor
    (FcInitLoadConfigAndFonts reads FONTCONFIG_FILE then); the file can go right after.
    """
    from weasyprint.text.fonts import FontConfiguration

    with bundled_fonts_only():
        return FontConfiguration()
