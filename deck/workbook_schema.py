"""The schema of content/workbook.yaml (the facilitator workbook) and its cross-checks against the decks."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from .errors import Problem
from .schema import Colour, Deck, Id, Source, Strict, Text, suggest
from .yamlload import Located, format_path

TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# Chapters a programme part may point to ("see"); the workbook template has one of each.
SECTIONS = ("intro", "programme", "song", "interview", "rules", "worksheet", "lessons", "themes", "notes")


class WorkbookSource(Source):
    """A seed document the set is made from, for the colophon."""

    used_for: list[Text] = Field(default_factory=list)


class Motto(Strict):
    """A quotation with its speaker."""

    quote: Text
    by: Text


def _known_chapters(v: list[str]) -> list[str]:
    for name in v:
        if name not in SECTIONS:
            raise ValueError(f"unknown chapter '{name}'{suggest(name, SECTIONS)}; chapters: {', '.join(SECTIONS)}")
    return v


Chapters = Annotated[list[Id], AfterValidator(_known_chapters)]


class Means(Strict):
    """One of the five means of 'Lerend Versterken', and where this set carries it."""

    text: Text
    decks: list[Id] = Field(default_factory=list)
    see: Chapters = Field(default_factory=list)


class Intro(Strict):
    """"Waar gaat het over?": the purpose of the material and its five means."""

    title: Text
    motto: Motto | None = None
    text: Text
    means_title: Text
    means: list[Means] = Field(min_length=1)
    about: Text


class Part(Strict):
    """One part of the teamdag programme."""

    id: Id
    title: Text
    seed_text: Text | None = None
    minutes: int = Field(ge=1, le=480)
    prepare: list[Text] = Field(default_factory=list)
    participants: Text
    decks: list[Id] = Field(default_factory=list)
    materials: list[Text] = Field(default_factory=list)
    see: Chapters = Field(default_factory=list)


class Programme(Strict):
    """The teamdag programme: a start time and parts with durations (clock times are computed)."""

    title: Text
    intro: Text
    start: str
    parts: list[Part] = Field(min_length=1)
    support: Text | None = None

    @field_validator("start", mode="before")
    @classmethod
    def _clock(cls, v: object) -> str:
        if isinstance(v, int):  # YAML 1.1 reads an unquoted 13:30 as the number 810
            raise ValueError("write the start time in quotes, e.g. \"13:30\" (unquoted, YAML reads it as a number)")
        if not isinstance(v, str) or not TIME_RE.match(v):
            raise ValueError(f"'{v}' is not a clock time: write it as HH:MM in quotes, e.g. \"13:30\"")
        return v


class QuestionNotes(Strict):
    """What the workbook adds to one interview question: follow-up hints and note lines."""

    hints: list[Text] = Field(default_factory=list)
    lines: int | None = Field(default=None, ge=0, le=30)


class Interview(Strict):
    """The interview guide; the questions themselves come from the deck ``deck``."""

    deck: Id
    title: Text
    intro: Text
    uses_title: Text
    uses: list[Text] = Field(default_factory=list)
    follow_up_title: Text
    follow_up: Text
    hints: list[Text] = Field(default_factory=list)
    note_lines: int = Field(default=7, ge=0, le=30)
    questions: dict[Id, QuestionNotes] = Field(default_factory=dict)


class Rules(Strict):
    """The vuistregels chapter; rules and the parts of the brede opdracht come from the deck."""

    deck: Id
    parts_card: Id
    title: Text
    intro: Text
    uses_title: Text
    uses: Text
    grid_title: Text
    grid_intro: Text
    grid_corner: Text


class Worksheet(Strict):
    """The "Het is mijn vak om…" worksheet page."""

    title: Text
    intro: Text
    prompt: Text
    rows: int = Field(default=8, ge=1, le=20)


class Lessons(Strict):
    """The lessons chapter; lessons and bodemlagen come from the deck ``deck``."""

    deck: Id
    title: Text
    intro: Text
    summary_title: Text
    summary: list[Text] = Field(default_factory=list)


class Theme(Strict):
    """One theme of vakmanschap, as background reading."""

    title: Text
    text: Text


class Themes(Strict):
    """The themes of vakmanschap (background reading)."""

    title: Text
    intro: Text
    themes: list[Theme] = Field(min_length=1)


class Recording(Strict):
    """A recording of the song, shown as a link and a QR code."""

    label: Text
    url: Text

    @field_validator("url")
    @classmethod
    def _https(cls, v: str) -> str:
        if not re.match(r"^https://[^\s<>\"']+$", v):
            raise ValueError(f"'{v}' is not a web address: write it in full, starting with https://")
        return v


class Song(Strict):
    """The song 'Daarop dansen': what it is, the condition on its use, its recordings."""

    title: Text
    text: Text
    credits: Text
    condition_title: Text
    condition: Text
    uses: list[Text] = Field(default_factory=list)
    recordings: list[Recording] = Field(min_length=1)


class Notes(Strict):
    """Blank pages for notes at the end."""

    title: Text
    pages: int = Field(default=3, ge=0, le=20)


class Workbook(Strict):
    """content/workbook.yaml: everything the workbook says that the decks do not."""

    title: Text
    subtitle: Text | None = None
    edition: Text | None = None
    colour: Colour
    intro: Intro
    programme: Programme
    song: Song
    interview: Interview
    rules: Rules
    worksheet: Worksheet
    lessons: Lessons
    themes: Themes
    notes: Notes
    colophon: Text
    sources: list[WorkbookSource] = Field(min_length=1)


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
    if sum(p.minutes for p in wb.programme.parts) + _minutes(wb.programme.start) >= 24 * 60:
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


def _minutes(clock: str) -> int:
    m = TIME_RE.match(clock)
    return int(m.group(1)) * 60 + int(m.group(2)) if m else 0
