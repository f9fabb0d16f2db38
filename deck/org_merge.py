"""The organisation overlay: one deck as an organisation shows it, made from the (translated) shared deck."""

from __future__ import annotations

from .schema import Card, Deck


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
    update: dict = {"cards": cards, **org.fields_for(deck.id, lang)}
    colour = org.colours.get(deck.id) or org.accent  # the accent colours every deck the profile leaves uncoloured
    if colour is not None:
        update["colour"] = colour
    return deck.model_copy(update=update)


def _override(card: Card, fields: dict) -> Card:
    return card.model_copy(update=fields) if fields else card


def effective_decks(content, org, lang: str | None = None) -> list[Deck]:
    """Every deck an organisation's set holds, merged, in its order (for check and list)."""
    from .merge import effective_deck  # merge imports this module

    lang = lang or org.language
    return [effective_deck(content, deck_id, lang, org).deck for deck_id in org.decks]
