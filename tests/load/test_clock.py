"""Clock times in content files: parsed once into a time of day, every bad one named with file and line."""

from __future__ import annotations

import datetime

import pytest
from helpers import edit, line_of, make_org

from deck.errors import ContentError
from deck.load.content import load_content
from deck.load.organisation import load_org

FIX = 'write it as HH:MM in quotes, e.g. "13:30"'


def test_the_programme_start_is_a_time_of_day(content):
    assert content.workbook.programme.start == datetime.time(13, 30)
    assert content.workbook.model_dump(mode="json")["programme"]["start"] == "13:30"


@pytest.mark.parametrize("written, message", [
    ('"25:00"', f"'25:00' is not a clock time: {FIX}"),
    ('"9:30"', f"'9:30' is not a clock time: {FIX}"),
    ('"13.30"', f"'13.30' is not a clock time: {FIX}"),
    ('"13:30:00"', f"'13:30:00' is not a clock time: {FIX}"),
    ("13:30", 'write the start time in quotes, e.g. "13:30" (unquoted, YAML reads it as a number)'),
])
def test_a_bad_programme_start_is_named_with_file_and_line(content_copy, written, message):
    wb_file = content_copy / "workbook.yaml"
    edit(wb_file, 'start: "13:30"', f"start: {written}")
    with pytest.raises(ContentError) as info:
        load_content(content_copy)
    assert info.value.lines() == [f"{wb_file}:{line_of(wb_file, 'start: ')}: programme.start: {message}",
                                  "1 problem found."]


def test_a_programme_past_midnight_is_refused(content_copy):
    wb_file = content_copy / "workbook.yaml"
    edit(wb_file, 'start: "13:30"', 'start: "22:30"')
    with pytest.raises(ContentError) as info:
        load_content(content_copy)
    assert info.value.lines()[0].endswith(
        ": programme.parts: the programme runs past midnight: shorten the parts or start earlier")


def test_an_organisations_start_time_is_checked_the_same_way(tmp_path, content):
    folder = make_org(tmp_path, 'name: X\nworkbook:\n  start: "24:00"\n')
    with pytest.raises(ContentError) as info:
        load_org(folder, content)
    assert [str(p) for p in info.value.problems] == [
        f"{folder / 'organisation.yaml'}:3: workbook.start: '24:00' is not a clock time: {FIX}"]
    folder = make_org(tmp_path, 'name: X\nworkbook:\n  start: "08:05"\n')
    assert load_org(folder, content).workbook.start == datetime.time(8, 5)
