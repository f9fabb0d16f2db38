"""The workbook chapter on the other card sets still quotes, word for word, what tools/quotations.py found in the seeds.

The golden file lists every quotation of the chapter (between “…” or ‘…’) under the translation
key of the field it stands in; the seeds themselves live outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CONTENT

from deck.i18n.keys import entries
from deck.load.content import load_content
from deck.model.workbook import QUOTATION_RE

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "quotations.yaml"
RERUN = "run tools/quotations.py where the seeds are to write the golden file again"


@pytest.fixture(scope="module")
def golden() -> list[dict]:
    return yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["workbook"]


@pytest.fixture(scope="module")
def fields() -> dict[str, str]:
    """Every translatable string of the chapter, by key, as it is today."""
    return {e.key: e.text for e in entries(load_content(CONTENT)) if e.key.startswith("workbook/sets/")}


def test_every_golden_quotation_is_still_in_its_field(golden, fields):
    assert golden, "the golden file lists no quotation of the workbook"
    wrong = [f"{e['key']}: {e['text']!r}" for e in golden if e["text"] not in fields.get(e["key"], "")]
    assert not wrong, f"{len(wrong)} quotation(s) in the workbook differ from the source's words; restore them, " \
                      f"or, if other words are meant, {RERUN}:\n" + "\n".join(wrong)


def test_every_quotation_of_the_chapter_is_in_the_golden_file(golden, fields):
    listed = {(e["key"], e["text"]) for e in golden}
    today = {(key, m.group(1) or m.group(2)) for key, text in fields.items() for m in QUOTATION_RE.finditer(text)}
    assert today - listed == set(), f"quotations not checked against a seed; {RERUN}"
    assert listed - today == set(), f"the golden file lists quotations the chapter no longer has; {RERUN}"


def test_the_sections_quote_the_seeds_of_their_own_decks(golden):
    # What a section says "the source says" comes from the source of that section's cards.
    content = load_content(CONTENT)
    for section in content.workbook.sets.sections:
        own = {content.decks[d].source.seed for d in section.decks}
        quoted = [e for e in golden if e["key"] == f"workbook/sets/sections/{section.id}/source"]
        assert quoted, section.id
        assert {e["seed"] for e in quoted} <= own, section.id
