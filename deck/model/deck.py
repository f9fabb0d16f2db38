"""The content schema (pydantic): decks, cards and their metadata."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _slug(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(f"'{value}' is not a valid id: use lowercase letters and digits joined by hyphens, e.g. 'mijn-kaart'")
    return value


Text = Annotated[str, AfterValidator(_non_empty)]
Id = Annotated[str, AfterValidator(_slug)]


class Strict(BaseModel):
    """Base model: unknown keys are errors (typos until proven otherwise)."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class Colour(Strict):
    """A deck colour: an RGB hex for screens and office printers, CMYK percentages for print shops."""

    rgb: str
    cmyk: tuple[float, float, float, float]

    @field_validator("rgb")
    @classmethod
    def _hex(cls, v: str) -> str:
        if not HEX_RE.match(v):
            raise ValueError(f"'{v}' is not a colour: write it as #rrggbb, e.g. '#1d5c7a'")
        return v.lower()

    @field_validator("cmyk")
    @classmethod
    def _percent(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if any(not 0 <= c <= 100 for c in v):
            raise ValueError("CMYK values are percentages from 0 to 100")
        if sum(v) > 300:
            raise ValueError(f"total ink {sum(v):g}% is over the 300% print shops accept")
        return v

    def css(self, mode: str) -> str:
        """The CSS colour for a render mode: 'print' paints CMYK, anything else RGB."""
        if mode == "print":
            c, m, y, k = (round(x / 100, 4) for x in self.cmyk)
            return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"
        return self.rgb

    def tint(self, mode: str, amount: float) -> str:
        """A light tint (``amount`` of the colour on white) for backgrounds."""
        if mode == "print":
            c, m, y, k = (round(x * amount / 100, 4) for x in self.cmyk)
            return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"
        rgb = [int(self.rgb[i:i + 2], 16) for i in (1, 3, 5)]
        return "#" + "".join(f"{round(255 - (255 - v) * amount):02x}" for v in rgb)


class Source(Strict):
    """The seed document a deck is taken from, for the credits."""

    title: Text
    authors: list[Text] = Field(min_length=1)
    year: int
    publisher: Text | None = None
    seed: Text | None = None
    licence: Text | None = None


class Group(Strict):
    """A group of cards (e.g. a bodemlaag), with an optional concluding text."""

    id: Id
    title: Text
    conclusion_title: Text | None = None
    conclusion: Text | None = None


class CardBack(Strict):
    """A back of a card's own (a two-sided card): the same text fields as a front."""

    section: Text | None = None
    title: Text | None = None
    text: Text | None = None
    items: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _says_something(self) -> "CardBack":
        if not (self.title or self.text or self.items):
            raise ValueError("a back of its own needs a title, a text or items; leave `back:` out to use the deck's back")
        return self


class Card(Strict):
    """One card: every text field is optional but a card must say something."""

    id: Id
    number: int | None = None
    section: Text | None = None
    title: Text | None = None
    text: Text | None = None
    items: list[Text] = Field(default_factory=list)
    group: Id | None = None
    back: CardBack | None = None  # a back of its own; None: the deck's shared back (with the source's credit)

    @field_validator("number")
    @classmethod
    def _positive(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise ValueError("card numbers start at 1")
        return v


# Fields whose text is translated and can be overridden, per model.
CARD_TEXT_FIELDS = ("section", "title", "text", "items")
BACK_TEXT_FIELDS = CARD_TEXT_FIELDS  # a card's own back has the same text fields as its front
DECK_TEXT_FIELDS = ("title", "subtitle", "number_label")
GROUP_TEXT_FIELDS = ("title", "conclusion_title", "conclusion")


class Deck(Strict):
    """A deck: metadata plus its cards."""

    id: Id
    title: Text
    subtitle: Text | None = None
    number_label: Text | None = None  # shown before the card number, e.g. "Les" -> "Les 3"
    colour: Colour
    source: Source
    groups: list[Group] = Field(default_factory=list)
    cards: list[Card] = Field(min_length=1)
