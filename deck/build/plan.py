"""Build options and targets: which output files a build writes, and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deck.errors import UsageError
from deck.model.content import Content


@dataclass(frozen=True)
class Options:
    """Build settings; every CLI flag maps onto one field."""

    content: Path = Path("content")
    out: Path = Path("output")
    decks: tuple[str, ...] = ()
    card_size: str | None = None  # a preset or 'WxH' mm; None: the profile's, the content's, or a6
    paper: str = "a4"  # a built-in sheet layout (deck/data/sheets) or a sheet layout YAML file
    duplex: str = "long"
    back_offset: tuple[float, float] = (0.0, 0.0)
    marks: bool = False
    langs: tuple[str, ...] = ()  # () = the content's own language (content.yaml `language`)
    strict: bool = False
    org: Path | None = None
    orgs: tuple[Path, ...] = ()  # several organisations in one build (an umbrella body's members)
    workbook: bool = True
    cards: bool = True
    workbook_paper: str = "a4"
    icc: Path | None = None  # CMYK output profile for print files; None: deck/data/icc default
    time_limit: float | None = None  # seconds per output file; None: $DECK_TIME_LIMIT or 120, 0: no limit
    jobs: int | None = None  # worker processes; None: one per core
    force: bool = False  # rebuild outputs even when the manifest says they are up to date
    fold: bool = False  # also write fold-over sheets (<deck>.fold.pdf)
    fit: bool = False  # scale the cards on office sheets so more fit
    only: tuple[str, ...] = ()  # build only these kinds of file (print, sheets, fold, workbook)
    select: tuple[str, ...] = ()  # build only these cards (--card), into <deck>.selection.<kind>.pdf

    @property
    def size(self):
        """The card size (model.sizes.CardSize) this build lays out."""
        from deck.model.sizes import card_size

        return card_size(self.card_size or "a6")

    def size_for(self, target: "Target"):
        """The card size of one output: the target's own (its organisation's), else the build's."""
        from deck.model.sizes import card_size

        return card_size(target.card_size or self.card_size or "a6")


@dataclass(frozen=True)
class Target:
    """One output file and what makes it."""

    kind: str  # "print" | "sheets" | "fold" | "workbook"
    lang: str
    deck: str | None
    path: Path
    org: str | None = None  # the organisation's slug, None for the shared set
    org_folder: Path | None = None  # its profile folder (an input of every output it makes)
    card_size: str | None = None  # the card size it is laid out at (an organisation may set its own)

    @property
    def label(self) -> str:
        return f"{self.org}/{self.lang}/{self.path.name}" if self.org else f"{self.lang}/{self.path.name}"


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
    own = org.folder if org is not None else None
    unknown = [d for d in opts.decks if d not in available]
    if unknown:
        from deck.errors import suggest

        raise UsageError("; ".join(f"unknown deck '{d}'{suggest(d, available)}" for d in unknown)
                         + f" (decks: {', '.join(available)})")
    decks = [d for d in available if not opts.decks or d in opts.decks]
    if opts.select:
        decks = [d for d in decks if any(c in opts.select for c in _card_ids(content, d, org))]
    kinds = [k for k in CARD_KINDS if k != "fold" or opts.fold or "fold" in opts.only]
    kinds = [k for k in kinds if not opts.only or k in opts.only]
    stem = ".selection" if opts.select else ""
    targets = []
    for lang in opts.langs or (content.project.language,):
        folder = output_dir(opts, lang, slug)
        if opts.cards:
            for d in decks:
                targets += [Target(kind, lang, d, folder / f"{d}{stem}.{kind}.pdf", slug, own, opts.card_size)
                            for kind in kinds]
        if opts.workbook and not opts.select and (not opts.only or "workbook" in opts.only):
            targets.append(Target("workbook", lang, None, folder / "workbook.pdf", slug, own))
    return targets


CARD_KINDS = ("print", "sheets", "fold")
KINDS = CARD_KINDS + ("workbook",)


def _card_ids(content: Content, deck_id: str, org=None) -> list[str]:
    """The card ids of a deck as the build shows it (an organisation's own cards included)."""
    deck = content.decks.get(deck_id)
    ids = [c.id for c in deck.cards] if deck is not None else []
    if org is not None:
        ids += [c.id for c in org.extra_cards.get(deck_id, [])]
    return ids


def check_selection(content: Content, opts: Options, org=None) -> None:
    """--card ids must name cards of the decks being built; say which do not, with a suggestion."""
    from deck.errors import suggest

    available = org.decks if org is not None else list(content.decks)
    decks = [d for d in available if not opts.decks or d in opts.decks]
    known = [c for d in decks for c in _card_ids(content, d, org)]
    unknown = [c for c in opts.select if c not in known]
    if unknown:
        raise UsageError("; ".join(f"--card {c}: no such card{suggest(c, known)}" for c in unknown)
                         + " (`deck list` shows every card id)")


def check_options(opts: Options) -> None:
    """Usage errors in the options themselves (exit code 2); a sheet layout file's problems are content errors."""
    from deck.load.sheet import load_sheet

    try:
        opts.size
    except ValueError as exc:
        raise UsageError(f"--card-size: {exc}") from None
    load_sheet(opts.paper)
    unknown = [k for k in opts.only if k not in KINDS]
    if unknown:
        raise UsageError(f"--only {', '.join(unknown)}: choose from {', '.join(KINDS)}")
    if opts.duplex not in ("long", "short"):
        raise UsageError(f"unknown --duplex '{opts.duplex}' (choose long or short)")
    if opts.jobs is not None and opts.jobs < 1:
        raise UsageError(f"--jobs {opts.jobs}: give at least 1")
    check_back_offset(opts.card_size or "a6", opts.paper, opts.back_offset, opts.duplex)


def check_back_offset(card_size: str, paper: str, offset: tuple[float, float], duplex: str = "long") -> None:
    """A --back-offset that no printer needs, or that pushes backs off the sheet, is a usage error."""
    from deck.load.sheet import load_sheet
    from deck.model.grid import back_offset_problem, grid_for
    from deck.model.sizes import card_size as size_of

    try:
        grid = grid_for(size_of(card_size), load_sheet(paper))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    problem = back_offset_problem(grid, offset, duplex)
    if problem:
        raise UsageError(problem)
