"""Lay out the workbook and check that nothing runs off a page or splits."""

from __future__ import annotations

import copy
from contextlib import contextmanager

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
    # A printed book has an even number of pages: the last notes page starts on a verso (workbook.css.j2),
    # so a book with notes pages is laid out once and ends on one.
    context = workbook_context(book, layout, org)
    html = render_template(env, "workbook.html.j2", context, "the workbook")
    if strict:
        from deck.i18n.overlay import require_complete

        require_complete(book.missing, book.stale, *(book.messages.problems() if book.messages else ()))
    roots = allowed_roots(content.root, org.folder if org is not None else None)
    with page_numbers_filled_in():
        rendered = render_html(html, TEMPLATES, roots, label)
    rendered.check_resources(label)  # a refused or missing file stops the workbook too, naming it
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


@contextmanager
def page_numbers_filled_in():
    """While active, WeasyPrint fills in the page numbers of the contents and cross-references before it
    lays their pages out again, not after: each such page is laid out twice instead of three times.

    WeasyPrint 70 lays out every page, then lays out again the pages with a ``target-counter()``
    (``.toc a::after``, ``.pageref::after``). It computes their new text only after laying such a page
    out, so that second pass still shows the numbers of the first (all 0); the total page count,
    which joined the page's counters after the first pass, then makes it compute them and lay the
    pages out a third time. With ``attr(href url)`` it never learns which anchor a number points to,
    so a heading that moves in the last pass keeps the number it had before. Here each pass starts
    from the numbers of the pass before; when an anchor moved in a pass, another pass follows.

    This wraps WeasyPrint 70's ``layout.make_all_pages`` (one call per pass) and reads its pagination
    state (``page_maker``, the target collector); tests/layout/test_workbook_page_numbers.py fails
    should a WeasyPrint release change them (pyproject.toml keeps it below 71).
    """
    import weasyprint.layout as weasy

    original = weasy.make_all_pages
    if getattr(original, "fills_in_page_numbers", False):  # already active (a nested or concurrent layout)
        yield
        return

    def make_all_pages(context, root_box, html, pages):
        maker = context.page_maker
        collector = context.target_collector
        numbers = [item for (_, token), item in collector.counter_lookup_items.items()
                   if token == "content" and item.missing_target_counters and item.page_maker_index is not None
                   and item.page_maker_index + 1 < len(maker)]
        if pages:  # a repagination: every anchor has its page from the pass before
            for item in numbers:
                counters = maker[item.page_maker_index + 1][3][1]  # those of its page, after it
                item.cached_page_counter_values = copy.deepcopy(counters)
                item.parse_again(counters)
        before = {name: _page_of(item) for name, item in collector.target_lookup_items.items()}
        yield from original(context, root_box, html, pages)
        if pages and any(_page_of(item) != before.get(name) for name, item in collector.target_lookup_items.items()):
            for item in numbers:
                if item.page_maker_index < len(context.page_maker):
                    context.page_maker[item.page_maker_index][-1]["content_changed"] = True

    make_all_pages.fills_in_page_numbers = True
    weasy.make_all_pages = make_all_pages
    try:
        yield
    finally:
        weasy.make_all_pages = original


def _page_of(target) -> dict:
    """An anchor's page counters as last laid out, without the total page count (which only joins them)."""
    return {name: value for name, value in target.cached_page_counter_values.items() if name != "pages"}
