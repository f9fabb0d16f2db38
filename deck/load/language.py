"""Load content/locales/<code>/language.yaml and resolve the languages a build asks for."""

from __future__ import annotations

from pathlib import Path

from deck.errors import ContentError, Problem, UsageError, display_path, suggest
from deck.load.problems import validate
from deck.load.yamlfile import load_yaml
from deck.model.language import LANGUAGE_FILE, LOCALES, NOT_LANGUAGES, Language, LanguageFile


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
    from deck.paths import BUNDLED_FAMILIES  # noqa: PLC0415

    loc = babel_locale(code)
    return Language(code, loc.display_name if loc else code, loc.text_direction if loc else "ltr", code, None,
                    BUNDLED_FAMILIES)


def load_language(content_root: Path, code: str, source: str = "nl") -> Language:
    """Read and check content/locales/<code>/language.yaml; raise ContentError listing every problem."""
    import pyphen

    if not code.strip():
        raise _no_language(content_root, source)
    folder = locales_dir(content_root) / code
    path = folder / LANGUAGE_FILE
    if not path.exists() and not path.is_symlink():
        if code == source:
            return _default_source(code)
        known = available(content_root)
        raise UsageError(f"unknown language '{code}'{suggest(code, known)}: no {display_path(path)}"
                         f" (languages: {', '.join(known) or 'none'})")
    src, problems = load_yaml(path, inside=content_root)
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
            where = ("fonts", i, "faces", j, "file")
            found, problem = _font_file(content_root, folder, face.file)
            if problem:
                problems.append(Problem(src.file, src.line_of(where), f"fonts[{i}].faces[{j}].file", problem))
                continue
            faces.append((found, face.weight, face.style))
        families.append((fam.family, faces))
    if problems:
        raise ContentError(problems)
    direction = data.direction or (loc.text_direction if loc else "ltr")
    return Language(code, data.name, direction, hyphenate, data.quotes, families, data.locale or "")


def _font_file(content_root: Path, folder: Path, name: str) -> tuple[Path | None, str | None]:
    """A language's font file: in its own folder (inside the content folder, and readable as a font) or bundled."""
    from deck import paths  # noqa: PLC0415
    from deck.load.assets import font_problem  # noqa: PLC0415
    from deck.paths import FONTS  # noqa: PLC0415

    own, bundled = folder / name, FONTS / name
    if own.exists() or own.is_symlink():
        if not paths.inside(own, content_root):
            return None, (f"font file '{name}' lies outside the content folder (it is {paths.real(own)}): "
                          f"copy it into {display_path(folder)}")
        problem = font_problem(own, content_root, "the content folder")
        return (None, f"font file {display_path(own)} {problem}") if problem else (paths.real(own), None)
    if bundled.is_file() and paths.inside(bundled, FONTS):
        return paths.real(bundled), None
    return None, f"font file '{name}' not found in {display_path(folder)} or the bundled fonts/"


def _no_language(content_root: Path, source: str) -> UsageError:
    known = list(dict.fromkeys([source] + available(content_root)))
    return UsageError(f"--lang is empty: give a language code such as {known[-1]} (languages: {', '.join(known)})")


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
    if not codes:  # --lang "" or --lang ,
        raise _no_language(content_root, source)
    problems: list[Problem] = []
    for code in codes:
        try:
            load_language(content_root, code, source)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return tuple(codes)
