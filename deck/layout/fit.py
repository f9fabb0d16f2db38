"""Lay out a deck's cards and shrink the text of cards that do not fit."""

from __future__ import annotations

from deck.errors import BuildError
from deck.layout.document import Rendered, overflows, render_html
from deck.layout.gcpause import collector_paused
from deck.model.sizes import CARD_SIZES, MIN_BODY_PT
from deck.paths import TEMPLATES, allowed_roots
from deck.render.cards import DeckJob

SHRINK_STEPS = (0.95, 0.9, 0.85)  # never below 85 % of the designed text size, nor below MIN_BODY_PT


def shrink_steps(size) -> tuple[float, ...]:
    """The shrink steps a card size allows: body text never ends below MIN_BODY_PT (8 pt)."""
    return tuple(s for s in SHRINK_STEPS if size.font_pt * s >= MIN_BODY_PT - 1e-9)


def larger_size(size) -> str | None:
    """The next preset with more room than ``size`` (for the message of a card that does not fit)."""
    bigger = sorted((s for s in CARD_SIZES.values() if s.width * s.height > size.width * size.height),
                    key=lambda s: s.width * s.height)
    return bigger[0].name if bigger else None
CHUNK = 200  # cards per WeasyPrint document: layout cost per card stays flat, memory bounded


