"""The translated workbook: English text throughout, marked Dutch fallbacks, stale strings by key, navigation."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from helpers import CONTENT, cli, edit, fonts, heading_runs, norm, outline, toc_entries
from helpers import pdfium_texts as page_texts

from deck.build.make import build_workbook
from deck.build.plan import Options, Target
from deck.errors import ContentError
from deck.i18n.catalog import read_catalog
from deck.i18n.workflow import status
from deck.layout.workbook import render_workbook
from deck.load.content import load_content
from deck.merge import translated_book
from deck.render.environment import render_template
from deck.render.markup import inline, plain
from deck.render.workbook import BOOK_LAYOUTS, book_environment, workbook_context

FOLLOW_UP = "workbook/interview/follow_up_title"


def book_html(content: Path, lang: str = "en") -> tuple[object, str]:
    """The translated book and the workbook's HTML (template only, no layout: fast)."""
    book = translated_book(load_content(content), lang)
    return book, render_template(book_environment(book), "workbook.html.j2",
                                 workbook_context(book, BOOK_LAYOUTS["a4"]), "the workbook")


def dutch_titles(content) -> set[str]:
    """The Dutch publications the set credits: a translation names them as published."""
    wb = content.workbook
    return {s.title for s in wb.sources} | {s.publisher for s in wb.sources if s.publisher}


@pytest.fixture(scope="module")
def english_workbook(english) -> tuple[Path, list[str]]:
    """The English workbook of the session's strict English build, and its build notes."""
    folder, results = english
    return folder / "workbook.pdf", results["workbook.pdf"].notes


def test_english_workbook_has_no_dutch_text(english_workbook, content):
    pdf, notes = english_workbook
    assert not any("Dutch" in note or "stale" in note for note in notes), notes
    text = norm(" ".join(page_texts(pdf)))
    for title in sorted(dutch_titles(content), key=len, reverse=True):
        text = text.replace(norm(plain(title)), "")
    translated = []
    for name in ("content.po", "messages.po"):
        catalog, _ = read_catalog(CONTENT / "locales" / "en" / name, "en")
        for m in catalog:
            if m.id and m.string and m.string != m.id:
                translated.append(m.id[-1] if isinstance(m.id, tuple) else m.id)
    assert len(translated) > 250  # the cards' and the workbook's strings, and the UI labels
    # Every Dutch line of content.yaml, the decks, workbook.yaml and the templates (placeholders cut out,
    # list items one by one), in any case: headings and labels may be set in capitals.
    dutch = {norm(plain(piece.lstrip("- "))) for msgid in translated for piece in re.split(r"%\(\w+\)s|\n", msgid)}
    found = [d for d in dutch if len(d) > 3 and re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text, re.IGNORECASE)]
    assert not found
    for sample in ("Talking about the essence of your profession", "Workbook for the facilitator", "Contents",
                   "When do you feel yourself getting distracted from that, busy with the wrong things?",
                   "Lesson 1 Don’t just explain and park the differences", "Five rules of thumb (6 cards)",
                   "13:30–13:50", "Theme 1: The worker", "SOIL LAYER 1 Professionalism"):
        assert sample in text, sample
    assert re.search(r"page 4 of \d+", text)


def test_english_workbook_is_tagged_english_and_titled(english_workbook, content):
    pdf, _ = english_workbook
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "en"
        assert "/StructTreeRoot" in doc.Root
        assert str(doc.docinfo["/Title"]) == "Workbook for the facilitator – Talking about the essence of your profession"
        assert str(doc.docinfo["/Subject"]) == "A team day on the essence of the neighbourhood team’s profession"
    found = fonts(pdf)
    assert found and all(found.values()) and all("Inter" in name for name in found), found


def test_only_the_dutch_sources_are_marked_dutch(content):
    book, html = book_html(CONTENT)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert "<body>" in html  # Pyphen hyphenates lang="en"; no other hyphenation language
    assert 'q { quotes: "“" "”" "‘" "’"; }' in html
    marked = re.findall(r'<(\w+) lang="nl" dir="ltr">(.*?)</\1>', html)
    assert sorted({text for _, text in marked}) == sorted(str(inline(t)) for t in dutch_titles(content))
    assert 'content: "page " counter(page) " of " counter(pages);' in html
    assert 'content: " " "(page " target-counter(attr(href url), page) ")";' in html


