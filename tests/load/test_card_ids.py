"""A card id names one card in the whole set: the same id in two decks is refused, with both places."""

from __future__ import annotations

from click.testing import CliRunner

from deck.cli.main import main

WHY = "card ids must be unique across the decks, since organisation profiles name cards by id; rename one of them"


def test_the_same_card_id_in_two_decks_is_refused_at_both_places(content_copy, monkeypatch):
    rules = content_copy / "decks" / "vuistregels.yaml"
    lines = rules.read_text(encoding="utf-8").splitlines(keepends=True)
    rule_line = lines.index("  - id: geef-stem\n") + 1
    lines[rule_line - 1] = "  - id: invalshoek\n"
    rules.write_text("".join(lines), encoding="utf-8")
    question_line = (content_copy / "decks" / "interviewvragen.yaml").read_text(encoding="utf-8").splitlines().index(
        "  - id: invalshoek") + 1

    monkeypatch.chdir(content_copy.parent)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"content/decks/interviewvragen.yaml:{question_line}: cards[1].id: card id 'invalshoek' is also used in deck "
        f"'vuistregels' (content/decks/vuistregels.yaml:{rule_line}): {WHY}",
        f"content/decks/vuistregels.yaml:{rule_line}: cards[5].id: card id 'invalshoek' is also used in deck "
        f"'interviewvragen' (content/decks/interviewvragen.yaml:{question_line}): {WHY}",
        "2 problems found.",
    ]
