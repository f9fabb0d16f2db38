"""Where the bundled templates, fonts and data are (in a checkout and in an installed wheel); one containment check."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


def _bundled(name: str) -> Path:
    """A bundled folder: top level in a checkout, inside the package in an installed wheel."""
    installed = PACKAGE / name
    return installed if installed.is_dir() else ROOT / name


TEMPLATES = _bundled("templates")
FONTS = _bundled("fonts")
DATA = PACKAGE / "data"
FONT_STYLES = [  # (file name's style, weight, style) of each bundled Inter face
    ("Regular", 400, "normal"),
    ("Italic", 400, "italic"),
    ("SemiBold", 600, "normal"),
    ("Bold", 700, "normal"),
    ("BoldItalic", 700, "italic"),
]
# Inter is subset to Latin, punctuation and symbols (small: fast to embed); Inter Supplement has the rest of
# Inter's characters (Greek, Cyrillic, IPA...). fonts/inter/README.txt says how they were made.
FONT_FILES = {"Inter": "inter/Inter-{}.otf", "Inter Supplement": "inter/InterSupplement-{}.otf"}
# The bundled faces as a language's font families, Inter first: (family, [(path, weight, style)]).
BUNDLED_FAMILIES = [(family, [(FONTS / pattern.format(name), weight, style) for name, weight, style in FONT_STYLES])
                    for family, pattern in FONT_FILES.items()]


def real(path: Path | str) -> Path:
    """The path with every symlink and '..' resolved (what the file system will really open)."""
    return Path(os.path.realpath(path))


def inside(path: Path | str, root: Path | str) -> bool:
    """True when ``path``, symlinks resolved, is ``root`` itself or lies below it (also resolved)."""
    return inside_resolved(real(path), real(root))


def inside_resolved(path: Path, root: Path) -> bool:
    """``inside`` for paths already resolved with ``real`` (when one resolved root is checked many times)."""
    return path == root or root in path.parents


def inside_any(path: Path | str, roots) -> bool:
    """True when ``path`` lies inside one of ``roots`` (see ``inside``)."""
    return any(inside(path, root) for root in roots)


def builtin_roots() -> list[Path]:
    """The bundled folders every document may read from: templates, fonts and package data."""
    return [TEMPLATES, FONTS, DATA]


def allowed_roots(*user: Path | str | None) -> list[Path]:
    """Every place a document may read files from: the given user folders or single files, then the bundled ones.

    The one list for cards, workbook and calibration sheet: content folder, organisation folder and
    an ``--icc`` profile (the file itself, never its folder) are passed by the caller.
    """
    return [real(p) for p in user if p is not None] + [real(p) for p in builtin_roots()]
