"""The HTML of a deck: template context (geometry, inks, fonts) and rendering in the sandbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deck.model.deck import Deck
from deck.model.sizes import BLEED_MM, CardSize
from deck.render.environment import render_template
from deck.render.fonts import embeddable, font_faces, font_stack


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
    roots: list[Path] = field(default_factory=list)  # user folders files may come from (paths.allowed_roots adds the bundled ones)
    marks: bool = False
    label: str = ""  # e.g. "nl/interviewvragen", for messages
    profile: object = None  # pdfx.OutputProfile for print mode; None: the default CMYK profile
    effective: object = None  # merge.Effective: language settings (fonts, hyphenation) and translation report
    fonts: list = field(default_factory=list)  # an organisation's own faces (render.fonts.Face), before the language's
    logo: Path | None = None  # the organisation's logo file, rasterised for print when it is SVG

    def families(self) -> set[str]:
        """Font families this job may embed: the bundled ones and the organisation's."""
        return embeddable(self.fonts)

    def context(self, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> dict:
        """The template context for a render mode ('print' or 'screen').

        ``backs`` is "all" (a back after every front), "one" (after the first front only) or "none".
        """
        colour, size = self.deck.colour, self.size
        language = getattr(self.effective, "language", None)
        org = self.org
        if mode == "print" and org is not None and self.logo is not None:
            from dataclasses import replace

            from deck.render.logo import print_logo_url

            org = replace(org, logo_url=print_logo_url(self.logo))
        return {
            "deck": self.deck, "cards": cards if cards is not None else self.deck.cards,
            "groups": {g.id: g for g in self.deck.groups}, "project": self.project, "org": org,
            "size": size, "bleed": BLEED_MM, "marks": self.marks,  # size: the face's geometry (model/sizes.py)
            "colour": colour.css(mode), "tint": colour.tint(mode, size.tint), "tint_strong": colour.tint(mode, size.tint_strong),
            "ink": INKS[mode], "mode": mode, "scales": scales, "lang": self.lang, "dir": self.dir,
            "fonts": font_faces(language, self.fonts), "font_stack": font_stack(language, self.fonts),
            "hyphenate": language.hyphenate if language else self.lang,
            "quotes": language.quotes_css if language else "", "icc_url": self.output_profile().icc.as_uri(),
            "backs": backs, "place": self.places(),
        }

    def places(self) -> dict[str, int]:
        """Each card's position in the deck (1-based), so a card shows the same number in any document."""
        return {card.id: i for i, card in enumerate(self.deck.cards, 1)}

    def output_profile(self):
        """The CMYK output profile print mode declares (pdfx.OutputProfile)."""
        from deck.model.profile import DEFAULT_PROFILE

        return self.profile or DEFAULT_PROFILE

    def html(self, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> str:
        """The HTML of the deck (or of ``cards`` only): front, back, front, back, ... by default."""
        return render_template(self.env, "cards.html.j2", self.context(mode, scales, cards, backs), f"deck {self.deck.id}")
