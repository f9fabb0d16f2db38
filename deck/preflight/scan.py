"""Walk a page's content streams (and every form, pattern, shading and image they use) for print problems."""

from __future__ import annotations

import math
from typing import Callable

import pikepdf

from deck.model.logo import PRINT_PPI

MIN_PPI = PRINT_PPI
HAIRLINE_PT = 0.25
MAX_INK = 300  # per cent, summed over C, M, Y and K
MAX_DEPTH = 16  # forms inside forms; deeper (or cyclic) nesting is reported, not followed
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
STROKES = {"S", "s", "B", "B*", "b", "b*"}
RGB_FAMILIES = {"/DeviceRGB": "DeviceRGB", "/CalRGB": "CalRGB", "/RGB": "DeviceRGB"}  # /RGB: inline-image abbreviation


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m first, then n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def rgb_kind(space, resources) -> str | None:
    """How a colour space is RGB ('DeviceRGB', 'ICCBased, 3 components', ...), or None when it is not."""
    if isinstance(space, pikepdf.Name):
        name = str(space)
        if name in RGB_FAMILIES:
            return RGB_FAMILIES[name]
        named = resources.get("/ColorSpace", {}) if resources is not None else {}
        if name in named:
            return rgb_kind(named[name], None)
        return None
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family in RGB_FAMILIES:
            return RGB_FAMILIES[family]
        if family == "/ICCBased":
            return "ICCBased, 3 components" if int(space[1].get("/N", 0)) == 3 else None
        if family in ("/Indexed", "/Pattern") and len(space) > 1:
            base = rgb_kind(space[1], resources)
            return f"{family[1:]} on {base}" if base else None
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            alt = rgb_kind(space[2], resources)
            return f"{family[1:]} with {alt} alternate" if alt else None
    return None


