"""Print-shop PDF files: PDF/X-4 with a CMYK output intent, CMYK images and optional crop marks."""

from __future__ import annotations

import zlib
from pathlib import Path

from deck.model.profile import OutputProfile
from deck.model.sizes import BLEED_MM, MM

SLUG_MM = 10.0  # with --marks the page (MediaBox) reaches this far past the trim
MARK_OFFSET_MM = BLEED_MM + 1.0  # crop marks start outside the bleed, so cutting never shows them
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.3  # above the 0.25 pt hairline limit
SELECT_SPACE = "cs CS"  # the operators that select a colour space


def write_print_pdf(document, target: Path, profile: OutputProfile, marks: bool = False, label: str = "",
                    families: set[str] | None = None, locate=None) -> None:
    """Write a laid-out print-mode document as PDF/X-4 and finish it for the print shop.

    The stylesheet must declare ``@color-profile device-cmyk`` with ``profile.icc``: only then
    does WeasyPrint embed the OutputIntent, which the finisher completes.
    """
    from deck.write.pdf import write_pdf

    write_pdf(document, target, label, families, locate, pdf_variant="pdf/x-4", finisher=_name_output_intent(profile))
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

    from deck.preflight.ink import TRANSPARENCY_OPERATORS, transparency_in

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        # Each page's content is parsed once: for the colour spaces it selects and the transparency it uses.
        parsed = [pikepdf.parse_content_stream(page, f"{SELECT_SPACE} {TRANSPARENCY_OPERATORS}") for page in pdf.pages]
        convert_images(pdf, profile)
        drop_interpolation(pdf)
        drop_unused_lab(pdf, parsed)
        states: dict = {}
        for page, instructions in zip(pdf.pages, parsed):
            if transparency_in(page, instructions, states):
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


def drop_unused_lab(pdf, pages: list | None = None) -> None:
    """Remove Lab colour spaces that no content stream selects (WeasyPrint declares two on every page).

    ``pages``: each page's content already parsed (pikepdf.parse_content_stream) with at least the
    SELECT_SPACE operators; other operators in it are passed over.
    """
    import pikepdf

    if pages is None:
        pages = [pikepdf.parse_content_stream(page.obj, SELECT_SPACE) for page in pdf.pages]
    streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and (o.get("/Subtype") == pikepdf.Name.Form or o.get("/PatternType") == 1)]
    streams += [proc for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Subtype") == pikepdf.Name.Type3
                for proc in o.get("/CharProcs", {}).values()]
    selections = [i for page in pages for i in page] + [i for s in streams for i in pikepdf.parse_content_stream(s, SELECT_SPACE)]
    used = {str(i.operands[0]) for i in selections if str(i.operator) in ("cs", "CS") and i.operands}
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
