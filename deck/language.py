"""A language's print settings (content/locales/<code>/language.yaml) and text marked as another language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markupsafe import Markup
from pydantic import Field, field_validator

from .errors import ContentError, Problem, UsageError, display_path
from .schema import Strict, Text, suggest, validate
from .yamlload import load_yaml

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

    family: Text
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
    families: list[tuple[str, list[tuple[Path, int, str]]]] = field(default_factory=list)
    locale: str = ""  # Babel locale for dates, times and numbers; "" means the code

    @property
    def babel(self) -> str:
        """The Babel locale name: 'en_GB', or the code ('nl') when language.yaml names none."""
        return (self.locale or self.code).replace("-", "_")

    def font_faces(self) -> list[dict]:
        """@font-face entries for templates/fonts.css.j2."""
        return [{"family": fam, "url": path.as_uri(), "weight": w, "style": s}
                for fam, faces in self.families for path, w, s in faces]

    @property
    def font_stack(self) -> str:
        """The CSS font-family list, script font first."""
        return ", ".join(f'"{fam}"' for fam, _ in self.families)

    @property
    def quotes_css(self) -> str:
        """The CSS ``quotes`` value, or '' to keep the default."""
        return " ".join(f'"{c}"' for c in self.quotes) if self.quotes else ""


class Foreign(str):
    """Text in another language than the document around it (a Dutch fallback in an English deck)."""

    lang: str
    dir: str

    def __new__(cls, text: str, lang: str, dir: str = "ltr") -> "Foreign":
        obj = super().__new__(cls, text)
        obj.lang, obj.dir = lang, dir
        return obj


def lang_attributes(value) -> Markup:
    """The Jinja ``langattr`` filter: ' lang="nl" dir="ltr"' for foreign text, '' for anything else.

    Marking is per element, on the element that holds the string. A whole card is never
    marked, even when all its own strings fell back: its band and foot also show the deck's
    translated title, which would then inherit the wrong language and direction.
    """
    if isinstance(value, Foreign):
        return Markup(' lang="%s" dir="%s"') % (value.lang, value.dir)
    return Markup("")


def locales_dir(content_root: Path) -> Path:
    """content/locales/."""
    return Path(content_root) / LOCALES


def available(content_root: Path) -> list[str]:
    """Codes of the language folders present (those with a language.yaml), sorted."""
    base = locales_dir(content_root)
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir()
                  if p.is_dir() and p.name not in NOT_LANGUAGES and (p / LANGUAGE_FILE).is_file())


def babel_locale(code: str):
    """Babel's Locale for a folder name such as 'en' or 'pt-BR', or None if Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def _default_source(code: str) -> Language:
    # A content folder without locales/ still builds its source language with the built-in font.
    from .render import FONTS, FONT_FACES  # noqa: PLC0415

    loc = babel_locale(code)
    return Language(code, loc.display_name if loc else code, loc.text_direction if loc else "ltr", code, None,
                    [("Inter", [(FONTS / f, w, s) for f, w, s in FONT_FACES])])


def load_language(content_root: Path, code: str, source: str = "nl") -> Language:
    """Read and check content/locales/<code>/language.yaml; raise ContentError listing every problem."""
    import pyphen

    from .render import FONTS  # noqa: PLC0415

    folder = locales_dir(content_root) / code
    path = folder / LANGUAGE_FILE
    if not path.is_file():
        if code == source:
            return _default_source(code)
        known = available(content_root)
        raise UsageError(f"unknown language '{code}'{suggest(code, known)}: no {display_path(path)}"
                         f" (languages: {', '.join(known) or 'none'})")
    src, problems = load_yaml(path)
    if src is None:
        raise ContentError(problems)
    data, problems = validate(LanguageFile, src)
    if data is None:
        raise ContentError(problems)
    loc = babel_locale(code)
    if loc is None:
        problems.append(Problem(src.file, 1, "", f"'{code}' is not a language code Babel knows: name the folder"
                                                 f" with an ISO 639 code such as 'en', 'ar' or 'pt-BR'"))
    if data.locale and babel_locale(data.locale) is None:
        problems.append(Problem(src.file, src.line_of(("locale",)), "locale",
                                f"'{data.locale}' is not a locale Babel knows: give one such as 'en_GB' or 'pt_BR'"))
    hyphenate = data.hyphenation or code
    if pyphen.language_fallback(hyphenate.replace("-", "_")) is None:
        if data.hyphenation:  # said explicitly, so a typo rather than a language without a dictionary
            problems.append(Problem(src.file, src.line_of(("hyphenation",)), "hyphenation",
                                    f"Pyphen has no hyphenation dictionary '{data.hyphenation}'"))
        hyphenate = None
    families = []
    for i, fam in enumerate(data.fonts):
        faces = []
        for j, face in enumerate(fam.faces):
            found = next((p for p in (folder / face.file, FONTS / face.file) if p.is_file()), None)
            if found is None:
                where = ("fonts", i, "faces", j, "file")
                problems.append(Problem(src.file, src.line_of(where), f"fonts[{i}].faces[{j}].file",
                                        f"font file '{face.file}' not found in {display_path(folder)} or the bundled fonts/"))
                continue
            faces.append((found.resolve(), face.weight, face.style))
        families.append((fam.family, faces))
    if problems:
        raise ContentError(problems)
    direction = data.direction or (loc.text_direction if loc else "ltr")
    return Language(code, data.name, direction, hyphenate, data.quotes, families, data.locale or "")


def resolve_languages(content_root: Path, source: str, requested: tuple[str, ...]) -> tuple[str, ...]:
    """Expand ``--lang`` values ('en', 'en,de', 'all') into codes and check each language's settings.

    'all' means the source language plus every language folder present. Problems in several
    language.yaml files are reported together.
    """
    codes: list[str] = []
    for value in requested or (source,):
        for part in str(value).split(","):
            part = part.strip()
            if part == "all":
                codes += [source] + available(content_root)
            elif part:
                codes.append(part)
    codes = list(dict.fromkeys(codes))
    problems: list[Problem] = []
    for code in codes:
        try:
            load_language(content_root, code, source)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return tuple(codes)
