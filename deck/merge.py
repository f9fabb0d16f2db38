"""Merge overlays onto the shared Dutch content: first a language, then an organisation.

Every output is made from the deck ``effective_deck`` returns; the Dutch YAML stays the one
source of structure and text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import Content
from .org_merge import apply_org
from .schema import Deck


@dataclass
class Effective:
    """A deck as one output shows it, with what the merge had to say about it."""

    deck: Deck
    lang: str = "nl"
    dir: str = "ltr"
    notes: list[str] = field(default_factory=list)  # e.g. "3 strings fall back to Dutch"


def effective_deck(content: Content, deck_id: str, lang: str = "nl", org=None) -> Effective:
    """The deck ``deck_id`` in language ``lang`` for organisation ``org`` (None: the shared set)."""
    eff = Effective(content.decks[deck_id], lang)
    if org is not None:  # the organisation overlay comes last: it may replace translated text
        eff.deck = apply_org(eff.deck, org, lang, eff.notes)
    return eff
