"""Lay out a deck's cards and shrink the text of cards that do not fit."""

from __future__ import annotations

from deck.errors import BuildError
from deck.layout.document import Rendered, overflows, render_html
from deck.layout.gcpause import collector_paused
from deck.paths import TEMPLATES, allowed_roots
from deck.render.cards import DeckJob

SHRINK_STEPS = (0.95, 0.9, 0.85)  # never below 85 % of the designed text size
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


def fit_cards(job: DeckJob, mode: str) -> tuple[Rendered, dict[str, float]]:
    """Lay out a deck; shrink overflowing cards step-wise; fail naming every card that still overflows.

    Every back of a deck is the same, so the back is laid out once and its page reused after
    every front: that halves the layout work. Large decks are laid out in chunks of CHUNK cards,
    which keeps each WeasyPrint document (and its cost per card) the same size at any deck size.
    """
    cards = job.deck.cards
    fronts: dict[str, object] = {}
    backs: list[object] = []
    refused: list[str] = []
    first = None
    for start in range(0, len(cards), CHUNK):
        chunk = cards[start:start + CHUNK]
        rendered = _layout(job, mode, {}, chunk, backs="one")
        pages = rendered.document.pages
        if len(pages) != len(chunk) + 1:
            return _fit_whole(job, mode)  # a template that breaks a card over pages: no page reuse
        first = first or rendered
        fronts.update(zip((c.id for c in chunk), [pages[0]] + pages[2:]))
        backs += [pages[1]] * len(chunk)
        refused += rendered.refused
    over = overflows(first.document.copy(list(fronts.values())))
    scales: dict[str, float] = {}
    if over:
        shrunk = _shrink(job, mode, over, scales)
        if shrunk is None:
            return _fit_whole(job, mode)
        fronts.update(shrunk)
    pages = [page for card, back in zip(cards, backs) for page in (fronts[card.id], back)]
    return Rendered(first.document.copy(pages), refused), scales


def _shrink(job: DeckJob, mode: str, over: dict[str, float], scales: dict[str, float]) -> dict[str, object] | None:
    """Front pages of the overflowing cards at the largest step that fits; record the steps in ``scales``.

    Only the overflowing cards are laid out again, in a small document of their own. None when a
    card did not make exactly one page.
    """
    by_id = {c.id: c for c in job.deck.cards}
    pending = dict(over)
    pages: dict[str, object] = {}
    for step in SHRINK_STEPS:
        trial = {cid: step for cid in pending}
        sub = _layout(job, mode, trial, [by_id[cid] for cid in pending], backs="none")
        if len(sub.document.pages) != len(pending):
            return None
        still = overflows(sub.document)
        for cid, page in zip(pending, sub.document.pages):
            if cid not in still:
                scales[cid] = step
                pages[cid] = page
        pending = {cid: still[cid] for cid in pending if cid in still}
        if not pending:
            return pages
    _too_long(job, mode, pending)


def _too_long(job: DeckJob, mode: str, pending: dict[str, float]) -> None:
    """Raise the error that names every card still too long at the smallest size: where it is written, by how much."""
    step = SHRINK_STEPS[-1]
    lost = [cid for cid, mm in pending.items() if mm == float("inf")]
    if lost:
        pending = {**pending, **_measure(job, mode, lost, step)}
    lines = []
    for cid, mm in pending.items():
        where = job.locate(cid)
        amount = "runs off the card" if mm == float("inf") else f"is {mm:.1f} mm too long"
        lines.append(f"{where + ': ' if where else ''}{job.label}: card '{cid}': text {amount} even at "
                     f"{int(step * 100)} % size; shorten it or choose a larger --card-size")
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
    over = overflows(rendered.document)
    if not over:
        return rendered, scales
    by_id = {c.id: c for c in job.deck.cards}
    pending = dict(over)
    for step in SHRINK_STEPS:
        trial = {cid: step for cid in pending}
        still = overflows(_layout(job, mode, trial, [by_id[cid] for cid in pending]).document)
        for cid in pending:
            if cid not in still:
                scales[cid] = step
        pending = {cid: still[cid] for cid in pending if cid in still}
        if not pending:
            return _layout(job, mode, scales), scales
    _too_long(job, mode, pending)
