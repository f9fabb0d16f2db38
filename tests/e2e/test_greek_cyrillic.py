"""Greek and Cyrillic on a card: set in the bundled Inter Supplement, in a Dutch deck and in a translation alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import embedded_families, fonts, fonts_of_word, page_texts, set_text

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.errors import BuildError

DUTCH = "Twee woorden: Ελληνικά en **Кириллица**."
ENGLISH = "Two words: Ελληνικά and Кириллица."


def _translate(content: Path, key: str, text: str) -> None:
    """Give the English content.po entry ``key`` the translation ``text``."""
    po = content / "locales" / "en" / "content.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgctxt "{key}"')
    start = next(i for i in range(at, len(lines)) if lines[i].startswith("msgstr"))
    end = next(i for i in range(start + 1, len(lines) + 1) if i == len(lines) or not lines[i].startswith('"'))
    lines[start:end] = [f'msgstr "{text}"']
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _page_with(pdf: Path, word: str) -> int:
    return next(i for i, text in enumerate(page_texts(pdf)) if word in text)


def test_greek_and_cyrillic_words_build_with_bundled_fonts_only(content_copy, tmp_path):
    set_text(content_copy, "vuistregels", "houd-koers", DUTCH)
    _translate(content_copy, "deck/vuistregels/cards/maak-verbinding/text", ENGLISH)
    build(Options(content=content_copy, out=tmp_path, langs=("nl", "en"), decks=("vuistregels",), workbook=False))

    dutch = tmp_path / "nl" / "vuistregels.print.pdf"
    assert "Twee woorden: Ελληνικά en Кириллица." in page_texts(dutch)[_page_with(dutch, "Twee woorden")]
    assert fonts_of_word(dutch, _page_with(dutch, "Ελληνικά"), "Ελληνικά") == {"Inter-Supplement"}
    assert fonts_of_word(dutch, _page_with(dutch, "Кириллица"), "Кириллица") == {"Inter-Supplement-Bold"}
    assert fonts_of_word(dutch, _page_with(dutch, "Twee woorden"), "Twee woorden") == {"Inter"}

    english = tmp_path / "en" / "vuistregels.print.pdf"
    assert "Two words: Ελληνικά and Кириллица." in page_texts(english)[_page_with(english, "Two words")]
    assert fonts_of_word(english, _page_with(english, "Two words"), "Кириллица") == {"Inter-Supplement"}

    for pdf in (dutch, english, tmp_path / "nl" / "vuistregels.sheets.pdf", tmp_path / "en" / "vuistregels.sheets.pdf"):
        assert all(fonts(pdf).values())  # every font embedded
        used = embedded_families(pdf)
        assert {"Inter", "Inter-Supplement"} <= used, used
        assert all(name.startswith(("Inter-", "Inter-Supplement")) or name == "Inter" for name in used), used


def test_a_greek_letter_neither_family_has_still_fails_naming_it(content_copy, tmp_path):
    # U+03E2 sits in the Greek and Coptic block, but the original Inter never had it.
    set_text(content_copy, "vuistregels", "houd-koers", "Ελληνικά met een koptische letter: \u03e2.")
    with pytest.raises(BuildError) as info:
        build(Options(content=content_copy, out=tmp_path, decks=("vuistregels",), workbook=False))
    assert ("nl/vuistregels: card 'houd-koers': no bundled font has a glyph for \u03e2 (U+03E2 COPTIC CAPITAL LETTER "
            "SHEI); use another character or add a font that covers it") in str(info.value)
