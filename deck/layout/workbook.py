"""Lay out the workbook and check that nothing runs off a page or splits."""

from __future__ import annotations

from deck.errors import BuildError
from deck.layout.document import Rendered, overflows, render_html
from deck.merge import translated_book
from deck.model.workbook import Book
from deck.paths import TEMPLATES, allowed_roots
from deck.render.environment import render_template
from deck.render.workbook import BOOK_LAYOUTS, book_environment, workbook_context


def require_workbook(content, label: str) -> None:
    """Fail with a clear message when the content folder has no workbook.yaml."""
    if content.workbook is None:
        raise BuildError(f"{label}: the content folder has no workbook.yaml; add one or build with --no-workbook")


def render_workbook(content, lang: str, paper: str, org=None, label: str = "workbook", strict: bool = False,
                    book: Book | None = None) -> Rendered:
    """Lay out the workbook; fail on cut text or a worksheet split over pages (glyphs are checked on writing).

    ``strict`` fails before layout on any string that fell back to Dutch or is stale, naming its key.
    """
    require_workbook(content, label)
    layout = BOOK_LAYOUTS[paper]
    book = book or translated_book(content, lang, org)
    env = book_environment(book, org)
    rendered = None
    for extra in (0, 1):
        context = workbook_context(book, layout, org, extra)
        html = render_template(env, "workbook.html.j2", context, "the workbook")
        if strict:
            from deck.i18n.overlay import require_complete

            require_complete(book.missing, book.stale, *(book.messages.problems() if book.messages else ()))
        rendered = render_html(html, TEMPLATES, allowed_roots(content.root, org.folder if org is not None else None), label)
        rendered.check_resources(label)  # a refused or missing file stops the workbook too, naming it
        # A printed book has an even number of pages: one more note page fills the last leaf.
        if len(rendered.document.pages) % 2 == 0 or not context["note_pages"]:
            break
    problems = [f"{label}: text of '{key}' runs {'off the page' if mm == float('inf') else f'{mm:.1f} mm past its box'}"
                for key, mm in overflows(rendered.document).items()]
    problems += [f"{label}: '{key}' does not fit on one {paper.upper()} page; shorten it"
                 for key in split_blocks(rendered.document, "keep-")]
    if problems:
        raise BuildError("\n".join(problems))
    return rendered


def split_blocks(document, prefix: str) -> list[str]:
    """Blocks marked with anchors ``<prefix>X`` and ``end<prefix>X`` that start and end on different pages."""
    where: dict[str, list[int]] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            if name.startswith(prefix):
                where.setdefault(name[len(prefix):], [number, -1])[0] = number
            elif name.startswith("end" + prefix):
                where.setdefault(name[len(prefix) + 3:], [-1, number])[1] = number
    return sorted(key for key, (first, last) in where.items() if first != last)
