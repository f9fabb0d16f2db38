"""Imposition: place one-card-per-page PDFs N-up on office paper, duplex (backs mirrored) or fold-over."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from deck.model.grid import MARK_ROOM_MM, Grid
from deck.model.sizes import MM

MARK_GAP_MM = 1.5  # cut marks stop this far from the card edge
MARK_WIDTH_PT = 0.3
FOLD_DASH_PT = (2.0, 1.5)  # the fold mark is dashed, so it cannot be taken for a cut


def _marks(grid: Grid) -> bytes:
    """Cut marks on every trim line and dashed fold marks, in the margins only: never over a card."""
    x0, y0 = grid.origin
    used_w, used_h = grid.used
    top, right = y0 + used_h, x0 + used_w
    near, far = MARK_GAP_MM, MARK_ROOM_MM
    xs, ys = grid.trim_lines()
    ops = [f"q 0 G {MARK_WIDTH_PT} w"]

    def vertical(x: float) -> None:
        ops.append(f"{x * MM:.3f} {(y0 - far) * MM:.3f} m {x * MM:.3f} {(y0 - near) * MM:.3f} l S")
        ops.append(f"{x * MM:.3f} {(top + near) * MM:.3f} m {x * MM:.3f} {(top + far) * MM:.3f} l S")

    for x in xs:
        vertical(x)
    for y in ys:
        ops.append(f"{(x0 - far) * MM:.3f} {y * MM:.3f} m {(x0 - near) * MM:.3f} {y * MM:.3f} l S")
        ops.append(f"{(right + near) * MM:.3f} {y * MM:.3f} m {(right + far) * MM:.3f} {y * MM:.3f} l S")
    if grid.fold_lines():
        ops.append(f"[{FOLD_DASH_PT[0]} {FOLD_DASH_PT[1]}] 0 d")
        for x in grid.fold_lines():
            vertical(x)
    ops.append("Q")
    return "\n".join(ops).encode()


class _Sheets:
    """The output PDF under construction: card pages become form XObjects, drawn at grid cells."""

    def __init__(self, source, grid: Grid, bleed: float):
        self.src = pikepdf.open(source)
        self.out = pikepdf.new()
        self.grid = grid
        self.bleed = bleed
        self.forms: dict[bytes, pikepdf.Object] = {}
        src, out = self.src, self.out
        if "/Title" in src.docinfo:
            out.docinfo = out.copy_foreign(src.docinfo)
        if "/Lang" in src.Root:  # the sheets are in the cards' language too (screen readers, /Lang en)
            out.Root.Lang = src.Root.Lang
        # The title and language in XMP too, as in the print files, and shown as the window title.
        with out.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(out.docinfo)
            if "/Lang" in out.Root:
                meta["dc:language"] = [str(out.Root.Lang)]
        out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)

    def form_for(self, page: pikepdf.Page) -> pikepdf.Object:
        # Identical pages (all the backs of a deck) become one XObject, drawn many times.
        contents = page.obj.Contents
        key = b"".join(c.read_bytes() for c in contents) if isinstance(contents, pikepdf.Array) else contents.read_bytes()
        if key not in self.forms:
            form = page.as_form_xobject()
            trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
            b = self.bleed * MM
            form.BBox = pikepdf.Array([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b])
            self.forms[key] = self.out.copy_foreign(form)
        return self.forms[key]

    def draw(self, resources, ops: list[bytes], name: str, page, x: float, y: float, clip: tuple) -> None:
        """Draw ``page`` with its trim's lower-left corner at (x, y) mm, clipped to ``clip`` (mm from the trim)."""
        g = self.grid
        left, bottom, right, top = clip  # how far past each trim edge the card may show (its bleed, or 0)
        resources.XObject[pikepdf.Name(name)] = self.form_for(page)
        cx, cy = (x - left) * MM, (y - bottom) * MM
        cw, ch = (g.card_w + left + right) * MM, (g.card_h + bottom + top) * MM
        ops.append(f"q {cx:.4f} {cy:.4f} {cw:.4f} {ch:.4f} re W n "
                   f"{g.scale:.6g} 0 0 {g.scale:.6g} {x * MM:.4f} {y * MM:.4f} cm {name} Do Q".encode())

    def sheet(self, resources, ops: list[bytes]) -> None:
        g = self.grid
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=pikepdf.Array([0, 0, g.paper_w * MM, g.paper_h * MM]),
                                  Resources=resources, Contents=self.out.make_stream(b"\n".join(ops)))
        self.out.pages.append(pikepdf.Page(page))

    def note(self, resources, ops: list[bytes], note) -> None:
        """The one-line printing instruction (a one-page PDF as wide as the sheet) in the band above the marks."""
        if note is None:
            return
        with pikepdf.open(note) as pdf:
            page = pdf.pages[0]
            height = float(page.mediabox[3]) - float(page.mediabox[1])
            resources.XObject[pikepdf.Name("/Note")] = self.out.copy_foreign(page.as_form_xobject())
        _, y0 = self.grid.origin
        top = y0 + self.grid.used[1] + MARK_ROOM_MM  # just above the top cut marks
        ops.append(f"q 1 0 0 1 0 {top * MM + (self.grid.reserve - MARK_ROOM_MM) * MM / 2 - height / 2:.4f} cm "
                   f"/Note Do Q".encode())

    def save(self, target) -> int:
        # The sheets draw the cards' own content: declare at least the version that content needs (a new
        # pikepdf file says 1.3, while the cards use transparency states (1.4) and more).
        self.out.save(target, deterministic_id=True, min_version=self.src.pdf_version)
        return len(self.out.pages)


