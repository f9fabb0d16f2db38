"""The facilitator workbook: one book-like PDF made from workbook.yaml and the same decks as the cards."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from . import markup
from .errors import BuildError, Problem
from .language import Foreign
from .layout import Rendered, overflows, render_html, write_pdf
from .output import atomic_write
from .render import DATA, FONTS, TEMPLATES, environment, render_template
from .workbook_schema import Programme, Workbook

QR_SCALE = 8  # pixels per module: about 300 ppi at the printed size, so no viewer smooths it


@dataclass(frozen=True)
class BookLayout:
    """Page geometry and type sizes of the workbook for one paper size (millimetres, points)."""

    name: str
    width: float
    height: float
    font_pt: float
    inner: float  # margin on the binding side
    outer: float
    top: float
    bottom: float
    line_mm: float  # distance between ruled note lines
    grid_row_mm: float  # row height of the vuistregels worksheet
    qr_mm: float
    worksheet_head_mm: float  # room for the heading of "Het is mijn vak om…"; its rows share the rest

    @property
    def text_height(self) -> float:
        """Height of the text area."""
        return self.height - self.top - self.bottom

    def note_lines(self, reserved_mm: float) -> int:
        """How many ruled lines fill a page after ``reserved_mm`` of heading."""
        return int((self.text_height - reserved_mm) // self.line_mm)


BOOK_LAYOUTS = {
    "a4": BookLayout("a4", 210, 297, 10.5, inner=25, outer=17, top=21, bottom=20, line_mm=8.5, grid_row_mm=40, qr_mm=32,
                     worksheet_head_mm=58),
    "a5": BookLayout("a5", 148, 210, 8.8, inner=18, outer=12, top=16, bottom=16, line_mm=7.5, grid_row_mm=22, qr_mm=27,
                     worksheet_head_mm=48),
}


@dataclass(frozen=True)
class Slot:
    """One part of the programme with its computed clock times."""

    part: object
    start: str
    end: str


def clock(minutes: int, locale: str = "nl") -> str:
    """Minutes since midnight as the locale writes a time of day (Babel): '13:30' in nl and en_GB."""
    from babel.dates import format_time

    return format_time(datetime.time(minutes // 60 % 24, minutes % 60), "short", locale=locale)


def schedule(programme: Programme, locale: str = "nl") -> list[Slot]:
    """Clock times of every part: the start time plus the durations before it (never stored)."""
    hours, mins = (int(x) for x in programme.start.split(":"))
    now = hours * 60 + mins
    slots = []
    for part in programme.parts:
        slots.append(Slot(part, clock(now, locale), clock(now + part.minutes, locale)))
        now += part.minutes
    return slots


def qr_data_uri(url: str) -> str:
    """A PNG data: URI of the QR code for ``url`` (segno), black on white with the standard quiet zone."""
    import segno

    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=4, dark="#000000", light="#ffffff")


@dataclass
class Book:
    """The workbook's text in one language: workbook.yaml, the project and the decks, with what fell back."""

    wb: Workbook
    project: object  # content.Project, translated
    decks: dict[str, object]  # every deck by id, language and organisation applied
    shown: list[str]  # the decks the set holds, in order
    lang: str
    language: object  # language.Language: fonts, hyphenation, quotes, Babel locale
    messages: object = None  # overlay.UiMessages; None renders the Dutch UI text
    missing: list[Problem] = field(default_factory=list)  # strings that fell back to Dutch, by key
    stale: list[Problem] = field(default_factory=list)  # translations made from older Dutch, by key


