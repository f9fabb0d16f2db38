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
    """Where cards go on a sheet, in millimetres from the sheet's lower-left corner.

    ``card_w``/``card_h`` are the placed size (the trim size times ``scale``). On a fold-over
    sheet (``fold``) a cell holds a card's front and, right of it, its back: the fold line is the
    front's right edge, and ``cols`` counts such pairs.
    """

    paper_w: float
    paper_h: float
    card_w: float
    card_h: float
    cols: int
    rows: int
    gap: float  # space between cards; when > 0 each card shows its bleed
    scale: float = 1.0  # cards drawn at this share of their size (--fit)
    fold: bool = False
    reserve: float = 0.0  # mm kept free at the top, above the cut marks, for the printing instruction

    @property
    def unit_w(self) -> float:
        """The width of one cell: a card, or a card's front and back side by side on a fold-over sheet."""
        return self.card_w * (2 if self.fold else 1)

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    @property
    def used(self) -> tuple[float, float]:
        """Width and height the cells take together."""
        return (self.cols * self.unit_w + (self.cols - 1) * self.gap,
                self.rows * self.card_h + (self.rows - 1) * self.gap)

    @property
    def origin(self) -> tuple[float, float]:
        """Lower-left trim corner of the bottom-left cell; the grid is centred below the reserved band."""
        used_w, used_h = self.used
        return (self.paper_w - used_w) / 2, (self.paper_h - self.reserve - used_h) / 2

    def cell(self, index: int) -> tuple[float, float]:
        """Lower-left trim corner of cell ``index`` (row-major, top row first); on a fold-over sheet, the front's."""
        col, row = index % self.cols, index // self.cols
        x0, y0 = self.origin
        x = x0 + col * (self.unit_w + self.gap)
        y = y0 + (self.rows - 1 - row) * (self.card_h + self.gap)
        return x, y

    def fold_cell(self, index: int) -> tuple[float, float]:
        """Lower-left trim corner of card ``index``'s back on a fold-over sheet: its front mirrored across the fold."""
        x, y = self.cell(index)
        return x + self.card_w, y

    def trim_lines(self) -> tuple[list[float], list[float]]:
        """The x and y positions of every cut (trim edges, fold lines excluded)."""
        x0, y0 = self.origin
        xs, ys = set(), set()
        for c in range(self.cols):
            x = x0 + c * (self.unit_w + self.gap)
            xs.update((round(x, 6), round(x + self.unit_w, 6)))
        for r in range(self.rows):
            y = y0 + r * (self.card_h + self.gap)
            ys.update((round(y, 6), round(y + self.card_h, 6)))
        return sorted(xs), sorted(ys)

    def fold_lines(self) -> list[float]:
        """The x position of every fold line (fold-over sheets only)."""
        x0, _ = self.origin
        return [x0 + c * (self.unit_w + self.gap) + self.card_w for c in range(self.cols)] if self.fold else []

    def back_cell(self, index: int, duplex: str) -> tuple[float, float]:
        """Where the back of card ``index`` goes so it lands behind its front (see ``mirrors_x``)."""
        x, y = self.cell(index)
        if mirrors_x(self.paper_w, self.paper_h, duplex):
            return self.paper_w - x - self.card_w, y
        return x, self.paper_h - y - self.card_h


def back_offset_problem(grid: Grid, offset: tuple[float, float], duplex: str = "long") -> str | None:
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
    # The room around the backs as they land on the sheet for this duplex mode (the instruction band makes
    # the top and bottom margins differ, and a short-edge turn swaps them).
    backs = [grid.back_cell(i, duplex) for i in range(grid.per_sheet)]
    left = min(x for x, _ in backs)
    right = grid.paper_w - max(x + grid.card_w for x, _ in backs)
    bottom = min(y for _, y in backs)
    top = grid.paper_h - max(y + grid.card_h for _, y in backs)
    left, right, bottom, top = (math.floor(v * 10) / 10 for v in (left, right, bottom, top))
    if not (-left <= x <= right and -bottom <= y <= top):
        return (f"{given} pushes the outer backs off the sheet: these cards on this paper leave {left:g} mm to the left, "
                f"{right:g} mm to the right, {bottom:g} mm below and {top:g} mm above the backs. Give an X from "
                f"-{left:g} to {right:g} and a Y from -{bottom:g} to {top:g}")
    return None


def mirrors_x(paper_w: float, paper_h: float, duplex: str) -> bool:
    """Whether turning the sheet puts a back's left/right (True) or top/bottom (False) behind the front.

    Turning over the long edge mirrors positions across the long axis: left/right on a portrait
    sheet, top/bottom on a landscape one; the short edge does the opposite.
    """
    return (duplex == "long") != (paper_w > paper_h)


