"""Make one output file: merge, render, lay out, check and write it atomically."""

from __future__ import annotations

import io
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from deck.build.plan import Options, Target
from deck.errors import DeckError, UsageError
from deck.files import atomic_write
from deck.layout.workbook import render_workbook, require_workbook, split_blocks
from deck.merge import translated_book
from deck.model.content import Content
from deck.model.sizes import BLEED_MM
from deck.render.environment import environment
from deck.render.fonts import embeddable
from deck.write.pdf import write_pdf


def make_deck_job(content: Content, target: Target, opts: Options, org=None):
    """The merged deck (language, organisation) ready to lay out."""
    from deck.load.profile import profile_for
    from deck.merge import effective_deck
    from deck.render.cards import DeckJob

    eff = effective_deck(content, target.deck, target.lang, org)
    job = DeckJob(deck=eff.deck, project=eff.project or content.project, size=opts.size_for(target),
                  lang=eff.lang, dir=eff.dir, env=environment(translations=eff.messages),
                  roots=[content.root.resolve()], marks=opts.marks, label=f"{target.lang}/{target.deck}",
                  profile=profile_for(opts.icc), effective=eff, selection=tuple(opts.select))
    if org is not None:
        # Organisation templates come first; its folder is the only other place files may come from.
        job.env = environment(overrides=org.templates, translations=eff.messages)
        job.org = org.view()
        job.roots.append(org.folder)
        job.fonts = org.fonts
        job.logo = org.logo
        job.label = f"{org.slug}/{job.label}"
    if opts.strict:  # content strings now; the UI strings the templates use once they are rendered (make_output)
        from deck.i18n.overlay import require_complete

        require_complete(eff.missing, eff.stale)
    return job


_layouts: ContextVar[dict | None] = ContextVar("deck_layouts", default=None)


@contextmanager
def shared_layouts():
    """Within this block, the print, office and fold files of a deck (one language, one organisation) share
    one layout: the faces differ only in colour, so the office files are drawn from the print layout."""
    token = _layouts.set({})
    try:
        yield
    finally:
        _layouts.reset(token)


def card_layout(job, target: Target, org=None):
    """The fitted layout of a deck's cards, its shrink steps, the colours it was laid out in, and the UI
    messages its templates used.

    Laid out in print colours (and kept for the deck's other files inside ``shared_layouts``), except
    where an organisation's own templates may lay out print and screen faces differently.
    """
    from deck.layout.fit import fit_cards

    mode = "print" if target.kind == "print" or org is None or not org.templates else "screen"
    cache = _layouts.get()
    key = (target.org, target.lang, target.deck, mode)
    if cache is not None and key in cache:
        found = cache[key]
        if isinstance(found, DeckError):
            raise found  # the same failure for every file of the deck, laid out once
        return found
    try:
        rendered, scales = fit_cards(job, mode)
    except DeckError as error:
        if cache is not None:
            cache[key] = error
        raise
    # The UI strings the templates looked up (and fell back on) are those of this render, for every file of the deck.
    found = rendered, scales, mode, job.effective.messages
    if cache is not None:
        cache[key] = found
    return found


def make_output(content: Content, target: Target, opts: Options, org=None) -> list[str]:
    """Build one target file atomically; return notes for the report."""
    if target.kind == "workbook":

        return build_workbook(content, target, opts, org)
    job = make_deck_job(content, target, opts, org)
    notes: list[str] = []
    rendered, scales, mode, messages = card_layout(job, target, org)
    if opts.strict:
        from deck.i18n.overlay import require_complete

        require_complete(*(messages.problems() if messages else ()))
    if target.kind == "print":
        from deck.preflight.check import require_clean
        from deck.write.pdfx import write_print_pdf


        def write(tmp: Path) -> None:
            write_print_pdf(rendered.document, tmp, job.output_profile(), marks=opts.marks, label=job.label,
                            families=job.families(), locate=job.cards_with)
            # A file the print shop would reject is never written; its warnings go into the report.
            notes.extend(require_clean(tmp, target.label))

        atomic_write(target.path, write)
    else:
        notes += office_sheets(job, rendered, target, opts, mode)
    from deck.i18n.overlay import ui_notes

    notes += job.effective.notes + ui_notes(messages)
    if scales:
        notes.append("shrunk to fit: " + ", ".join(f"{cid} {int(s * 100)} %" for cid, s in scales.items()))
    return notes


