"""Walk a page's content streams (and every form, pattern, shading, image and Type 3 glyph they use) for print problems."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable

import pikepdf

from deck.model.logo import PRINT_PPI
from deck.preflight.ink import (
    SMALL_TEXT_PT,
    SOLID,
    Area,
    describe,
    foreign,
    image_total_ink,
    image_transparency,
    inks,
    plates,
    state_transparency,
    total_ink,
    under,
)

MIN_PPI = PRINT_PPI
HAIRLINE_PT = 0.25
MAX_INK = 300  # per cent, summed over C, M, Y and K
MAX_DEPTH = 16  # forms inside forms; deeper (or cyclic) nesting is reported, not followed
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
STROKES = {"S", "s", "B", "B*", "b", "b*"}
FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}
PATH_POINTS = {"m": 1, "l": 1, "c": 3, "v": 2, "y": 2}
SHOW_TEXT = {"Tj", "TJ", "'", '"'}
FIX_SMALL = "print small text in solid 100 % K or one solid ink"


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m first, then n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _initial(space, resources) -> list[float] | None:
    """The colour a `cs` operator starts with: black for CMYK and grey, unknown otherwise."""
    return {"cmyk": [0.0, 0.0, 0.0, 1.0], "grey": [0.0]}.get(plates(space, resources))


@dataclass
class State:
    """The part of the graphics state the checks need (saved by q, restored by Q)."""

    ctm: Matrix = IDENTITY
    lw: float = 1.0
    fill: object = pikepdf.Name.DeviceGray
    stroke: object = pikepdf.Name.DeviceGray
    fill_values: list | None = None
    stroke_values: list | None = None
    size: float = 0.0  # Tf
    mode: int = 0  # Tr

    def copy(self) -> "State":
        """A shallow copy, as ``dataclasses.replace(self)`` makes, at a fraction of its cost (q runs it often)."""
        twin = object.__new__(State)
        twin.__dict__.update(self.__dict__)
        return twin


class Scanner:
    """Reports problems through ``report(message)`` (and ``warn(message)``) while walking content with its graphics state."""

    def __init__(self, report: Callable[[str], None], warn: Callable[[str], None] | None = None):
        self.report = report
        self.warn = warn or report
        self.fonts: dict[tuple, tuple[bool, str]] = {}
        self.glyphs: set = set()  # Type 3 fonts whose glyphs were walked
        self.image_ink: dict = {}
        self.areas: list[Area] = []
        self.small: dict[tuple[str, str, int, str], float] = {}
        self.transparency: list[str] = []
        self.states: dict[tuple, tuple] = {}  # (resources, name) -> (ExtGState, its transparency), per document

    def page(self, page: pikepdf.Page) -> None:
        """Scan one page: its transparency group, its content and everything that content uses."""
        self.areas, self.small, self.transparency = [], {}, []
        self.group(page.obj, "page")
        self.stream(page, page.obj.get("/Resources"), IDENTITY, "content stream", 0)
        for (kind, desc, count, where), size in self.small.items():
            self.warn(self.small_message(kind, desc, count, where, size))
        group = page.obj.get("/Group")
        if self.transparency and not (isinstance(group, pikepdf.Dictionary) and "/CS" in group):
            self.report(f"transparency ({', '.join(self.transparency)}) without a blending colour space: "
                        f"the page needs /Group << /S /Transparency /CS /DeviceCMYK >>")

    @staticmethod
    def small_message(kind: str, desc: str, count: int, where: str, size: float) -> str:
        start = f"text under {SMALL_TEXT_PT:g} pt (smallest {size:.1f} pt)"
        if kind == "reversed":
            return (f"white {start} reversed out of a {count}-colour area ({desc}) in {where}: "
                    f"set it at {SMALL_TEXT_PT:g} pt or more, or on paper white or one ink")
        if kind == "screened":
            return f"{start} in a screened tint ({desc}) in {where}: {FIX_SMALL}"
        return f"{start} in {count} inks ({desc}) in {where}: {FIX_SMALL}"

    def group(self, obj, where: str) -> None:
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and "/CS" in group:
            bad = foreign(group.CS, obj.get("/Resources"))
            if bad:
                self.report(f"{bad[0]} transparency blending space ({bad[1]}) in {where} group")

    def stream(self, source, resources, ctm: Matrix, where: str, depth: int, state: State | None = None) -> None:
        """Walk one content stream (page, form, tiling pattern or glyph) with its resources.

        A form starts from the graphics ``state`` it is drawn in; everything else from the default state.
        """
        if depth > MAX_DEPTH:
            self.report(f"{where}: forms nested deeper than {MAX_DEPTH} levels (not checked)")
            return
        resources = resources if resources is not None else pikepdf.Dictionary()
        try:
            instructions = pikepdf.parse_content_stream(source)
        except pikepdf.PdfError as exc:
            self.report(f"unreadable {where} ({exc})")
            return
        s = replace(state, ctm=ctm) if state is not None else State(ctm=ctm, fill_values=[0.0], stroke_values=[0.0])
        stack: list[State] = []
        tm = tlm = IDENTITY
        leading, path = 0.0, []
        for instruction in instructions:
            # Attributes, not tuple unpacking: unpacking a pikepdf instruction costs several times more.
            operands, op = instruction.operands, str(instruction.operator)
            if op == "q":
                stack.append(s.copy())
            elif op == "Q" and stack:
                s = stack.pop()
            elif op == "cm" and len(operands) == 6:
                s.ctm = multiply(tuple(map(float, operands)), s.ctm)
            elif op == "w" and operands:
                s.lw = float(operands[0])
            elif op == "gs" and operands:
                s.lw = self.extgstate(resources, operands[0], s, where, depth)
            elif op in PATH_POINTS or op == "re":
                path = self.extend(path, op, operands, s.ctm)
            elif op in STROKES or op in FILLS or op == "n":
                if op in STROKES:
                    width = s.lw * math.sqrt(abs(s.ctm[0] * s.ctm[3] - s.ctm[1] * s.ctm[2]))
                    if width < HAIRLINE_PT - 1e-6:
                        self.report(f"hairline {width:.2f} pt (under {HAIRLINE_PT} pt) in {where}")
                if op in FILLS and path:
                    self.areas.append(Area(path, inks(s.fill, s.fill_values, resources), op.endswith("*")))
                path = []
            elif op in ("rg", "RG"):
                self.report(f"RGB colour (DeviceRGB) in {where}")
                if op == "rg":
                    s.fill, s.fill_values = pikepdf.Name.DeviceRGB, list(operands)
                else:
                    s.stroke, s.stroke_values = pikepdf.Name.DeviceRGB, list(operands)
            elif op in ("k", "K", "g", "G"):
                space = pikepdf.Name.DeviceCMYK if op in ("k", "K") else pikepdf.Name.DeviceGray
                if op in ("k", "K"):
                    self.ink(total_ink(space, operands, None), where)
                if op.islower():
                    s.fill, s.fill_values = space, list(operands)
                else:
                    s.stroke, s.stroke_values = space, list(operands)
            elif op in ("cs", "CS") and operands:
                bad = foreign(operands[0], resources)
                if bad:
                    self.report(f"{bad[0]} colour ({bad[1]}) in {where}")
                if op == "cs":
                    s.fill, s.fill_values = operands[0], _initial(operands[0], resources)
                else:
                    s.stroke, s.stroke_values = operands[0], _initial(operands[0], resources)
            elif op in ("sc", "scn", "SC", "SCN"):
                space = s.fill if op.islower() else s.stroke
                if operands and isinstance(operands[-1], pikepdf.Name):
                    self.pattern(resources, operands[-1], s.ctm, depth)
                else:
                    self.ink(total_ink(space, operands, resources), where)
                if op.islower():
                    s.fill_values = list(operands)
                else:
                    s.stroke_values = list(operands)
            elif op == "sh" and operands:
                self.shading(resources.get("/Shading", {}).get(str(operands[0])), f"shading {operands[0]}")
            elif op == "Do" and operands:
                self.xobject(resources, operands[0], s, where, depth)
            elif op == "Tf" and len(operands) == 2:
                s.size = float(operands[1])
                self.font(resources.get("/Font", {}).get(str(operands[0])), str(operands[0]), s, resources, depth)
            elif op == "Tr" and operands:
                s.mode = int(operands[0])
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tm" and len(operands) == 6:
                tm = tlm = tuple(map(float, operands))
            elif op in ("Td", "TD") and len(operands) == 2:
                leading = -float(operands[1]) if op == "TD" else leading
                tm = tlm = multiply((1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])), tlm)
            elif op == "TL" and operands:
                leading = float(operands[0])
            elif op in ("T*", "'", '"'):
                tm = tlm = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
            elif op == "INLINE IMAGE":
                self.inline_image(operands[0], resources, s.ctm)
            if op in SHOW_TEXT:
                self.text(s, multiply(tm, s.ctm), resources, where)

    @staticmethod
    def extend(path: list, op: str, operands, ctm: Matrix) -> list:
        """Grow the path under construction: one bounding box (page space) per subpath."""
        try:
            numbers = list(map(float, operands))
        except (TypeError, ValueError):
            return path
        if op == "re" and len(numbers) == 4:
            x, y, w, h = numbers
            points = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
        else:
            points = list(zip(numbers[0::2], numbers[1::2]))
        box = None if op in ("m", "re") or not path else path.pop()
        for x, y in (apply(ctm, px, py) for px, py in points):
            box = (x, y, x, y) if box is None else (min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y))
        return path + [box] if box is not None else path

    def text(self, s: State, matrix: Matrix, resources, where: str) -> None:
        """Small text in a screened tint or in several inks, and small white text reversed out of colour."""
        if s.mode in (3, 7):
            return  # invisible (or clip only)
        size = s.size * math.hypot(matrix[2], matrix[3])
        if size <= 0 or size >= SMALL_TEXT_PT - 0.05:
            return
        colours = ([(s.fill, s.fill_values)] if s.mode in (0, 2, 4, 6) else []) + (
            [(s.stroke, s.stroke_values)] if s.mode in (1, 2, 5, 6) else [])
        for space, values in colours:
            amounts = inks(space, values or [], resources)
            if amounts is None:
                continue  # a colour space reported elsewhere (RGB, Lab) or one we cannot judge
            if not amounts:
                area = under(self.areas, *apply(matrix, 0.0, 0.3 * s.size))
                if area is None or area.inks is None or len(area.inks) < 3:
                    continue
                key = ("reversed", describe(area.inks), len(area.inks), where)
            elif len(amounts) > 1:
                key = ("inks", describe(amounts), len(amounts), where)
            elif max(amounts.values()) < SOLID:
                key = ("screened", describe(amounts), 1, where)
            else:
                continue
            self.small[key] = min(size, self.small.get(key, size))

    def ink(self, total: float | None, where: str) -> None:
        if total is not None and total > MAX_INK + 0.5:
            self.report(f"total ink {total:.0f} % (over {MAX_INK} %) in {where}")

    def extgstate(self, resources, name, s: State, where: str, depth: int) -> float:
        # Pages share their resources: look each graphics state up once (the file does not change while it is checked).
        key = (resources.objgen, str(name)) if resources.is_indirect else None
        found = self.states.get(key) if key is not None else None
        if found is None:
            state = resources.get("/ExtGState", {}).get(str(name))
            found = (state, state_transparency(state) if isinstance(state, pikepdf.Dictionary) else [])
            if key is not None:
                self.states[key] = found
        state, kinds = found
        if not isinstance(state, pikepdf.Dictionary):
            return s.lw
        self._transparent(kinds)
        smask = state.get("/SMask")
        if isinstance(smask, pikepdf.Dictionary) and isinstance(smask.get("/G"), pikepdf.Stream):
            areas = list(self.areas)
            self.form(smask.G, State(ctm=s.ctm, fill_values=[0.0], stroke_values=[0.0]), f"soft mask of {where}",
                      depth, resources)
            self.areas = areas  # a mask paints nothing that shows
        return float(state.LW) if "/LW" in state else s.lw

    def _transparent(self, kinds: list[str]) -> None:
        self.transparency.extend(k for k in kinds if k not in self.transparency)

    def xobject(self, resources, name, s: State, where: str, depth: int) -> None:
        obj = resources.get("/XObject", {}).get(str(name))
        if not isinstance(obj, pikepdf.Stream):
            return
        if obj.get("/Subtype") == pikepdf.Name.Image:
            self.image(obj, s.ctm)
        elif obj.get("/Subtype") == pikepdf.Name.Form:
            self.form(obj, s, f"form XObject {name}", depth, resources)

    def form(self, obj, s: State, where: str, depth: int, parent_resources) -> None:
        matrix = tuple(float(v) for v in obj.get("/Matrix", IDENTITY))
        self.group(obj, where)
        self.stream(obj, obj.get("/Resources", parent_resources), multiply(matrix, s.ctm), where, depth + 1, s)

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
            bad = foreign(shading.get("/ColorSpace"), None)
            if bad:
                self.report(f"{bad[0]} colour ({bad[1]}) in {where}")

    def image(self, obj, ctm: Matrix) -> None:
        width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
        what = f"image of {width}x{height} px"
        self.areas.append(Area(self.extend([], "re", [0, 0, 1, 1], ctm), None))
        if obj.get("/Interpolate", False) is True:
            self.report(f"/Interpolate true on {what} (print shops want it off)")
        smask = obj.get("/SMask")
        if isinstance(smask, pikepdf.Stream) and smask.get("/Interpolate", False) is True:
            self.report(f"/Interpolate true on the soft mask of {what} (print shops want it off)")
        if obj.get("/ImageMask", False):
            return  # a stencil: painted in the current fill colour, checked where that is set
        self._transparent(image_transparency(obj))
        bad = foreign(obj.get("/ColorSpace"), None)
        if bad:
            self.report(f"{bad[0]} image ({bad[1]}, {width}x{height} px)")
        key = obj.objgen if obj.is_indirect else id(obj)
        if key not in self.image_ink:
            self.image_ink[key] = image_total_ink(obj)
        self.ink(self.image_ink[key], what)
        self.resolution(width, height, ctm, what)

    def inline_image(self, image, resources, ctm: Matrix) -> None:
        info = image.obj
        self.areas.append(Area(self.extend([], "re", [0, 0, 1, 1], ctm), None))
        if info.get("/I", info.get("/Interpolate", False)) is True:
            self.report("/Interpolate true on an inline image (print shops want it off)")
        space = info.get("/CS", info.get("/ColorSpace"))
        if space is not None and not info.get("/IM", info.get("/ImageMask", False)):
            bad = foreign(space, resources)
            if bad:
                self.report(f"{bad[0]} inline image ({bad[1]})")
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

    def font(self, font, name: str, s: State, resources, depth: int) -> None:
        if not isinstance(font, pikepdf.Dictionary):
            return
        key = font.objgen if font.is_indirect else (id(font),)
        if key not in self.fonts:
            self.fonts[key] = _embedded(font)
        embedded, base = self.fonts[key]
        if not embedded:
            self.report(f"font {base} is not embedded")
        if font.get("/Subtype") == pikepdf.Name.Type3 and key not in self.glyphs:
            self.glyphs.add(key)
            self.type3(font, name, s, resources, depth)

    def type3(self, font, name: str, s: State, resources, depth: int) -> None:
        """Walk every glyph of a Type 3 font: each is a content stream that may paint in any colour."""
        matrix = tuple(float(v) for v in font.get("/FontMatrix", (0.001, 0, 0, 0.001, 0, 0)))
        ctm = multiply(multiply(matrix, (s.size, 0.0, 0.0, s.size, 0.0, 0.0)), s.ctm)
        areas = list(self.areas)
        for glyph, proc in font.get("/CharProcs", {}).items():
            if isinstance(proc, pikepdf.Stream):
                self.stream(proc, font.get("/Resources", resources), ctm, f"Type 3 glyph {glyph} of font {name}", depth + 1)
        self.areas = areas  # glyphs drawn at the origin are no background for text


def _embedded(font) -> tuple[bool, str]:
    """Whether a font's glyphs are in the file, and its name."""
    base = str(font.get("/BaseFont", "/unnamed"))[1:]
    if font.get("/Subtype") == pikepdf.Name.Type3:
        return True, base  # its glyphs are content streams in the file
    holder = font.DescendantFonts[0] if font.get("/Subtype") == pikepdf.Name.Type0 else font
    descriptor = holder.get("/FontDescriptor")
    found = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found, base
