"""Card and paper sizes in millimetres, and the geometry of each card size's face (data, not code paths)."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # PDF points per millimetre
PX_MM = 25.4 / 96  # millimetres per CSS pixel
BLEED_MM = 3.0
SAFE_MM = 6.0  # text keeps at least this far from the trim edge (print shops ask 4-5 mm)


@dataclass(frozen=True)
class CardSize:
    """A card's trim size and the design of its face: one row of CARD_SIZES, read by templates/cards.css.j2.

    Lengths in millimetres from the trim edge, type sizes in points.
    """

    name: str
    width: float
    height: float
    font_pt: float  # the base text size
    band: float  # height of the coloured band across the top of the front
    number_pt: float  # the card number in the band: its digits stay inside the safe zone (tests/model)
    foot: float  # height of the footer line at the bottom of the front
    logo: float  # the tallest an organisation's logo may be on the back
    safe: float = SAFE_MM  # text keeps this far from the trim edge
    deckname_bottom: float = 4.2  # the deck name sits this far above the band's lower edge
    number_bottom: float = 3.3  # and so does the card number
    body_gap: float = 4.8  # between the band and the card's text
    tint: float = 0.1  # background of list items: this share of the deck colour on white
    tint_strong: float = 0.35  # the footer's rule


CARD_SIZES = {size.name: size for size in (
    #        name      width height text   band  number  foot  logo
    CardSize("a6",     105,  148,   12.0,  29.6, 31.2,   6.6,  17.76),
    CardSize("a7",     74,   105,   8.4,   16.8, 21.84,  4.62, 12.6),
    CardSize("poker",  63,   88,    7.6,   13.2, 14.74,  4.18, 10.56),
    CardSize("square", 120,  120,   12.0,  24.0, 31.2,   6.6,  14.4),
)}


PAPERS = {  # portrait width x height
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "letter": (215.9, 279.4),
}


