"""Cards: build the HTML of a deck, lay it out, and shrink the text of cards that do not fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import markup
from .errors import BuildError
from .gcpause import collector_paused
from .layout import Rendered, overflows, render_html
from .render import DATA, FONTS, TEMPLATES, font_faces, render_template
from .schema import Deck
from .sizes import BLEED_MM, SAFE_MM, CardSize

SHRINK_STEPS = (0.95, 0.9, 0.85)  # never below 85 % of the designed text size
SECTION_EM = 0.86  # the section label above a card's title, of the card size's base text size
CHUNK = 200  # cards per WeasyPrint document: layout cost per card stays flat, memory bounded


@dataclass
class Ink:
    """Neutral colours per render mode: print uses solid black ink only (small text must not be
    screened), screens use RGB greys."""

    text: str
    muted: str
    white: str


INKS = {
    "print": Ink("device-cmyk(0 0 0 1)", "device-cmyk(0 0 0 1)", "device-cmyk(0 0 0 0)"),
    "screen": Ink("#1a1a1a", "#5f5f5f", "#ffffff"),
}


@dataclass
class DeckJob:
    """Everything needed to lay out one deck in one language (and for one organisation)."""

    deck: Deck
    project: object
    size: CardSize
    lang: str = "nl"
    dir: str = "ltr"
    env: object = None
    org: object = None
    roots: list[Path] = field(default_factory=list)
    marks: bool = False
    label: str = ""  # e.g. "nl/interviewvragen", for messages
    profile: object = None  # pdfx.OutputProfile for print mode; None: the default CMYK profile
    effective: object = None  # merge.Effective: language settings (fonts, hyphenation) and translation report
    fonts: list[dict] = field(default_factory=list)  # an organisation's own faces, before the bundled ones
    font_stack: str = ""  # "" = the language's
    logo: Path | None = None  # the organisation's logo file, rasterised for print when it is SVG

    def families(self) -> set[str]:
        """Font families this job may embed: the bundled ones and the organisation's."""
        from .layout import bundled_families

        return bundled_families() | {f["family"].replace(" ", "") for f in self.fonts}

    def context(self, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> dict:
        """The template context for a render mode ('print' or 'screen').

        ``backs`` is "all" (a back after every front), "one" (after the first front only) or "none".
        """
        from .pdfscan_ink import SMALL_TEXT_PT

        colour = self.deck.colour
        language = getattr(self.effective, "language", None)
        # Print: text under 9 pt in the deck colour (three or four inks) goes solid black instead.
        small_accent = INKS[mode].text if mode == "print" else colour.css(mode)
        section_pt = round(self.size.font_pt * SECTION_EM, 2)
        band = round(self.size.height * self.size.band, 2)
        # The card number's digits (cap height ~0.73 em) must stay in the safe zone on short bands.
        room_mm = band - SAFE_MM - SAFE_MM * 0.55
        num_pt = round(min(2.6 * self.size.font_pt, room_mm / 0.75 / 25.4 * 72), 2)
        org = self.org
        if mode == "print" and org is not None and self.logo is not None:
            from dataclasses import replace

            from .org import print_logo_url

            org = replace(org, logo_url=print_logo_url(self.logo))
        return {
            "deck": self.deck, "cards": cards if cards is not None else self.deck.cards,
            "groups": {g.id: g for g in self.deck.groups}, "project": self.project, "org": org,
            "size": self.size, "bleed": BLEED_MM, "safe": SAFE_MM, "marks": self.marks,
            "band_mm": band, "foot_mm": round(self.size.font_pt * 0.55, 2), "num_pt": num_pt,
            "colour": colour.css(mode), "tint": colour.tint(mode, 0.1), "tint_strong": colour.tint(mode, 0.35),
            "ink": INKS[mode], "mode": mode, "scales": scales, "lang": self.lang, "dir": self.dir,
            "small_accent": small_accent, "section_pt": section_pt,
            # White text on the deck colour stays at 9 pt or more where the design's base size allows it;
            # cards set smaller than that (a7, poker) keep their proportions and preflight warns.
            "reversed_min_pt": SMALL_TEXT_PT if self.size.font_pt >= SMALL_TEXT_PT else 0.0,
            "section_colour": colour.css(mode) if section_pt >= SMALL_TEXT_PT else small_accent,
            "fonts": self.fonts + (language.font_faces() if language else font_faces()),
            "font_stack": self.font_stack or (language.font_stack if language else '"Inter"'),
            "hyphenate": language.hyphenate if language else self.lang,
            "quotes": language.quotes_css if language else "", "icc_url": self.output_profile().icc.as_uri(),
            "backs": backs, "place": self.places(),
        }

    def places(self) -> dict[str, int]:
        """Each card's position in the deck (1-based), so a card shows the same number in any document."""
        return {card.id: i for i, card in enumerate(self.deck.cards, 1)}

    def output_profile(self):
        """The CMYK output profile print mode declares (pdfx.OutputProfile)."""
        from .pdfx import DEFAULT_PROFILE

        return self.profile or DEFAULT_PROFILE

    def html(self, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> str:
        """The HTML of the deck (or of ``cards`` only): front, back, front, back, ... by default."""
        return render_template(self.env, "cards.html.j2", self.context(mode, scales, cards, backs), f"deck {self.deck.id}")

    def render(self, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> Rendered:
        """Lay out the deck (or ``cards`` only); a file outside the allowed folders is an error."""
        what = self.label or f"deck {self.deck.id}"
        roots = self.roots + [TEMPLATES, FONTS, DATA, self.output_profile().icc.parent]
        rendered = render_html(self.html(mode, scales, cards, backs), TEMPLATES, roots, what)
        rendered.check_resources(what)
        return rendered


def _layout(job: DeckJob, *args, **kwargs) -> Rendered:
    with collector_paused(young=True):
        return job.render(*args, **kwargs)


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
    _too_long(job, pending)


def _too_long(job: DeckJob, pending: dict[str, float]) -> None:
    """Raise the error that names every card still too long at the smallest size."""
    lines = []
    for cid, mm in pending.items():
        amount = "runs off the card" if mm == float("inf") else f"is {mm:.1f} mm too long"
        lines.append(f"{job.label}: card '{cid}': text {amount} even at {int(SHRINK_STEPS[-1] * 100)} % size; shorten it"
                     f" or choose a larger --card-size")
    raise BuildError("\n".join(lines))


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
    _too_long(job, pending)


def bookmark_label(card) -> str:
    """'3. Zo goed gewerkt' for outlines (CSS string, quotes escaped)."""
    text = markup.plain(card.title or card.section or card.id)
    label = f"{card.number}. {text}" if card.number else text
    return label.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")
