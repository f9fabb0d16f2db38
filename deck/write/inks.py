"""Draw a layout made for print (CMYK) in screen colours (RGB): the office sheets reuse the print file's layout.

A card's print and screen faces differ only in their colours, so a deck is laid out once, in print
colours, and the office sheets are drawn from that layout with every CMYK colour swapped for its
RGB counterpart at the moment WeasyPrint writes it. The counterparts are the pairs the deck itself
declares (its colour, tints and inks, print value → screen value); any other CMYK colour (an
organisation's stylesheet, say) is converted through the output profile, as a print would show it.

WeasyPrint writes every colour through ``Stream.set_color``; that one method is wrapped, once per
process, and only changes colours inside ``screen_inks`` on the thread that entered it
(tests/write/test_inks.py fails if a WeasyPrint release changes this).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

_local = threading.local()


def _key(color) -> tuple:
    return color.space, tuple(round(c, 5) for c in color.coordinates)


def _install() -> None:
    from weasyprint.pdf.stream import Stream

    original = Stream.set_color
    if getattr(original, "deck_inks", False):
        return

    def set_color(self, color, stroke=False):
        table = getattr(_local, "table", None)
        if table is not None and getattr(color, "space", None) == "device-cmyk":
            color = table.rgb(color)
        return original(self, color, stroke)

    set_color.deck_inks = True
    Stream.set_color = set_color


class InkTable:
    """CMYK colours → the RGB colours to draw instead: declared pairs first, the output profile for the rest."""

    def __init__(self, pairs: list[tuple[str, str]], icc: Path):
        from tinycss2.color5 import parse_color

        self.icc = icc
        self.pairs: dict[tuple, tuple[float, ...]] = {}
        for cmyk, rgb in pairs:  # the first pair of a CMYK value wins (solid black: the text ink)
            c, r = parse_color(cmyk), parse_color(rgb)
            if c is None or r is None or c.space != "device-cmyk":
                continue
            self.pairs.setdefault(_key(c), tuple(r.to("srgb").coordinates))

    def rgb(self, color):
        """The sRGB colour to draw for a device-cmyk ``color`` (its alpha kept)."""
        from tinycss2.color5 import Color

        coords = self.pairs.get(_key(color))
        if coords is None:
            coords = _through_profile(str(self.icc), tuple(round(c, 5) for c in color.coordinates))
        return Color("srgb", coords, color.alpha)


@lru_cache(maxsize=256)
def _through_profile(icc: str, cmyk: tuple[float, ...]) -> tuple[float, ...]:
    """A CMYK colour as the output profile prints it, in sRGB (0–1)."""
    from PIL import Image, ImageCms

    transform = _transform(icc)
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    r, g, b = ImageCms.applyTransform(pixel, transform).getpixel((0, 0))
    return r / 255, g / 255, b / 255


@lru_cache(maxsize=4)
def _transform(icc: str):
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.getOpenProfile(icc), ImageCms.createProfile("sRGB"), "CMYK", "RGB")


@contextmanager
def screen_inks(pairs: list[tuple[str, str]], icc: Path):
    """Within this block, documents written on this thread draw CMYK colours as their RGB counterparts."""
    _install()
    previous = getattr(_local, "table", None)
    _local.table = InkTable(pairs, icc)
    try:
        yield _local.table
    finally:
        _local.table = previous


def without_profiles(document, pages=None):
    """A copy of ``document`` (or of ``pages``) that declares no CMYK output profile: an RGB file, no PDF/X intent."""
    return type(document)(list(pages if pages is not None else document.pages), document.metadata,
                          document.url_fetcher, document.font_config, {}, None)
