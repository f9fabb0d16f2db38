"""`deck list` shows a card without a title by its text on one line, paragraphs and lines a space apart."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import CONTENT

from deck.cli.main import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_paragraphs_of_a_card_text_are_a_space_apart():
    # The first card of Vier waarden has no title: its three paragraphs are what the list shows.
    result = run("list", "--content", str(CONTENT))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.lstrip().startswith("vier-waarden "))
    assert "van de jeugd? Wij doen een aanzet" in line
    assert "tot ons laten doordringen. Dat zijn onze ankers" in line
    assert "?Wij" not in line and ".Dat" not in line
    data = json.loads(run("list", "--content", str(CONTENT), "--json").output)
    card = next(c for d in data["decks"] for c in d["cards"] if c["id"] == "vier-waarden")
    assert card["title"].startswith("Wat vinden we belangrijk, als het gaat om het opvoeden en opgroeien van de jeugd? Wij ")


def test_line_breaks_and_emphasis_in_a_text_card(content_copy):
    path = content_copy / "decks" / "waarden.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      Dat zijn onze ankers in deze roerige tijden.\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "      Dat zijn **onze**\n      ankers  in deze roerige tijden.\n"), encoding="utf-8")
    result = run("list", "--content", str(content_copy))
    line = next(line for line in result.output.splitlines() if line.lstrip().startswith("vier-waarden "))
    assert line.endswith("doordringen. Dat zijn onze ankers in deze roerige tijden.")
