"""Fonts, made in one place: the @font-face entries and font-family lists of the templates, the families a PDF may embed."""

from __future__ import annotations

from pathlib import Path

from deck.model.css import css_string
from deck.paths import BUNDLED_FAMILIES, FONTS

# An organisation's own faces: (family, file, weight, style); a language's families: (family, [(file, weight, style)]).
Face = tuple[str, Path, int, str]


def _families(language) -> list:
    """A language's font families, script font first; the bundled Inter and Inter Supplement without a language.

    Inter Supplement holds the characters the bundled Inter lost to its Latin subset (Greek, Cyrillic...): it
    follows Inter in every stack, also of a language file written before the split that names Inter alone.
    """
    if language is None:
        return BUNDLED_FAMILIES
    families = list(language.families)
    names = [family for family, _ in families]
    supplement = BUNDLED_FAMILIES[1]
    if "Inter" in names and supplement[0] not in names:
        families.insert(names.index("Inter") + 1, supplement)
    return families


def font_faces(language=None, own: list[Face] | tuple = ()) -> list[dict]:
    """The @font-face entries templates/fonts.css.j2 writes: ``own`` faces first, then the language's."""
    faces = list(own) + [(family, path, weight, style) for family, files in _families(language)
                         for path, weight, style in files]
    return [{"family": family, "url": Path(path).as_uri(), "weight": weight, "style": style}
            for family, path, weight, style in faces]


def font_stack(language=None, own: list[Face] | tuple = ()) -> str:
    """The CSS font-family list: ``own`` families first, then the language's for every glyph they lack."""
    families = list(dict.fromkeys(family for family, *_ in own)) + [family for family, _ in _families(language)]
    return ", ".join(css_string(family) for family in families)  # a CSS string each: safe inside <style>


def bundled_families() -> set[str]:
    """Family names of the bundled font files, without spaces ('InterSupplement-Bold.otf' -> 'InterSupplement')."""
    files = [p for p in FONTS.rglob("*") if p.suffix.lower() in (".otf", ".ttf", ".woff", ".woff2")]
    return {p.stem.split("-")[0].replace(" ", "") for p in files}


def embeddable(own: list[Face] | tuple = ()) -> set[str]:
    """Font families a PDF may embed: the bundled ones and ``own`` (as PDFs name them, without spaces)."""
    return bundled_families() | {family.replace(" ", "") for family, *_ in own}