def _cards(src) -> list[tuple]:
    pages = list(src.pages)
    return [(pages[i], pages[i + 1] if i + 1 < len(pages) else None) for i in range(0, len(pages), 2)]


def impose(source, target: Path, grid: Grid, duplex: str, bleed: float,
           back_offset: tuple[float, float] = (0.0, 0.0), note=None) -> int:
    """Write duplex sheets from ``source`` (pages: front, back, front, back, ...); return the sheet count.

    Each sheet of fronts is followed by its sheet of backs. ``back_offset`` (mm) shifts every
    back to correct a printer's duplex misregistration: +X right, +Y up on the back pages as the
    PDF shows them (``deck calibrate`` prints a sheet that measures it). ``note`` is a one-page
    PDF with the printing instruction, drawn on the first sheet.
    """
    sheets = _Sheets(source, grid, bleed)
    b = bleed * grid.scale if grid.gap > 0 else 0.0
    marks = _marks(grid)
    cards = _cards(sheets.src)
    for start in range(0, len(cards), grid.per_sheet):
        chunk = cards[start:start + grid.per_sheet]
        for side in ("front", "back"):
            resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary())
            ops = [marks]
            if start == 0 and side == "front":
                sheets.note(resources, ops, note)
            for i, (front, back) in enumerate(chunk):
                page = front if side == "front" else back
                if page is None:
                    continue
                if side == "front":
                    x, y = grid.cell(i)
                else:
                    x, y = grid.back_cell(i, duplex)
                    x, y = x + back_offset[0], y + back_offset[1]  # +X right, +Y up
                sheets.draw(resources, ops, f"/C{i}", page, x, y, (b, b, b, b))
            sheets.sheet(resources, ops)
    return sheets.save(target)


def impose_fold(source, target: Path, grid: Grid, bleed: float, note=None) -> int:
    """Write fold-over sheets: each card's front with its back beside it, mirrored across the fold line.

    Single-sided: no back pages, so the backs line up on any printer. At the fold neither side
    shows its bleed (it would print on the other side); elsewhere they do where the grid has gaps.
    """
    sheets = _Sheets(source, grid, bleed)
    b = bleed * grid.scale if grid.gap > 0 else 0.0
    marks = _marks(grid)
    cards = _cards(sheets.src)
    for start in range(0, len(cards), grid.per_sheet):
        resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary())
        ops = [marks]
        if start == 0:
            sheets.note(resources, ops, note)
        for i, (front, back) in enumerate(cards[start:start + grid.per_sheet]):
            sheets.draw(resources, ops, f"/F{i}", front, *grid.cell(i), (b, b, 0.0, b))
            if back is not None:
                sheets.draw(resources, ops, f"/B{i}", back, *grid.fold_cell(i), (0.0, b, b, b))
        sheets.sheet(resources, ops)
    return sheets.save(target)
