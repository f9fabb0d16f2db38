"""Build options and targets: which output files a build writes, and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deck.errors import UsageError
from deck.model.content import Content
from deck.model.sizes import CARD_SIZES, PAPERS


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
    langs: tuple[str, ...] = ()  # () = the content's own language (content.yaml `language`)
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


def plan(content: Content, opts: Options, org=None) -> list[Target]:
    """The outputs a build writes, in order; an organisation's decks under its slug."""
    available = org.decks if org is not None else list(content.decks)
    slug = org.slug if org is not None else None
    unknown = [d for d in opts.decks if d not in available]
    if unknown:
        from deck.errors import suggest

        raise UsageError("; ".join(f"unknown deck '{d}'{suggest(d, available)}" for d in unknown)
                         + f" (decks: {', '.join(available)})")
    decks = [d for d in available if not opts.decks or d in opts.decks]
    targets = []
    for lang in opts.langs or (content.project.language,):
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
