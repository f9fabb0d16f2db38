"""Imposition: place one-card-per-page PDFs N-up on office paper, backs mirrored for duplex."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from deck.model.grid import Grid
from deck.model.sizes import MM

MARK_GAP_MM = 1.5  # cut marks stop this far from the card edge
MARK_WIDTH_PT = 0.3


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
    out.save(target, deterministic_id=True)
    return sheets
