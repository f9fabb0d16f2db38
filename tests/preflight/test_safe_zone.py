"""The safe zone: a glyph closer than 5 mm to the trim is reported, with its distance; whitespace is not ink.

The glyphs are a Type 3 font's, whose boxes the font states exactly (d1): 'a' is 6 x 8.4 pt at 12 pt and
its box starts at the text position; the space glyph declares the same box but draws nothing.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import declare_pdfx

from deck.model.sizes import MM
from deck.preflight.check import preflight

W, H, B = 105 * MM, 148 * MM, 3 * MM  # an A6 card, trim at the origin, 3 mm bleed
GLYPH_W, GLYPH_H = 6.0, 8.4  # the box of 'a' at 12 pt
BOX = b"600 0 0 0 500 700 d1 "
# Maps 'a' to U+0002, a control character pdfium leaves out of the page's text.
CONTROL_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Ctl def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <61> <0002> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"""


def font(pdf, to_unicode: bytes | None = None):
    glyphs = pikepdf.Dictionary(a=pdf.make_stream(BOX + b"0 0 500 700 re f"), space=pdf.make_stream(BOX))
    found = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 600, 700],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=glyphs,
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=[32, pikepdf.Name.space, 97, pikepdf.Name.a]),
        FirstChar=32, LastChar=97, Widths=[600] + [0] * 64 + [600])
    if to_unicode:
        found.ToUnicode = pdf.make_stream(to_unicode)
    return found


def card(path: Path, *pages: tuple[bytes, bool], to_unicode: bytes | None = None) -> Path:
    """A PDF/X file of (content, has a TrimBox) pages that passes preflight but for where its text sits."""
    pdf = pikepdf.new()
    pdf.docinfo.Trapped = pikepdf.Name("/False")
    for content, trimmed in pages:
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[-B, -B, W + B, H + B],
                                  Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(T3=font(pdf, to_unicode))),
                                  Contents=pdf.make_stream(content))
        if trimmed:
            page.TrimBox, page.BleedBox = [0, 0, W, H], [-B, -B, W + B, H + B]
        pdf.pages.append(pikepdf.Page(page))
    declare_pdfx(pdf)
    pdf.save(path)
    return path


def text(x: float, y: float, string: bytes = b"a") -> bytes:
    """``string`` in black at (x, y) points: the glyph box of 'a' is (x, y) to (x + 6, y + 8.4)."""
    return b"0 0 0 1 k BT /T3 12 Tf %.6f %.6f Td (%s) Tj ET " % (x, y, string)


def at(side: str, mm: float) -> bytes:
    """'a' with its box ``mm`` from the trim edge on ``side``, well inside on the other three sides."""
    d = mm * MM
    return {"left": text(d, 200), "right": text(W - d - GLYPH_W, 200),
            "bottom": text(100, d), "top": text(100, H - d - GLYPH_H)}[side]


def message(mm: float) -> str:
    return f"card.pdf: page 1: text {mm:.1f} mm from the trim edge: keep text 5 mm inside the trim (safe zone)"


@pytest.mark.parametrize("side", ["left", "right", "bottom", "top"])
def test_a_glyph_under_five_millimetres_from_the_trim_is_reported(tmp_path, side):
    assert preflight(card(tmp_path / "near.pdf", (at(side, 4.9), True)), "card.pdf") == [message(4.9)]
    assert preflight(card(tmp_path / "safe.pdf", (at(side, 5.1), True)), "card.pdf") == []


def test_a_glyph_past_the_trim_is_in_the_bleed(tmp_path):
    assert preflight(card(tmp_path / "bleed.pdf", (at("left", -1.0), True)), "card.pdf") == [
        "card.pdf: page 1: text 1.0 mm past the trim edge, in the bleed: keep text 5 mm inside the trim (safe zone)"]


def test_the_closest_glyph_of_a_page_is_the_one_reported(tmp_path):
    content = at("left", 4.2) + at("top", 3.5) + at("right", 4.9)
    assert preflight(card(tmp_path / "three.pdf", (content, True)), "card.pdf") == [message(3.5)]


def test_a_space_in_the_bleed_is_not_text(tmp_path):
    # The space glyph has a box (-2 mm to 0.1 mm from the trim) but no ink: only the 'a' at 4.9 mm counts.
    content = text(-2 * MM, 200, b" ") + at("left", 20)
    assert preflight(card(tmp_path / "space.pdf", (content, True)), "card.pdf") == []
    content = text(-2 * MM, 300, b" ") + at("left", 4.9)
    assert preflight(card(tmp_path / "both.pdf", (content, True)), "card.pdf") == [message(4.9)]


def test_a_glyph_pdfium_leaves_out_of_the_text_still_counts(tmp_path):
    # Mapped to a control character, 'a' has no place in the page's text, but it is ink on the page.
    path = card(tmp_path / "control.pdf", (at("left", 4.9), True), to_unicode=CONTROL_CMAP)
    assert preflight(path, "card.pdf") == [message(4.9)]


def test_each_page_is_checked_against_its_own_trim(tmp_path):
    # Page 2 has no TrimBox, so its text cannot be judged; pages 1 and 3 are told apart.
    path = card(tmp_path / "pages.pdf", (at("left", 20), True), (at("left", 1), False), (at("top", 4.5), True))
    assert preflight(path, "card.pdf") == [
        "card.pdf: page 2: no TrimBox (the print shop cannot tell where to cut)",
        "card.pdf: page 2: no BleedBox",
        "card.pdf: page 3: text 4.5 mm from the trim edge: keep text 5 mm inside the trim (safe zone)"]
