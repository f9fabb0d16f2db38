"""The live preview's engine: every card of a set as PNG images, laid out by the build's own pipeline.

A view is one combination of language, card size and organisation. Refreshing a view loads and
validates the content again (cheap), then lays out only the cards whose inputs changed: each
card's key hashes everything its front depends on, each deck's key everything its back depends on.
Images live in memory only; nothing the page asks for is looked up on the file system.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from deck.errors import DeckError, Problem

PREVIEW_DPI = 110  # crisp on a laptop screen at the size the page shows a card
MAX_IMAGES = 2_000  # PNGs kept in memory across views; the oldest go first


@dataclass(frozen=True)
class View:
    """What the page asks to see."""

    lang: str
    card_size: str
    org: str = ""  # an organisation's slug, "" for the shared set


@dataclass
class CardView:
    """One card as the page shows it."""

    id: str
    number: int | None  # the number the card shows, None when it shows none
    place: int  # its position in the deck (1-based)
    title: str
    alt: str  # everything the card says, for screen readers and the browser's find
    front: str  # image key
    back: str  # image key
    back_alt: str = ""  # the words of a back of its own ("" for the deck's shared back)
    scale: float | None = None  # the shrink step taken, None when the text fits at full size
    error: str | None = None  # the build's message when the text does not fit even shrunk


@dataclass
class DeckView:
    id: str
    title: str
    cards: list[CardView] = field(default_factory=list)


@dataclass
class State:
    """A view's latest result: decks and cards, or the problems that stopped the refresh."""

    version: int = 0
    decks: list[DeckView] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    laid_out: int = 0  # card fronts laid out by the last refresh (the rest came from the cache)


def _digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _files_fingerprint(folders: list[Path]) -> str:
    """Names, sizes and modification times of every file under ``folders`` (templates, fonts, logos)."""
    entries = []
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                st = path.stat()
                entries.append((str(path), st.st_size, st.st_mtime_ns))
    return _digest(entries)


def alt_text(deck, card, face=None) -> str:
    """The words of a card's front (or of ``face``, its own back) in reading order: deck, number, section,
    title, text, items."""
    from deck.render.markup import plain

    face = face or card
    label = f"{deck.number_label} {card.number}" if deck.number_label and card.number else str(card.number or "")
    parts = [plain(deck.title), label, plain(face.section), plain(face.title), plain(face.text)]
    parts += [plain(item) for item in face.items or ()]
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip()) + "."


