"""Content validation: every problem reported at once, as file:line: key.path: message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from deck.errors import ContentError
from deck.load.content import load_content

PROJECT = "title: Set\nedition: '1'\ndecks: [d]\n"
DECK_HEAD = """\
id: d
title: Deck
colour: {rgb: "#112233", cmyk: [10, 20, 30, 40]}
source: {title: Bron, authors: [A], year: 2024}
cards:
"""


def make(tmp_path: Path, deck: str, project: str = PROJECT) -> Path:
    root = tmp_path / "c"
    (root / "decks").mkdir(parents=True)
    (root / "content.yaml").write_text(project, encoding="utf-8")
    (root / "decks" / "d.yaml").write_text(textwrap.dedent(deck), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root)
    return [str(p) for p in info.value.problems]


def test_valid_minimal_deck_loads(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - {id: a, title: Een}\n")
    content = load_content(root)
    assert [c.id for c in content.decks["d"].cards] == ["a"]


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - id: a\n    title: [unclosed\n")
    [msg] = problems(root)
    assert msg.startswith(f"{root}/decks/d.yaml:8: YAML syntax error")
    assert "expected ',' or ']'" in msg


def test_tab_indentation_is_explained(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - id: a\n\ttitle: x\n")
    [msg] = problems(root)
    assert msg.startswith(f"{root}/decks/d.yaml:7: YAML syntax error")
    assert "tabs" in msg


def test_missing_required_field(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - title: Zonder id\n")
    assert problems(root) == [f"{root}/decks/d.yaml:6: cards[0].id: required key is missing: add 'id:' with its value"]


def test_wrong_type(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - id: a\n    title: Een\n    number: twee\n")
    assert problems(root) == [f"{root}/decks/d.yaml:8: cards[0].number: write a whole number, e.g. 1, not 'twee'"]


def test_unknown_key_suggests_closest(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - id: a\n    titel: Een\n")
    assert problems(root) == [f"{root}/decks/d.yaml:7: cards[0].titel: unknown key 'titel' (did you mean 'title'?)"]


def test_duplicate_card_ids(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - {id: a, title: Een}\n  - {id: a, title: Twee}\n")
    assert problems(root) == [f"{root}/decks/d.yaml:7: cards[1].id: duplicate card id 'a' (also card 1 of this list)"]


def test_empty_text(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - id: a\n    title: '  '\n")
    assert problems(root) == [f"{root}/decks/d.yaml:7: cards[0].title: must not be empty"]


def test_duplicate_key_in_mapping(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - id: a\n    title: Een\n    title: Twee\n")
    assert problems(root) == [f"{root}/decks/d.yaml:8: duplicate key 'title' (first given on line 7)"]


def test_bad_id_and_colour_and_unknown_group(tmp_path):
    deck = DECK_HEAD.replace('"#112233"', '"blauw"') + "  - id: Kaart A\n    title: Een\n    group: geen\n"
    found = problems(make(tmp_path, deck))
    root = tmp_path / "c"
    assert f"{root}/decks/d.yaml:3: colour.rgb: 'blauw' is not a colour: write it as #rrggbb, e.g. '#1d5c7a'" in found
    assert any(p.startswith(f"{root}/decks/d.yaml:6: cards[0].id: 'Kaart A' is not a valid id") for p in found)


def test_all_problems_reported_together(tmp_path):
    deck = DECK_HEAD + "  - id: a\n    titel: Een\n  - title: Twee\n  - {id: c, text: ''}\n"
    found = problems(make(tmp_path, deck))
    assert len(found) == 3
    assert [p.split(":")[1] for p in found] == ["7", "8", "9"]


def test_unknown_deck_in_project_order(tmp_path):
    root = make(tmp_path, DECK_HEAD + "  - {id: a, title: Een}\n", project="title: S\nedition: '1'\ndecks: [dd]\n")
    assert problems(root) == [f"{root}/content.yaml:3: decks[0]: unknown deck 'dd' (did you mean 'd'?)"]


def test_deck_as_folder_points_into_card_file(tmp_path):
    root = tmp_path / "c"
    (root / "decks" / "d").mkdir(parents=True)
    (root / "content.yaml").write_text(PROJECT)
    (root / "decks" / "d" / "deck.yaml").write_text(DECK_HEAD + "  - {id: a, title: Een}\n")
    (root / "decks" / "d" / "meer.yaml").write_text("cards:\n  - id: b\n    titel: Twee\n")
    assert problems(root) == [f"{root}/decks/d/meer.yaml:3: cards[1].titel: unknown key 'titel' (did you mean 'title'?)"]
