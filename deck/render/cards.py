"""The HTML of a deck: template context (geometry, inks, fonts) and rendering in the sandbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deck.model.deck import Deck
from deck.model.logo import logo_box
from deck.model.sizes import BLEED_MM, MIN_BODY_PT, MIN_TEXT_PT, SMALL_TEXT_PT, CardSize
from deck.render.environment import render_template
from deck.render.fonts import embeddable, font_faces, font_stack

SECTION_EM = 0.86  # the section label above a card's title, of the card size's base text size


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
    roots: list[Path] = field(default_factory=list)  # user folders files may come from (paths.allowed_roots adds the bundled ones)
    marks: bool = False
    label: str = ""  # e.g. "nl/interviewvragen", for messages
    profile: object = None  # pdfx.OutputProfile for print mode; None: the default CMYK profile
    effective: object = None  # merge.Effective: language settings (fonts, hyphenation) and translation report
    fonts: list = field(default_factory=list)  # an organisation's own faces (render.fonts.Face), before the language's
    logo: Path | None = None  # the organisation's logo file, rasterised for print when it is SVG
    selection: tuple[str, ...] = ()  # print only these cards (--card); numbers stay those of the whole deck

    def printed_cards(self) -> list:
        """The cards this job prints: the whole deck, or the selection in deck order."""
        if not self.selection:
            return self.deck.cards
        return [c for c in self.deck.cards if c.id in self.selection]

    def families(self) -> set[str]:
        """Font families this job may embed: the bundled ones and the organisation's."""
        return embeddable(self.fonts)

    def context(self, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> dict:
        """The template context for a render mode ('print' or 'screen').

        ``backs`` is "all" (a back after every front), "one" (after the first front only) or "none".
        """
        size = self.size
        language = getattr(self.effective, "language", None)
        org = self.org
        if mode == "print" and org is not None and self.logo is not None:
            from dataclasses import replace

            from deck.render.logo import print_logo_url

            org = replace(org, logo_url=print_logo_url(self.logo))
        return {
            "deck": self.deck, "cards": cards if cards is not None else self.printed_cards(),
            "groups": {g.id: g for g in self.deck.groups}, "project": self.project, "org": org,
            "size": size, "bleed": BLEED_MM, "marks": self.marks,  # size: the face's geometry (model/sizes.py)
            **self.colours(mode), "mode": mode, "scales": scales, "lang": self.lang, "dir": self.dir,
            # White text on the deck colour stays at 9 pt or more where the design's base size allows it;
            # cards set smaller than that (a7, poker) keep their proportions and preflight warns.
            "reversed_min_pt": SMALL_TEXT_PT if size.font_pt >= SMALL_TEXT_PT else 0.0,
            "min_text_pt": MIN_TEXT_PT,  # no text on a card is set smaller
            "fonts": font_faces(language, self.fonts), "font_stack": font_stack(language, self.fonts),
            "hyphenate": language.hyphenate if language else self.lang,
            "quotes": language.quotes_css if language else "", "icc_url": self.output_profile().icc.as_uri(),
            "backs": backs, "place": self.places(), "logo_mm": logo_box(self.size),
        }

    def colours(self, mode: str) -> dict:
        """The face's colours (and the section label's size, which decides its colour) for a render mode."""
        colour, size = self.deck.colour, self.size
        # Print: text under 9 pt in the deck colour (three or four inks) goes solid black instead.
        small_accent = INKS[mode].text if mode == "print" else colour.css(mode)
        section_pt = round(max(MIN_BODY_PT, size.font_pt * SECTION_EM), 2)  # part of the card's text: 8 pt at least
        return {"colour": colour.css(mode), "tint": colour.tint(mode, size.tint),
                "tint_strong": colour.tint(mode, size.tint_strong), "ink": INKS[mode],
                "small_accent": small_accent, "section_pt": section_pt,
                "section_colour": colour.css(mode) if section_pt >= SMALL_TEXT_PT else small_accent}

    def ink_pairs(self) -> list[tuple[str, str]]:
        """Each colour of the print faces with the one the screen faces use instead, text ink first.

        Solid black serves print for text, muted text and small accents alike; its screen colour is
        the text ink's, so the office sheets set small print in black, as the print-shop cards do.
        """
        p, s = self.colours("print"), self.colours("screen")
        inks = [(getattr(p["ink"], k), getattr(s["ink"], k)) for k in ("text", "white", "muted")]
        return inks + [(p[k], s[k]) for k in ("colour", "tint", "tint_strong", "section_colour", "small_accent")]

    def places(self) -> dict[str, int]:
        """Each card's position in the deck (1-based), so a card shows the same number in any document."""
        return {card.id: i for i, card in enumerate(self.deck.cards, 1)}

    def locate(self, card_id: str) -> str:
        """Where card ``card_id`` is written ("decks/x.yaml:12"), and its translation when the job is translated."""
        eff = self.effective
        where = getattr(eff, "sources", {}).get(card_id, "")
        translated = getattr(eff, "translated_at", {}).get(card_id)
        return f"{where} ({self.lang} text: {translated})" if where and translated else where or translated or ""

    def cards_with(self, char: str) -> list[tuple[str, str]]:
        """The cards whose text holds ``char``, as (where they are written, card id)."""
        return [(self.locate(card.id), card.id) for card in self.deck.cards
                if any(char in t for t in (card.section, card.title, card.text, *card.items) if t)]

    def output_profile(self):
        """The CMYK output profile print mode declares (pdfx.OutputProfile)."""
        from deck.model.profile import DEFAULT_PROFILE

        return self.profile or DEFAULT_PROFILE

    def html(self, mode: str, scales: dict[str, float], cards=None, backs: str = "all") -> str:
        """The HTML of the deck (or of ``cards`` only): front, back, front, back, ... by default."""
        return render_template(self.env, "cards.html.j2", self.context(mode, scales, cards, backs), f"deck {self.deck.id}")
