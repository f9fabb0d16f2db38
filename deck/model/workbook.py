"""The schema of content/workbook.yaml (the facilitator workbook)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from deck.errors import Problem, suggest
from deck.model.clock import ClockTime
from deck.model.deck import Colour, Id, Source, Strict, Text


@dataclass
class Book:
    """The workbook's text in one language: workbook.yaml, the project and the decks, with what fell back."""

    wb: Workbook
    project: object  # content.Project, translated
    decks: dict[str, object]  # every deck by id, language and organisation applied
    shown: list[str]  # the decks the set holds, in order
    lang: str
    language: object  # language.Language: fonts, hyphenation, quotes, Babel locale
    messages: object = None  # overlay.UiMessages; None renders the Dutch UI text
    missing: list[Problem] = field(default_factory=list)  # strings that fell back to Dutch, by key
    stale: list[Problem] = field(default_factory=list)  # translations made from older Dutch, by key


# Chapters a programme part may point to ("see"); the workbook template has one of each.
SECTIONS = ("intro", "programme", "song", "interview", "rules", "worksheet", "sets", "lessons", "themes", "notes")
# "[3]" in the text of the chapter on the other card sets: a reference to its list of references.
REFERENCE_RE = re.compile(r"\[(\d+)\]")
# A quotation in that chapter: between “…”, or between ‘…’ (a heading or a name; an apostrophe
# inside, as in "dilemma’s", is followed by a letter and does not close it).
QUOTATION_RE = re.compile(r"“([^”]+)”|‘(.+?)’(?!\w)")


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
    start: ClockTime
    parts: list[Part] = Field(min_length=1)
    support: Text | None = None


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


class SetsSection(Strict):
    """One part of the chapter on the other card sets: what the source says about using its cards, and a proposal."""

    id: Id
    title: Text
    decks: list[Id] = Field(min_length=1)
    source: Text  # what the source itself says, quoting it with [n] references
    proposal: Text  # the compilers' proposal for a team session, labelled as theirs


class Sets(Strict):
    """The chapter on using the other card sets in a team session, built from what their sources suggest."""

    title: Text
    intro: Text
    source_title: Text  # "Wat de bron zegt"
    proposal_title: Text  # "Voorstel van de samenstellers"
    sections: list[SetsSection] = Field(min_length=1)
    outline_title: Text | None = None
    outline: Text | None = None
    references_title: Text
    references: list[Text] = Field(min_length=1)  # reference n is cited as [n]


class Notes(Strict):
    """Ruled pages for notes at the end (and one more, where the book needs it to end on a left-hand page)."""

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
    sets: Sets | None = None
    lessons: Lessons
    themes: Themes
    notes: Notes
    colophon: Text
    sources: list[WorkbookSource] = Field(min_length=1)
