"""The workbook chapter on the other card sets: its decks and its [n] references are checked on loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from deck.errors import ContentError
from deck.load.content import load_content


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_shipped_chapter_cites_every_reference_and_names_real_decks():
    content = load_content(Path(__file__).resolve().parents[2] / "content")
    sets = content.workbook.sets
    assert [s.id for s in sets.sections] == ["kwesties", "informele-netwerken", "transformatief-leren", "waarden",
                                             "dilemmas"]
    assert [d for s in sets.sections for d in s.decks] == [
        "kwesties", "samenwerking-informeel", "participatiespectrum", "transformatief-leren", "waarden", "dilemmas"]
    assert len(sets.references) == 19


def test_bad_references_and_unknown_decks_are_located_and_reported_together(content_copy):
    wb_file = content_copy / "workbook.yaml"
    # A citation of a reference that does not exist, a reference nobody cites, a deck that does not exist.
    _edit(wb_file, "bespreekbaar te maken.\n", "bespreekbaar te maken [20].\n")
    _edit(wb_file, "dat te realiseren?” [17]\n", "dat te realiseren?”\n")
    _edit(wb_file, "      decks: [transformatief-leren]\n", "      decks: [transformatief-lere]\n")
    with pytest.raises(ContentError) as info:
        load_content(content_copy)
    lines = info.value.lines()
    shown = str(wb_file)
    proposal = _line_of(wb_file, "bespreekbaar te maken [20].") - 1  # the line of "proposal: |"
    assert f"{shown}:{proposal}: sets.sections[0].proposal: [20] cites reference 20, but sets.references lists 19: " \
           "add it, or cite 1 to 19" in lines
    last = _line_of(wb_file, "het slot van het stuk.")
    assert f"{shown}:{last}: sets.references[16]: reference 17 is cited nowhere: cite it as [17] or remove it" in lines
    decks = _line_of(wb_file, "decks: [transformatief-lere]")
    assert any(line.startswith(f"{shown}:{decks}: sets.sections[2].decks[0]: unknown deck 'transformatief-lere' "
                               "(did you mean 'transformatief-leren'?) (decks: ") for line in lines), lines
    assert len([line for line in lines if ": sets." in line]) == 3


def test_a_programme_part_cannot_point_to_a_missing_sets_chapter(content_copy):
    wb_file = content_copy / "workbook.yaml"
    text = wb_file.read_text(encoding="utf-8")
    start = text.index("\nsets:\n")
    end = text.index("\nlessons:\n")
    wb_file.write_text(text[:start] + text[end:], encoding="utf-8")
    _edit(wb_file, "      see: [worksheet]\n", "      see: [worksheet, sets]\n")
    with pytest.raises(ContentError) as info:
        load_content(content_copy)
    line = _line_of(wb_file, "see: [worksheet, sets]")
    assert info.value.lines()[0] == (f"{wb_file}:{line}: programme.parts[3].see: refers to the sets chapter, "
                                      "but the workbook has no sets chapter")
    assert len(info.value.problems) == 1
