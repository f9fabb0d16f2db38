"""Sheet geometry: how many cards fit on a paper, where, and how duplex mirrors the backs."""

from __future__ import annotations

import math
from dataclasses import dataclass

PRINTER_MARGIN_MM = 5.0  # office printers cannot print closer to the paper edge
# A duplex correction larger than this is no printer's shift but a typo; the calibration sheet
# (deck calibrate, render.calibrate.RANGE_MM) measures up to this much either way.
MAX_BACK_OFFSET_MM = 10.0


@dataclass(frozen=True)
class Grid:
    """Where cards go on a sheet, in millimetres from the sheet's lower-left corner."""

    paper_w: float
    paper_h: float
    card_w: float
    card_h: float
    cols: int
    rows: int
    gap: float  # space between cards; when > 0 each card shows its bleed

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    @property
    def origin(self) -> tuple[float, float]:
        """Lower-left trim corner of the bottom-left cell; the grid is centred on the sheet."""
        used_w = self.cols * self.card_w + (self.cols - 1) * self.gap
        used_h = self.rows * self.card_h + (self.rows - 1) * self.gap
        return (self.paper_w - used_w) / 2, (self.paper_h - used_h) / 2

    def cell(self, index: int) -> tuple[float, float]:
        """Lower-left trim corner of cell ``index`` (row-major, top row first)."""
        col, row = index % self.cols, index // self.cols
        x0, y0 = self.origin
        x = x0 + col * (self.card_w + self.gap)
        y = y0 + (self.rows - 1 - row) * (self.card_h + self.gap)
        return x, y

    def back_cell(self, index: int, duplex: str) -> tuple[float, float]:
        """Where the back of card ``index`` goes so it lands behind its front (see ``mirrors_x``)."""
        x, y = self.cell(index)
        if mirrors_x(self.paper_w, self.paper_h, duplex):
            return self.paper_w - x - self.card_w, y
        return x, self.paper_h - y - self.card_h


def back_offset_problem(grid: Grid, offset: tuple[float, float]) -> str | None:
    """Why ``offset`` (mm: +X right, +Y up) cannot correct a printer's duplex shift on ``grid``; None if it can.

    Too large, it moves every back off its card's place; beyond the room around the grid, it
    pushes the outer backs off the sheet, where nothing is printed.
    """
    x, y = offset
    given = f"--back-offset {x:g},{y:g}"
    if max(abs(x), abs(y)) > MAX_BACK_OFFSET_MM:
        return (f"{given} moves every back more than {MAX_BACK_OFFSET_MM:g} mm off its card; a printer shifts the backs "
                f"by a few millimetres at most. Print `deck calibrate`, read where the red lines cross the rulers "
                f"and give those two numbers (each between -{MAX_BACK_OFFSET_MM:g} and {MAX_BACK_OFFSET_MM:g})")
    room_x, room_y = (math.floor(v * 10) / 10 for v in grid.origin)
    if abs(x) > room_x or abs(y) > room_y:
        return (f"{given} pushes the outer backs off the sheet: these cards on this paper leave {room_x:g} mm beside "
                f"and {room_y:g} mm above and below them. Give at most {room_x:g} mm across and {room_y:g} mm up or down")
    return None


def mirrors_x(paper_w: float, paper_h: float, duplex: str) -> bool:
    """Whether turning the sheet puts a back's left/right (True) or top/bottom (False) behind the front.

    Turning over the long edge mirrors positions across the long axis: left/right on a portrait
    sheet, top/bottom on a landscape one; the short edge does the opposite.
    """
    return (duplex == "long") != (paper_w > paper_h)


def plan_grid(card_w: float, card_h: float, paper: tuple[float, float], bleed: float,
              margin: float = PRINTER_MARGIN_MM) -> Grid:
    """The grid with the most cards per sheet, trying both paper orientations.

    Cards are butted together (one cut between neighbours) unless a gap wide enough to show
    both bleeds fits the same number of cards; then the gap is used, which forgives cutting.
    """
    best = None
    for pw, ph in (paper, paper[::-1]):
        for gap in (2 * bleed, 0.0):
            cols = math.floor((pw - 2 * margin + gap) / (card_w + gap))
            rows = math.floor((ph - 2 * margin + gap) / (card_h + gap))
            if cols < 1 or rows < 1:
                continue
            grid = Grid(pw, ph, card_w, card_h, cols, rows, gap)
            key = (grid.per_sheet, gap > 0, pw <= ph)
            if best is None or key > best[0]:
                best = (key, grid)
    if best is None:
        raise ValueError(f"a {card_w:g} × {card_h:g} mm card does not fit on {paper[0]:g} × {paper[1]:g} mm paper with {margin:g} mm margins")
    return best[1]
