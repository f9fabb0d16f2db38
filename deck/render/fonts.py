"""The bundled fonts: @font-face entries and family names, made in one place."""

from __future__ import annotations

from deck.paths import FONT_FACES, FONTS


def bundled_families() -> set[str]:
    """Family names of the bundled font files ('Inter-Bold.otf' -> 'Inter')."""
    from deck.paths import FONTS

    files = [p for p in FONTS.rglob("*") if p.suffix.lower() in (".otf", ".ttf", ".woff", ".woff2")]
    return {p.stem.split("-")[0].replace(" ", "") for p in files}


def font_faces() -> list[dict]:
    """@font-face entries for the bundled fonts."""
    return [{"family": "Inter", "url": (FONTS / f).as_uri(), "weight": w, "style": s} for f, w, s in FONT_FACES]
