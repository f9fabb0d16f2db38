"""The HTML of the workbook: programme clock times, QR codes, template context and filters."""

from __future__ import annotations

import base64
import datetime
import re
from dataclasses import dataclass

from markupsafe import Markup

from deck.errors import BuildError
from deck.model.clock import minute_of_day
from deck.model.css import css_string as css_literal
from deck.model.language import Foreign
from deck.model.workbook import REFERENCE_RE, Book, Programme
from deck.paths import TEMPLATES
from deck.render import markup
from deck.render.environment import environment
from deck.render.fonts import font_faces, font_stack

GRID_ROWS = 5  # rules the worksheet grid is designed for
GRID_CELL_EXTRA_MM = 2 * 1.6 + 0.25  # a grid cell's padding and border (workbook.css.j2)
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
    grid_row_mm: float  # row height of the vuistregels worksheet (see grid_row)
    qr_mm: float
    worksheet_head_mm: float  # room for the heading of "Het is mijn vak om…"; its rows share the rest

    @property
    def text_height(self) -> float:
        """Height of the text area."""
        return self.height - self.top - self.bottom

    def grid_row(self, rows: int) -> float:
        """Row height of the vuistregels worksheet: ``grid_row_mm`` for up to five rules; more rules
        (an organisation's own) share the page the five fill, borders and padding included."""
        if rows <= GRID_ROWS:
            return self.grid_row_mm
        return (self.grid_row_mm + GRID_CELL_EXTRA_MM) * GRID_ROWS / rows - GRID_CELL_EXTRA_MM

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
    now = minute_of_day(programme.start)
    slots = []
    for part in programme.parts:
        slots.append(Slot(part, clock(now, locale), clock(now + part.minutes, locale)))
        now += part.minutes
    return slots


def qr_data_uri(url: str) -> str:
    """A PNG data: URI of the QR code for ``url`` (segno), black on white with the standard quiet zone."""
    import segno

    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=4, dark="#000000", light="#ffffff")


# The ruling of a notes page, shared by its lines (.lines, .line in workbook.css.j2) and ruled_page.
NOTE_RULE_MM = 0.2  # a line's thickness
NOTE_RULE_COLOUR = "#b4b4b4"
NOTE_LINES_TOP_EM = 0.3  # the space above the first line


def ruled_page(layout: BookLayout, lines: int) -> str:
    """CSS for the background of a blank page (@page :blank) that rules it as a notes page is, line for line.

    A notes page's .line is ``line_mm`` high with a rule below it; drawn as an SVG image, since
    WeasyPrint 70 paints a gradient over the whole page whatever its background-size.
    """
    width = layout.width - layout.inner - layout.outer
    pitch = layout.line_mm + NOTE_RULE_MM
    rules = "".join(f'<rect y="{k * pitch + layout.line_mm:.3f}" width="{width:g}" height="{NOTE_RULE_MM:g}"/>'
                    for k in range(lines))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}mm" height="{lines * pitch:.3f}mm" '
           f'viewBox="0 0 {width:g} {lines * pitch:.3f}" fill="{NOTE_RULE_COLOUR}">{rules}</svg>')
    top_mm = NOTE_LINES_TOP_EM * layout.font_pt * 25.4 / 72
    return (f'url("data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode("ascii")}") '
            f"0 {top_mm:.3f}mm / {width:g}mm {lines * pitch:.3f}mm no-repeat content-box")


