"""Card and paper sizes in millimetres (data, not code paths)."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # PDF points per millimetre
PX_MM = 25.4 / 96  # millimetres per CSS pixel
BLEED_MM = 3.0
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


