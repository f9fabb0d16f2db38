"""Helpers for tests that read PDFs: text as a reader sees it, boxes in millimetres, fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import yaml

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


# ---------------------------------------------------------------------------
# The workbook read back with pdfium (reading order, font sizes) and pypdf (outline)


def norm(text: str) -> str:
    """Text as a reader sees it: automatic hyphens at line ends undone, whitespace collapsed."""
    # The workbook's layout hyphen is a soft hyphen, which pdfium joins and marks with U+FFFE.
    text = re.sub("\u2010\\s*\r?\n", "", text).replace("\u00ad", "").replace("\ufffe", "")
    return re.sub(r"\s+", " ", text).strip()


def pdfium_texts(path: Path) -> list[str]:
    """The text of every page (pdfium keeps the reading order of WeasyPrint's output)."""
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def heading_runs(path: Path) -> list[list[str]]:
    """Per page, the runs of text set larger than the body text: the headings."""
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        runs: list[list] = []
        for k in range(tp.count_chars()):
            size = round(pdfium_c.FPDFText_GetFontSize(tp, k), 1)
            ch = chr(pdfium_c.FPDFText_GetUnicode(tp, k))
            if ch in "\r\n" or size == 0:  # line breaks: keep a wrapped heading in one run
                if runs:
                    runs[-1][1] += " "
                continue
            if runs and runs[-1][0] == size:
                runs[-1][1] += ch
            else:
                runs.append([size, ch])
        pages.append(runs)
    sizes = [size for runs in pages for size, text in runs for _ in text]
    body = max(set(sizes), key=sizes.count)
    return [[norm(text) for size, text in runs if size > body * 1.04] for runs in pages]


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry."""
    reader = pypdf.PdfReader(str(path))
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


# ---------------------------------------------------------------------------
# Editing content copies


def set_text(content, deck: str, card_id: str, text: str) -> None:
    """Replace one card's text in a deck file of a content copy."""
    path = content / "decks" / f"{deck}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for card in data["cards"]:
        if card["id"] == card_id:
            card["text"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
