"""The cards still carry, word for word, every quotation tools/quotations.py found in the seeds.

tests/golden/quotations.yaml is written from the source documents, which live outside the
repository; these tests read only the golden file and the content, so they pass in any clone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT

from deck.load.content import load_content
from deck.load.yamlfile import load_yaml

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "quotations.yaml"
PENDING = ".yaml.pending"  # decks written ahead of a model change: deck does not load them yet
RERUN = "run tools/quotations.py where the seeds are to write the golden file again"


@pytest.fixture(scope="module")
def golden() -> dict:
    return yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def decks() -> dict[str, dict]:
    """Every deck as plain data: loaded and validated by deck, plus the pending files as deck reads YAML."""
    out = {deck_id: deck.model_dump() for deck_id, deck in load_content(CONTENT).decks.items()}
    for path in sorted((CONTENT / "decks").glob(f"*{PENDING}")):
        src, problems = load_yaml(path, inside=CONTENT)
        assert not problems, problems
        out[src.data["id"]] = src.data
    return out


def value_at(data: dict, field: str):
    for part in field.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def parts(data: dict, field: str) -> dict[tuple, str]:
    """(field, index kind, index) -> text, as the golden file splits a field: paragraphs, items, whole."""
    value = value_at(data, field)
    if not value:
        return {}
    if field.endswith("items"):
        return {(field, "item", i): item for i, item in enumerate(value, 1)}
    if field.endswith("text"):
        paras = [p.strip() for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
        return {(field, "paragraph", i): p for i, p in enumerate(paras, 1)}
    return {(field, None, None): value.strip()}


def key_of(entry: dict) -> tuple:
    kind = "paragraph" if "paragraph" in entry else "item" if "item" in entry else None
    return (entry["field"], kind, entry.get(kind) if kind else None)


def label(key: tuple) -> str:
    field, kind, n = key
    return f"{field} {kind} {n}" if kind else field


def owner(deck: dict, entry: dict) -> dict | None:
    kind, items = ("card", deck["cards"]) if "card" in entry else ("group", deck.get("groups") or [])
    return next((x for x in items if x["id"] == entry[kind]), None)


def test_every_golden_quotation_is_still_on_its_card(golden, decks):
    wrong = []
    for entry in golden["quotations"]:
        where = f"{entry['deck']}/{entry.get('card') or entry.get('group')}.{label(key_of(entry))}"
        deck = decks.get(entry["deck"])
        found = owner(deck, entry) if deck else None
        if found is None:
            wrong.append(f"{where}: no such deck, card or group")
            continue
        if deck["source"]["seed"] != entry["seed"]:
            wrong.append(f"{where}: the deck's seed is {deck['source']['seed']}, the golden file says {entry['seed']}")
        now = parts(found, entry["field"]).get(key_of(entry))
        if now != entry["text"]:
            wrong.append(f"{where}: the card has {now!r}, the source has {entry['text']!r}")
    assert not wrong, (f"{len(wrong)} quotation(s) on the cards differ from the source's words in {GOLDEN.name}: restore "
                       f"the source's words, or, if a card is meant to quote other words, {RERUN}:\n" + "\n".join(wrong))


def test_golden_file_covers_every_card_of_every_quoting_deck(golden, decks):
    assert set(golden["decks"]) == set(decks), f"decks in the content and in the golden file differ; {RERUN}"
    listed: dict[tuple, set] = {}
    for entry in golden["quotations"]:
        kind = "card" if "card" in entry else "group"
        listed.setdefault((entry["deck"], kind, entry[kind]), set()).add(key_of(entry))
    missing = []
    for deck_id, spec in golden["decks"].items():
        deck = decks[deck_id]
        for card in deck["cards"]:
            fields = spec["card_fields_for"].get(card["id"], spec["card_fields"])
            expected = {k for f in fields for k in parts(card, f)}
            have = listed.get((deck_id, "card", card["id"]), set())
            if not have or have != expected:
                missing.append(f"{deck_id}/{card['id']}: golden file lists [{', '.join(sorted(map(label, have)))}], the card quotes [{', '.join(sorted(map(label, expected)))}]")
        for group in deck.get("groups") or []:
            expected = {k for f in spec["group_fields"] for k in parts(group, f)}
            have = listed.get((deck_id, "group", group["id"]), set())
            if have != expected:
                missing.append(f"{deck_id}/group {group['id']}: golden file lists [{', '.join(sorted(map(label, have)))}], the group quotes [{', '.join(sorted(map(label, expected)))}]")
    assert not missing, f"{len(missing)} card(s) not covered as they are now; {RERUN}:\n" + "\n".join(missing)

