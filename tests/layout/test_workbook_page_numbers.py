"""Page numbers of the contents and cross-references: right, and their pages laid out only twice."""

from __future__ import annotations

import logging
import re
from collections import Counter

import pytest
from helpers import CONTENT

from deck.layout.document import render_html
from deck.layout.workbook import page_numbers_filled_in, render_workbook
from deck.load.content import load_content
from deck.paths import TEMPLATES


def shown_numbers(document) -> list[tuple[str, int]]:
    """(anchor, number) of every link whose ::after ends in a page number, as laid out."""
    from weasyprint.formatting_structure.boxes import TextBox

    shown: dict[int, list] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, TextBox) and box.element_tag == "a::after":
                shown.setdefault(id(box.element), [box.element.get("href"), ""])[1] += box.text
    return [(href.lstrip("#"), int(re.search(r"(\d+)\D*$", text).group(1))) for href, text in shown.values()]


def first_pages(document) -> dict[str, int]:
    """Anchor name -> the page (1-based) it first lands on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


@pytest.fixture(scope="module")
def laid_out():
    """The Dutch workbook's layout, with every page WeasyPrint laid out (again) counted."""
    made: Counter = Counter()

    class Pages(logging.Handler):
        def emit(self, record):
            found = re.fullmatch(r"Step 5 - Creating layout - Page (\d+)", record.getMessage())
            if found:
                made[int(found.group(1))] += 1

    logger, handler = logging.getLogger("weasyprint.progress"), Pages()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        rendered = render_workbook(load_content(CONTENT), "nl", "a4")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return rendered.document, made


def test_contents_and_cross_references_show_the_page_their_target_starts_on(laid_out):
    document, _ = laid_out
    numbers = shown_numbers(document)
    pages = first_pages(document)
    assert len(numbers) >= 20  # the contents and the programme's and introduction's "(pagina N)"
    assert [(anchor, pages[anchor]) for anchor, _ in numbers] == numbers


def test_no_page_of_the_workbook_is_laid_out_more_than_twice(laid_out):
    document, made = laid_out
    assert sorted(made) == list(range(1, len(document.pages) + 1))
    again = sorted(page for page, times in made.items() if times > 1)
    assert again, "the contents page is laid out again once its numbers are known"
    assert max(made.values()) == 2, f"pages laid out three times or more: {made}"


# A reference whose number grows from one digit to two wraps onto a second line, and pushes the heading
# after it onto the next page, and with it the last page: both numbers change during the repagination.
MOVING = """<!DOCTYPE html><html><head><style>
@page { size: 200px 300px; margin: 0 }
body { margin: 0; font: 20px/20px Inter }
a::after { content: target-counter(attr(href url), page) }
.narrow { display: block; width: 16px; word-break: break-all }
.filler { height: 240px }
h1 { font-size: 20px; line-height: 20px; margin: 0 }
.page { break-before: page }
</style></head><body>
<a href="#heading">See page </a>
<a class="narrow" href="#last"></a>
<div class="filler"></div>
<h1 id="heading">Heading</h1>
""" + '<div class="page">page</div>' * 10 + '<div class="page" id="last">last</div></body></html>'


def test_a_heading_moved_by_a_grown_page_number_gets_its_new_number():
    with page_numbers_filled_in():
        document = render_html(MOVING, TEMPLATES, [TEMPLATES], "test").document
    pages = first_pages(document)
    assert (pages["heading"], pages["last"]) == (2, 13)  # both moved on by the two-digit number
    assert dict(shown_numbers(document)) == {"heading": 2, "last": 13}
