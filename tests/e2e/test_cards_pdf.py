"""The card PDFs: page geometry, the seeds' exact wording, embedded bundled fonts."""

from __future__ import annotations

import re

import pikepdf
import pytest
import yaml
from helpers import CONTENT, SEEDS, box_mm, fonts, fonts_of_word, page_texts, pdf_text, plain

DECKS = {"interviewvragen": 12, "vuistregels": 6, "lessen": 9}


def seed(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return plain(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("deck,cards", DECKS.items())
def test_print_file_is_one_card_per_page_with_trim_and_bleed(built, deck, cards):
    with pikepdf.open(built / f"{deck}.print.pdf") as pdf:
        assert len(pdf.pages) == 2 * cards  # front, back, front, back, ...
        for page in pdf.pages:
            assert box_mm(page, "/TrimBox") == (0, 0, 105, 148)
            assert box_mm(page, "/BleedBox") == (-3, -3, 108, 151)


def test_interview_deck_has_24_pages(built):
    with pikepdf.open(built / "interviewvragen.print.pdf") as pdf:
        assert len(pdf.pages) == 24


def test_every_interview_question_is_quoted_exactly_from_the_seed(built):
    source = seed("004")
    text = pdf_text(built / "interviewvragen.print.pdf")
    deck = yaml.safe_load((CONTENT / "decks" / "interviewvragen.yaml").read_text(encoding="utf-8"))
    assert len(deck["cards"]) == 12
    for card in deck["cards"]:
        for field in ("section", "title", "text"):
            for para in filter(None, (card.get(field) or "").split("\n\n")):
                words = plain(para)
                assert words in source, f"{card['id']}.{field} is not the seed's wording: {words!r}"
                assert words in text, f"{card['id']}.{field} missing from the PDF: {words!r}"
    assert "Stel jezelf aan elkaar voor" in text
    assert "Wanneer voel je dat je daarvan afgeleid raakt, dat je met de verkeerde dingen bezig bent?" in text


def test_seed_emphasis_is_kept_in_bold(built):
    # Card 4 has **afgeleid** in the seed: that word is set in the bold face, the rest of the question is not.
    pdf = built / "interviewvragen.print.pdf"  # page 7: card 4's front
    assert fonts_of_word(pdf, 6, "afgeleid") == {"Inter-Bold"}
    assert fonts_of_word(pdf, 6, "Wanneer voel je dat je daarvan") == {"Inter"}


def test_rule_names_and_brede_opdracht_from_the_seed(built):
    source = seed("004")
    text = pdf_text(built / "vuistregels.print.pdf")
    rules = re.findall(r"\d\. (Maak verbinding|Stel de vraag|Houd koers|Zoek tegenspraak|Geef stem)", source)
    assert rules == ["Maak verbinding", "Stel de vraag", "Houd koers", "Zoek tegenspraak", "Geef stem"]
    for rule in rules:
        assert rule in text
    for part in ("versterken van de buurt", "laagdrempelig aanwezig zijn voor vragen, advies en hulp",
                 "actief samenwerken en er anderen bijhalen", "strategisch partner van de gemeente zijn"):
        assert part in source and part in text


def test_lesson_titles_from_the_seed(built):
    raw = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    titles = re.findall(r"^Les (\d): (.+)$", raw, flags=re.M)
    assert [n for n, _ in titles] == [str(i) for i in range(1, 10)]
    pages = page_texts(built / "lessen.print.pdf")
    for n, title in titles:
        front = pages[2 * (int(n) - 1)]
        assert f"LES {n}" in front and plain(title) in front


def test_credits_on_every_back(built):
    for deck, authors, year in (("interviewvragen", "Herma Ooms, Jeannet Buurman, Nederlands Jeugdinstituut", "2024"),
                                ("lessen", "Jeannet Buurman", "2022")):
        pages = page_texts(built / f"{deck}.print.pdf")
        for back in pages[1::2]:
            assert "Bron:" in back and authors in back and year in back


@pytest.mark.parametrize("deck", DECKS)
def test_only_bundled_fonts_all_embedded(built, deck):
    for kind in ("print", "sheets"):
        found = fonts(built / f"{deck}.{kind}.pdf")
        assert found, "no fonts found"
        for name, embedded in found.items():
            assert embedded, f"{name} is not embedded"
            assert "Inter" in name, f"{name} is not a bundled font"
