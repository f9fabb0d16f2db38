"""The live preview's engine: every card as laid out by the build, only changed cards laid out again."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import CONTENT
from helpers import set_text
from PIL import Image

from deck.load.content import load_content
from deck.merge import effective_deck
from deck.model.sizes import CARD_SIZES
from deck.render.markup import plain
from deck.serve.engine import PREVIEW_DPI, Engine, View

NL = View("nl", "a6")


# One worker runs this module (pytest -n, --dist loadgroup): its module fixture lives in memory.
pytestmark = pytest.mark.xdist_group("serve-engine")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """One content copy and one engine for the module: the first refresh lays out every card once."""
    content = tmp_path_factory.mktemp("serve") / "content"
    shutil.copytree(CONTENT, content)
    engine = Engine(content)
    first = engine.refresh(NL)
    return content, engine, first


def _card(state, deck_id, card_id):
    deck = next(d for d in state.decks if d.id == deck_id)
    return next(c for c in deck.cards if c.id == card_id)


def test_every_deck_and_card_is_shown_in_deck_order(workspace):
    content, engine, first = workspace
    loaded = load_content(CONTENT)
    assert first.problems == []
    assert [d.id for d in first.decks] == list(loaded.decks)
    for deck in first.decks:
        assert [c.id for c in deck.cards] == [c.id for c in loaded.decks[deck.id].cards]
        assert [c.number for c in deck.cards] == [c.number for c in loaded.decks[deck.id].cards]
        assert [c.place for c in deck.cards] == list(range(1, len(deck.cards) + 1))
    assert first.laid_out == sum(len(d.cards) for d in loaded.decks.values())


def test_images_are_the_card_cut_at_its_trim(workspace):
    _, engine, first = workspace
    card = first.decks[0].cards[0]
    size = CARD_SIZES["a6"]
    for key in (card.front, card.back):
        image = Image.open(io.BytesIO(engine.image(key)))
        assert image.format == "PNG"
        # The trim (105 x 148 mm) at the preview resolution, within a pixel of rounding.
        assert abs(image.width - size.width / 25.4 * PREVIEW_DPI) <= 1.5
        assert abs(image.height - size.height / 25.4 * PREVIEW_DPI) <= 1.5


def test_alt_text_carries_the_whole_card(workspace):
    _, _, first = workspace
    card = _card(first, "interviewvragen", "stel-jezelf-voor")
    assert card.alt == "Interviewvragen. 1. Stel jezelf aan elkaar voor. (als dat nodig is)."
    lesson = _card(first, "lessen", "verklaar-en-parkeer-niet")
    assert lesson.alt.startswith("Negen lessen. Les 1. Verklaar en parkeer de verschillen niet")


def test_a_card_shrunk_to_fit_says_by_how_much(workspace):
    _, _, first = workspace
    shrunk = [c for d in first.decks for c in d.cards if c.scale]
    assert shrunk and all(0.85 <= c.scale < 1 for c in shrunk)
    assert all(c.error is None for d in first.decks for c in d.cards)


def test_an_unchanged_refresh_lays_out_nothing(workspace):
    _, engine, first = workspace
    again = engine.refresh(NL)
    assert again.laid_out == 0
    assert again.version == first.version


def test_saving_one_card_lays_out_that_card_only(workspace):
    content, engine, first = workspace
    before = {c.id: c.front for d in first.decks for c in d.cards}
    set_text(content, "interviewvragen", "invalshoek", "Een **nieuwe** tekst voor deze kaart.")
    after = engine.refresh(NL)
    assert after.laid_out == 1
    card = _card(after, "interviewvragen", "invalshoek")
    assert card.alt == "Interviewvragen. 2. De invalshoek van het interview. Een nieuwe tekst voor deze kaart."
    changed = {c.id for d in after.decks for c in d.cards if before[c.id] != c.front}
    assert changed == {"invalshoek"}
    assert after.version > first.version


def test_a_broken_file_shows_every_problem_above_the_last_good_cards(workspace):
    content, engine, _ = workspace
    good = engine.refresh(NL)
    deck_file = content / "decks" / "vuistregels.yaml"
    original = deck_file.read_text(encoding="utf-8")
    try:
        deck_file.write_text(original.replace("id: vuistregels", "id: vuistregels\ntitel: oeps", 1), encoding="utf-8")
        broken = engine.refresh(NL)
        assert [line for line in broken.problems if "vuistregels.yaml:" in line and "titel" in line]
        assert any(line.split(":")[1].isdigit() for line in broken.problems)  # file:line
        assert [c.front for d in broken.decks for c in d.cards] == [c.front for d in good.decks for c in d.cards]
    finally:
        deck_file.write_text(original, encoding="utf-8")
    assert engine.refresh(NL).problems == []


def test_a_card_that_cannot_fit_is_marked_with_the_build_message(workspace):
    content, engine, _ = workspace
    set_text(content, "vuistregels", "maak-verbinding", "Heel lang. " * 400)
    state = engine.refresh(NL)
    card = _card(state, "vuistregels", "maak-verbinding")
    assert card.error is not None
    assert "card 'maak-verbinding': text" in card.error and "even at 85 % size" in card.error
    assert all(c.error is None for d in state.decks for c in d.cards if c.id != "maak-verbinding")


def test_another_language_shows_its_own_text(workspace):
    content, engine, _ = workspace
    english = engine.refresh(View("en", "a6"))
    assert english.problems == []
    deck = effective_deck(load_content(content), "interviewvragen", "en").deck
    card = _card(english, "interviewvragen", "stel-jezelf-voor")
    assert card.alt == f"{plain(deck.title)}. 1. {plain(deck.cards[0].title)}. {plain(deck.cards[0].text)}."
    assert plain(deck.cards[0].title) != "Stel jezelf aan elkaar voor"  # really English
