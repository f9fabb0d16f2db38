"""The facilitator workbook: one book-like PDF made from workbook.yaml and the same decks as the cards."""

from __future__ import annotations

from dataclasses import dataclass

from . import markup
from .errors import BuildError
from .layout import Rendered, overflows, render_html, write_pdf
from .output import atomic_write
from .render import DATA, FONTS, TEMPLATES, environment, font_faces, render_template
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


def clock(minutes: int) -> str:
    """Minutes since midnight as HH:MM."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule(programme: Programme) -> list[Slot]:
    """Clock times of every part: the start time plus the durations before it (never stored)."""
    hours, mins = (int(x) for x in programme.start.split(":"))
    now = hours * 60 + mins
    slots = []
    for part in programme.parts:
        slots.append(Slot(part, clock(now), clock(now + part.minutes)))
        now += part.minutes
    return slots


def qr_data_uri(url: str) -> str:
    """A PNG data: URI of the QR code for ``url`` (segno), black on white with the standard quiet zone."""
    import segno

    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=4, dark="#000000", light="#ffffff")


def workbook_context(content, lang: str, layout: BookLayout, org=None, extra_pages: int = 0) -> dict:
    """The template context: workbook.yaml plus the decks the chapters render from."""
    from .merge import effective_deck

    wb: Workbook = content.workbook
    decks = {d: effective_deck(content, d, lang).deck for d in content.decks}
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
        "wb": wb, "project": content.project, "decks": decks, "org": org, "lang": lang, "dir": "ltr",
        "layout": layout, "fonts": font_faces(), "font_stack": '"Inter"',
        "colour": wb.colour.css("screen"), "tint": wb.colour.tint("screen", 0.1),
        "tint_strong": wb.colour.tint("screen", 0.35),
        "interview": interview, "questions": questions,
        "rules_deck": rules_deck, "parts": parts_card.items, "parts_card": parts_card,
        "rules": [c for c in rules_deck.cards if c.id != parts_card.id],
        "lessons_deck": lessons, "lesson_groups": groups,
        "slots": schedule(wb.programme), "total_minutes": sum(p.minutes for p in wb.programme.parts),
        "recordings": [{"label": r.label, "url": r.url, "qr": qr_data_uri(r.url)} for r in wb.song.recordings],
        "chapters": chapters, "chapter_titles": dict(chapters), "authors": authors,
        "note_pages": note_pages, "note_lines_first": layout.note_lines(24), "note_lines": layout.note_lines(4), "edition": wb.edition or content.project.edition,
        # Each card chapter takes the colour of its deck, so book and cards look related.
        "accents": {chapter: {"css": decks[d].colour.css("screen"), "tint": decks[d].colour.tint("screen", 0.35),
                              "tint_light": decks[d].colour.tint("screen", 0.1)}
                    for chapter, d in (("interview", wb.interview.deck), ("rules", wb.rules.deck), ("lessons", wb.lessons.deck))},
    }


def css_string(text: str | None) -> str:
    """Text without markup, escaped for a single-quoted CSS string (bookmark labels)."""
    return markup.plain(text).replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")


def render_workbook(content, lang: str, paper: str, org=None, label: str = "workbook") -> Rendered:
    """Lay out the workbook; fail on cut text or a worksheet split over pages (glyphs are checked on writing)."""
    if content.workbook is None:
        raise BuildError(f"{label}: the content folder has no workbook.yaml; add one or build with --no-workbook")
    layout = BOOK_LAYOUTS[paper]
    env = environment()
    env.filters["prose"] = markup.prose
    env.filters["cssstr"] = css_string
    rendered = None
    for extra in (0, 1):
        context = workbook_context(content, lang, layout, org, extra)
        html = render_template(env, "workbook.html.j2", context, "the workbook")
        rendered = render_html(html, TEMPLATES, [content.root.resolve(), TEMPLATES, FONTS, DATA])
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


def build_workbook(content, target, opts) -> list[str]:
    """Write ``target.path`` atomically: the tagged (PDF/UA-1) workbook; return notes for the report."""
    rendered = render_workbook(content, target.lang, opts.workbook_paper, None, target.label)
    split = split_blocks(rendered.document, "flow-")

    def write(tmp):
        # pdf/ua-1 tags the structure (headings, lists, tables, figures) so screen readers can follow it.
        write_pdf(rendered.document, tmp, target.label, pdf_variant="pdf/ua-1")

    atomic_write(target.path, write)
    notes = [f"{len(rendered.document.pages)} pages {opts.workbook_paper.upper()}"]
    if split:
        notes.append("split over two pages: " + ", ".join(split))
    return notes

