"""Merge overlays onto the shared content: first a language, then an organisation; decks and the workbook."""

from __future__ import annotations

from dataclasses import dataclass, field

from deck.errors import Problem
from deck.model.content import Content, Project
from deck.model.deck import Card, Deck
from deck.model.language import Foreign
from deck.model.workbook import Book, Workbook


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
    sources: dict[str, str] = field(default_factory=dict)  # card id -> "file:line" where the card is written
    translated_at: dict[str, str] = field(default_factory=dict)  # card id -> "content.po:line" of its translation


def effective_deck(content: Content, deck_id: str, lang: str | None = None, org=None) -> Effective:
    """The deck ``deck_id`` in language ``lang`` (None: the content's own) for organisation ``org`` (None: the shared set)."""
    from deck.i18n.overlay import apply_language, content_notes, language_pack

    source = content.project.language
    lang = lang or source
    language = language_pack(content, lang).language
    eff = Effective(content.decks[deck_id], lang, language.dir, project=content.project, language=language,
                    sources=card_sources(content, deck_id, org))
    # 1. Language: translated strings replace the Dutch; untranslated ones stay Dutch, marked lang="nl".
    if lang != source:
        apply_language(eff, content, deck_id)
    # 2. Organisation: its overrides apply on top of the language, so its wording wins.
    if org is not None:
        eff.deck = apply_org(eff.deck, org, lang, eff.notes)
    eff.notes += content_notes(eff)
    return eff


def card_sources(content: Content, deck_id: str, org=None) -> dict[str, str]:
    """Where each card of a deck is written, as "file:line": the deck's YAML, or the profile for its own cards."""
    src = content.sources.get(deck_id)
    out = {}
    if src is not None:
        for i, card in enumerate(content.decks[deck_id].cards):
            out[card.id] = f"{src.file_of(('cards', i))}:{src.line_of(('cards', i))}"
    if org is not None:
        out.update(getattr(org, "card_sources", {}))
    return out


def apply_org(deck: Deck, org, lang: str, notes: list[str] | None = None) -> Deck:
    """``deck`` with the profile applied: excluded cards out, extra cards in, text overridden, cards reordered, colour set.

    Runs after the language overlay, so a field the profile does not override for ``lang``
    keeps the shared translation. ``notes`` collects what the report should say.
    """
    cards = [c for c in deck.cards if c.id not in org.exclude] + list(org.extra_cards.get(deck.id, []))
    cards = [_override(c, org.fields_for(c.id, lang)) for c in cards]
    if lang != org.language and notes is not None:
        own = [c.id for c in org.extra_cards.get(deck.id, []) if not org.fields_for(c.id, lang)]
        if own:
            notes.append(f"{len(own)} card(s) of {org.name} have no {lang} text and show the profile's "
                         f"{org.language} text: {', '.join(own)}")
    wanted = org.order.get(deck.id, [])
    if wanted:
        # Cards the order does not name keep their place after the named ones, so cards the
        # shared set adds later still appear.
        rank = {card_id: i for i, card_id in enumerate(wanted)}
        cards = sorted(cards, key=lambda c: (0, rank[c.id]) if c.id in rank else (1, 0))
    update: dict = {"cards": renumber(deck, cards, org), **org.fields_for(deck.id, lang)}
    colour = org.colours.get(deck.id) or org.accent  # the accent colours every deck the profile leaves uncoloured
    if colour is not None:
        update["colour"] = colour
    return deck.model_copy(update=update)


def renumber(deck: Deck, cards: list[Card], org) -> list[Card]:
    """Number ``cards`` 1, 2, 3 ... in their new order when ``deck`` numbers its cards; no gaps.

    Cards the shared deck leaves unnumbered (an introduction card) stay so; the organisation's
    own cards are numbered like the shared ones.
    """
    if not any(c.number is not None for c in deck.cards):
        return cards
    own = {c.id for c in org.extra_cards.get(deck.id, [])}
    out, n = [], 0
    for card in cards:
        if card.number is None and card.id not in own:
            out.append(card)
            continue
        n += 1
        out.append(card if card.number == n else card.model_copy(update={"number": n}))
    return out


def _override(card: Card, fields: dict) -> Card:
    return card.model_copy(update=fields) if fields else card


def effective_decks(content, org, lang: str | None = None) -> list[Deck]:
    """Every deck an organisation's set holds, merged, in its order (for check and list)."""

    lang = lang or org.language
    return [effective_deck(content, deck_id, lang, org).deck for deck_id in org.decks]


def translated_book(content, lang: str, org=None) -> Book:
    """workbook.yaml, content.yaml and every deck in ``lang`` (for ``org``, or the shared set when None)."""
    from deck.i18n.overlay import language_pack, translator

    source = content.project.language
    language = language_pack(content, lang).language
    decks, missing, stale = {}, [], []
    for deck_id in content.decks:
        # The same merge as the cards: translated text, and an organisation's left-out and own cards.
        eff = effective_deck(content, deck_id, lang, org)
        decks[deck_id] = eff.deck
        missing += eff.missing
        stale += eff.stale
    book = Book(content.workbook, content.project, decks, list(org.decks) if org is not None else list(content.decks),
                lang, language)
    if lang != source:
        lookup = translator(content, lang)
        wb = lookup.model(content.workbook, "workbook")
        # The sources are Dutch publications: a translation credits them by their Dutch title, marked as such.
        src = lookup.pack.source
        sources = [s.model_copy(update={"title": Foreign(s.title, src.code, src.dir),
                                        "publisher": Foreign(s.publisher, src.code, src.dir) if s.publisher else None})
                   for s in wb.sources]
        book.wb = wb.model_copy(update={"sources": sources})
        book.project = lookup.model(content.project, "content")
        book.messages = lookup.pack.ui()
        missing += lookup.missing
        stale += lookup.stale
    if org is not None:
        book.wb = with_org_programme(book.wb, org)
    # Every deck's report repeats the project's strings: name each key once.
    book.missing = list({p.path: p for p in missing}.values())
    book.stale = list({p.path: p for p in stale}.values())
    return book


def with_org_programme(wb: Workbook, org) -> Workbook:
    """The organisation's start time and durations replace the shared ones; clock times follow."""
    own = org.workbook
    if own.start is None and not own.durations:
        return wb
    parts = [p.model_copy(update={"minutes": own.durations[p.id]}) if p.id in own.durations else p
             for p in wb.programme.parts]
    programme = wb.programme.model_copy(update={"start": own.start if own.start is not None else wb.programme.start, "parts": parts})
    return wb.model_copy(update={"programme": programme})
