"""Make one output file: merge, render, lay out, check and write it atomically."""

from __future__ import annotations

import io
from pathlib import Path

from deck.build.plan import Options, Target
from deck.files import atomic_write
from deck.layout.workbook import render_workbook, require_workbook, split_blocks
from deck.merge import translated_book
from deck.model.content import Content
from deck.model.sizes import BLEED_MM, CARD_SIZES, PAPERS
from deck.render.environment import environment
from deck.write.pdf import write_pdf


def make_deck_job(content: Content, target: Target, opts: Options, org=None):
    """The merged deck (language, organisation) ready to lay out."""
    from deck.load.profile import profile_for
    from deck.merge import effective_deck
    from deck.render.cards import DeckJob

    eff = effective_deck(content, target.deck, target.lang, org)
    job = DeckJob(deck=eff.deck, project=eff.project or content.project, size=CARD_SIZES[opts.card_size],
                  lang=eff.lang, dir=eff.dir, env=environment(translations=eff.messages),
                  roots=[content.root.resolve()], marks=opts.marks, label=f"{target.lang}/{target.deck}",
                  profile=profile_for(opts.icc), effective=eff)
    if org is not None:
        # Organisation templates come first; its folder is the only other place files may come from.
        job.env = environment(overrides=org.templates, translations=eff.messages)
        job.org = org.view()
        job.roots.append(org.folder)
        job.fonts = org.fonts
        job.logo = org.logo
        job.label = f"{org.slug}/{job.label}"
    if opts.strict:
        from deck.i18n.overlay import require_complete

        job.html("screen", {})  # template only, no layout: looks up every UI string the deck uses
        require_complete(eff.missing, eff.stale, *(eff.messages.problems() if eff.messages else ()))
    return job


def make_output(content: Content, target: Target, opts: Options, org=None) -> list[str]:
    """Build one target file atomically; return notes for the report."""
    from deck.layout.fit import fit_cards
    from deck.write.pdf import write_pdf

    if target.kind == "workbook":

        return build_workbook(content, target, opts, org)
    job = make_deck_job(content, target, opts, org)
    notes: list[str] = []
    if target.kind == "print":
        from deck.preflight.check import require_clean
        from deck.write.pdfx import write_print_pdf

        rendered, scales = fit_cards(job, "print")

        def write(tmp: Path) -> None:
            write_print_pdf(rendered.document, tmp, job.output_profile(), marks=opts.marks, label=job.label,
                            families=job.families())
            require_clean(tmp, target.label)  # a file the print shop would reject is never written

        atomic_write(target.path, write)
    else:
        from deck.model.grid import plan_grid
        from deck.write.impose import impose

        rendered, scales = fit_cards(job, "screen")
        size = CARD_SIZES[opts.card_size]
        grid = plan_grid(size.width, size.height, PAPERS[opts.paper], BLEED_MM)
        # The one-card-per-page PDF stays in memory: no temporary file for a kill to leave behind.
        single = io.BytesIO()
        write_pdf(rendered.document, single, job.label, families=job.families())
        atomic_write(target.path, lambda tmp: impose(single, tmp, grid, opts.duplex, BLEED_MM, opts.back_offset))
        notes.append(f"{grid.per_sheet} per sheet")
    from deck.i18n.overlay import ui_notes

    notes += job.effective.notes + ui_notes(job.effective.messages)
    if scales:
        notes.append("shrunk to fit: " + ", ".join(f"{cid} {int(s * 100)} %" for cid, s in scales.items()))
    return notes


def build_workbook(content, target, opts, org=None) -> list[str]:
    """Write ``target.path`` atomically: the tagged (PDF/UA-1) workbook; return notes for the report."""
    from deck.i18n.overlay import content_notes, ui_notes

    require_workbook(content, target.label)
    book = translated_book(content, target.lang, org)
    rendered = render_workbook(content, target.lang, opts.workbook_paper, org, target.label, opts.strict, book)
    split = split_blocks(rendered.document, "flow-")

    def write(tmp):
        # pdf/ua-1 tags the structure (headings, lists, tables, figures) so screen readers can follow it.
        write_pdf(rendered.document, tmp, target.label, pdf_variant="pdf/ua-1")

    atomic_write(target.path, write)
    notes = [f"{len(rendered.document.pages)} pages {opts.workbook_paper.upper()}"]
    if split:
        notes.append("split over two pages: " + ", ".join(split))
    return notes + content_notes(book) + ui_notes(book.messages)
