"""PDF/UA content-stream work on the written workbook: marked content read back, artifacts, soft hyphens.

Part of the PDF/UA completion in :mod:`deck.write.pdfua`. Each page's content stream is parsed once
(:func:`_parse`, pikepdf) and the result is shared: the text of the marked-content sequences that
links hold is decoded through each font's ToUnicode (to describe the links), running heads and page
numbers become /Artifact, and the layout hyphen maps to U+00AD in the fonts' ToUnicode. Right-to-left
link texts are read by PDFium instead, which puts them in reading order.
"""

from __future__ import annotations

import ctypes
import io
import re
import unicodedata
from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Name, Operator, String

SOFT_HYPHEN = 0x00AD
LAYOUT_HYPHEN = 0x2010  # WeasyPrint's default hyphenate-character
SHOW = {"TJ", "Tj", "'", '"'}  # the text-showing operators
HEX = re.compile(rb"<([0-9a-fA-F]*)>")
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Mcid:
    """A marked-content sequence on a page (by the page's object number)."""

    page: tuple[int, int]
    mcid: int


def _has(contents, page) -> bool:
    return any(isinstance(item, Mcid) and item.page == page.objgen for item in contents)


def _parse(pdf: pikepdf.Pdf) -> dict:
    """{page objgen: the page's content stream instructions}, parsed once for all the steps below."""
    return {page.objgen: pikepdf.parse_content_stream(page) for page in pdf.pages}


def _mcid(operands) -> int | None:
    """The MCID of a BDC's property list given inline (as WeasyPrint writes it), else None."""
    props = operands[1] if len(operands) > 1 else None
    return int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None


def _artifacts(pdf: pikepdf.Pdf, parsed: dict, kept: dict, leaders: set) -> None:
    """Marked content that no structure element owns becomes an artifact: leader dots are layout, the rest
    (running heads and page numbers, drawn in page margin boxes) pagination."""
    for page in pdf.pages:
        owned = kept.get(page.objgen, {})
        ops = parsed[page.objgen]
        changed = False
        for i, ins in enumerate(ops):
            if str(ins.operator) == "BDC":
                mcid = _mcid(ins.operands)
                if mcid is not None and mcid not in owned:
                    kind = Name.Layout if Mcid(page.objgen, mcid) in leaders else Name.Pagination
                    ops[i] = pikepdf.ContentStreamInstruction([Name.Artifact, Dictionary(Type=kind)], Operator("BDC"))
                    changed = True
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def _codes(ins, among: set | None = None) -> list[str]:
    """The codes a text-showing instruction shows, as lower-case hex of two bytes (as Identity-H and the
    ToUnicode maps WeasyPrint writes have them); a last odd byte of a string is no code.

    With ``among``, a run written in hex that shows none of those codes gives [] at once.
    """
    op = str(ins.operator)
    shown = ins.operands[0] if op == "TJ" else ins.operands[-1]
    raw = shown.unparse().lower()  # one call instead of one per array item; strings come out as <hex> or (literal)
    if b"(" in raw:
        strings = [bytes(s).hex() for s in (shown if op == "TJ" else [shown]) if isinstance(s, String)]
    elif among is not None and not any(code.encode() in raw for code in among):
        return []
    else:
        strings = [h.decode() for h in HEX.findall(raw)]
    return [h[i:i + 4] for h in strings for i in range(0, len(h) - 3, 4)]


def _soft_hyphens(pdf: pikepdf.Pdf, parsed: dict) -> None:
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
                fonts[obj.objgen] = (obj, {"%04x" % code for code in codes})
    if not fonts:
        return
    inside = set()  # (font, code) seen before the end of a text run
    for page in pdf.pages:
        resources = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        hyphens = None
        for ins in parsed[page.objgen]:
            op = str(ins.operator)
            if op == "Tf":
                font = resources.get(str(ins.operands[0]))
                hyphens = fonts[font.objgen] if font is not None and font.objgen in fonts else None
            elif op in SHOW and hyphens is not None:
                for code in set(_codes(ins, hyphens[1])[:-1]) & hyphens[1]:
                    inside.add((hyphens[0].objgen, code))
    for objgen, (font, codes) in fonts.items():
        safe = sorted(int(code, 16) for code in codes if (objgen, code) not in inside)
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