FIT_MIN_SCALE = 0.8  # --fit never draws cards smaller than this
NOTE_MM = 4.0  # the band above the cut marks for the one-line printing instruction
MARK_ROOM_MM = 6.0  # cut marks reach this far from the cards (MARK_GAP_MM + their length, write/impose)


def plan_grid(card_w: float, card_h: float, paper: tuple[float, float], bleed: float,
              margin: float = PRINTER_MARGIN_MM, *, gap: float | str = "auto", fixed: tuple[int, int] | None = None,
              orientation: str = "auto", fit: bool = False, min_scale: float = FIT_MIN_SCALE, fold: bool = False,
              reserve: float = 0.0) -> Grid:
    """The grid with the most cards per sheet, trying both paper orientations.

    Cards are butted together (one cut between neighbours) unless a gap wide enough to show
    both bleeds fits the same number of cards; then the gap is used, which forgives cutting.
    ``fit`` scales the cards down (to ``min_scale`` at most) when that puts more on a sheet;
    ``fold`` plans cells of a front and its back side by side; ``reserve`` keeps a band free at
    the top; ``fixed`` (cols, rows) and a numeric ``gap`` come from a sheet layout file.
    """
    best = None
    orientations = {"auto": (paper, paper[::-1]), "portrait": (paper,), "landscape": (paper[::-1],)}[orientation]
    gaps = (2 * bleed, 0.0) if gap == "auto" else (float(gap),)
    unit = 2 if fold else 1
    for pw, ph in orientations:
        room_w, room_h = pw - 2 * margin, ph - 2 * margin - reserve
        for g in gaps:
            for cols, rows, scale in _candidates(card_w * unit, card_h, room_w, room_h, g, fixed, fit, min_scale):
                grid = Grid(pw, ph, card_w * scale, card_h * scale, cols, rows, g, scale, fold, reserve)
                key = (grid.per_sheet, round(scale, 4), g > 0, pw <= ph)
                if best is None or key > best[0]:
                    best = (key, grid)
    if best is None:
        what = "front and back side by side" if fold else "card"
        raise ValueError(f"a {card_w:g} × {card_h:g} mm {what} does not fit on {paper[0]:g} × {paper[1]:g} mm paper "
                         f"with {margin:g} mm margins" + ("" if fit else "; --fit scales the cards to the paper"))
    return best[1]


def _candidates(unit_w: float, unit_h: float, room_w: float, room_h: float, gap: float,
                fixed: tuple[int, int] | None, fit: bool, min_scale: float):
    """(cols, rows, scale) that fit the room; at full size, or scaled when ``fit``."""
    if not fit:
        if fixed:
            cols, rows = fixed
        else:
            cols = math.floor((room_w + gap) / (unit_w + gap))
            rows = math.floor((room_h + gap) / (unit_h + gap))
        if cols >= 1 and rows >= 1 and cols * unit_w + (cols - 1) * gap <= room_w + 1e-9 \
                and rows * unit_h + (rows - 1) * gap <= room_h + 1e-9:
            yield cols, rows, 1.0
        return
    shapes = [fixed] if fixed else [(c, r) for c in range(1, 21) for r in range(1, 21)]
    for cols, rows in shapes:
        scale = min((room_w - (cols - 1) * gap) / (cols * unit_w), (room_h - (rows - 1) * gap) / (rows * unit_h), 1.0)
        if scale >= min_scale:
            yield cols, rows, math.floor(scale * 100) / 100  # a whole per cent, so the stated scale is exact


def grid_for(size, spec, fit: bool = False, fold: bool = False) -> Grid:
    """The office-sheet grid of a build: card size (model.sizes.CardSize), sheet layout (model.sheet.SheetSpec).

    One place for what the sheets, the fold-over sheets and the calibration sheet share: the
    layout's margin, gap, grid and orientation, and the band kept for the printing instruction.
    """
    from deck.model.sizes import BLEED_MM, MIN_BODY_PT

    return plan_grid(size.width, size.height, spec.size, BLEED_MM, spec.margin, gap=spec.gap,
                     fixed=(spec.grid.cols, spec.grid.rows) if spec.grid else None, orientation=spec.orientation,
                     fit=fit, min_scale=max(FIT_MIN_SCALE, MIN_BODY_PT / size.font_pt), fold=fold,
                     reserve=NOTE_MM + MARK_ROOM_MM)
