"""A language's print settings (language.yaml schema and the resolved Language) and foreign text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from deck.model.css import css_string
from deck.model.deck import Strict, Text

# A family name goes into stylesheets: letters, digits, spaces, '.', '_' and '-' are all real
# names need, and nothing in them can end a CSS string or the <style> element.
FAMILY_RE = r"^\w[\w .\-]*$"
FAMILY_HINT = "a font family name is letters, digits, spaces and hyphens, as the font calls itself, e.g. 'Noto Sans Arabic'"


def check_family(value: str) -> str:
    """Refuse a family name that is not a plain name (see FAMILY_RE)."""
    import re  # noqa: PLC0415

    if not re.match(FAMILY_RE, value) or len(value) > 100:
        raise ValueError(f"'{value[:60]}': {FAMILY_HINT}")
    return value


FamilyName = Annotated[str, AfterValidator(check_family)]  # a font family name, checked to be plain

LOCALES = "locales"  # content/locales/<code>/
LANGUAGE_FILE = "language.yaml"
NOT_LANGUAGES = {"templates"}  # content/locales/templates/ holds the .pot files


class FontFace(Strict):
    """One font file: a path under the language folder or the bundled fonts/ folder."""

    file: Text
    weight: int = 400
    style: Literal["normal", "italic"] = "normal"


class FontFamily(Strict):
    """A font family and its faces; the first family of a language must cover its script."""

    family: FamilyName
    faces: list[FontFace] = Field(min_length=1)


class LanguageFile(Strict):
    """language.yaml: what a language needs on paper."""

    name: Text
    hyphenation: str | None = None  # a Pyphen dictionary ("en", "nl", "de_CH"); default: the code
    direction: Literal["ltr", "rtl"] | None = None  # default: Babel's Locale(code).text_direction
    quotes: str | None = None  # four characters: primary open/close, secondary open/close
    locale: str | None = None  # Babel locale for dates and times ("en_GB" for British English); default: the code
    fonts: list[FontFamily] = Field(min_length=1)

    @field_validator("quotes")
    @classmethod
    def _four(cls, v: str | None) -> str | None:
        if v is not None and (len(v) != 4 or any(c in "\"\\\n" for c in v)):
            raise ValueError("give four quote characters: primary open and close, then secondary, e.g. '“”‘’'")
        return v


@dataclass
class Language:
    """A language ready for rendering: direction, hyphenation dictionary, fonts and quotes resolved."""

    code: str
    name: str
    dir: str = "ltr"
    hyphenate: str | None = None  # the lang Pyphen hyphenates with; None: no dictionary
    quotes: str | None = None
    families: list[tuple[str, list[tuple[Path, int, str]]]] = field(default_factory=list)  # script font first
    locale: str = ""  # Babel locale for dates, times and numbers; "" means the code

    @property
    def babel(self) -> str:
        """The Babel locale name: 'en_GB', or the code ('nl') when language.yaml names none."""
        return (self.locale or self.code).replace("-", "_")

    @property
    def quotes_css(self) -> str:
        """The CSS ``quotes`` value, or '' to keep the default."""
        return " ".join(css_string(c) for c in self.quotes) if self.quotes else ""


class Foreign(str):
    """Text in another language than the document around it (a Dutch fallback in an English deck)."""

    lang: str
    dir: str

    def __new__(cls, text: str, lang: str, dir: str = "ltr") -> "Foreign":
        obj = super().__new__(cls, text)
        obj.lang, obj.dir = lang, dir
        return obj