def translated_book(content, lang: str, org=None) -> Book:
    """workbook.yaml, content.yaml and every deck in ``lang`` (for ``org``, or the shared set when None)."""
    from .language import load_language
    from .merge import effective_deck
    from .overlay import translator

    source = content.project.language
    language = load_language(content.root, lang, source)
    decks, missing, stale = {}, [], []
    for deck_id in content.decks:
        # The same merge as the cards: translated text, and an organisation's left-out and own cards.
        eff = effective_deck(content, deck_id, lang, org)
        decks[deck_id] = eff.deck
        missing += eff.missing
        stale += eff.stale
    book = Book(content.workbook, content.project, decks, list(org.decks) if org is not None else list(content.decks),
                lang, language)
    if lang != source:
        lookup = translator(content, lang)
        wb = lookup.model(content.workbook, "workbook")
        # The sources are Dutch publications: a translation credits them by their Dutch title, marked as such.
        src = lookup.pack.source
        sources = [s.model_copy(update={"title": Foreign(s.title, src.code, src.dir),
                                        "publisher": Foreign(s.publisher, src.code, src.dir) if s.publisher else None})
                   for s in wb.sources]
        book.wb = wb.model_copy(update={"sources": sources})
        book.project = lookup.model(content.project, "content")
        book.messages = lookup.pack.messages
        missing += lookup.missing
        stale += lookup.stale
    if org is not None:
        book.wb = with_org_programme(book.wb, org)
    # Every deck's report repeats the project's strings: name each key once.
    book.missing = list({p.path: p for p in missing}.values())
    book.stale = list({p.path: p for p in stale}.values())
    return book


def with_org_programme(wb: Workbook, org) -> Workbook:
    """The organisation's start time and durations replace the shared ones; clock times follow."""
    own = org.workbook
    if not own.start and not own.durations:
        return wb
    parts = [p.model_copy(update={"minutes": own.durations[p.id]}) if p.id in own.durations else p
             for p in wb.programme.parts]
    programme = wb.programme.model_copy(update={"start": own.start or wb.programme.start, "parts": parts})
    return wb.model_copy(update={"programme": programme})


def workbook_context(book: Book, layout: BookLayout, org=None, extra_pages: int = 0) -> dict:
    """The template context: workbook.yaml plus the decks the chapters render from, in the book's language."""
    wb, decks, language = book.wb, book.decks, book.language
    interview = decks[wb.interview.deck]
    rules_deck = decks[wb.rules.deck]
    lessons = decks[wb.lessons.deck]
    parts_card = next(c for c in rules_deck.cards if c.id == wb.rules.parts_card)
    questions = []
    for card in interview.cards:
        extra = wb.interview.questions.get(card.id)
        lines = extra.lines if extra and extra.lines is not None else wb.interview.note_lines
        questions.append({"card": card, "hints": extra.hints if extra else [], "lines": lines})
    groups = [{"group": g, "cards": [c for c in lessons.cards if c.group == g.id]} for g in lessons.groups]
    ungrouped = [c for c in lessons.cards if not c.group]
    if ungrouped:
        groups.append({"group": None, "cards": ungrouped})
    chapters = [("intro", wb.intro.title), ("programme", wb.programme.title), ("song", wb.song.title),
                ("interview", wb.interview.title), ("rules", wb.rules.title), ("worksheet", wb.worksheet.title),
                ("lessons", wb.lessons.title), ("themes", wb.themes.title)]
    note_pages = wb.notes.pages + extra_pages
    if note_pages:
        chapters.append(("notes", wb.notes.title))
    authors = list(dict.fromkeys(a for s in wb.sources for a in s.authors))
    return {
        "wb": wb, "project": book.project, "decks": {d: decks[d] for d in book.shown}, "all_decks": decks,
        "org": org.view() if org is not None else None, "lang": book.lang, "dir": language.dir,
        "hyphenate": language.hyphenate, "quotes": language.quotes_css,
        "layout": layout, "fonts": language.font_faces(), "font_stack": language.font_stack,
        "colour": wb.colour.css("screen"), "tint": wb.colour.tint("screen", 0.1),
        "tint_strong": wb.colour.tint("screen", 0.35),
        "interview": interview, "questions": questions,
        "rules_deck": rules_deck, "parts": parts_card.items, "parts_card": parts_card,
        "rules": [c for c in rules_deck.cards if c.id != parts_card.id],
        "lessons_deck": lessons, "lesson_groups": groups,
        "slots": schedule(wb.programme, language.babel), "total_minutes": sum(p.minutes for p in wb.programme.parts),
        "recordings": [{"label": r.label, "url": r.url, "qr": qr_data_uri(r.url)} for r in wb.song.recordings],
        "chapters": chapters, "chapter_titles": dict(chapters), "authors": authors,
        "note_pages": note_pages, "note_lines_first": layout.note_lines(24), "note_lines": layout.note_lines(4),
        "edition": wb.edition or book.project.edition,
        # Each card chapter takes the colour of its deck, so book and cards look related.
        "accents": {chapter: {"css": decks[d].colour.css("screen"), "tint": decks[d].colour.tint("screen", 0.35),
                              "tint_light": decks[d].colour.tint("screen", 0.1)}
                    for chapter, d in (("interview", wb.interview.deck), ("rules", wb.rules.deck), ("lessons", wb.lessons.deck))},
    }


