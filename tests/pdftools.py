"""Helpers for tests that read PDFs: text as a reader sees it, boxes in millimetres, fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdf

MM = 72 / 25.4


def normalise(text: str) -> str:
    """Undo automatic hyphenation and fold whitespace.

    WeasyPrint breaks words with U+2010; the workbook maps that hyphen to U+00AD (soft hyphen, as
    Tagged PDF asks), which pypdf extracts as it is.
    """
    text = re.sub("[\u2010\u00ad]\\s*\n\\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def plain(text: str) -> str:
    """Markdown emphasis markers removed, whitespace folded: what a card shows."""
    return normalise(re.sub(r"\*\*|(?<!\*)\*(?!\*)", "", text))


def pdf_text(path: Path) -> str:
    """All text of a PDF, normalised."""
    reader = pypdf.PdfReader(path)
    return normalise("\n".join(page.extract_text() for page in reader.pages))


def page_texts(path: Path) -> list[str]:
    """Normalised text per page."""
    return [normalise(p.extract_text()) for p in pypdf.PdfReader(path).pages]


def box_mm(page: pikepdf.Page, name: str) -> tuple[float, ...]:
    """A page box as (x0, y0, x1, y1) in millimetres."""
    return tuple(round(float(v) / MM, 2) for v in page.obj[name])


def fonts(path: Path) -> dict[str, bool]:
    """Every font in the PDF: base name -> embedded?"""
    found: dict[str, bool] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                name = str(obj.get("/BaseFont", "?"))
                desc = obj.get("/FontDescriptor")
                if desc is None and "/DescendantFonts" in obj:
                    desc = obj.DescendantFonts[0].get("/FontDescriptor")
                embedded = desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[name] = embedded
    return found
