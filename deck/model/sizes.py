"""Card and paper sizes in millimetres (data, not code paths)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

MM = 72 / 25.4  # PDF points per millimetre
PX_MM = 25.4 / 96  # millimetres per CSS pixel
BLEED_MM = 3.0
SMALL_TEXT_PT = 9.0  # text under this size breaks up when screened or printed from several plates
MIN_BODY_PT = 8.0  # body text is never printed smaller (after shrinking to fit and --fit scaling)
SAFE_MM = 6.0  # text keeps at least this far from the trim edge (print shops ask 4-5 mm)


@dataclass(frozen=True)
class CardSize:
    """A card's trim size and the base text size designed for it."""

    name: str
    width: float
    height: float
    font_pt: float
    band: float = 0.2  # share of the height taken by the coloured band on the front


CARD_SIZES = {
    "a6": CardSize("a6", 105, 148, 12.0),
    "a7": CardSize("a7", 74, 105, 8.4, 0.16),
    "poker": CardSize("poker", 63, 88, 7.6, 0.15),
    "square": CardSize("square", 120, 120, 12.0),
}


PAPERS = {  # portrait width x height
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "letter": (215.9, 279.4),
}




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
    return CardSize(f"{w:g}x{h:g}", w, h, round(a6.font_pt * factor, 1), 0.2 if factor > 0.8 else 0.16)


def _checked_card_size(value: str | None) -> str | None:
    """A pydantic validator: the card size as written, once it parses (the message says what to write)."""
    if value is not None:
        card_size(value)
    return value


CardSizeText = Annotated[str | None, AfterValidator(_checked_card_size)]