def _to_unicode(font) -> dict[str, str]:
    """{code as lower-case hex: text} from a font's ToUnicode CMap (bfchar and bfrange entries)."""
    cmap = font.ToUnicode.read_bytes() if "/ToUnicode" in font else b""
    text = {}

    def utf16(hex_: bytes) -> str:
        return bytes.fromhex(hex_.decode()).decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            text[src.decode().lower()] = utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])", block):
            first, width = int(lo, 16), len(lo)
            if dst.startswith(b"["):
                targets = [utf16(d) for d in HEX.findall(dst)]
            else:  # consecutive codes map to consecutive values (the last byte counts up)
                start = int(dst[1:-1], 16)
                targets = [utf16(b"%0*x" % (len(dst) - 2, start + i)) for i in range(int(hi, 16) - first + 1)]
            for i, target in enumerate(targets):
                text["%0*x" % (width, first + i)] = target
    return text


@dataclass
class Marked:
    """The text of a marked-content sequence, and the baseline of its first piece (which line it is on)."""

    text: str
    line: float


def _matrix(m) -> tuple:
    """A matrix as six floats, from an instruction that gives one (cm, Tm) or as it is."""
    return m if isinstance(m, tuple) else tuple(float(v) for v in m.operands)


def _times(m, n) -> tuple:
    """The product of two PDF matrices (a b c d e f), ``m`` applied first."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u


def _marked_texts(pdf: pikepdf.Pdf, parsed: dict, wanted: set) -> dict:
    """{Mcid: Marked} for (at least) the marked-content sequences in ``wanted`` that show text.

    Read from the content stream (:func:`_decoded_texts`), unless some of it is right-to-left: glyphs
    are drawn in visual order, and PDFium puts them back in reading order (:func:`_pdfium_texts`).
    """
    texts = _decoded_texts(pdf, parsed, wanted)
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for marked in texts.values() for ch in marked.text):
        return _pdfium_texts(pdf, {mcid.page for mcid in wanted})
    return texts


def _decoded_texts(pdf: pikepdf.Pdf, parsed: dict, wanted: set) -> dict:
    """{Mcid: Marked} for the marked-content sequences in ``wanted`` that show text, from the content stream.

    Each piece of text is decoded through its font's ToUnicode; its line is the page's y of where
    it starts (text matrix, text rise and current transformation). Text in form XObjects is not read,
    and the advance of a run over the text that follows it in the same BT is not followed: it would
    move the line only for rotated text, and WeasyPrint starts every run with its own Tm.
    """
    pages = {mcid.page for mcid in wanted}
    maps: dict = {}
    texts: dict = {}
    for page in pdf.pages:
        if page.objgen not in pages:
            continue
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        ctm, saved, marks = IDENTITY, [], []
        # The text matrix and the font are kept as the Tm and Tf that set them, read only for a run wanted.
        tm, font, leading, rise = IDENTITY, None, 0.0, 0.0
        for ins in parsed[page.objgen]:
            op = str(ins.operator)
            if op in ("BDC", "BMC"):
                marks.append(_mcid(ins.operands) if op == "BDC" else None)
            elif op == "EMC":
                if marks:
                    marks.pop()
            elif op == "q":
                saved.append(ctm)
            elif op == "Q":
                if saved:
                    ctm = saved.pop()
            elif op == "cm":
                ctm = _times(_matrix(ins), ctm)
            elif op == "BT":
                tm = IDENTITY
            elif op == "Tm":
                tm = ins
            elif op in ("Td", "TD", "T*", "'", '"'):
                if op == "TD":
                    leading = -float(ins.operands[1])
                dx, dy = (float(v) for v in ins.operands) if op in ("Td", "TD") else (0.0, -leading)
                tm = _times((1.0, 0.0, 0.0, 1.0, dx, dy), _matrix(tm))
            elif op == "TL":
                leading = float(ins.operands[0])
            elif op == "Ts":
                rise = float(ins.operands[0])
            elif op == "Tf":
                font = ins
            if op not in SHOW or font is None:
                continue
            key = Mcid(page.objgen, next((m for m in marks if m is not None), -1))
            if key not in wanted:
                continue
            if not isinstance(font, Dictionary):
                font = fonts.get(str(font.operands[0]))
                if font is None:
                    continue
            if font.objgen not in maps:
                maps[font.objgen] = _to_unicode(font)
            text = "".join(maps[font.objgen].get(code, "") for code in _codes(ins))
            if not text:
                continue
            if key in texts:
                texts[key].text += text
            else:
                start = _times((1.0, 0.0, 0.0, 1.0, 0.0, rise), _times(_matrix(tm), ctm))
                texts[key] = Marked(text, round(start[5], 1))
    return texts


def _pdfium_texts(pdf: pikepdf.Pdf, pages: set) -> dict:
    """{Mcid: Marked} for every marked-content sequence with text on the given pages, read by PDFium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    data = io.BytesIO()
    pdf.save(data)
    doc = pdfium.PdfDocument(data.getvalue())
    texts: dict = {}
    try:
        for number, page_obj in enumerate(pdf.pages):
            if page_obj.objgen not in pages:
                continue
            page = doc[number]
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
