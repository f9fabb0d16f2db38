"""Cross-checks of workbook.yaml against the decks (ids, programme times)."""

from __future__ import annotations

from deck.errors import Problem, suggest
from deck.load.yamlfile import Located, format_path
from deck.model.clock import minute_of_day
from deck.model.deck import Deck
from deck.model.workbook import REFERENCE_RE, Workbook


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
    for chapter, missing, why in (("notes", not wb.notes.pages, "notes.pages is 0"),
                                  ("sets", wb.sets is None, "the workbook has no sets chapter")):
        if not missing:
            continue
        refs = [("programme", "parts", i, "see") for i, p in enumerate(wb.programme.parts) if chapter in p.see]
        refs += [("intro", "means", i, "see") for i, m in enumerate(wb.intro.means) if chapter in m.see]
        for path in refs:
            bad(path, f"refers to the {chapter} chapter, but {why}")
    if wb.sets is not None:
        _check_sets(wb.sets, bad, deck_ref)
    credited = {s.seed or s.title for s in wb.sources}
    for deck in decks.values():
        key = deck.source.seed or deck.source.title
        if key not in credited:
            bad(("sources",), f"deck '{deck.id}' is made from '{key}', which the colophon does not credit: add it to sources")
    return problems


def _check_sets(sets, bad, deck_ref) -> None:
    """The chapter on the other card sets: its decks exist, section ids are unique, every [n] has reference n."""
    texts = [(("sets", "intro"), sets.intro)]
    seen: dict[str, int] = {}
    for i, section in enumerate(sets.sections):
        if section.id in seen:
            bad(("sets", "sections", i, "id"), f"duplicate section id '{section.id}' (also section {seen[section.id] + 1})")
        seen.setdefault(section.id, i)
        for j, deck_id in enumerate(section.decks):
            deck_ref(("sets", "sections", i, "decks", j), deck_id)
        texts += [(("sets", "sections", i, "source"), section.source), (("sets", "sections", i, "proposal"), section.proposal)]
    if sets.outline:
        texts.append((("sets", "outline"), sets.outline))
    cited: set[int] = set()
    count = len(sets.references)
    for path, text in texts:
        for m in REFERENCE_RE.finditer(text):
            n = int(m.group(1))
            cited.add(n)
            if not 1 <= n <= count:
                bad(path, f"[{n}] cites reference {n}, but sets.references lists {count}: add it, or cite 1 to {count}")
    for n in range(1, count + 1):
        if n not in cited:
            bad(("sets", "references", n - 1), f"reference {n} is cited nowhere: cite it as [{n}] or remove it")

