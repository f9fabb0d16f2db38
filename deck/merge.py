"""Merge overlays onto the shared Dutch content: first a language, then an organisation.

Every output is made from the deck ``effective_deck`` returns; the Dutch YAML stays the one
source of structure and text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import Content, Project
from .errors import Problem
from .org_merge import apply_org
from .schema import Deck


@dataclass
class Effective:
    """A deck as one output shows it, with what the merge had to say about it."""

    deck: Deck
    lang: str = "nl"
    dir: str = "ltr"
    notes: list[str] = field(default_factory=list)  # e.g. "3 strings fall back to Dutch: ..."
    project: Project | None = None  # content.yaml strings (title, edition) in this language
    language: object = None  # language.Language: fonts, hyphenation, quotes
    messages: object = None  # overlay.UiMessages for the templates; None renders the Dutch UI text
    missing: list[Problem] = field(default_factory=list)  # strings that fell back to Dutch, by key
    stale: list[Problem] = field(default_factory=list)  # translations made from older Dutch, by key


def effective_deck(content: Content, deck_id: str, lang: str = "nl", org=None) -> Effective:
    """The deck ``deck_id`` in language ``lang`` for organisation ``org`` (None: the shared set)."""
    from .language import load_language
    from .overlay import apply_language, content_notes

    source = content.project.language
    language = load_language(content.root, lang, source)
    eff = Effective(content.decks[deck_id], lang, language.dir, project=content.project, language=language)
    # 1. Language: translated strings replace the Dutch; untranslated ones stay Dutch, marked lang="nl".
    if lang != source:
        apply_language(eff, content, deck_id)
    # 2. Organisation: its overrides apply on top of the language, so its wording wins.
    if org is not None:
        eff.deck = apply_org(eff.deck, org, lang, eff.notes)
    eff.notes += content_notes(eff)
    return eff
