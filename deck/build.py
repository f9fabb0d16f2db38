"""The build: plan the outputs, then load → validate → merge → render → lay out → check → write each."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .content import Content, load_content
from .errors import UsageError
from .limits import time_limit_seconds
from .output import atomic_write, check_out_dir, clean_stale_temporaries
from .sizes import BLEED_MM, CARD_SIZES, PAPERS


@dataclass(frozen=True)
class Options:
    """Build settings; every CLI flag maps onto one field."""

    content: Path = Path("content")
    out: Path = Path("output")
    decks: tuple[str, ...] = ()
    card_size: str = "a6"
    paper: str = "a4"
    duplex: str = "long"
    back_offset: tuple[float, float] = (0.0, 0.0)
    marks: bool = False
    langs: tuple[str, ...] = ("nl",)
    strict: bool = False
    org: Path | None = None
    workbook: bool = True
    cards: bool = True
    workbook_paper: str = "a4"
    icc: Path | None = None  # CMYK output profile for print files; None: deck/data/icc default
    time_limit: float | None = None  # seconds per output file; None: $DECK_TIME_LIMIT or 120, 0: no limit
    jobs: int | None = None  # worker processes; None: one per core
    force: bool = False  # rebuild outputs even when the manifest says they are up to date


@dataclass(frozen=True)
class Target:
    """One output file and what makes it."""

    kind: str  # "print" | "sheets" | "workbook"
    lang: str
    deck: str | None
    path: Path

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.path.name}"


@dataclass
class Result:
    """What happened to one target."""

    target: Target
    status: str  # "built" | "up to date" | "failed"
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def output_dir(opts: Options, lang: str, slug: str | None = None) -> Path:
    """<out>/<lang>/ for the shared set, <out>/<slug>/<lang>/ for an organisation."""
    return opts.out / slug / lang if slug else opts.out / lang


def plan(content: Content, opts: Options, slug: str | None = None, org=None) -> list[Target]:
    """The outputs a build writes, in order; an organisation's decks under its slug."""
    available = org.decks if org is not None else list(content.decks)
    slug = slug or (org.slug if org is not None else None)
    unknown = [d for d in opts.decks if d not in available]
    if unknown:
        from .schema import suggest

        raise UsageError("; ".join(f"unknown deck '{d}'{suggest(d, available)}" for d in unknown)
                         + f" (decks: {', '.join(available)})")
    decks = [d for d in available if not opts.decks or d in opts.decks]
    targets = []
    for lang in opts.langs:
        folder = output_dir(opts, lang, slug)
        if opts.cards:
            for d in decks:
                targets.append(Target("print", lang, d, folder / f"{d}.print.pdf"))
                targets.append(Target("sheets", lang, d, folder / f"{d}.sheets.pdf"))
        if opts.workbook:
            targets.append(Target("workbook", lang, None, folder / "workbook.pdf"))
    return targets


def check_options(opts: Options) -> None:
    """Usage errors in the options themselves (exit code 2)."""
    if opts.card_size not in CARD_SIZES:
        raise UsageError(f"unknown --card-size '{opts.card_size}' (choose from {', '.join(CARD_SIZES)})")
    if opts.paper not in PAPERS:
        raise UsageError(f"unknown --paper '{opts.paper}' (choose from {', '.join(PAPERS)})")
    if opts.duplex not in ("long", "short"):
        raise UsageError(f"unknown --duplex '{opts.duplex}' (choose long or short)")
    if opts.jobs is not None and opts.jobs < 1:
        raise UsageError(f"--jobs {opts.jobs}: give at least 1")


def make_deck_job(content: Content, target: Target, opts: Options, org=None):
    """The merged deck (language, organisation) ready to lay out."""
    from .cards import DeckJob
    from .merge import effective_deck
    from .pdfx import profile_for
    from .render import environment

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
        job.font_stack = org.font_stack(eff.language.font_stack if eff.language else '"Inter"')
        job.label = f"{org.slug}/{job.label}"
    if opts.strict:
        from .overlay import require_complete

        job.html("screen", {})  # template only, no layout: looks up every UI string the deck uses
        require_complete(eff.missing, eff.stale, *(eff.messages.problems() if eff.messages else ()))
    return job


def make_output(content: Content, target: Target, opts: Options, org=None) -> list[str]:
    """Build one target file atomically; return notes for the report."""
    from .cards import fit_cards
    from .layout import write_pdf

    if target.kind == "workbook":
        from .workbook import build_workbook

        # The workbook takes the organisation (name, logo, teamdag details) once it accepts one.
        return build_workbook(content, target, opts, **({"org": org} if org is not None else {}))
    job = make_deck_job(content, target, opts, org)
    notes: list[str] = []
    if target.kind == "print":
        from .pdfx import write_print_pdf
        from .preflight import require_clean

        rendered, scales = fit_cards(job, "print")

        def write(tmp: Path) -> None:
            write_print_pdf(rendered.document, tmp, job.output_profile(), marks=opts.marks, label=job.label,
                            families=job.families())
            # A file the print shop would reject is never written; its warnings go into the report.
            notes.extend(require_clean(tmp, target.label))

        atomic_write(target.path, write)
    else:
        from .impose import impose, plan_grid

        rendered, scales = fit_cards(job, "screen")
        size = CARD_SIZES[opts.card_size]
        grid = plan_grid(size.width, size.height, PAPERS[opts.paper], BLEED_MM)
        # The one-card-per-page PDF stays in memory: no temporary file for a kill to leave behind.
        single = io.BytesIO()
        write_pdf(rendered.document, single, job.label, families=job.families())
        atomic_write(target.path, lambda tmp: impose(single, tmp, grid, opts.duplex, BLEED_MM, opts.back_offset))
        notes.append(f"{grid.per_sheet} per sheet")
    from .overlay import ui_notes

    notes += job.effective.notes + ui_notes(job.effective.messages)
    if scales:
        notes.append("shrunk to fit: " + ", ".join(f"{cid} {int(s * 100)} %" for cid, s in scales.items()))
    return notes


def build(opts: Options, progress: Callable[[Result], None] | None = None) -> list[Result]:
    """Validate the content and write every planned output that is not up to date.

    Outputs are made in parallel (``opts.jobs``); every failure is reported in one DeckError.
    """
    from .runner import run

    check_options(opts)
    seconds = time_limit_seconds(opts.time_limit)
    content = load_content(opts.content)
    org = None
    if opts.org is not None:
        from .org import load_org

        org = load_org(opts.org, content)
    from .language import resolve_languages

    opts = replace(opts, langs=resolve_languages(content.root, content.project.language, opts.langs))
    check_out_dir(opts.out, opts.content, [org.folder] if org is not None else [])
    targets = plan(content, opts, org=org)
    clean_stale_temporaries({t.path.parent for t in targets})
    return run(content, targets, replace(opts, time_limit=seconds), progress, org)
