"""Colour facts for the preflight scan: which colour spaces are RGB or Lab, what inks a colour or an
image lays down, what counts as transparency, and where small text sits (pdfscan walks the content)."""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf

from deck.model.sizes import SMALL_TEXT_PT  # noqa: E402,F401 (defined with the sizes, used by the templates too)

SOLID = 0.995  # an ink at or above this share prints solid (no screen)
TRACE = 0.005  # an ink below this share lays down nothing
RGB_FAMILIES = {"/DeviceRGB": "DeviceRGB", "/CalRGB": "CalRGB", "/RGB": "DeviceRGB"}  # /RGB: inline-image abbreviation
LAB_FAMILIES = {"/Lab": "Lab"}
GREY_FAMILIES = {"/DeviceGray", "/CalGray", "/G"}
CMYK_FAMILIES = {"/DeviceCMYK", "/CMYK"}
PLATES = ("C", "M", "Y", "K")
NORMAL_BLENDS = {"/Normal", "/Compatible"}


def resolve(space, resources):
    """A colour space named in ``resources`` (/ColorSpace /CS0) replaced by its definition."""
    if isinstance(space, pikepdf.Name) and resources is not None:
        named = resources.get("/ColorSpace", {})
        if str(space) in named:
            return named[str(space)]
    return space


def _icc_space(stream) -> str:
    """The data colour space an ICC profile declares ('RGB', 'Lab', 'CMYK', 'GRAY'), '' when unreadable."""
    try:
        return stream.read_bytes()[16:20].decode("ascii").strip().upper()
    except (pikepdf.PdfError, UnicodeDecodeError, AttributeError):
        return ""


def foreign(space, resources) -> tuple[str, str] | None:
    """('RGB', kind) or ('Lab', kind) when a colour space is one a CMYK print file may not paint in."""
    space = resolve(space, resources)
    if isinstance(space, pikepdf.Name):
        name = str(space)
        if name in RGB_FAMILIES:
            return "RGB", RGB_FAMILIES[name]
        if name in LAB_FAMILIES:
            return "Lab", LAB_FAMILIES[name]
        return None
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family in RGB_FAMILIES:
            return "RGB", RGB_FAMILIES[family]
        if family in LAB_FAMILIES:
            return "Lab", LAB_FAMILIES[family]
        if family == "/ICCBased" and len(space) > 1 and int(space[1].get("/N", 0)) == 3:
            if _icc_space(space[1]) == "LAB":
                return "Lab", "ICCBased, Lab profile"
            return "RGB", "ICCBased, 3 components"
        if family in ("/Indexed", "/I", "/Pattern") and len(space) > 1:
            base = foreign(space[1], resources)
            label = "Pattern" if family == "/Pattern" else "Indexed"
            return (base[0], f"{label} on {base[1]}") if base else None
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            alt = foreign(space[2], resources)
            return (alt[0], f"{family[1:]} with {alt[1]} alternate") if alt else None
    return None


def plates(space, resources) -> str | None:
    """'cmyk' or 'grey' for a colour space whose components are process plates, else None."""
    space = resolve(space, resources)
    family = str(space[0]) if isinstance(space, pikepdf.Array) and len(space) > 0 else str(space)
    if family in CMYK_FAMILIES:
        return "cmyk"
    if family in GREY_FAMILIES:
        return "grey"
    if family == "/ICCBased" and isinstance(space, pikepdf.Array) and len(space) > 1:
        return {4: "cmyk", 1: "grey"}.get(int(space[1].get("/N", 0)))
    return None


def inks(space, values, resources) -> dict[str, float] | None:
    """The plates a colour prints on and how much ({'K': 0.9}); {} for paper white; None when unknown."""
    kind = plates(space, resources)
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return None
    if kind == "cmyk" and len(numbers) == 4:
        return {p: v for p, v in zip(PLATES, numbers) if v > TRACE}
    if kind == "grey" and len(numbers) == 1:
        return {"K": 1 - numbers[0]} if 1 - numbers[0] > TRACE else {}
    return None


def describe(amounts: dict[str, float]) -> str:
    """'C 60 % M 85 % Y 30 % K 20 %'."""
    return " ".join(f"{p} {v * 100:.0f} %" for p, v in amounts.items())


def total_ink(space, values, resources) -> float | None:
    """Per cent of ink a CMYK colour lays down (sum of the plates), None for other spaces."""
    if plates(space, resources) != "cmyk" or len(values) != 4:
        return None
    try:
        return sum(float(v) for v in values) * 100
    except (TypeError, ValueError):
        return None


