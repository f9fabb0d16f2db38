"""Errors about one card name the file and line that hold it: text too long (and by how much), a missing glyph."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from deck.cli.main import main

LONG = "Wat helpt jou om dat te blijven doen? " * 40
TOO_LONG = re.compile(r"^(?P<where>\S+:\d+(?: \(en text: \S+:\d+\))?): (?P<label>\S+): card '(?P<card>[\w-]+)': text is "
                      r"(?P<mm>\d+\.\d) mm too long even at 85 % size; shorten it or choose a larger --card-size(?: \(e\.g\. [a-z0-9]+\))?; body text is never set below 8 pt$")


def _set(content: Path, deck: str, card_id: str, text: str) -> int:
    """Give a card of a content copy a new text; return the line of the card ("- id: ...")."""
    path = content / "decks" / f"{deck}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(c for c in data["cards"] if c["id"] == card_id)["text"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines().index(f"- id: {card_id}") + 1


def _build(content: Path, monkeypatch, *args: str):
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--no-workbook", "-j", "1", "--out", "out", *args])
    assert result.exit_code == 1
    return result.output.splitlines()


def test_too_long_text_names_file_line_and_millimetres(content_copy, monkeypatch):
    line = _set(content_copy, "interviewvragen", "zo-goed-gewerkt", LONG)
    lines = _build(content_copy, monkeypatch, "--deck", "interviewvragen")
    found = [m for m in map(TOO_LONG.match, lines) if m]
    assert len(found) == 1, lines  # print and sheets fail alike: said once
    m = found[0]
    assert (m["where"], m["label"], m["card"]) == (f"content/decks/interviewvragen.yaml:{line}", "nl/interviewvragen",
                                                  "zo-goed-gewerkt")
    assert 20 < float(m["mm"]) < 200  # forty sentences on an A6 card: several centimetres too many


def test_an_organisations_own_card_is_located_in_its_profile(tmp_path, monkeypatch):
    content = Path(__file__).resolve().parents[2] / "content"
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text(
        "name: Team X\nextra_cards:\n  vuistregels:\n    - id: eigen\n      title: Eigen regel\n"
        f"      text: \"{LONG}\"\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--org", "org", "--deck", "vuistregels",
                                       "--no-workbook", "-j", "1", "--out", "out"])
    assert result.exit_code == 1
    found = [m for m in map(TOO_LONG.match, result.output.splitlines()) if m]
    assert [(m["where"], m["label"], m["card"]) for m in found] == [("org/organisation.yaml:4", "team-x/nl/vuistregels", "eigen")]


def test_a_character_no_font_has_is_named_with_its_card(content_copy, monkeypatch):
    line = _set(content_copy, "lessen", "nieuwe-discipline", "Een teken uit het Vai-schrift: \ua500.")
    lines = _build(content_copy, monkeypatch, "--deck", "lessen")
    assert (f"content/decks/lessen.yaml:{line}: nl/lessen: card 'nieuwe-discipline': no bundled font has a glyph for "
            "\ua500 (U+A500 VAI SYLLABLE EE); use another character or add a font that covers it") in lines


def test_a_translated_card_also_names_its_line_in_content_po(content_copy, monkeypatch):
    po = content_copy / "locales" / "en" / "content.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    key = lines.index('msgctxt "deck/lessen/cards/nieuwe-discipline/text"')
    start = next(i for i in range(key, len(lines)) if lines[i].startswith("msgstr"))
    end = next(i for i in range(start + 1, len(lines) + 1) if i == len(lines) or not lines[i].startswith('"'))
    lines[start:end] = [f'msgstr "{"What helps you to keep doing that? " * 40}"']
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    card = (content_copy / "decks" / "lessen.yaml").read_text(encoding="utf-8").splitlines().index(
        "  - id: nieuwe-discipline") + 1
    found = [m for m in map(TOO_LONG.match, _build(content_copy, monkeypatch, "--deck", "lessen", "--lang", "en")) if m]
    assert [(m["where"], m["card"]) for m in found] == [
        (f"content/decks/lessen.yaml:{card} (en text: content/locales/en/content.po:{key + 2})", "nieuwe-discipline")]
