"""The English chapter on the other card sets: the same [n] references, and quotations worded as on the English cards."""

from __future__ import annotations

import re

import pytest
from conftest import CONTENT

from deck.i18n.catalog import read_catalog
from deck.model.workbook import QUOTATION_RE

PO = CONTENT / "locales" / "en" / "content.po"


@pytest.fixture(scope="module")
def catalog() -> dict[str, tuple[str, str]]:
    """key -> (Dutch, English) for every entry of the English content catalogue."""
    cat, problems = read_catalog(PO, "en")
    assert not problems
    return {m.context: (m.id, m.string) for m in cat if m.id}


def quotes(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in QUOTATION_RE.finditer(text)]


def test_every_reference_mark_is_kept(catalog):
    chapter = {k: v for k, v in catalog.items() if k.startswith("workbook/sets/")}
    assert len(chapter) > 20
    wrong = [k for k, (nl, en) in chapter.items() if re.findall(r"\[\d+\]", nl) != re.findall(r"\[\d+\]", en)]
    assert not wrong, f"[n] marks differ between Dutch and English in: {', '.join(wrong)}"


def test_a_quotation_from_a_card_reads_as_the_english_card_does(catalog):
    # "Wat de bron zegt" quotes the same words the cards carry; in English both must be the same words.
    cards = {k: v for k, v in catalog.items() if k.startswith("deck/")}
    checked, wrong = 0, []
    for key, (nl, en) in catalog.items():
        if not key.startswith("workbook/sets/"):
            continue
        nl_quotes, en_quotes = quotes(nl), quotes(en)
        assert len(nl_quotes) == len(en_quotes), f"{key}: {len(nl_quotes)} quotations in Dutch, {len(en_quotes)} in English"
        for nl_quote, en_quote in zip(nl_quotes, en_quotes):
            on_cards = [card_key for card_key, (card_nl, _) in cards.items() if nl_quote in card_nl]
            if not on_cards:
                continue
            checked += 1
            if not any(en_quote in cards[card_key][1] for card_key in on_cards):
                wrong.append(f"{key}: “{en_quote}” is not how {on_cards[0]} reads in English")
    assert checked >= 8  # [5], [8], [10]–[13], the principle named in the outline, ...
    assert not wrong, "\n".join(wrong)
