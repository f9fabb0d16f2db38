"""Where an organisation's logo is printed on a card back, and how many pixels a sharp print of it needs.

The card stylesheet sizes the logo with ``logo_box``; ``deck check --org`` and the build use the
same numbers to refuse a raster logo that would print under 300 ppi, which the print-shop
preflight would refuse anyway, without saying which pixel size would do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from deck.model.sizes import SAFE_MM, CardSize

PRINT_PPI = 300  # print shops want images at 300 ppi or more at their printed size
CSS_PPI = 96  # an image without a size is laid out at 96 pixels per inch (CSS)
HEIGHT_SHARE = 0.12  # the logo is at most this share of the card's height ...
WIDTH_SHARE = 0.6  # ... and this share of the width inside the safe margins


def logo_box(size: CardSize) -> tuple[float, float]:
    """The largest (width, height) in mm the logo may take on a card back."""
    return round(WIDTH_SHARE * (size.width - 2 * SAFE_MM), 2), round(HEIGHT_SHARE * size.height, 2)


@dataclass(frozen=True)
class LogoPrint:
    """How a raster logo of ``pixels`` prints on a card back of ``size``."""

    pixels: tuple[int, int]
    printed_mm: tuple[float, float]
    ppi: float
    needed: tuple[int, int]  # the fewest pixels (same shape) for PRINT_PPI at the largest printed size

    @property
    def sharp(self) -> bool:
        return self.ppi >= PRINT_PPI


def logo_print(size: CardSize, width_px: int, height_px: int) -> LogoPrint:
    """The printed size and resolution of a ``width_px`` x ``height_px`` logo, as the stylesheet places it.

    The image keeps its shape and is shrunk to fit ``logo_box``; an image smaller than the box
    stays at its own size of 96 pixels per inch, too coarse for print.
    """
    box_w, box_h = logo_box(size)
    fit = min(box_w / width_px, box_h / height_px)  # mm per pixel when it fills the box
    scale = min(25.4 / CSS_PPI, fit)
    printed = (width_px * scale, height_px * scale)
    needed = tuple(math.ceil(PRINT_PPI * n * fit / 25.4) for n in (width_px, height_px))
    return LogoPrint((width_px, height_px), printed, 25.4 / scale, needed)
