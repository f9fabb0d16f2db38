"""Duplex calibration sheet geometry: rulers on the front, pointers on the back."""

from __future__ import annotations

from dataclasses import dataclass, field

from deck.model.grid import mirrors_x
from deck.model.sizes import card_size as card_size_of

RANGE_MM = 10  # each scale reads from -10 to +10 mm
EDGE_MM = 24.0  # scales sit this far inside the paper edge, clear of office printers' margins
TICKS = ((5.0, 5.0), (1.0, 3.2), (0.5, 1.8))  # (every n mm, tick length in mm), first match wins
ZERO_TICK_MM = 7.0
POINTER_MM = 9.0  # a back pointer reaches this far either side of the scale's baseline
CROSS_MM = 12.0


INK, RED = "#000000", "#d0021b"


@dataclass(frozen=True)
class Scale:
    """A ruler on the front: its zero point (mm from the lower-left corner) and the axis it measures."""

    axis: str  # "x" or "y"
    x: float
    y: float
    inward: int  # +1 or -1: the direction (across the axis) its ticks point, towards the sheet's middle


@dataclass
class Side:
    """What one page shows: lines and labels in millimetres from the lower-left corner."""

    lines: list[tuple[float, float, float, float, str, float]] = field(default_factory=list)  # x1 y1 x2 y2 colour width
    labels: list[tuple[float, float, str, str, float]] = field(default_factory=list)  # x y text anchor size(pt)


@dataclass(frozen=True)
class Calibration:
    """The calibration sheet for a paper in the orientation the card sheets use, and a duplex mode."""

    paper_w: float
    paper_h: float
    duplex: str
    back_offset: tuple[float, float] = (0.0, 0.0)
    paper_name: str = "A4"  # the sheet layout's name, for the label

    def behind(self, x: float, y: float) -> tuple[float, float]:
        """The front position that a point of the back page lands behind (the map is its own inverse)."""
        if mirrors_x(self.paper_w, self.paper_h, self.duplex):
            return self.paper_w - x, y
        return x, self.paper_h - y

    def correction(self, axis: str, reading: float) -> float:
        """The --back-offset value for a back pointer seen ``reading`` mm from a scale's zero on the front.

        A back printed ``s`` mm off (in back-page coordinates) shows up mirrored on the front;
        the correction is the opposite of ``s``.
        """
        mirrored = (axis == "x") == mirrors_x(self.paper_w, self.paper_h, self.duplex)
        shift = -reading if mirrored else reading
        return -shift

    def scales(self) -> list[Scale]:
        """Four rulers near the edges (X at top and bottom, Y left and right), zero on the centre lines."""
        w, h, e = self.paper_w, self.paper_h, EDGE_MM
        return [Scale("x", w / 2, h - e, -1), Scale("x", w / 2, e, +1),
                Scale("y", e, h / 2, +1), Scale("y", w - e, h / 2, -1)]

    def front(self) -> Side:
        """Rulers with their labels (the values to pass as --back-offset) and a centre cross."""
        side = Side()
        for s in self.scales():
            along = _along(s)
            side.lines.append((*along(-RANGE_MM, 0), *along(RANGE_MM, 0), INK, 0.15))
            for i in range(-2 * RANGE_MM, 2 * RANGE_MM + 1):
                n = i / 2
                length = ZERO_TICK_MM if n == 0 else next(size for step, size in TICKS if n % step == 0)
                side.lines.append((*along(n, 0), *along(n, s.inward * length), INK, 0.3 if n == 0 else 0.15))
                if n % 5 == 0:
                    value = self.correction(s.axis, n)
                    side.labels.append((*along(n, -s.inward * 2.6), _signed(value), "middle", 6.5))
            side.labels.append((*along(RANGE_MM + 4, 0), s.axis.upper(), "middle", 9))
        cx, cy = self.paper_w / 2, self.paper_h / 2
        side.lines += [(cx - CROSS_MM, cy, cx + CROSS_MM, cy, INK, 0.15), (cx, cy - CROSS_MM, cx, cy + CROSS_MM, INK, 0.15)]
        return side

    def back(self) -> Side:
        """A red pointer behind the zero of every ruler and a red centre cross, moved by ``back_offset``."""
        side = Side()
        ox, oy = self.back_offset
        for s in self.scales():
            bx, by = self.behind(s.x, s.y)
            bx, by = bx + ox, by + oy
            if s.axis == "x":
                side.lines.append((bx, by - POINTER_MM, bx, by + POINTER_MM, RED, 0.3))
            else:
                side.lines.append((bx - POINTER_MM, by, bx + POINTER_MM, by, RED, 0.3))
        cx, cy = self.behind(self.paper_w / 2, self.paper_h / 2)
        cx, cy = cx + ox, cy + oy
        side.lines += [(cx - CROSS_MM, cy, cx + CROSS_MM, cy, RED, 0.3), (cx, cy - CROSS_MM, cx, cy + CROSS_MM, RED, 0.3)]
        return side


def _along(s: Scale):
    """Position ``n`` mm along a scale and ``across`` mm across it."""
    if s.axis == "x":
        return lambda n, across: (s.x + n, s.y + across)
    return lambda n, across: (s.x + across, s.y + n)


def _signed(value: float) -> str:
    return "0" if value == 0 else f"{value:+g}"


def sheet_for(paper: str = "a4", duplex: str = "long", card_size: str = "a6",
              back_offset: tuple[float, float] = (0.0, 0.0)) -> Calibration:
    """The calibration sheet in the orientation that ``deck build`` uses for these cards on this paper."""
    from deck.load.sheet import load_sheet
    from deck.model.grid import grid_for

    spec = load_sheet(paper)
    grid = grid_for(card_size_of(card_size), spec)
    return Calibration(grid.paper_w, grid.paper_h, duplex, back_offset, spec.name)
