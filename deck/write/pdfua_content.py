"""PDF/UA content-stream work on the written workbook: marked content read back, artifacts, soft hyphens.

Part of the PDF/UA completion in :mod:`deck.write.pdfua`: running heads and page numbers become
/Artifact, the layout hyphen maps to U+00AD in the fonts' ToUnicode, and the text of every
marked-content sequence is read back with PDFium to describe links.
"""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Name, Operator, String

SOFT_HYPHEN = 0x00AD
LAYOUT_HYPHEN = 0x2010  # WeasyPrint's default hyphenate-character


@dataclass(frozen=True)
class Mcid:
    """A marked-content sequence on a page (by the page's object number)."""

    page: tuple[int, int]
    mcid: int


def _has(contents, page) -> bool:
    return any(isinstance(item, Mcid) and item.page == page.objgen for item in contents)


def _artifacts(pdf: pikepdf.Pdf, kept: dict, leaders: set) -> None:
    """Marked content that no structure element owns becomes an artifact: leader dots are layout, the rest
    (running heads and page numbers, drawn in page margin boxes) pagination."""
    for page in pdf.pages:
        owned = kept.get(page.objgen, {})
        ops = pikepdf.parse_content_stream(page)
        changed = False
        for i, (operands, op) in enumerate(ops):
            if str(op) == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
                if mcid not in owned:
                    kind = Name.Layout if Mcid(page.objgen, mcid) in leaders else Name.Pagination
                    ops[i] = pikepdf.ContentStreamInstruction([Name.Artifact, Dictionary(Type=kind)], Operator("BDC"))
                    changed = True
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def _soft_hyphens(pdf: pikepdf.Pdf) -> None:
    """Map the layout hyphen (U+2010) to U+00AD in each font's ToUnicode.

    WeasyPrint draws the hyphen it adds at a line break with the U+2010 glyph, and nothing else:
    a hyphen typed in the text is U+002D, which has its own glyph. Only a glyph that appears solely
    as the last glyph of a text run (where the line breaks) is remapped: a U+2010 typed inside a line
    keeps the whole font's mapping as it is (one typed right at a line break would read as soft).
    """
    fonts = {}
    for obj in pdf.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == "/Font" and obj.get("/Subtype") == "/Type0" \
                and "/ToUnicode" in obj and obj.get("/Encoding") == "/Identity-H":
            codes = _codes_for(obj.ToUnicode.read_bytes(), LAYOUT_HYPHEN)
            if codes:
                fonts[obj.objgen] = (obj, codes)
    if not fonts:
        return
    inside = set()  # (font, code) seen before the end of a text run
    for page in pdf.pages:
        resources = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        font = None
        for operands, op in pikepdf.parse_content_stream(page, "Tf TJ Tj ' \""):
            if str(op) == "Tf":
                font = resources.get(str(operands[0]))
                continue
            if font is None or font.objgen not in fonts:
                continue
            strings = [bytes(s) for s in (operands[0] if str(op) == "TJ" else operands[-1:]) if isinstance(s, String)]
            glyphs = [int.from_bytes(b[i:i + 2], "big") for b in strings for i in range(0, len(b) - 1, 2)]
            for code in glyphs[:-1]:
                if code in fonts[font.objgen][1]:
                    inside.add((font.objgen, code))
    for objgen, (font, codes) in fonts.items():
        safe = {code for code in codes if (objgen, code) not in inside}
        if safe:
            data = font.ToUnicode.read_bytes()
            for code in safe:
                data = re.sub(rb"(<%04x>\s*)<%04x>" % (code, LAYOUT_HYPHEN), rb"\1<%04x>" % SOFT_HYPHEN, data,
                              flags=re.IGNORECASE)
            font.ToUnicode.write(data)


def _codes_for(cmap: bytes, unicode: int) -> set[int]:
    """Codes a ToUnicode CMap maps (one to one, in bfchar) to ``unicode``."""
    return {int(m.group(1), 16) for m in re.finditer(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>", cmap)
            if int(m.group(2), 16) == unicode}


@dataclass
class Marked:
    """The text of a marked-content sequence, and the baseline of its first piece (which line it is on)."""

    text: str
    line: float


def _marked_texts(pdf: pikepdf.Pdf) -> dict:
    """{Mcid: Marked} for every marked-content sequence with text on every page, read by PDFium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    data = io.BytesIO()
    pdf.save(data)
    doc = pdfium.PdfDocument(data.getvalue())
    texts: dict = {}
    try:
        for page_obj, page in zip(pdf.pages, doc):
            textpage = page.get_textpage()
            for obj in page.get_objects(max_depth=1):
                if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
                size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                if mcid < 0 or size <= 2:
                    continue
                buffer = (ctypes.c_ushort * (size // 2))()
                raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
                text = bytes(buffer)[:size - 2].decode("utf-16-le", "replace")
                key = Mcid(page_obj.objgen, mcid)
                if key in texts:
                    texts[key].text += text
                else:
                    texts[key] = Marked(text, round(obj.get_matrix().get()[5], 1))
    finally:
        doc.close()
    return texts