def marked(render, tag: str):
    """A markup filter that wraps text in another language (a Dutch fallback) in ``<tag lang dir>``.

    Hyphenation and quotes follow ``lang``, so a Dutch paragraph in an English book is still
    hyphenated as Dutch, and a screen reader switches voice.
    """
    def apply(value) -> Markup:
        html = render(value)
        if isinstance(value, Foreign) and html:
            return Markup(f'<{tag} lang="%s" dir="%s">%s</{tag}>') % (value.lang, value.dir, html)
        return html
    return apply


def css_content(text, **pieces: str) -> Markup:
    """A CSS ``content`` value from a translated string: its text quoted, ``{name}`` replaced by ``pieces[name]``.

    ``_("pagina %(page)s van %(pages)s", page="{page}", pages="{pages}")|css_content(page="counter(page)", ...)``
    gives ``"page " counter(page) " of " counter(pages)``: the translation stays one sentence, and
    nothing a translator writes can leave the CSS string.
    """
    raw = text.unescape() if isinstance(text, Markup) else str(text)
    out = []
    for i, piece in enumerate(re.split(r"(\{\w+\})", raw)):
        if piece[1:-1] in pieces and i % 2:
            out.append(pieces[piece[1:-1]])
        elif piece:
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')
    return Markup(" ".join(out))


def book_environment(book: Book, org=None):
    """The Jinja environment of the workbook: the language's UI strings and the workbook's filters."""
    from babel.dates import format_date

    env = environment(overrides=org.templates if org is not None else None, translations=book.messages)
    env.filters["inline"] = marked(markup.inline, "span")
    env.filters["md"] = marked(markup.block, "div")
    env.filters["prose"] = marked(markup.prose, "div")
    env.filters["cssstr"] = css_string
    env.filters["css_content"] = css_content
    env.filters["longdate"] = lambda d: format_date(d, "long", locale=book.language.babel)
    return env


def css_string(text: str | None) -> str:
    """Text without markup, escaped for a single-quoted CSS string (bookmark labels)."""
    return markup.plain(text).replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")


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
            from .overlay import require_complete

            require_complete(book.missing, book.stale, *(book.messages.problems() if book.messages else ()))
        rendered = render_html(html, TEMPLATES, [content.root.resolve(), TEMPLATES, FONTS, DATA]
                               + ([org.folder] if org is not None else []))
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


def build_workbook(content, target, opts, org=None) -> list[str]:
    """Write ``target.path`` atomically: the tagged (PDF/UA-1) workbook; return notes for the report."""
    from .overlay import content_notes, ui_notes

    require_workbook(content, target.label)
    book = translated_book(content, target.lang, org)
    rendered = render_workbook(content, target.lang, opts.workbook_paper, org, target.label, opts.strict, book)
    split = split_blocks(rendered.document, "flow-")

    def write(tmp):
        # pdf/ua-1 tags the structure (headings, lists, tables, figures) so screen readers can follow it.
        # pdf_identifier=True: a trailer /ID from the content's hash (same content, same ID).
        write_pdf(rendered.document, tmp, target.label, pdf_variant="pdf/ua-1", pdf_identifier=True)

    atomic_write(target.path, write)
    notes = [f"{len(rendered.document.pages)} pages {opts.workbook_paper.upper()}"]
    if split:
        notes.append("split over two pages: " + ", ".join(split))
    return notes + content_notes(book) + ui_notes(book.messages)