def test_plurals_and_times_follow_the_language(content_copy):
    book, html = book_html(content_copy)
    env = book_environment(book)
    plural = '{% trans count=n %}{{ count }} kaart{% pluralize %}{{ count }} kaarten{% endtrans %}'
    assert [env.from_string(plural).render(n=n) for n in (1, 12)] == ["1 card", "12 cards"]
    assert "<td class=\"time\">13:30–13:50</td>" in html  # en_GB (language.yaml `locale:`) writes a 24-hour clock
    edit(content_copy / "locales" / "en" / "language.yaml", "locale: en_GB ", "locale: en_US ")
    _, american = book_html(content_copy)
    assert "<td class=\"time\">1:30\u202fPM–1:50\u202fPM</td>" in american  # CLDR's narrow space before PM


def test_english_contents_and_outline_land_on_their_pages(english_workbook, content):
    pdf, _ = english_workbook
    book = translated_book(content, "en")
    wb = book.wb
    texts = page_texts(pdf)
    headings = heading_runs(pdf)
    toc = next(i for i, runs in enumerate(headings) if "Contents" in runs)
    entries = toc_entries(texts[toc], "page")
    chapters = [wb.intro.title, wb.programme.title, wb.song.title, wb.interview.title, wb.rules.title,
                wb.worksheet.title, wb.lessons.title, wb.themes.title, wb.notes.title]
    assert all(plain(c) in entries for c in chapters), entries
    assert len(entries) == len(chapters) + len(wb.programme.parts) + 1
    for title, number in entries.items():
        heading = re.sub(r"^\d\d:\d\d ", "", title)
        found = [i for i, runs in enumerate(headings) if i > toc and heading in runs]
        assert found and found[0] + 1 == number, f"'{title}': contents say page {number}, heading on {[i + 1 for i in found]}"
    items = outline(pdf)
    titles = [t for _, t, _ in items]
    for card in book.decks[wb.lessons.deck].cards:
        assert f"Lesson {card.number}: {plain(card.title)}" in titles
    for card in book.decks[wb.interview.deck].cards:
        assert f"{card.number}. {plain(card.title or card.section)}" in titles
    for _, title, page in items:
        core = norm(re.sub(r"^(\d\d:\d\d |\d+\. |\w+ \d+:? |Soil layer \d+ )", "", title))
        assert any(run.endswith(core) for run in headings[page]), f"outline '{title}' -> page {page + 1}: {headings[page]}"


def test_a_changed_workbook_string_is_stale_by_key(content_copy, tmp_path):
    edit(content_copy / "workbook.yaml", "  follow_up_title: Doorvragen\n", "  follow_up_title: Goed doorvragen\n")
    (en,) = [s for s in status(content_copy) if s.code == "en"]
    assert en.total.stale == [(FOLLOW_UP, "Doorvragen", "Goed doorvragen")]
    assert en.total.missing == [] and en.total.obsolete == []
    result = cli("i18n", "status", "--content", content_copy)
    assert f"stale    {FOLLOW_UP}\n           was: Doorvragen\n           now: Goed doorvragen" in result.output

    po = content_copy / "locales" / "en" / "content.po"
    line = po.read_text(encoding="utf-8").splitlines().index(f'msgctxt "{FOLLOW_UP}"') + 2
    with pytest.raises(ContentError) as err:  # strict: fails before layout, naming file, line and key
        render_workbook(load_content(content_copy), "en", "a4", strict=True)
    assert err.value.lines() == [f"{po}:{line}: {FOLLOW_UP}: stale translation: the Dutch changed from"
                                 " “Doorvragen” to “Goed doorvragen”", "1 problem found."]
    # A draft build uses the stale translation and says so.
    target = Target("workbook", "en", None, tmp_path / "workbook.pdf")
    notes = build_workbook(load_content(content_copy), target, Options(content=content_copy))
    assert f"1 stale translation used: {FOLLOW_UP}" in notes
    assert "Asking follow-up questions" in norm(" ".join(page_texts(target.path)))


def test_an_untranslated_workbook_string_falls_back_to_marked_dutch(content_copy):
    hint = '        - "Wat leidt je dan af? En wat brengt je weer terug bij de kern van je werk?"\n'
    edit(content_copy / "workbook.yaml", hint, hint + '        - "Wie merkt het als je afgeleid bent?"\n')
    book, html = book_html(content_copy)
    assert [p.path for p in book.missing] == ["workbook/interview/questions/off-day/hints/1"]
    assert book.stale == []
    assert "<li>What distracts you then? And what brings you back to the core of your work?</li>" in html
    assert '<li><span lang="nl" dir="ltr">Wie merkt het als je afgeleid bent?</span></li>' in html
