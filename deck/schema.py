"""The content schema (pydantic): decks, cards and their metadata, and how errors are reported."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import Problem
from .yamlload import Located, format_path

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


class Card(Strict):
    """One card: every text field is optional but a card must say something."""

    id: Id
    number: int | None = None
    section: Text | None = None
    title: Text | None = None
    text: Text | None = None
    items: list[Text] = Field(default_factory=list)
    group: Id | None = None

    @field_validator("number")
    @classmethod
    def _positive(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise ValueError("card numbers start at 1")
        return v


# Fields whose text is translated and can be overridden, per model.
CARD_TEXT_FIELDS = ("section", "title", "text", "items")
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


# ---------------------------------------------------------------------------
# Error reporting


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that the key path ``loc`` points into (to list its known keys)."""
    current: Any = model
    keyed = False  # the previous field was a dict: this part is one of its keys, not a field
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        f = current.model_fields.get(part)
        if f is None:
            return None
        keyed = _is_dict(f.annotation)
        current = _unwrap(f.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _is_dict(annotation: Any) -> bool:
    """dict[...] or Optional[dict[...]]."""
    if typing.get_origin(annotation) is dict:
        return True
    return any(typing.get_origin(arg) is dict for arg in typing.get_args(annotation))


def _unwrap(annotation: Any) -> Any:
    """Find a BaseModel inside list[...] / Optional[...] annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _message(err: dict, model: type[BaseModel], loc: tuple) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        hint = suggest(str(loc[-1]), known)
        return f"unknown key '{loc[-1]}'{hint}" + ("" if hint else f"; known keys: {', '.join(known)}")
    if kind == "missing":
        return "required key is missing"
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        inner = _model_at(model, loc)
        keys = f" ({', '.join(list(inner.model_fields)[:4])}, ...)" if inner else ""
        return f"expected a mapping of keys{keys}, got {shown}"
    if kind == "too_short":
        n = err.get("ctx", {}).get("min_length", 1)
        have = len(got) if isinstance(got, (list, tuple)) else 0
        return f"needs at least {n} item{'s' if n != 1 else ''}, got {have or 'none'}"
    if kind == "string_type" and isinstance(got, (int, float, bool)):
        return f"expected text, got {shown}; put it in quotes if it is meant as text"
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        msg = f"{msg[0].lower()}{msg[1:]} (got {shown})"
    return msg


def problems_from(exc: ValidationError, model: type[BaseModel], src: Located, prefix: tuple = ()) -> list[Problem]:
    """Convert pydantic errors into located problems, one per error."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        full = prefix + loc
        line = src.line_of(full)
        out.append(Problem(src.file_of(full), line, format_path(full), _message(err, model, loc)))
    return out


def validate(model: type[BaseModel], src: Located, data: Any = None, prefix: tuple = ()) -> tuple[Any, list[Problem]]:
    """Validate ``data`` (default: the whole file) against ``model``; return the object or problems."""
    data = src.data if data is None else data
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return None, [Problem(src.file_of(prefix), src.line_of(prefix), format_path(prefix), f"expected a mapping of keys, got {kind}")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, model, src, prefix)