class Engine:
    """Lays out and rasterises cards for the views the page asks for; thread-safe, one layout at a time."""

    def __init__(self, content: Path, orgs: list[Path] = (), dpi: int = PREVIEW_DPI):
        self.content = Path(content)
        self.org_folders = [Path(o) for o in orgs]
        self.dpi = dpi
        self.images: OrderedDict[str, bytes] = OrderedDict()
        self.states: dict[View, State] = {}
        self.orgs: dict[str, object] = {}  # slug -> loaded profile (refreshed with the content)
        self.lock = threading.Lock()
        self.version = 0

    # -- what the page can choose -------------------------------------------------------------
    def choices(self) -> dict:
        """Languages, card sizes and organisations the page offers."""
        from deck.load.language import available
        from deck.model.sizes import CARD_SIZES

        langs = available(self.content) or ["nl"]
        return {"langs": langs, "card_sizes": list(CARD_SIZES),
                "orgs": [{"slug": slug, "name": org.name} for slug, org in self.orgs.items()]}

    def watched(self) -> list[Path]:
        """Every folder whose files change what the page shows."""
        from deck.paths import FONTS, TEMPLATES

        return [self.content, *self.org_folders, TEMPLATES, FONTS]

    # -- refreshing ---------------------------------------------------------------------------
    def refresh(self, view: View) -> State:
        """Bring ``view`` up to date; on a content error keep the last good cards and report every problem."""
        with self.lock:
            old = self.states.get(view, State())
            try:
                state = self._build(view)
            except DeckError as exc:
                state = State(decks=old.decks, problems=_problem_lines(exc))
            if _comparable(state) != _comparable(old):
                self.version += 1
            state.version = self.version
            self.states[view] = state
            return state

    def refresh_all(self) -> list[View]:
        """Refresh every view the page has asked for; return those whose result changed."""
        changed = []
        for view in list(self.states):
            before = self.states[view].version
            if self.refresh(view).version != before:
                changed.append(view)
        return changed

    def image(self, key: str) -> bytes | None:
        with self.lock:
            return self.images.get(key)

    def _build(self, view: View) -> State:
        from deck.build.make import make_deck_job
        from deck.build.plan import Options, Target, check_options
        from deck.errors import UsageError
        from deck.load.content import load_content
        from deck.load.language import resolve_languages
        from deck.load.organisation import load_org
        from deck.paths import FONTS, TEMPLATES

        content = load_content(self.content)
        self.orgs = {}
        for folder in self.org_folders:
            org = load_org(folder, content)
            self.orgs[org.slug] = org
        if view.org and view.org not in self.orgs:
            raise UsageError(f"unknown organisation '{view.org}' (given: {', '.join(self.orgs) or 'none'})")
        org = self.orgs.get(view.org) if view.org else None
        opts = Options(content=self.content, card_size=view.card_size, langs=(view.lang,))
        check_options(opts)
        resolve_languages(content.root, content.project.language, (view.lang,))
        files = _files_fingerprint([TEMPLATES, FONTS] + ([org.folder] if org is not None else []))
        decks = org.decks if org is not None else list(content.decks)
        state = State()
        for deck_id in decks:
            job = make_deck_job(content, Target("sheets", view.lang, deck_id, Path(".")), opts, org)
            state.decks.append(self._deck(job, view, files, state))
        return state

    def _deck(self, job, view: View, files: str, state: State) -> DeckView:
        from deck.layout.fit import back_page, fit_fronts
        from deck.render.markup import plain

        deck = job.deck
        shared = (deck.model_dump(exclude={"cards"}), job.project.model_dump(), repr(job.org), job.lang, job.dir,
                  view.card_size, files, len(deck.cards))
        back_key = "b" + _digest("back", shared)
        places = job.places()
        keys = {c.id: "f" + _digest("front", shared, c.model_dump(), places[c.id]) for c in deck.cards}
        meta_keys = {c.id: "m" + keys[c.id][1:] for c in deck.cards}
        own_keys = {c.id: "o" + keys[c.id][1:] for c in deck.cards if c.back}
        todo = [c for c in deck.cards if keys[c.id] not in self.images or (c.back and own_keys[c.id] not in self.images)]
        if todo:
            document, faces, scales, errors = fit_fronts(job, "screen", todo)
            pages = [page for c in todo for page in faces[c.id] if page is not None]
            images = iter(self._rasterise(job, document, pages))
            for card in todo:
                self._keep(keys[card.id], next(images))
                if card.back:
                    self._keep(own_keys[card.id], next(images))
                meta = {"scale": scales.get(card.id), "error": errors.get(card.id)}
                self._keep(meta_keys[card.id], json.dumps(meta).encode())
            state.laid_out += len(todo)
        if back_key not in self.images:
            shared_back = back_page(job, "screen")
            if shared_back is not None:
                self._keep(back_key, self._rasterise(job, *shared_back[:1], [shared_back[1]])[0])
        view_deck = DeckView(deck.id, plain(deck.title))
        for card in deck.cards:
            meta = json.loads(self.images.get(meta_keys[card.id], b"{}"))
            view_deck.cards.append(CardView(card.id, card.number, places[card.id], plain(card.title or card.section),
                                            alt_text(deck, card), keys[card.id], own_keys.get(card.id, back_key),
                                            alt_text(deck, card, card.back) if card.back else "",
                                            meta.get("scale"), meta.get("error")))
        return view_deck

    def _rasterise(self, job, document, pages) -> list[bytes]:
        """PNG bytes of laid-out pages, cut at the trim like the printed card."""
        import pypdfium2 as pdfium

        from deck.build.preview import _rasterise
        from deck.write.pdf import write_pdf

        pdf = io.BytesIO()
        write_pdf(document.copy(pages), pdf, job.label, families=job.families())
        images = _rasterise(pdfium.PdfDocument(pdf.getvalue()), self.dpi)
        out = []
        for image in images:
            png = io.BytesIO()
            image.save(png, format="PNG")
            out.append(png.getvalue())
        return out

    def _keep(self, key: str, data: bytes) -> None:
        self.images[key] = data
        self.images.move_to_end(key)
        while len(self.images) > MAX_IMAGES:
            self.images.popitem(last=False)


def _comparable(state: State) -> object:
    return ([(d.id, [(c.front, c.back, c.alt, c.error) for c in d.cards]) for d in state.decks], state.problems)


def _problem_lines(exc: DeckError) -> list[str]:
    problems = getattr(exc, "problems", None) or []
    if problems:
        return [str(p) if isinstance(p, Problem) else str(p) for p in problems]
    return str(exc).splitlines()
