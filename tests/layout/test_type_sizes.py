"""Readable at every card size: body text never ends below 8 pt, no text below 6 pt, measured in the layout."""

from __future__ import annotations

import pytest
import yaml
from helpers import CONTENT

from deck.build.make import make_deck_job
from deck.build.plan import Options, Target
from deck.errors import BuildError
from deck.layout.fit import fit_cards, shrink_steps
from deck.load.content import load_content
from deck.model.sizes import CARD_SIZES, MIN_BODY_PT, MIN_TEXT_PT

PX_PT = 0.75  # CSS pixels to points


def text_sizes(document) -> tuple[list[float], list[float]]:
    """Font sizes (pt) of every piece of text laid out, and of those in a card's text box (.body)."""
    from weasyprint.formatting_structure.boxes import TextBox

    every, body = [], []

    def walk(box, in_body: bool) -> None:
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []
        in_body = in_body or "body" in classes
        if isinstance(box, TextBox) and box.text.strip():
            size = box.style["font_size"] * PX_PT
            every.append(size)
            if in_body:
                body.append(size)
        for child in box.all_children():
            walk(child, in_body)

    for page in document.pages:
        walk(page._page_box, False)
    return every, body


def _short_deck(root) -> None:
    """A deck small enough for a poker card, one card of which needs shrinking to fit."""
    base = yaml.safe_load((CONTENT / "decks" / "waarden.yaml").read_text(encoding="utf-8"))
    long_text = "Een vraag die net iets langer is dan de kaart bij de ontworpen tekstgrootte toelaat, zodat hij krimpt. " * 3
    base["cards"] = [
        {"id": "kort", "number": 1, "section": "Kort", "title": "Een korte vraag", "text": "Wat zie je?",
         "items": ["Eén ding", "Nog iets"]},
        {"id": "langer", "number": 2, "title": "Een langere vraag", "text": long_text},
    ]
    (root / "decks" / "waarden.yaml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")


@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_no_text_below_6_pt_and_body_text_not_below_8_pt(content_copy, size):
    _short_deck(content_copy)
    content = load_content(content_copy)
    opts = Options(content=content_copy, card_size=size)
    job = make_deck_job(content, Target("print", "nl", "waarden", content_copy / "x.pdf"), opts)
    for mode in ("print", "screen"):
        rendered, scales = fit_cards(job, mode)
        every, body = text_sizes(rendered.document)
        assert body and min(body) >= MIN_BODY_PT - 0.01, (size, mode, min(body))
        assert min(every) >= MIN_TEXT_PT - 0.01, (size, mode, min(every))


@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_shrinking_stops_at_8_pt(size):
    steps = shrink_steps(CARD_SIZES[size])
    assert steps and all(CARD_SIZES[size].font_pt * s >= MIN_BODY_PT - 1e-9 for s in steps)


def test_text_that_does_not_fit_a_small_card_names_it_and_a_larger_size():
    content = load_content(CONTENT)
    opts = Options(content=CONTENT, card_size="poker")
    job = make_deck_job(content, Target("print", "nl", "lessen", CONTENT / "x.pdf"), opts)
    with pytest.raises(BuildError) as caught:
        fit_cards(job, "print")
    first = str(caught.value).splitlines()[0]
    assert "nl/lessen: card 'verklaar-en-parkeer-niet': text is " in first
    assert first.endswith("shorten it or choose a larger --card-size (e.g. a7); body text is never set below 8 pt")
    assert first.startswith(f"{CONTENT / 'decks' / 'lessen.yaml'}:") or first.startswith("content/decks/lessen.yaml:")
