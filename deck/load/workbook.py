"""Cross-checks of workbook.yaml against the decks (ids, programme times)."""

from __future__ import annotations

from deck.errors import Problem, suggest
from deck.load.yamlfile import Located, format_path
from deck.model.clock import minute_of_day
from deck.model.deck import Deck
from deck.model.workbook import Workbook


def check_workbook(wb: Workbook, src: Located, decks: dict[str, Deck]) -> list[Problem]:
    """Cross-checks pydantic cannot see: deck and card ids exist, every deck's source is credited."""
    problems: list[Problem] = []

    def bad(path: tuple, message: str) -> None:
        problems.append(Problem(src.file, src.line_of(path), format_path(path), message))

    def deck_ref(path: tuple, deck_id: str) -> Deck | None:
        if deck_id not in decks:
            bad(path, f"unknown deck '{deck_id}'{suggest(deck_id, decks)} (decks: {', '.join(decks)})")
            return None
        return decks[deck_id]

    interview = deck_ref(("interview", "deck"), wb.interview.deck)
    if interview:
        cards = {c.id for c in interview.cards}
        for card_id in wb.interview.questions:
            if card_id not in cards:
                bad(("interview", "questions", card_id), f"no card '{card_id}' in deck '{interview.id}'{suggest(card_id, cards)}")
    rules = deck_ref(("rules", "deck"), wb.rules.deck)
    if rules:
        parts = next((c for c in rules.cards if c.id == wb.rules.parts_card), None)
        if parts is None:
            bad(("rules", "parts_card"), f"no card '{wb.rules.parts_card}' in deck '{rules.id}'{suggest(wb.rules.parts_card, [c.id for c in rules.cards])}")
        elif not parts.items:
            bad(("rules", "parts_card"), f"card '{parts.id}' lists no items: the worksheet needs the parts of the brede opdracht as its columns")
    deck_ref(("lessons", "deck"), wb.lessons.deck)
    for i, means in enumerate(wb.intro.means):
        for j, deck_id in enumerate(means.decks):
            deck_ref(("intro", "means", i, "decks", j), deck_id)
    seen: dict[str, int] = {}
    for i, part in enumerate(wb.programme.parts):
        if part.id in seen:
            bad(("programme", "parts", i, "id"), f"duplicate part id '{part.id}' (also part {seen[part.id] + 1})")
        seen.setdefault(part.id, i)
        for j, deck_id in enumerate(part.decks):
            deck_ref(("programme", "parts", i, "decks", j), deck_id)
    if sum(p.minutes for p in wb.programme.parts) + minute_of_day(wb.programme.start) >= 24 * 60:
        bad(("programme", "parts"), "the programme runs past midnight: shorten the parts or start earlier")
    if not wb.notes.pages:
        refs = [("programme", "parts", i, "see") for i, p in enumerate(wb.programme.parts) if "notes" in p.see]
        refs += [("intro", "means", i, "see") for i, m in enumerate(wb.intro.means) if "notes" in m.see]
        for path in refs:
            bad(path, "refers to the notes chapter, but notes.pages is 0")
    credited = {s.seed or s.title for s in wb.sources}
    for deck in decks.values():
        key = deck.source.seed or deck.source.title
        if key not in credited:
            bad(("sources",), f"deck '{deck.id}' is made from '{key}', which the colophon does not credit: add it to sources")
    return problems

