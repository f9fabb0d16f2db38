"""An organisation profile: its schema (organisation.yaml) and the validated, resolved profile."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from deck.model.clock import ClockTime
from deck.model.deck import CARD_TEXT_FIELDS, Card, Colour, Id, Strict, Text
from deck.model.language import FamilyName
from deck.model.sizes import CardSizeText

ORG_FILE = "organisation.yaml"
ACCENT = "accent"  # the key in `colours` for the organisation's own colour
DECK_OVERRIDE_FIELDS = ("title", "subtitle", "number_label")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg")  # raster logos are converted to CMYK for print
FONT_TYPES = (".otf", ".ttf", ".woff", ".woff2")
Minutes = Annotated[int, Field(ge=1, le=480)]


class OrgColour(Colour):
    """A colour as in a deck file; a bare word or hex is named as not a colour."""

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            raise ValueError(f"{v!r} is not a colour: give rgb and cmyk, e.g. {{rgb: \"#1d5c7a\", cmyk: [85, 45, 20, 15]}}")
        return v


class FontFile(Strict):
    """A font face bundled in the profile folder, with the licence that allows bundling it."""

    family: FamilyName
    file: Text
    licence: Text
    weight: int = Field(default=400, ge=100, le=900)
    style: Literal["normal", "italic"] = "normal"


class Facilitator(Strict):
    """Who leads the teamdag and how participants reach them."""

    name: Text
    role: Text | None = None
    email: Text | None = None
    phone: Text | None = None


class OrgWorkbook(Strict):
    """The organisation's teamdag: when, where, who, and its own foreword; all optional."""

    date: datetime.date | None = None
    place: Text | None = None
    start: ClockTime | None = None
    durations: dict[Id, Minutes] = Field(default_factory=dict)  # programme part id -> minutes
    facilitator: Facilitator | None = None
    foreword: Text | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if isinstance(v, str) and not re.match(r"^\d{4}-\d{2}-\d{2}$", v):
            raise ValueError(f"'{v}' is not a date: write it as YYYY-MM-DD, e.g. 2026-05-12")
        return v


class CardOverride(Strict):
    """Replacement text for a card's translatable fields (language keys are handled by the loader)."""

    section: Text | None = None
    title: Text | None = None
    text: Text | None = None
    items: list[Text] | None = None


class DeckOverride(Strict):
    """Replacement text for a deck's title, subtitle or number label."""

    title: Text | None = None
    subtitle: Text | None = None
    number_label: Text | None = None


class OrgFile(Strict):
    """organisation.yaml. Paths are relative to the profile folder and must stay inside it."""

    name: Text
    slug: Id | None = None
    language: Id | None = None  # the language of the profile's own text; default: the shared content's
    logo: Text | None = None
    colours: dict[str, OrgColour] = Field(default_factory=dict)  # deck id or 'accent' -> colour
    fonts: list[FontFile] = Field(default_factory=list)
    decks: list[Id] | None = None  # None: every deck of the shared set, in its order
    exclude: list[Id] = Field(default_factory=list)
    order: dict[str, list[Id]] = Field(default_factory=dict)
    extra_cards: dict[str, list[Card]] = Field(default_factory=dict)
    overrides: dict[str, Any] = Field(default_factory=dict)  # card or deck id -> fields (checked by the loader)
    workbook: OrgWorkbook = Field(default_factory=OrgWorkbook)
    card_size: CardSizeText = None  # the organisation's own card size; --card-size overrides it


__all__ = ["ACCENT", "CARD_TEXT_FIELDS", "DECK_OVERRIDE_FIELDS", "FONT_TYPES", "LOGO_TYPES", "ORG_FILE",
           "CardOverride", "DeckOverride", "FontFile", "OrgFile", "OrgWorkbook"]


PARTIAL_PREFIX = "_"  # organisation templates named _x.j2 are partials of their own, not overrides


@dataclass(frozen=True)
class OrgView:
    """What templates see of an organisation: strings and colours only, never paths (the sandbox is no file wall)."""

    name: str
    slug: str
    language: str
    logo_url: str | None
    accent: Colour | None
    workbook: OrgWorkbook
    own_cards: frozenset[str] = frozenset()  # ids of the organisation's own cards, marked as its own on the card


@dataclass
class Org:
    """A validated organisation profile, its paths resolved inside its folder."""

    folder: Path
    name: str
    slug: str
    language: str
    decks: list[str]
    logo: Path | None = None
    colours: dict[str, Colour] = field(default_factory=dict)  # deck id -> colour
    accent: Colour | None = None
    fonts: list[tuple[str, Path, int, str]] = field(default_factory=list)  # own faces: (family, file, weight, style)
    exclude: set[str] = field(default_factory=set)
    order: dict[str, list[str]] = field(default_factory=dict)
    extra_cards: dict[str, list[Card]] = field(default_factory=dict)
    overrides: dict[str, dict[str | None, dict]] = field(default_factory=dict)  # id -> language (None: own) -> fields
    workbook: OrgWorkbook = field(default_factory=OrgWorkbook)
    templates: Path | None = None
    card_size: str | None = None
    warnings: list = field(default_factory=list)  # errors.Problem: valid YAML that likely is not what was meant
    card_sources: dict[str, str] = field(default_factory=dict)  # own card id -> "file:line" in organisation.yaml

    def fields_for(self, item_id: str, lang: str) -> dict:
        """The fields the profile replaces on card or deck ``item_id`` in language ``lang``.

        Unlanguaged fields are in the profile's own language; for any other language only that
        language's block counts, so the shared translation shows where the profile has none.
        """
        by_lang = self.overrides.get(item_id, {})
        out = dict(by_lang.get(None, {})) if lang == self.language else {}
        out.update(by_lang.get(lang, {}))
        return out

    def view(self) -> OrgView:
        """The template-facing view of this organisation."""
        return OrgView(self.name, self.slug, self.language, self.logo.as_uri() if self.logo else None,
                       self.accent, self.workbook, frozenset(c.id for cards in self.extra_cards.values() for c in cards))
