"""Text that does not fit: shrunk step-wise to 85 %, then a build error naming deck, card and amount."""

from __future__ import annotations

import pikepdf
import pytest
from helpers import page_texts, set_text

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.errors import BuildError
from deck.layout.fit import SHRINK_STEPS


def card_font_size(pdf_path, page_index: int) -> float:
    """The largest Tf size used for body text on a page (the body text dominates glyph count)."""
    sizes: dict[float, int] = {}
    with pikepdf.open(pdf_path) as pdf:
        size = 0.0
        for operands, op in pikepdf.parse_content_stream(pdf.pages[page_index]):
            if str(op) == "Tf":
                size = float(operands[1])
            elif str(op) in ("Tj", "TJ"):
                sizes[size] = sizes.get(size, 0) + 1
    return max(sizes, key=sizes.get)


SENTENCE = "Wat helpt jou om dat te blijven doen, ook als er veel van buiten op je af komt? "


def test_far_too_long_card_fails_naming_deck_card_and_amount(content_copy, tmp_path):
    set_text(content_copy, "interviewvragen", "zo-goed-gewerkt", SENTENCE * 40)
    with pytest.raises(BuildError) as info:
        build(Options(content=content_copy, out=tmp_path / "out", decks=("interviewvragen",), workbook=False))
    message = str(info.value)
    assert "nl/interviewvragen: card 'zo-goed-gewerkt': text is " in message  # after the card's file:line
    assert "even at 85 % size" in message
    assert not (tmp_path / "out" / "nl" / "interviewvragen.print.pdf").exists()


def test_slightly_long_card_is_shrunk_and_fits(content_copy, tmp_path):
    # Find a length that overflows at 100 % but fits at a smaller size.
    from deck.build.make import make_deck_job, make_output
    from deck.build.plan import plan
    from deck.layout.fit import fit_cards
    from deck.load.content import load_content

    for repeats in range(9, 20):
        set_text(content_copy, "interviewvragen", "zo-goed-gewerkt", SENTENCE * repeats)
        content = load_content(content_copy)
        opts = Options(content=content_copy, out=tmp_path / "out", decks=("interviewvragen",), workbook=False)
        job = make_deck_job(content, plan(content, opts)[0], opts)
        try:
            _, scales = fit_cards(job, "print")
        except BuildError:
            pytest.fail("a card that overflows by a little must be shrunk, not rejected")
        if scales:
            break
    assert list(scales) == ["zo-goed-gewerkt"]  # only the long card is shrunk
    assert scales["zo-goed-gewerkt"] in SHRINK_STEPS  # by one of the steps, 85 % at the least
    target = plan(content, opts)[0]
    assert target.kind == "print"
    notes = make_output(content, target, opts)  # the print file alone: the sheets would lay the cards out again
    assert f"shrunk to fit: zo-goed-gewerkt {int(scales['zo-goed-gewerkt'] * 100)} %" in notes
    pdf = target.path
    # The shrunk card's text is smaller than a normal card's, and all of it is on the page.
    assert card_font_size(pdf, 4) < card_font_size(pdf, 6)
    assert page_texts(pdf)[4].count("Wat helpt jou om dat te blijven doen") == repeats


def test_missing_glyph_fails_the_build_naming_the_character(content_copy, tmp_path):
    # U+0378 is no character (unassigned): no font on any machine has a glyph for it.
    set_text(content_copy, "lessen", "verklaar-en-parkeer-niet", "Een teken dat geen font heeft: \u0378")
    with pytest.raises(BuildError) as info:
        build(Options(content=content_copy, out=tmp_path / "out", decks=("lessen",), workbook=False))
    assert "nl/lessen: card 'verklaar-en-parkeer-niet': no bundled font has a glyph for \u0378" in str(info.value)
