"""Card numbers after an organisation leaves out, adds and reorders cards: 1, 2, 3 ... in its order."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from deck.errors import ContentError
from deck.load.content import load_content
from deck.load.organisation import load_org
from deck.merge import effective_deck

CONTENT = Path(__file__).resolve().parents[2] / "content"
PROFILE = """\
name: Wijkteam Noord
exclude: [informele-netwerken, stel-jezelf-voor]
order:
  lessen: [visie-dienstverlening]
  vuistregels: [brede-opdracht, eigen-regel]
extra_cards:
  vuistregels:
    - id: eigen-regel
      title: Drink koffie met de buurt
"""


@pytest.fixture(scope="module")
def content():
    return load_content(CONTENT)


def _org(tmp_path: Path, content, text: str = PROFILE):
    (tmp_path / "organisation.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_org(tmp_path, content)


def test_numbers_follow_the_org_order_without_gaps(tmp_path, content):
    org = _org(tmp_path, content)
    lessen = effective_deck(content, "lessen", "nl", org).deck.cards
    assert [(c.id, c.number) for c in lessen[:3]] == [
        ("visie-dienstverlening", 1), ("verklaar-en-parkeer-niet", 2), ("nieuwe-discipline", 3)]
    assert [c.number for c in lessen] == list(range(1, 9))
    interview = effective_deck(content, "interviewvragen", "nl", org).deck.cards
    assert [c.number for c in interview] == list(range(1, 12))
    assert interview[0].id == "invalshoek"


def test_own_cards_are_numbered_and_an_unnumbered_card_stays_unnumbered(tmp_path, content):
    org = _org(tmp_path, content)
    rules = effective_deck(content, "vuistregels", "nl", org).deck.cards
    assert [(c.id, c.number) for c in rules] == [
        ("brede-opdracht", None), ("eigen-regel", 1), ("maak-verbinding", 2), ("stel-de-vraag", 3),
        ("houd-koers", 4), ("zoek-tegenspraak", 5), ("geef-stem", 6)]


def test_shared_numbers_are_kept_without_an_org(content):
    assert [c.number for c in effective_deck(content, "lessen").deck.cards] == list(range(1, 10))


def test_an_own_card_with_a_number_is_refused(tmp_path, content):
    with pytest.raises(ContentError) as exc:
        _org(tmp_path, content, PROFILE.replace("      title: Drink", "      number: 7\n      title: Drink"))
    assert [str(p) for p in exc.value.problems] == [
        f"{tmp_path / 'organisation.yaml'}:9: extra_cards.vuistregels[0].number: leave number out: cards are numbered "
        "by their place in the deck (set the place with order: {vuistregels: [..., eigen-regel]})"]
