"""The workbook's notes pages end the book on a verso: an even page count from one layout, and a page left
blank to reach it is ruled exactly as a notes page is."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from helpers import edit, pdfium_texts

import deck.layout.workbook
from deck.build.make import build_workbook
from deck.build.plan import Options, Target
from deck.load.content import load_content
from deck.render.workbook import BOOK_LAYOUTS

DPI = 300
DARK = 230  # a ruled line's grey (#b4b4b4) reads well below this; paper is 255


def rules(page: pdfium.PdfPage, paper: str) -> tuple[list[float], list[float]]:
    """The ruled lines of a page's text area and below: their rows (first and last pixel row, down the page's middle
    column, which lies in the text area of a left and a right page alike) and their lengths, in millimetres."""
    layout = BOOK_LAYOUTS[paper]
    image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    px = DPI / 25.4
    middle = image.width // 2
    top, bottom = round(layout.top * px), round((layout.height - layout.bottom / 2) * px)  # the page number is not
    # in the middle column
    runs: list[list[int]] = []
    for y in range(top, bottom):
        if image.getpixel((middle, y)) < DARK:
            if runs and runs[-1][1] == y - 1:
                runs[-1][1] = y
            else:
                runs.append([y, y])
    lengths = [sum(image.getpixel((x, first)) < DARK for x in range(image.width)) for first, _ in runs]
    return [(first + last + 1) / 2 / px for first, last in runs], [length / px for length in lengths]


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_notes_end_the_book_on_a_verso_after_one_layout_and_a_blank_page_is_ruled_as_a_notes_page(
        content_copy, tmp_path, monkeypatch, paper):
    layouts = []
    render_html = deck.layout.workbook.render_html
    monkeypatch.setattr(deck.layout.workbook, "render_html", lambda *a, **k: layouts.append(1) or render_html(*a, **k))
    notes_file = content_copy / "workbook.yaml"
    ruled_pages = {}
    for pages, before in ((2, 3), (3, 2)):  # one notes page more: for one of the two, the page before the last is a verso
        edit(notes_file, f"  pages: {before}\n", f"  pages: {pages}\n")
        target = Target("workbook", "nl", None, tmp_path / f"{paper}-{pages}.pdf")
        layouts.clear()
        build_workbook(load_content(content_copy), target, Options(workbook_paper=paper))
        assert len(layouts) == 1  # laid out once, whatever its page count

        texts = pdfium_texts(target.path)
        assert len(texts) % 2 == 0
        heading = max(i for i, text in enumerate(texts) if "Aantekeningen" in text)  # the notes chapter's first page
        ruled = list(range(heading + 1, len(texts)))
        document = pdfium.PdfDocument(target.path)
        lines = BOOK_LAYOUTS[paper].note_lines(4)
        layout = BOOK_LAYOUTS[paper]
        width = layout.width - layout.inner - layout.outer
        first_rows = None
        for i in ruled:
            rows, lengths = rules(document[i], paper)
            assert len(rows) == lines, f"page {i + 1}: {len(rows)} ruled lines, a notes page has {lines}"
            first_rows = first_rows or rows
            offsets = [abs(a - b) for a, b in zip(rows, first_rows)]
            assert max(offsets) <= 0.1, f"page {i + 1}: its lines are up to {max(offsets):.2f} mm off those of page {ruled[0] + 1}"
            assert all(abs(length - width) <= 0.2 for length in lengths), f"page {i + 1}: lines {lengths} mm long"
            assert texts[i].split() == ["AANTEKENINGEN", "pagina", str(i + 1), "van", str(len(texts))]
        ruled_pages[pages] = len(ruled)
    # After the page with the heading: one notes page or two, and for exactly one of the books a blank page
    assert (ruled_pages[2] - 1) + (ruled_pages[3] - 2) == 1, ruled_pages
