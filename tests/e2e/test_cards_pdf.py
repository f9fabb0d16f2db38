"""The card PDFs: page geometry, the sources' exact wording (from the golden file), embedded bundled fonts.

The wording is checked against tests/golden/quotations.yaml, which tools/quotations.py writes from
the source documents; the tests read nothing outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import CONTENT, box_mm, fonts, fonts_of_word, page_texts, pdf_text, plain

from deck.load.content import load_content

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "quotations.yaml"
LOADED = load_content(CONTENT)
DECKS = {deck_id: len(deck.cards) for deck_id, deck in LOADED.decks.items()}
QUOTATIONS = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["quotations"]


def quotations(deck: str, owner: str | None = None) -> list[dict]:
    """The golden entries of one deck, in file order (cards in deck order); ``owner`` "card" or "group"."""
    return [e for e in QUOTATIONS if e["deck"] == deck and (owner is None or owner in e)]


def field_value(deck: str, entry: dict):
    """The text the loaded deck has today where the golden entry says the quotation stands."""
    d = LOADED.decks[deck]
    owner = next(x for x in (d.cards if "card" in entry else d.groups) if x.id == entry.get("card", entry.get("group")))
    value = owner
    for part in entry["field"].split("."):
        value = getattr(value, part)
    return value


def test_golden_decks_that_do_not_build_are_pending():
    # A deck in the golden file that deck does not load must be a *.yaml.pending file, not a lost deck.
    unbuilt = {e["deck"] for e in QUOTATIONS} - set(DECKS)
    assert all((CONTENT / "decks" / f"{d}.yaml.pending").is_file() for d in unbuilt), unbuilt


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


@pytest.mark.parametrize("deck", DECKS)
def test_every_golden_quotation_is_word_for_word_in_the_yaml_and_the_print_file(built, deck):
    # A card's quotation prints on the card; a group's (a bodemlaag's closing heading) in the workbook.
    entries = quotations(deck)
    assert entries, f"the golden file has no quotation of deck '{deck}'"
    cards = pdf_text(built / f"{deck}.print.pdf")
    book = pdf_text(built / "workbook.pdf") if any("group" in e for e in entries) else ""
    wrong = []
    for e in entries:
        where = f"{deck}/{e.get('card') or e.get('group')}.{e['field']}"
        value = field_value(deck, e)
        value = value if isinstance(value, list) else [value or ""]
        if not any(e["text"] in v for v in value):
            wrong.append(f"{where}: the YAML no longer has {e['text']!r}")
        if plain(e["text"]) not in (cards if "card" in e else book):
            wrong.append(f"{where}: not in the {'print file' if 'card' in e else 'workbook'}: {plain(e['text'])!r}")
    assert not wrong, "\n".join(wrong)


def test_interview_questions_are_all_quoted():
    # All twelve questions, each with its section, title and text as the source words them.
    entries = quotations("interviewvragen", "card")
    assert {e["card"] for e in entries} == {c.id for c in LOADED.decks["interviewvragen"].cards}
    assert len(LOADED.decks["interviewvragen"].cards) == 12
    texts = [plain(e["text"]) for e in entries]
    assert "Stel jezelf aan elkaar voor" in texts
    assert "Wanneer voel je dat je daarvan afgeleid raakt, dat je met de verkeerde dingen bezig bent?" in texts


def test_seed_emphasis_is_kept_in_bold(built):
    # Card 4 has **afgeleid** in the seed: that word is set in the bold face, the rest of the question is not.
    pdf = built / "interviewvragen.print.pdf"  # page 7: card 4's front
    assert fonts_of_word(pdf, 6, "afgeleid") == {"Inter-Bold"}
    assert fonts_of_word(pdf, 6, "Wanneer voel je dat je daarvan") == {"Inter"}


def test_rule_names_in_the_order_the_source_numbers_them(built):
    titles = [e for e in quotations("vuistregels", "card") if e["field"] == "title" and e["card"] != "brede-opdracht"]
    assert [e["text"] for e in titles] == ["Maak verbinding", "Stel de vraag", "Houd koers", "Zoek tegenspraak", "Geef stem"]
    assert [e["line"] for e in titles] == sorted(e["line"] for e in titles)  # one after another in the source
    parts = [e["text"] for e in quotations("vuistregels", "card") if e["card"] == "brede-opdracht" and e["field"] == "items"]
    assert parts == ["versterken van de buurt", "laagdrempelig aanwezig zijn voor vragen, advies en hulp",
                     "actief samenwerken en er anderen bijhalen", "strategisch partner van de gemeente zijn"]
    text = pdf_text(built / "vuistregels.print.pdf")
    assert all(t in text for t in [e["text"] for e in titles] + parts)


def test_lesson_titles_in_source_order_on_their_fronts(built):
    titles = [e for e in quotations("lessen", "card") if e["field"] == "title"]
    numbers = {c.id: c.number for c in LOADED.decks["lessen"].cards}
    assert [numbers[e["card"]] for e in titles] == list(range(1, 10))
    assert [e["line"] for e in titles] == sorted(e["line"] for e in titles)  # Les 1 to 9 as the source orders them
    pages = page_texts(built / "lessen.print.pdf")
    for n, e in enumerate(titles, 1):
        front = pages[2 * (n - 1)]
        assert f"LES {n}" in front and plain(e["text"]) in front


def test_credits_on_every_back(built):
    for deck, authors, year in (("interviewvragen", "Herma Ooms, Jeannet Buurman, Nederlands Jeugdinstituut", "2024"),
                                ("lessen", "Jeannet Buurman", "2022")):
        pages = page_texts(built / f"{deck}.print.pdf")
        for back in pages[1::2]:
            assert "Bron:" in back and authors in back and year in back


@pytest.mark.parametrize("deck", DECKS)
def test_every_back_credits_the_source_of_its_deck(built, deck):
    # The deck's shared back credits the source; a two-sided card's own back carries the other image instead,
    # and the deck keeps at least one card with the shared back, so the credit is in every printed set.
    source = LOADED.decks[deck].source
    cards = LOADED.decks[deck].cards
    pages = page_texts(built / f"{deck}.print.pdf")
    shared = [back for card, back in zip(cards, pages[1::2]) if card.back is None]
    assert shared
    for back in shared:
        assert "Bron:" in back and plain(source.title) in back
        assert ", ".join(source.authors) in back and str(source.year) in back


@pytest.mark.parametrize("deck", DECKS)
def test_only_bundled_fonts_all_embedded(built, deck):
    for kind in ("print", "sheets"):
        found = fonts(built / f"{deck}.{kind}.pdf")
        assert found, "no fonts found"
        for name, embedded in found.items():
            assert embedded, f"{name} is not embedded"
            assert "Inter" in name, f"{name} is not a bundled font"
