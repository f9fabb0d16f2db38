"""Imposition: place one-card-per-page PDFs N-up on office paper, backs mirrored for duplex."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from .sizes import MM

PRINTER_MARGIN_MM = 5.0  # office printers cannot print closer to the paper edge
MARK_GAP_MM = 1.5  # cut marks stop this far from the card edge
MARK_WIDTH_PT = 0.3


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
    def landscape(self) -> bool:
        return self.paper_w > self.paper_h

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


def _marks(grid: Grid) -> bytes:
    """Cut marks in the margins, on every trim line, never over the cards."""
    x0, y0 = grid.origin
    xs, ys = set(), set()
    for c in range(grid.cols):
        x = x0 + c * (grid.card_w + grid.gap)
        xs.update((x, x + grid.card_w))
    for r in range(grid.rows):
        y = y0 + r * (grid.card_h + grid.gap)
        ys.update((y, y + grid.card_h))
    top = y0 + grid.rows * grid.card_h + (grid.rows - 1) * grid.gap
    right = x0 + grid.cols * grid.card_w + (grid.cols - 1) * grid.gap
    ops = [f"q 0 G {MARK_WIDTH_PT} w"]
    for x in sorted(xs):
        ops.append(f"{x * MM:.3f} 0 m {x * MM:.3f} {(y0 - MARK_GAP_MM) * MM:.3f} l S")
        ops.append(f"{x * MM:.3f} {(top + MARK_GAP_MM) * MM:.3f} m {x * MM:.3f} {grid.paper_h * MM:.3f} l S")
    for y in sorted(ys):
        ops.append(f"0 {y * MM:.3f} m {(x0 - MARK_GAP_MM) * MM:.3f} {y * MM:.3f} l S")
        ops.append(f"{(right + MARK_GAP_MM) * MM:.3f} {y * MM:.3f} m {grid.paper_w * MM:.3f} {y * MM:.3f} l S")
    ops.append("Q")
    return "\n".join(ops).encode()


def impose(source: Path, target: Path, grid: Grid, duplex: str, bleed: float,
           back_offset: tuple[float, float] = (0.0, 0.0)) -> int:
    """Write sheets from ``source`` (pages: front, back, front, back, ...); return the sheet count.

    Each sheet of fronts is followed by its sheet of backs. ``back_offset`` (mm) shifts every
    back to correct a printer's duplex misregistration: +X right, +Y up on the back pages as the
    PDF shows them (``deck calibrate`` prints a sheet that measures it).
    """
    src = pikepdf.open(source)
    out = pikepdf.new()
    out.docinfo = out.copy_foreign(src.docinfo) if "/Title" in src.docinfo else out.docinfo
    if "/Lang" in src.Root:  # the sheets are in the cards' language too (screen readers, /Lang en)
        out.Root.Lang = src.Root.Lang
    clip = grid.gap > 0
    forms: dict[bytes, pikepdf.Object] = {}

    def form_for(page: pikepdf.Page) -> pikepdf.Object:
        # Identical pages (all the backs of a deck) become one XObject, drawn many times.
        key = page.obj.Contents.read_bytes() if not isinstance(page.obj.Contents, pikepdf.Array) else b"".join(
            c.read_bytes() for c in page.obj.Contents)
        if key not in forms:
            form = page.as_form_xobject()
            trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
            b = bleed * MM if clip else 0
            form.BBox = pikepdf.Array([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b])
            forms[key] = out.copy_foreign(form)
        return forms[key]

    pages = list(src.pages)
    cards = [(pages[i], pages[i + 1] if i + 1 < len(pages) else None) for i in range(0, len(pages), 2)]
    sheets = 0
    marks = _marks(grid)
    for start in range(0, len(cards), grid.per_sheet):
        chunk = cards[start:start + grid.per_sheet]
        for side in ("front", "back"):
            resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary())
            ops = [marks]
            for i, (front, back) in enumerate(chunk):
                page = front if side == "front" else back
                if page is None:
                    continue
                name = pikepdf.Name(f"/C{i}")
                resources.XObject[name] = form_for(page)
                if side == "front":
                    x, y = grid.cell(i)
                else:
                    x, y = grid.back_cell(i, duplex)
                    x, y = x + back_offset[0], y + back_offset[1]  # +X right, +Y up
                ops.append(f"q 1 0 0 1 {x * MM:.4f} {y * MM:.4f} cm {name} Do Q".encode())
            sheet = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=pikepdf.Array([0, 0, grid.paper_w * MM, grid.paper_h * MM]),
                Resources=resources,
                Contents=out.make_stream(b"\n".join(ops)),
            )
            out.pages.append(pikepdf.Page(sheet))
            sheets += 1
    # The sheets draw the cards' own content: declare at least the version that content needs (a new
    # pikepdf file says 1.3, while the cards use transparency states (1.4) and more).
    out.save(target, deterministic_id=True, min_version=src.pdf_version)
    return sheets
