"""Print-shop PDF files: PDF/X-4 with a CMYK output intent, CMYK images and optional crop marks."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError, display_path
from .sizes import BLEED_MM, MM

ICC_DIR = Path(__file__).resolve().parent / "data" / "icc"

SLUG_MM = 10.0  # with --marks the page (MediaBox) reaches this far past the trim
MARK_OFFSET_MM = BLEED_MM + 1.0  # crop marks start outside the bleed, so cutting never shows them
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.3  # above the 0.25 pt hairline limit


@dataclass(frozen=True)
class OutputProfile:
    """The CMYK condition a print file is made for: the ICC profile and how the OutputIntent names it."""

    icc: Path
    identifier: str  # OutputConditionIdentifier: a registered name such as FOGRA39, else the profile's description
    condition: str  # OutputCondition: what the condition is, for people
    registry: str  # RegistryName: where a registered identifier is looked up; "" for a condition of one's own
    info: str  # Info: the profile itself


ICC_REGISTRY = "http://www.color.org"
# Registered print conditions (the ICC's characterization data registry) and how profile
# descriptions name them: the FOGRA number itself, or the ECI profile built on it.
REGISTERED = {
    "FOGRA39": "Commercial offset printing to ISO 12647-2:2004/Amd 1, paper type 1 or 2 (gloss or matte coated)",
    "FOGRA47": "Commercial offset printing to ISO 12647-2:2004/Amd 1, paper type 5 (uncoated white)",
    "FOGRA51": "Commercial offset printing to ISO 12647-2:2013, print substrate 1 (premium coated)",
    "FOGRA52": "Commercial offset printing to ISO 12647-2:2013, print substrate 5 (wood-free uncoated)",
}
PROFILE_NAMES = [
    (re.compile(r"\bFOGRA\s?-?(\d{2})\b", re.I), None),  # "Coated FOGRA39 (ISO 12647-2:2004)", "PSO Uncoated v3 (FOGRA52)"
    (re.compile(r"\bISO\s?Coated\s?v2\b", re.I), "FOGRA39"),  # ISO Coated v2 (ECI), ISO Coated v2 300% (ECI)
    (re.compile(r"\bPSO\s?Uncoated\s?ISO\s?12647\b", re.I), "FOGRA47"),
    (re.compile(r"\bPSO\s?Coated\s?v3\b", re.I), "FOGRA51"),
    (re.compile(r"\bPSO\s?Uncoated\s?v3\b", re.I), "FOGRA52"),
]

# Ghostscript's default CMYK profile: SWOP-like coated offset, no registered characterization, so the
# output condition is named by the profile's description (tests/test_pdfx.py checks it is that).
DEFAULT_PROFILE = OutputProfile(
    icc=ICC_DIR / "artifex-cmyk-swop.icc",
    identifier="Artifex CMYK SWOP Profile",
    condition="SWOP-like coated offset (Artifex CMYK SWOP profile); not a FOGRA characterization",
    registry="",
    info="Artifex CMYK SWOP Profile, Copyright Artifex Software 2011 (Ghostscript default_cmyk.icc)",
)


def registered_condition(description: str) -> str | None:
    """The registered print condition (FOGRA39, ...) a profile description names, if any."""
    for pattern, name in PROFILE_NAMES:
        found = pattern.search(description)
        if found:
            return name or f"FOGRA{found.group(1)}"
    return None


def profile_for(icc: Path | None = None, identifier: str | None = None, condition: str | None = None) -> OutputProfile:
    """The default profile, or one made from a CMYK output ICC file (an organisation's FOGRA39, say).

    The output condition is named after the profile: a registered condition (FOGRA39, ...) when its
    description names one, otherwise the description itself.
    """
    if icc is None:
        return DEFAULT_PROFILE
    from PIL import ImageCms

    icc = Path(icc)
    try:
        opened = ImageCms.getOpenProfile(str(icc))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise UsageError(f"{display_path(icc)}: cannot read the ICC profile ({exc})") from None
    if opened.profile.xcolor_space.strip() != "CMYK" or opened.profile.device_class != "prtr":
        raise UsageError(f"{display_path(icc)}: not a CMYK output profile (colour space "
                         f"{opened.profile.xcolor_space.strip()}, class {opened.profile.device_class})")
    name = ImageCms.getProfileDescription(opened).strip() or icc.stem
    copyright_ = ImageCms.getProfileCopyright(opened).strip()
    registered = registered_condition(name)
    identifier = identifier or registered or name
    known = identifier in REGISTERED or identifier == registered
    return OutputProfile(icc.resolve(), identifier, condition or REGISTERED.get(identifier, name),
                         ICC_REGISTRY if known else "", f"{name}, {copyright_}" if copyright_ else name)


def write_print_pdf(document, target: Path, profile: OutputProfile, marks: bool = False, label: str = "",
                    families: set[str] | None = None) -> None:
    """Write a laid-out print-mode document as PDF/X-4 and finish it for the print shop.

    The stylesheet must declare ``@color-profile device-cmyk`` with ``profile.icc``: only then
    does WeasyPrint embed the OutputIntent, which the finisher completes.
    """
    from .layout import write_pdf

    write_pdf(document, target, label, families, pdf_variant="pdf/x-4", finisher=_name_output_intent(profile))
    finish(target, profile, marks)


def _name_output_intent(profile: OutputProfile):
    # WeasyPrint fills OutputConditionIdentifier and Info with the profile's description only.
    def finisher(document, pdf) -> None:
        import pydyf

        for intent in pdf.catalog.get("OutputIntents", []):
            intent["OutputConditionIdentifier"] = pydyf.String(profile.identifier)
            intent["OutputCondition"] = pydyf.String(profile.condition)
            if profile.registry:
                intent["RegistryName"] = pydyf.String(profile.registry)
            intent["Info"] = pydyf.String(profile.info)

    return finisher


def finish(path: Path, profile: OutputProfile, marks: bool = False) -> None:
    """Make images CMYK, drop links (a print has no use for them) and set the page boxes, in place.

    Also what print shops' preflights ask: no /Interpolate on images, a CMYK blending space on
    every page that uses transparency, and no Lab colour spaces left unused in the resources.
    """
    import pikepdf

    from .pdfscan_ink import transparency_in

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        convert_images(pdf, profile)
        drop_interpolation(pdf)
        drop_unused_lab(pdf)
        for page in pdf.pages:
            if transparency_in(page):
                page.obj.Group = pikepdf.Dictionary(Type=pikepdf.Name.Group, S=pikepdf.Name.Transparency,
                                                    CS=pikepdf.Name.DeviceCMYK)
            if "/Annots" in page.obj:
                kept = [a for a in page.obj.Annots if a.get("/Subtype") != pikepdf.Name.Link]
                if kept:
                    page.obj.Annots = pikepdf.Array(kept)
                else:
                    del page.obj["/Annots"]
            set_boxes(page, marks)
        pdf.save(path, deterministic_id=True)


def drop_interpolation(pdf) -> None:
    """Remove /Interpolate from every image and mask: the press gets the pixels as they are."""
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image and "/Interpolate" in obj:
            del obj["/Interpolate"]


def drop_unused_lab(pdf) -> None:
    """Remove Lab colour spaces that no content stream selects (WeasyPrint declares two on every page)."""
    import pikepdf

    streams = [page.obj for page in pdf.pages] + [
        o for o in pdf.objects if isinstance(o, pikepdf.Stream) and (o.get("/Subtype") == pikepdf.Name.Form or o.get("/PatternType") == 1)]
    streams += [proc for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Subtype") == pikepdf.Name.Type3
                for proc in o.get("/CharProcs", {}).values()]
    used = {str(operands[0]) for s in streams for operands, _ in pikepdf.parse_content_stream(s, "cs CS") if operands}
    for obj in pdf.objects:
        for holder in (obj, obj.get("/Resources") if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) else None):
            spaces = holder.get("/ColorSpace") if isinstance(holder, (pikepdf.Dictionary, pikepdf.Stream)) else None
            if not isinstance(spaces, pikepdf.Dictionary):
                continue
            for name in [n for n, space in spaces.items() if isinstance(space, pikepdf.Array) and len(space) > 0
                         and space[0] == pikepdf.Name.Lab and n not in used]:
                del spaces[name]


def set_boxes(page, marks: bool) -> None:
    """BleedBox = trim + 3 mm; with ``marks`` a wider MediaBox (the slug) carries crop marks in black ink."""
    import pikepdf

    x0, y0, x1, y1 = (float(v) for v in page.obj.get("/TrimBox", page.mediabox))
    b = BLEED_MM * MM
    page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
    page.obj.BleedBox = pikepdf.Array([x0 - b, y0 - b, x1 + b, y1 + b])
    if not marks:
        return
    s = SLUG_MM * MM
    page.obj.MediaBox = pikepdf.Array([x0 - s, y0 - s, x1 + s, y1 + s])
    for box in ("/CropBox", "/ArtBox"):
        if box in page.obj:
            del page.obj[box]
    # Whatever the page paints past the bleed would now show in the slug: clip it away.
    page.contents_add(f"q {x0 - b:.4f} {y0 - b:.4f} {x1 - x0 + 2 * b:.4f} {y1 - y0 + 2 * b:.4f} re W n\n".encode(),
                      prepend=True)
    page.contents_add(b"\nQ\n" + crop_marks(x0, y0, x1, y1))


def crop_marks(x0: float, y0: float, x1: float, y1: float) -> bytes:
    """Eight crop marks on the trim lines, in the slug only (from the bleed edge + 1 mm outwards)."""
    near, far = MARK_OFFSET_MM * MM, (MARK_OFFSET_MM + MARK_LENGTH_MM) * MM
    ops = [f"q 0 0 0 1 K {MARK_WIDTH_PT} w 0 J"]
    for x in (x0, x1):
        ops += [f"{x:.4f} {y0 - near:.4f} m {x:.4f} {y0 - far:.4f} l S",
                f"{x:.4f} {y1 + near:.4f} m {x:.4f} {y1 + far:.4f} l S"]
    for y in (y0, y1):
        ops += [f"{x0 - near:.4f} {y:.4f} m {x0 - far:.4f} {y:.4f} l S",
                f"{x1 + near:.4f} {y:.4f} m {x1 + far:.4f} {y:.4f} l S"]
    ops.append("Q")
    return "\n".join(ops).encode()


def convert_images(pdf, profile: OutputProfile) -> int:
    """Convert every RGB or grey image to DeviceCMYK through ``profile``; return how many changed.

    RGB goes through ImageCms (the image's own ICC profile, else sRGB). Grey goes to the black
    plate only, which is what DeviceGray prints as. Soft masks and stencil masks stay as they are.
    """
    import pikepdf
    from PIL import Image, ImageCms, ImageOps

    images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Image]
    masks = {o.SMask.objgen for o in images if "/SMask" in o} | {
        o.Mask.objgen for o in images if isinstance(o.get("/Mask"), pikepdf.Stream)}
    target = ImageCms.getOpenProfile(str(profile.icc))
    changed = 0
    for obj in images:
        if obj.objgen in masks or obj.get("/ImageMask", False):
            continue
        img = pikepdf.PdfImage(obj)
        if img.colorspace == "/DeviceCMYK" or (img.colorspace == "/ICCBased" and img.icc and img.icc.profile.xcolor_space.strip() == "CMYK"):
            continue
        pil = img.as_pil_image()
        if pil.mode in ("1", "L", "LA", "I", "I;16"):
            grey = ImageOps.invert(pil.convert("L"))
            blank = Image.new("L", pil.size, 0)
            cmyk = Image.merge("CMYK", (blank, blank, blank, grey))
        else:
            source = img.icc if img.icc is not None and img.icc.profile.xcolor_space.strip() == "RGB" else ImageCms.createProfile("sRGB")
            cmyk = ImageCms.profileToProfile(pil.convert("RGB"), source, target, outputMode="CMYK")
        obj.write(zlib.compress(cmyk.tobytes()), filter=pikepdf.Name.FlateDecode)
        for key in ("/DecodeParms", "/Decode", "/Intent"):
            if key in obj:
                del obj[key]
        obj.ColorSpace = pikepdf.Name.DeviceCMYK
        obj.BitsPerComponent = 8
        changed += 1
    return changed