def lay_out(job: DeckJob, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> Rendered:
    """Lay out the deck (or ``cards`` only); a file outside the allowed folders is an error."""
    what = job.label or f"deck {job.deck.id}"
    roots = allowed_roots(*job.roots, job.output_profile().icc)
    rendered = render_html(job.html(mode, scales, cards, backs), TEMPLATES, roots, what)
    rendered.check_resources(what)
    return rendered


def _layout(job: DeckJob, *args, **kwargs) -> Rendered:
    with collector_paused(young=True):
        return lay_out(job, *args, **kwargs)


BACK = "--back"  # the box ids on a card's own back end in this (templates/cards.html.j2)


def _by_card(over: dict[str, float]) -> dict[str, float]:
    """Overflow per card: of its front or of its own back, whichever runs further."""
    out: dict[str, float] = {}
    for key, mm in over.items():
        cid = key[:-len(BACK)] if key.endswith(BACK) else key
        out[cid] = max(out.get(cid, 0.0), mm)
    return out


def _faces(cards: list, pages: list, shared: bool) -> tuple[dict[str, tuple], object] | None:
    """Pages laid out as front[, own back | the one shared back] per card, as {id: (front, own back)} and
    the shared back page; None when a card did not make the expected pages (a template that breaks one)."""
    expected = sum(1 + bool(c.back) for c in cards) + (1 if shared and any(not c.back for c in cards) else 0)
    if len(pages) != expected:
        return None
    pages = iter(pages)
    faces, shared_page = {}, None
    for card in cards:
        front = next(pages)
        own = next(pages) if card.back else None
        if shared and not card.back and shared_page is None:
            shared_page = next(pages)
        faces[card.id] = (front, own)
    return faces, shared_page


def fit_cards(job: DeckJob, mode: str) -> tuple[Rendered, dict[str, float]]:
    """Lay out a deck; shrink overflowing cards step-wise; fail naming every card that still overflows.

    The deck's shared back is the same for every card, so it is laid out once and its page reused
    after every front without a back of its own: that halves the layout work. Large decks are laid
    out in chunks of CHUNK cards, which keeps each WeasyPrint document (and its cost per card) the
    same size at any deck size.
    """
    cards = job.printed_cards()
    faces: dict[str, tuple] = {}
    shared_back = None
    refused: list[str] = []
    first = None
    for start in range(0, len(cards), CHUNK):
        chunk = cards[start:start + CHUNK]
        rendered = _layout(job, mode, {}, chunk, backs="one")
        split = _faces(chunk, rendered.document.pages, shared=True)
        if split is None:
            return _fit_whole(job, mode)
        faces.update(split[0])
        shared_back = shared_back or split[1]
        first = first or rendered
        refused += rendered.refused
    laid = [page for front, own in faces.values() for page in (front, own) if page is not None]
    over = _by_card(overflows(first.document.copy(laid)))
    scales: dict[str, float] = {}
    if over:
        shrunk = _shrink(job, mode, over, scales)
        if shrunk is None:
            return _fit_whole(job, mode)
        faces.update(shrunk)
    pages = [page for card in cards for page in (faces[card.id][0], faces[card.id][1] or shared_back)]
    return Rendered(first.document.copy(pages), refused, shared_back=shared_back), scales


def _shrink(job: DeckJob, mode: str, over: dict[str, float], scales: dict[str, float]) -> dict[str, tuple] | None:
    """Faces (front, own back) of the overflowing cards at the largest step that fits; steps go into ``scales``.

    Only the overflowing cards are laid out again, in a small document of their own. None when a
    card did not make the pages expected of it.
    """
    by_id = {c.id: c for c in job.deck.cards}
    pending = dict(over)
    out: dict[str, tuple] = {}
    for step in shrink_steps(job.size):
        batch = [by_id[cid] for cid in pending]
        sub = _layout(job, mode, {cid: step for cid in pending}, batch, backs="own")
        split = _faces(batch, sub.document.pages, shared=False)
        if split is None:
            return None
        still = _by_card(overflows(sub.document))
        for card in batch:
            if card.id not in still:
                scales[card.id] = step
                out[card.id] = split[0][card.id]
        pending = {cid: still[cid] for cid in pending if cid in still}
        if not pending:
            return out
    _too_long(job, mode, pending)


def _too_long(job: DeckJob, mode: str, pending: dict[str, float]) -> None:
    """Raise the error that names every card still too long at the smallest size: where it is written, by how much."""
    steps = shrink_steps(job.size)
    step = steps[-1] if steps else 1.0
    lost = [cid for cid, mm in pending.items() if mm == float("inf")]
    if lost:
        pending = {**pending, **_measure(job, mode, lost, step)}
    lines = []
    for cid, mm in pending.items():
        where = job.locate(cid)
        amount = "runs off the card" if mm == float("inf") else f"is {mm:.1f} mm too long"
        bigger = larger_size(job.size)
        lines.append(f"{where + ': ' if where else ''}{job.label}: card '{cid}': text {amount} even at "
                     f"{int(step * 100)} % size; shorten it or choose a larger --card-size"
                     + (f" (e.g. {bigger})" if bigger else "")
                     + f"; body text is never set below {MIN_BODY_PT:g} pt")
    raise BuildError("\n".join(lines))


def _measure(job: DeckJob, mode: str, card_ids: list[str], step: float) -> dict[str, float]:
    """How far the text of cards that ran off the page reaches past its box: laid out again on a page ten cards tall."""
    by_id = {c.id: c for c in job.deck.cards}
    html = job.html(mode, {cid: step for cid in card_ids}, [by_id[cid] for cid in card_ids], "none")
    tall = f"<style>@page {{ size: {job.size.width}mm {job.size.height * 10}mm; }}</style></head>"
    roots = allowed_roots(*job.roots, job.output_profile().icc)
    with collector_paused(young=True):
        rendered = render_html(html.replace("</head>", tall, 1), TEMPLATES, roots, job.label or f"deck {job.deck.id}")
    return overflows(rendered.document)


def _fit_whole(job: DeckJob, mode: str) -> tuple[Rendered, dict[str, float]]:
    """The plain way, for templates whose cards do not make one page each: lay out whole decks."""
    scales: dict[str, float] = {}
    rendered = _layout(job, mode, scales)
    over = _by_card(overflows(rendered.document))
    if not over:
        return rendered, scales
    by_id = {c.id: c for c in job.deck.cards}
    pending = dict(over)
    for step in shrink_steps(job.size):
        trial = {cid: step for cid in pending}
        still = _by_card(overflows(_layout(job, mode, trial, [by_id[cid] for cid in pending]).document))
        for cid in pending:
            if cid not in still:
                scales[cid] = step
        pending = {cid: still[cid] for cid in pending if cid in still}
        if not pending:
            return _layout(job, mode, scales), scales
    _too_long(job, mode, pending)


def fit_fronts(job: DeckJob, mode: str, cards: list) -> tuple[object, dict[str, tuple], dict[str, float],
                                                              dict[str, str]]:
    """The faces of ``cards`` only (front, and a back of its own where a card has one), each shrunk to fit as
    the build would: a live preview's unit of work.

    Returns a document to copy pages into, the faces by card id, the shrink steps taken, and for
    cards that do not fit even at the smallest step the build's own error message (their faces are
    the ones at full size).
    """
    rendered = _layout(job, mode, {}, cards, backs="own")
    split = _faces(cards, rendered.document.pages, shared=False)
    if split is None:
        raise BuildError(f"{job.label}: a card of this template takes more than one page; the preview shows one page"
                         " per card side")
    faces = split[0]
    scales: dict[str, float] = {}
    errors: dict[str, str] = {}
    for cid, mm in _by_card(overflows(rendered.document)).items():  # one by one: a card that cannot fit
        try:                                                           # must not hold back the others
            faces.update(_shrink(job, mode, {cid: mm}, scales) or {})
        except BuildError as exc:
            errors[cid] = str(exc)
    return rendered.document, faces, scales, errors


def back_page(job: DeckJob, mode: str) -> tuple[object, object] | None:
    """The deck's shared back page and its document; None when every card has a back of its own."""
    plain = [c for c in job.deck.cards if not c.back][:1]
    if not plain:
        return None
    rendered = _layout(job, mode, {}, plain, backs="one")
    return rendered.document, rendered.document.pages[1]