def office_sheets(job, rendered, target: Target, opts: Options, mode: str = "screen") -> list[str]:
    """Impose the laid-out cards on office paper: duplex sheets or fold-over sheets, with the printing note.

    ``mode`` is the colours ``rendered`` was laid out in; print layouts are drawn in screen colours.
    """
    from deck.load.sheet import load_sheet
    from deck.model.grid import grid_for
    from deck.write.impose import impose, impose_fold

    spec = load_sheet(opts.paper)
    fold = target.kind == "fold"
    try:
        grid = grid_for(opts.size_for(target), spec, opts.fit, fold)
    except ValueError as exc:
        raise UsageError(f"{target.label}: {exc}") from None
    # The one-card-per-page PDF stays in memory: no temporary file for a kill to leave behind.
    single = io.BytesIO()
    if mode == "print":
        write_in_screen_colours(job, rendered, single)
    else:
        write_pdf(rendered.document, single, job.label, families=job.families(), locate=job.cards_with)
    note = sheet_note(job, grid, spec, opts.duplex, fold)
    if fold:
        atomic_write(target.path, lambda tmp: impose_fold(single, tmp, grid, BLEED_MM, note))
    else:
        atomic_write(target.path, lambda tmp: impose(single, tmp, grid, opts.duplex, BLEED_MM, opts.back_offset, note))
    notes = [f"{grid.per_sheet} per sheet"]
    if grid.scale < 1:
        notes.append(f"cards at {grid.scale * 100:.0f} %")
    return notes


def write_in_screen_colours(job, rendered, target) -> None:
    """Write the cards of a print layout in screen colours; the shared back is laid out again in screen colours
    (one page), as an organisation's logo on it is converted to CMYK for print only."""
    from deck.layout.fit import back_page, fit_cards
    from deck.write.inks import screen_inks, without_profiles

    pages = rendered.document.pages
    if rendered.shared_back is not None:
        back = back_page(job, "screen")
        pages = [back[1] if page is rendered.shared_back else page for page in pages]
    elif any(not card.back for card in job.printed_cards()):
        # A template whose cards take several pages: its backs cannot be told apart, so lay it out again.
        rendered, _ = fit_cards(job, "screen")
        write_pdf(rendered.document, target, job.label, families=job.families(), locate=job.cards_with)
        return
    with screen_inks(job.ink_pairs(), job.output_profile().icc):
        write_pdf(without_profiles(rendered.document, pages), target, job.label, families=job.families(),
                  locate=job.cards_with)


def sheet_note(job, grid, spec, duplex: str, fold: bool) -> io.BytesIO:
    """The one-line printing instruction for the first sheet, laid out in the deck's language."""
    from deck.layout.document import render_html
    from deck.model.grid import NOTE_MM
    from deck.paths import TEMPLATES, allowed_roots
    from deck.render.environment import render_template

    base = job.context("screen", {})
    context = {"lang": base["lang"], "dir": base["dir"], "fonts": base["fonts"], "font_stack": base["font_stack"],
               "w": grid.paper_w, "h": NOTE_MM, "margin": spec.margin, "fold": fold, "duplex": duplex,
               "percent": round(grid.scale * 100), "paper": spec.name}
    html = render_template(job.env, "sheet-note.html.j2", context, f"{job.label}: the printing instruction")
    rendered = render_html(html, TEMPLATES, allowed_roots(*job.roots), f"{job.label}: the printing instruction")
    note = io.BytesIO()
    write_pdf(rendered.document, note, job.label, families=job.families())
    note.seek(0)
    return note


def build_workbook(content, target, opts, org=None) -> list[str]:
    """Write ``target.path`` atomically: the tagged (PDF/UA-1) workbook; return notes for the report."""
    from deck.i18n.overlay import content_notes, ui_notes

    require_workbook(content, target.label)
    book = translated_book(content, target.lang, org)
    rendered = render_workbook(content, target.lang, opts.workbook_paper, org, target.label, opts.strict, book)
    split = split_blocks(rendered.document, "flow-")

    def write(tmp):
        # pdf/ua-1 tags the structure (headings, lists, tables, figures) so screen readers can follow it;
        # deck.write.pdfua completes what WeasyPrint's tagging leaves out (links, artifacts, /Lang, hyphens).
        from deck.write.pdfua import carry_html_attributes, finish_pdfua

        with carry_html_attributes():
            write_pdf(rendered.document, tmp, target.label, embeddable(org.fonts) if org is not None else None,
                      pdf_variant="pdf/ua-1")
        finish_pdfua(tmp)

    atomic_write(target.path, write)
    notes = [f"{len(rendered.document.pages)} pages {opts.workbook_paper.upper()}"]
    if split:
        notes.append("split over two pages: " + ", ".join(split))
    return notes + content_notes(book) + ui_notes(book.messages)