class Scanner:
    """Reports problems through ``report(message)`` while walking content with its graphics state."""

    def __init__(self, report: Callable[[str], None]):
        self.report = report
        self.fonts: dict[tuple, tuple[bool, str]] = {}

    def page(self, page: pikepdf.Page) -> None:
        """Scan one page: its transparency group, its content and everything that content uses."""
        self.group(page.obj, "page")
        self.stream(page, page.obj.get("/Resources"), IDENTITY, "content stream", 0)

    def group(self, obj, where: str) -> None:
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and "/CS" in group:
            kind = rgb_kind(group.CS, obj.get("/Resources"))
            if kind:
                self.report(f"RGB transparency blending space ({kind}) in {where} group")

    def stream(self, source, resources, ctm: Matrix, where: str, depth: int) -> None:
        """Walk one content stream (page, form or tiling pattern) with its resources."""
        if depth > MAX_DEPTH:
            self.report(f"{where}: forms nested deeper than {MAX_DEPTH} levels (not checked)")
            return
        resources = resources if resources is not None else pikepdf.Dictionary()
        stack: list[tuple[Matrix, float, object, object]] = []
        lw, fill, stroke = 1.0, pikepdf.Name.DeviceGray, pikepdf.Name.DeviceGray
        try:
            instructions = pikepdf.parse_content_stream(source)
        except pikepdf.PdfError as exc:
            self.report(f"unreadable {where} ({exc})")
            return
        for operands, operator in instructions:
            op = str(operator)
            if op == "q":
                stack.append((ctm, lw, fill, stroke))
            elif op == "Q" and stack:
                ctm, lw, fill, stroke = stack.pop()
            elif op == "cm" and len(operands) == 6:
                ctm = multiply(tuple(float(v) for v in operands), ctm)
            elif op == "w" and operands:
                lw = float(operands[0])
            elif op == "gs" and operands:
                lw = self.extgstate(resources, operands[0], lw, ctm, where, depth)
            elif op in STROKES:
                width = lw * math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
                if width < HAIRLINE_PT - 1e-6:
                    self.report(f"hairline {width:.2f} pt (under {HAIRLINE_PT} pt) in {where}")
            elif op in ("rg", "RG"):
                self.report(f"RGB colour (DeviceRGB) in {where}")
            elif op in ("k", "K"):
                self.ink(operands, where)
            elif op in ("cs", "CS") and operands:
                kind = rgb_kind(operands[0], resources)
                if kind:
                    self.report(f"RGB colour ({kind}) in {where}")
                fill, stroke = (operands[0], stroke) if op == "cs" else (fill, operands[0])
            elif op in ("sc", "scn", "SC", "SCN"):
                space = fill if op.islower() else stroke
                if space == pikepdf.Name.DeviceCMYK and len(operands) == 4:
                    self.ink(operands, where)
                if operands and isinstance(operands[-1], pikepdf.Name):
                    self.pattern(resources, operands[-1], ctm, depth)
            elif op == "sh" and operands:
                self.shading(resources.get("/Shading", {}).get(str(operands[0])), f"shading {operands[0]}")
            elif op == "Do" and operands:
                self.xobject(resources, operands[0], ctm, where, depth)
            elif op == "Tf" and operands:
                self.font(resources.get("/Font", {}).get(str(operands[0])), str(operands[0]))
            elif op == "INLINE IMAGE":
                self.inline_image(operands[0], resources, ctm)

    def ink(self, operands, where: str) -> None:
        try:
            total = sum(float(v) for v in operands) * 100
        except (TypeError, ValueError):
            return
        if total > MAX_INK + 0.5:
            self.report(f"total ink {total:.0f} % (over {MAX_INK} %) in {where}")

    def extgstate(self, resources, name, lw: float, ctm: Matrix, where: str, depth: int) -> float:
        state = resources.get("/ExtGState", {}).get(str(name))
        if not isinstance(state, pikepdf.Dictionary):
            return lw
        smask = state.get("/SMask")
        if isinstance(smask, pikepdf.Dictionary) and isinstance(smask.get("/G"), pikepdf.Stream):
            self.form(smask.G, ctm, f"soft mask of {where}", depth, resources)
        return float(state.LW) if "/LW" in state else lw

    def xobject(self, resources, name, ctm: Matrix, where: str, depth: int) -> None:
        obj = resources.get("/XObject", {}).get(str(name))
        if not isinstance(obj, pikepdf.Stream):
            return
        if obj.get("/Subtype") == pikepdf.Name.Image:
            self.image(obj, str(name), ctm)
        elif obj.get("/Subtype") == pikepdf.Name.Form:
            self.form(obj, ctm, f"form XObject {name}", depth, resources)

    def form(self, obj, ctm: Matrix, where: str, depth: int, parent_resources) -> None:
        matrix = tuple(float(v) for v in obj.get("/Matrix", IDENTITY))
        self.group(obj, where)
        self.stream(obj, obj.get("/Resources", parent_resources), multiply(matrix, ctm), where, depth + 1)

    def pattern(self, resources, name, ctm: Matrix, depth: int) -> None:
        pattern = resources.get("/Pattern", {}).get(str(name))
        if pattern is None:
            return
        if int(pattern.get("/PatternType", 0)) == 2:
            self.shading(pattern.get("/Shading"), f"pattern {name}")
        elif isinstance(pattern, pikepdf.Stream):
            matrix = tuple(float(v) for v in pattern.get("/Matrix", IDENTITY))
            self.stream(pattern, pattern.get("/Resources", resources), multiply(matrix, ctm), f"pattern {name}", depth + 1)

    def shading(self, shading, where: str) -> None:
        if shading is not None:
            kind = rgb_kind(shading.get("/ColorSpace"), None)
            if kind:
                self.report(f"RGB colour ({kind}) in {where}")

    def image(self, obj, name: str, ctm: Matrix) -> None:
        if obj.get("/ImageMask", False):
            return  # a stencil: painted in the current fill colour, checked where that is set
        width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
        kind = rgb_kind(obj.get("/ColorSpace"), None)
        if kind:
            self.report(f"RGB image ({kind}, {width}x{height} px)")
        self.resolution(width, height, ctm, f"image of {width}x{height} px")

    def inline_image(self, image, resources, ctm: Matrix) -> None:
        info = image.obj
        space = info.get("/CS", info.get("/ColorSpace"))
        if space is not None and not info.get("/IM", info.get("/ImageMask", False)):
            kind = rgb_kind(space, resources)
            if kind:
                self.report(f"RGB inline image ({kind})")
        self.resolution(int(info.get("/W", info.get("/Width", 0))), int(info.get("/H", info.get("/Height", 0))),
                        ctm, "inline image")

    def resolution(self, width_px: int, height_px: int, ctm: Matrix, what: str) -> None:
        # The image fills the unit square of its CTM: the placed size is that square's sides.
        placed_w, placed_h = math.hypot(ctm[0], ctm[1]) / 72, math.hypot(ctm[2], ctm[3]) / 72
        if placed_w <= 0 or placed_h <= 0 or width_px <= 0 or height_px <= 0:
            return
        ppi = min(width_px / placed_w, height_px / placed_h)
        if ppi < MIN_PPI - 0.5:
            self.report(f"{what} is {ppi:.0f} ppi at its placed size (print shops need {MIN_PPI})")

    def font(self, font, name: str) -> None:
        if not isinstance(font, pikepdf.Dictionary):
            return
        key = font.objgen if font.is_indirect else (id(font),)
        if key not in self.fonts:
            self.fonts[key] = _embedded(font)
        embedded, base = self.fonts[key]
        if not embedded:
            self.report(f"font {base} is not embedded")


def _embedded(font) -> tuple[bool, str]:
    """Whether a font's glyphs are in the file, and its name."""
    base = str(font.get("/BaseFont", "/unnamed"))[1:]
    if font.get("/Subtype") == pikepdf.Name.Type3:
        return True, base  # its glyphs are content streams in the file
    holder = font.DescendantFonts[0] if font.get("/Subtype") == pikepdf.Name.Type0 else font
    descriptor = holder.get("/FontDescriptor")
    found = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found, base
