"""Validation messages in plain words that say what to write instead, each with file, line and key."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from deck.cli.main import main

CMYK = "give four percentages from 0 to 100, for cyan, magenta, yellow and black, e.g. cmyk: [85, 45, 20, 15]"


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first line ``old`` of ``path`` by ``new``; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(old + "\n")
    lines[index] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def _check(content: Path, monkeypatch, *args: str) -> list[str]:
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(main, ["check", "--content", "content", *args])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def test_deck_messages_say_what_to_write(content_copy, monkeypatch):
    deck = content_copy / "decks" / "vuistregels.yaml"
    title = _edit(deck, "title: Vijf vuistregels", "title:")
    cmyk = _edit(deck, "  cmyk: [15, 80, 90, 20]", "  cmyk: [15, 80, 90]")
    year = _edit(deck, "  year: 2024", "  year: 2024 (herzien)")
    number = _edit(deck, "    number: 2", "    number: twee")
    assert title < cmyk < year < number
    assert _check(content_copy, monkeypatch) == [
        f"content/decks/vuistregels.yaml:{title}: title: has no value: write a text after the colon",
        f"content/decks/vuistregels.yaml:{cmyk}: colour.cmyk[3]: the 4th value is missing: {CMYK}",
        f"content/decks/vuistregels.yaml:{year}: source.year: write a whole number, e.g. 2024, not '2024 (herzien)'",
        f"content/decks/vuistregels.yaml:{number}: cards[2].number: write a whole number, e.g. 1, not 'twee'",
        "4 problems found.",
    ]


def test_workbook_minutes_say_what_to_write(content_copy, monkeypatch):
    wb = content_copy / "workbook.yaml"
    minutes = _edit(wb, "      minutes: 20", "      minutes: 20 min")
    ink = _edit(wb, "  cmyk: [85, 45, 20, 15]", "  cmyk: [85, 45, 20, 15, 5]")
    assert _check(content_copy, monkeypatch) == [
        f"content/workbook.yaml:{ink}: colour.cmyk: 5 values where four are needed: {CMYK}",
        f"content/workbook.yaml:{minutes}: programme.parts[0].minutes: write a whole number of minutes, e.g. 20, not '20 min'",
        "2 problems found.",
    ]


def test_organisation_messages_say_what_to_write(tmp_path, monkeypatch):
    content = Path(__file__).resolve().parents[2] / "content"
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text(
        "name: Team X\n"
        "exclude: stel-jezelf-voor\n"
        "colours:\n  lessen: {rgb: '#112233', cmyk: [1, 2, x, 4]}\n"
        "fonts:\n  - {family: F, file: f.ttf, licence: l.txt, weight: 50, style: bold}\n"
        "workbook:\n  durations: {opening: 0, afronden: 20 min}\n  facilitator: {role: teamcoach}\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", str(content), "--org", "org"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "org/organisation.yaml:2: exclude: write a list, each item on its own line starting with '- ' (or in brackets, "
        "e.g. [a, b]), not 'stel-jezelf-voor'",
        "org/organisation.yaml:4: colours.lessen.cmyk[2]: write a percentage from 0 to 100, e.g. 45, not 'x'",
        "org/organisation.yaml:6: fonts[0].style: write 'normal' or 'italic', not 'bold'",
        "org/organisation.yaml:6: fonts[0].weight: write at least 100, not 50",
        "org/organisation.yaml:8: workbook.durations.afronden: write a whole number of minutes, e.g. 20, not '20 min'",
        "org/organisation.yaml:8: workbook.durations.opening: write at least 1 minute, not 0",
        "org/organisation.yaml:9: workbook.facilitator.name: required key is missing: add 'name:' with its value",
        "7 problems found.",
    ]
