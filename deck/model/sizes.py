"""Card and paper sizes in millimetres, and the geometry of each card size's face (data, not code paths)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

MM = 72 / 25.4  # PDF points per millimetre
PX_MM = 25.4 / 96  # millimetres per CSS pixel
BLEED_MM = 3.0
SMALL_TEXT_PT = 9.0  # text under this size breaks up when screened or printed from several plates
MIN_TEXT_PT = 6.0  # no text on a card is smaller (footers, credits, labels)
MIN_BODY_PT = 8.0  # body text is never printed smaller (after shrinking to fit and --fit scaling)
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
    # Small cards: body text of 8.9 / 8.5 pt shrinks to 8 pt at most, in a 5.5 mm safe zone (print shops ask 4-5; preflight checks 5).
    CardSize("a7",     74,   105,   8.9,   16.8, 23.14,  4.9,  12.6,  safe=5.5),
    CardSize("poker",  63,   88,    8.5,   13.2, 16.63,  4.68, 10.56, safe=5.5),
    CardSize("square", 120,  120,   12.0,  24.0, 31.2,   6.6,  14.4),
)}



MIN_CARD_MM = (40.0, 40.0)  # smaller cards cannot hold a title and a question
MAX_CARD_MM = (300.0, 420.0)  # A3: the largest sheet an office prints
_WXH = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[x×]\s*(\d+(?:[.,]\d+)?)\s*(?:mm)?\s*$", re.IGNORECASE)


def card_size(spec: str) -> CardSize:
    """A preset by name (case-insensitive) or a custom trim size 'WxH' in millimetres, e.g. '70x120'.

    A custom size gets the text size of the preset design scaled to it (A6 = 12 pt), so its
    proportions match the presets'. Raises ValueError with a message that says what to write.
    """
    name = str(spec).strip().lower()
    if name in CARD_SIZES:
        return CARD_SIZES[name]
    match = _WXH.match(name)
    if not match:
        raise ValueError(f"'{spec}' is not a card size: choose {', '.join(CARD_SIZES)} or give width x height in "
                         "millimetres, e.g. 70x120")
    w, h = (float(v.replace(",", ".")) for v in match.groups())
    if w < MIN_CARD_MM[0] or h < MIN_CARD_MM[1] or w > MAX_CARD_MM[0] or h > MAX_CARD_MM[1]:
        raise ValueError(f"a {w:g} × {h:g} mm card is outside what deck can lay out: give a width from "
                         f"{MIN_CARD_MM[0]:g} to {MAX_CARD_MM[0]:g} and a height from {MIN_CARD_MM[1]:g} to "
                         f"{MAX_CARD_MM[1]:g} mm")
    a6 = CARD_SIZES["a6"]
    factor = min(w / a6.width, h / a6.height, 1.0)
    font_pt = max(8.5, round(a6.font_pt * factor, 1))  # as on the small presets: body text never below 8 pt
    safe = SAFE_MM if factor > 0.8 else 5.5
    band = round(h * (0.2 if factor > 0.8 else 0.16), 2)
    # The card number's digits (cap height ~0.73 em) stay inside the safe zone on the band, as on the presets.
    number_bottom = CardSize.__dataclass_fields__["number_bottom"].default
    number_pt = round(min(2.6 * font_pt, (band - safe - number_bottom) / 0.75 / 25.4 * 72), 2)
    return CardSize(f"{w:g}x{h:g}", w, h, font_pt, band, number_pt, round(font_pt * 0.55, 2), round(h * 0.12, 2),
                    safe=safe)


def _checked_card_size(value: str | None) -> str | None:
    """A pydantic validator: the card size as written, once it parses (the message says what to write)."""
    if value is not None:
        card_size(value)
    return value


CardSizeText = Annotated[str | None, AfterValidator(_checked_card_size)]