def image_total_ink(obj) -> float | None:
    """The highest total ink (per cent) of any pixel of a CMYK image; None when it is not CMYK."""
    space = obj.get("/ColorSpace")
    indexed = isinstance(space, pikepdf.Array) and len(space) > 3 and str(space[0]) == "/Indexed"
    if plates(space[1] if indexed else space, None) != "cmyk" or int(obj.get("/BitsPerComponent", 8)) != 8:
        return None
    if indexed:
        table = space[3].read_bytes() if isinstance(space[3], pikepdf.Stream) else bytes(space[3])
        return max((sum(table[i:i + 4]) for i in range(0, len(table) - 3, 4)), default=0) / 255 * 100
    from PIL import Image, ImageMath

    width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
    try:  # the samples as stored: PdfImage would apply the soft mask and leave CMYK
        data = obj.read_bytes(pikepdf.StreamDecodeLevel.all)
    except pikepdf.PdfError:
        return None
    if width <= 0 or height <= 0 or len(data) < width * height * 4:
        return None
    bands = Image.frombytes("CMYK", (width, height), data[:width * height * 4]).split()
    decode = [float(v) for v in obj.get("/Decode", [])]
    if decode[:2] == [1.0, 0.0]:  # inverted samples (some CMYK JPEGs): 255 is no ink
        from PIL import ImageOps

        bands = [ImageOps.invert(b) for b in bands]
    if sum(b.getextrema()[1] for b in bands) <= 3 * 255:
        return sum(b.getextrema()[1] for b in bands) / 255 * 100  # cannot pass 300 % anywhere: skip the pixel sum
    summed = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                   c=bands[0], m=bands[1], y=bands[2], k=bands[3])
    return summed.getextrema()[1] / 255 * 100


def state_transparency(state) -> list[str]:
    """What in an ExtGState dictionary makes drawing transparent: soft mask, opacity, blend mode."""
    found = []
    if not isinstance(state, pikepdf.Dictionary):
        return found
    if isinstance(state.get("/SMask"), pikepdf.Dictionary):
        found.append("soft mask")
    for key in ("/ca", "/CA"):
        if key in state and float(state[key]) < 1:
            found.append(f"opacity {float(state[key]) * 100:.0f} %")
    blend = state.get("/BM")
    blends = [blend] if isinstance(blend, pikepdf.Name) else list(blend) if isinstance(blend, pikepdf.Array) else []
    if blends and str(blends[0]) not in NORMAL_BLENDS:
        found.append(f"blend mode {str(blends[0])[1:]}")
    return found


def image_transparency(obj) -> list[str]:
    """'soft-masked image' when an image carries its own alpha (/SMask or /SMaskInData)."""
    if isinstance(obj.get("/SMask"), pikepdf.Stream) or int(obj.get("/SMaskInData", 0)):
        return ["soft-masked image"]
    return []


TRANSPARENCY_OPERATORS = "gs Do"  # the only operators transparency_in looks at


def transparency_in(page, instructions=None, states: dict | None = None) -> list[str]:
    """The kinds of transparency a page's content (and the forms it draws) actually uses.

    ``instructions``: the page's content already parsed (pikepdf.parse_content_stream) with at least
    the TRANSPARENCY_OPERATORS; other operators in it are passed over. ``states``: a dict kept from
    page to page of one unchanged document, so graphics states in shared resources are judged once.
    """
    found: list[str] = []
    seen: set = set()

    def state_kinds(resources, name: str) -> list[str]:
        if states is None or not resources.is_indirect:
            return state_transparency(resources.get("/ExtGState", {}).get(name))
        key = (resources.objgen, name)
        if key not in states:
            states[key] = state_transparency(resources.get("/ExtGState", {}).get(name))
        return states[key]

    def walk(source, resources, depth: int, instructions=None) -> None:
        resources = resources if resources is not None else pikepdf.Dictionary()
        if instructions is None:
            try:
                instructions = pikepdf.parse_content_stream(source, TRANSPARENCY_OPERATORS)
            except pikepdf.PdfError:
                return
        for instruction in instructions:
            operands, op = instruction.operands, str(instruction.operator)
            if op == "gs" and operands:
                _add(found, state_kinds(resources, str(operands[0])))
            elif op == "Do" and operands:
                obj = resources.get("/XObject", {}).get(str(operands[0]))
                if not isinstance(obj, pikepdf.Stream):
                    continue
                if obj.get("/Subtype") == pikepdf.Name.Image:
                    _add(found, image_transparency(obj))
                elif obj.get("/Subtype") == pikepdf.Name.Form and depth < 16 and obj.objgen not in seen:
                    seen.add(obj.objgen)
                    walk(obj, obj.get("/Resources", resources), depth + 1)

    walk(page, page.obj.get("/Resources"), 0, instructions)
    return found


def _add(found: list[str], kinds: list[str]) -> None:
    found.extend(k for k in kinds if k not in found)


@dataclass
class Area:
    """A filled region: the bounding box of each subpath in page space, the inks it prints (None:
    unknown, e.g. an image) and whether it was filled by the even-odd rule."""

    boxes: list[tuple[float, float, float, float]]
    inks: dict[str, float] | None
    evenodd: bool = False

    def holds(self, x: float, y: float) -> bool:
        inside = sum(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in self.boxes)
        return inside % 2 == 1 if self.evenodd else inside > 0


def under(areas: list[Area], x: float, y: float) -> Area | None:
    """The last area painted at (x, y): an approximation of what shows behind text there.

    Subpaths count by their bounding boxes (an even-odd fill of a box inside a box, as a border is
    drawn, leaves the inner box out) and clipping is ignored, so a round shape or a clipped fill may
    claim a little more than it covers; an image stops the search (its colours are not looked at).
    """
    for area in reversed(areas):
        if area.holds(x, y):
            return area
    return None
