"""Cards: build the HTML of a deck, lay it out, and shrink the text of cards that do not fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import markup
from .errors import BuildError
from .layout import Rendered, overflows, render_html
from .render import DATA, FONTS, TEMPLATES, font_faces, render_template
from .schema import Deck
from .sizes import BLEED_MM, SAFE_MM, CardSize

SHRINK_STEPS = (0.95, 0.9, 0.85)  # never below 85 % of the designed text size


@dataclass
class Ink:
    """Neutral colours per render mode: print uses black ink only, screens use RGB."""

    text: str
    muted: str
    white: str


INKS = {
    "print": Ink("device-cmyk(0 0 0 0.9)", "device-cmyk(0 0 0 0.62)", "device-cmyk(0 0 0 0)"),
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

    def context(self, mode: str, scales: dict[str, float], cards=None) -> dict:
        """The template context for a render mode ('print' or 'screen')."""
        colour = self.deck.colour
        return {
            "deck": self.deck, "cards": cards if cards is not None else self.deck.cards,
            "groups": {g.id: g for g in self.deck.groups}, "project": self.project, "org": self.org,
            "size": self.size, "bleed": BLEED_MM, "safe": SAFE_MM, "marks": self.marks,
            "band_mm": round(self.size.height * 0.2, 2), "foot_mm": round(self.size.font_pt * 0.55, 2),
            "colour": colour.css(mode), "tint": colour.tint(mode, 0.1), "tint_strong": colour.tint(mode, 0.35),
            "ink": INKS[mode], "mode": mode, "scales": scales, "lang": self.lang, "dir": self.dir,
            "fonts": font_faces(), "font_stack": '"Inter"',
        }

    def html(self, mode: str, scales: dict[str, float], cards=None) -> str:
        return render_template(self.env, "cards.html.j2", self.context(mode, scales, cards), f"deck {self.deck.id}")

    def render(self, mode: str, scales: dict[str, float], cards=None) -> Rendered:
        what = self.label or f"deck {self.deck.id}"
        rendered = render_html(self.html(mode, scales, cards), TEMPLATES, self.roots + [TEMPLATES, FONTS, DATA], what)
        rendered.check_resources(what)
        if rendered.missing_glyphs:
            chars = ", ".join(sorted(set(rendered.missing_glyphs)))
            raise BuildError(f"{self.label}: no bundled font has a glyph for {chars}; use another character or add a font that covers it")
        return rendered


def fit_cards(job: DeckJob, mode: str) -> tuple[Rendered, dict[str, float]]:
    """Lay out a deck; shrink overflowing cards step-wise; fail naming every card that still overflows."""
    scales: dict[str, float] = {}
    rendered = job.render(mode, scales)
    over = overflows(rendered.document)
    if not over:
        return rendered, scales
    by_id = {c.id: c for c in job.deck.cards}
    pending = dict(over)
    for step in SHRINK_STEPS:
        # Measure only the overflowing cards, in a small document of their own.
        trial = {cid: step for cid in pending}
        sub = job.render(mode, trial, [by_id[cid] for cid in pending])
        still = overflows(sub.document)
        for cid in pending:
            if cid not in still:
                scales[cid] = step
        pending = {cid: still[cid] for cid in pending if cid in still}
        if not pending:
            break
    if pending:
        lines = []
        for cid, mm in pending.items():
            amount = "runs off the card" if mm == float("inf") else f"is {mm:.1f} mm too long"
            lines.append(f"{job.label}: card '{cid}': text {amount} even at {int(SHRINK_STEPS[-1] * 100)} % size; shorten it"
                         f" or choose a larger --card-size")
        raise BuildError("\n".join(lines))
    return job.render(mode, scales), scales


def bookmark_label(card) -> str:
    """'3. Zo goed gewerkt' for outlines (CSS string, quotes escaped)."""
    text = markup.plain(card.title or card.section or card.id)
    label = f"{card.number}. {text}" if card.number else text
    return label.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")