def workbook_context(book: Book, layout: BookLayout, org=None) -> dict:
    """The template context: workbook.yaml plus the decks the chapters render from, in the book's language."""
    wb, decks, language = book.wb, book.decks, book.language
    interview = decks[wb.interview.deck]
    rules_deck = decks[wb.rules.deck]
    lessons = decks[wb.lessons.deck]
    parts_card = next((c for c in rules_deck.cards if c.id == wb.rules.parts_card), None)
    if parts_card is None:  # deck check refuses a profile that leaves it out; say so should one get here
        raise BuildError(f"the workbook needs card '{wb.rules.parts_card}' of deck '{rules_deck.id}' (rules.parts_card "
                         f"in workbook.yaml) for its worksheet, and this set leaves it out")
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
                ("interview", wb.interview.title), ("rules", wb.rules.title), ("worksheet", wb.worksheet.title)]
    if wb.sets is not None:
        chapters.append(("sets", wb.sets.title))
    chapters += [("lessons", wb.lessons.title), ("themes", wb.themes.title)]
    note_pages, note_lines = wb.notes.pages, layout.note_lines(4)
    if note_pages:
        chapters.append(("notes", wb.notes.title))
    authors = list(dict.fromkeys(a for s in wb.sources for a in s.authors))
    own = org.fonts if org is not None else ()
    return {
        "wb": wb, "project": book.project, "decks": {d: decks[d] for d in book.shown}, "all_decks": decks,
        "org": org.view() if org is not None else None, "lang": book.lang, "dir": language.dir,
        "hyphenate": language.hyphenate, "quotes": language.quotes_css,
        # An organisation's own fonts come first, as on its cards.
        "layout": layout, "fonts": font_faces(language, own), "font_stack": font_stack(language, own),
        "own_families": list(dict.fromkeys(family for family, *_ in own)),  # credited in the colophon
        "colour": wb.colour.css("screen"), "tint": wb.colour.tint("screen", 0.1),
        "tint_strong": wb.colour.tint("screen", 0.35),
        "interview": interview, "questions": questions,
        "rules_deck": rules_deck, "parts": parts_card.items, "parts_card": parts_card,
        "rules": [c for c in rules_deck.cards if c.id != parts_card.id],
        "lessons_deck": lessons, "lesson_groups": groups,
        "slots": schedule(wb.programme, language.babel), "total_minutes": sum(p.minutes for p in wb.programme.parts),
        "recordings": [{"label": r.label, "url": r.url, "qr": qr_data_uri(r.url)} for r in wb.song.recordings],
        "chapters": chapters, "chapter_titles": dict(chapters), "authors": authors,
        "note_pages": note_pages, "note_lines_first": layout.note_lines(24), "note_lines": note_lines,
        "ruling": {"rule_mm": NOTE_RULE_MM, "colour": NOTE_RULE_COLOUR, "top_em": NOTE_LINES_TOP_EM},
        "ruled_page": ruled_page(layout, note_lines),
        "edition": wb.edition or book.project.edition,
        # Each card chapter takes the colour of its deck, so book and cards look related.
        "accents": {chapter: {"css": decks[d].colour.css("screen"), "tint": decks[d].colour.tint("screen", 0.35),
                              "tint_light": decks[d].colour.tint("screen", 0.1)}
                    for chapter, d in (("interview", wb.interview.deck), ("rules", wb.rules.deck), ("lessons", wb.lessons.deck))},
        # A section of the chapter on the other card sets takes the colour of its (first) deck.
        "set_accents": {s.id: {"css": decks[s.decks[0]].colour.css("screen"),
                               "tint_light": decks[s.decks[0]].colour.tint("screen", 0.1)}
                        for s in (wb.sets.sections if wb.sets is not None else [])},
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
    nothing a translator writes can leave the CSS string or the ``<style>`` element (model.css).
    """
    raw = text.unescape() if isinstance(text, Markup) else str(text)
    out = []
    for i, piece in enumerate(re.split(r"(\{\w+\})", raw)):
        if piece[1:-1] in pieces and i % 2:
            out.append(pieces[piece[1:-1]])
        elif piece:
            out.append(css_literal(piece.replace("\n", " ")))
    return Markup(" ".join(out))


def book_environment(book: Book, org=None):
    """The Jinja environment of the workbook: the language's UI strings and the workbook's filters."""
    env = environment(overrides=org.templates if org is not None else None, translations=book.messages)
    _workbook_filters(env, book.language.babel)
    return env


def _workbook_filters(env, locale: str) -> None:
    from babel.dates import format_date
    from babel.lists import format_list

    env.filters["inline"] = marked(markup.inline, "span")
    env.filters["md"] = marked(markup.block, "div")
    env.filters["prose"] = marked(markup.prose, "div")
    env.filters["cssstr"] = css_string
    env.filters["refs"] = reference_links
    env.filters["css_content"] = css_content
    env.filters["longdate"] = lambda d: format_date(d, "long", locale=locale)
    env.filters["listing"] = lambda items: format_list(list(items), locale=locale)  # 'A, B en C'


def compile_builtin_templates() -> list[str]:
    """Compile every built-in template into the process's shared cache (render.environment); return their names.

    The workers' fork server does this once (deck.build.warm), so no worker compiles a template
    before its first output (100-150 ms for the workbook's). Compiled code looks filters up when it
    runs, so one environment with the workbook's filters compiles the cards' templates too.
    """
    env = environment()
    _workbook_filters(env, "nl")
    names = sorted(p.name for p in TEMPLATES.iterdir() if p.suffix == ".j2")
    for name in names:
        env.get_template(name)
    return names


def reference_links(html: Markup) -> Markup:
    """Rendered text with every "[n]" made a link to reference n of the chapter on the other card sets."""
    return Markup(REFERENCE_RE.sub(r'<a class="ref" href="#sets-ref-\1">[\1]</a>', str(html)))


def css_string(text: str | None) -> str:
    """Text without markup, escaped for a single-quoted CSS string (bookmark labels)."""
    return markup.plain(text).replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")
