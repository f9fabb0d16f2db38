"""YAML that means something else than it says: a '#' that cuts a title short, an apostrophe in 'single quotes'."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from deck.cli.main import main
from deck.load.content import load_content
from deck.load.yamlfile import parse_yaml

CONTENT = Path(__file__).resolve().parents[2] / "content"
CUT = ("warning: cards[1].title: YAML reads ‘#1 met de buurt’ as a comment, so this text is only ‘Maak verbinding’; "
       "if the # belongs to the text, put the whole value in quotes")


def _edit(path: Path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(old + "\n")
    lines[index] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def test_check_warns_when_a_comment_cuts_a_title_short(content_copy, monkeypatch):
    line = _edit(content_copy / "decks" / "vuistregels.yaml", "    title: Maak verbinding",
                 "    title: Maak verbinding #1 met de buurt")
    monkeypatch.chdir(content_copy.parent)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 0, result.output
    loaded = load_content(CONTENT)
    cards = sum(len(d.cards) for d in loaded.decks.values())
    assert result.stderr.splitlines() == [f"content/decks/vuistregels.yaml:{line}: {CUT}",
                                          f"ok: {len(loaded.decks)} decks, {cards} cards and the workbook in content, "
                                          "1 warning"]


def test_check_warns_about_an_organisation_title_cut_short(tmp_path, monkeypatch):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text(
        "name: Team X\nextra_cards:\n  vuistregels:\n    - id: eigen\n      title: Drink koffie #2 met de buurt\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", "org"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "org/organisation.yaml:5: warning: extra_cards.vuistregels[0].title: YAML reads ‘#2 met de buurt’ as a comment, "
        "so this text is only ‘Drink koffie’; if the # belongs to the text, put the whole value in quotes")


def test_comments_after_codes_and_numbers_are_not_warned_about():
    src, problems = parse_yaml("hyphenation: en          # Pyphen's patterns\nnumber: 3  # the third\n"
                               "title: \"Maak verbinding #1\"\nurl: https://example.org/#deel\n", "x.yaml")
    assert problems == [] and src.warnings == []


def test_an_apostrophe_in_single_quotes_gets_advice_that_fits(content_copy, monkeypatch):
    line = _edit(content_copy / "decks" / "vuistregels.yaml", "    title: Maak verbinding", "    title: 'Met z'n allen'")
    monkeypatch.chdir(content_copy.parent)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"content/decks/vuistregels.yaml:{line}: an apostrophe (') inside 'single quotes' ends the text early: the text "
        "is quoted already, so write every apostrophe inside it twice, 'Met z''n allen', or put the text in double "
        "quotes, \"Met z'n allen\"",
        "1 problem found."]
