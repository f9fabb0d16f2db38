"""`deck build` shows what `deck check` warns about (valid YAML that likely means something else), then builds."""

from __future__ import annotations

from click.testing import CliRunner
from helpers import make_org, replace_line

from deck.cli.main import main

CUT = ("warning: cards[1].title: YAML reads ‘#1 met de buurt’ as a comment, so this text is only ‘Maak verbinding’; "
       "if the # belongs to the text, put the whole value in quotes")


def test_build_shows_a_content_warning_with_file_and_line_and_builds(content_copy, monkeypatch, fake_output):
    line = replace_line(content_copy / "decks" / "vuistregels.yaml", "    title: Maak verbinding",
                        "    title: Maak verbinding #1 met de buurt")
    monkeypatch.chdir(content_copy.parent)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--out", "out", "--deck", "vuistregels",
                                       "--no-workbook", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"content/decks/vuistregels.yaml:{line}: {CUT}"
    assert lines[-1] == "done: 2 files in out"


def test_build_shows_an_organisation_warning(content_copy, tmp_path, monkeypatch, fake_output):
    make_org(tmp_path, "name: Team X\nextra_cards:\n  vuistregels:\n    - id: eigen\n"
                       "      title: Drink koffie #2 met de buurt\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", str(content_copy), "--org", "org", "--out", "out",
                                       "--deck", "vuistregels", "--no-workbook", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "org/organisation.yaml:5: warning: extra_cards.vuistregels[0].title: YAML reads ‘#2 met de buurt’ as a "
        "comment, so this text is only ‘Drink koffie’; if the # belongs to the text, put the whole value in quotes")


def test_a_quiet_build_still_shows_warnings(content_copy, monkeypatch, fake_output):
    line = replace_line(content_copy / "decks" / "vuistregels.yaml", "    title: Maak verbinding",
                        "    title: Maak verbinding #1 met de buurt")
    monkeypatch.chdir(content_copy.parent)
    result = CliRunner().invoke(main, ["build", "-q", "--content", "content", "--out", "out", "--deck", "vuistregels",
                                       "--no-workbook", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"content/decks/vuistregels.yaml:{line}: {CUT}"]
