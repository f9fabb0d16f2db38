"""Preflight: check a PDF against what print shops require; one line per problem, with its pages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from deck.errors import BuildError
from deck.model.sizes import MM

MIN_BLEED_MM = 3.0
SAFE_MARGIN_MM = 5.0  # print shops keep text this far inside the trim
TOLERANCE_MM = 0.01  # rounding in box coordinates and glyph boxes
PRINTING_ANNOTS = {"/PrinterMark", "/TrapNet"}  # the only annotations PDF/X allows on the printed area
HIDDEN_FLAG = 2


@dataclass(frozen=True)
class Finding:
    """One problem; ``page`` is 1-based, None for the document as a whole."""

    page: int | None
    message: str
    warning: bool = False  # worth a look, but no reason to reject the file


def check(path: Path) -> list[Finding]:
    """Every print-shop problem in the PDF at ``path``."""
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return [Finding(None, "is protected by a password, so it cannot be checked; print shops need files without one "
                              "(PDF/X forbids encryption): save or export it again without a password")]
    except (pikepdf.PdfError, OSError) as exc:
        why = str(exc).removeprefix(f"{path}: ")
        return [Finding(None, f"cannot read as PDF: it is damaged or not a PDF file ({why})")]
    with pdf:
        findings = document_findings(pdf)
        if pdf.is_encrypted:
            findings.insert(0, Finding(None, "is encrypted (security settings restrict it); PDF/X forbids encryption: "
                                             "save or export it again without security settings"))
        if len(pdf.pages) == 0:
            findings.append(Finding(None, "the document has no pages"))
        findings += page_findings(pdf)
        trims, keys = trim_boxes(pdf), [page_key(page) for page in pdf.pages]
    findings += text_findings(path, trims, keys)
    return findings


def page_key(page) -> tuple:
    """What a page's findings depend on: its entries, shared objects by number (pages that repeat one page,
    such as a deck's shared back, share its content and resources and are judged once)."""
    return tuple(sorted((str(k), v.objgen if v.is_indirect else repr(v)) for k, v in page.obj.items() if k != "/Parent"))


def document_findings(pdf) -> list[Finding]:
    """Output intent (the print condition), PDF/X identification and the trapping key."""
    import pikepdf

    out = []
    every = [i for i in pdf.Root.get("/OutputIntents", []) if isinstance(i, pikepdf.Dictionary)]
    intents = [i for i in every if i.get("/S") == pikepdf.Name.GTS_PDFX]
    if not every:
        out.append(Finding(None, "no PDF/X output intent (an /OutputIntents entry /GTS_PDFX with a CMYK ICC profile)"))
    elif not intents:
        kinds = ", ".join(sorted({str(i.get("/S", "/none")) for i in every}))
        out.append(Finding(None, f"the output intent is {kinds}, not /GTS_PDFX: a PDF/X file names its print condition "
                                 f"in an /OutputIntents entry /GTS_PDFX"))
    else:
        profile = intents[0].get("/DestOutputProfile")
        if not isinstance(profile, pikepdf.Stream):
            out.append(Finding(None, "the PDF/X output intent embeds no ICC profile (/DestOutputProfile)"))
        elif int(profile.get("/N", 0)) != 4:
            out.append(Finding(None, f"the PDF/X output intent is not CMYK (its ICC profile has {int(profile.get('/N', 0))} components)"))
        if not str(intents[0].get("/OutputConditionIdentifier", "")).strip():
            out.append(Finding(None, "the PDF/X output intent has no OutputConditionIdentifier (name the print "
                                     "condition, e.g. FOGRA39, or the profile)"))
    info = pdf.trailer.get("/Info")
    trapped = info.get("/Trapped") if isinstance(info, pikepdf.Dictionary) else None
    if trapped is None:
        out.append(Finding(None, "/Trapped is not set in the document information (PDF/X needs /True or /False)"))
    elif trapped not in (pikepdf.Name("/True"), pikepdf.Name("/False")):
        out.append(Finding(None, f"/Trapped is {trapped} (PDF/X needs /True or /False)"))
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        version = meta.get("pdfxid:GTS_PDFXVersion")
    if not version:
        out.append(Finding(None, "PDF/X identification missing (no pdfxid:GTS_PDFXVersion in the XMP metadata)"))
    elif not str(version).startswith("PDF/X-"):
        out.append(Finding(None, f"PDF/X identification '{version}' is not a PDF/X version"))
    return out


def page_findings(pdf) -> list[Finding]:
    """Page boxes, annotations, and what the content streams paint (colour, images, fonts, lines)."""
    from deck.preflight.scan import Scanner

    out: list[Finding] = []
    current = [0]

    def report(message: str) -> None:
        out.append(Finding(current[0], message))

    scanner = Scanner(report, lambda message: out.append(Finding(current[0], message, warning=True)))
    judged: dict[tuple, tuple[int, int]] = {}  # page key -> the findings of its first page, as a slice of out
    for number, page in enumerate(pdf.pages, start=1):
        key = page_key(page)
        if key in judged:  # the same page again: the same findings, on this page
            first, last = judged[key]
            out += [replace(f, page=number) for f in out[first:last]]
            continue
        start = len(out)
        current[0] = number
        bleed = box_problems(page, report)
        for annot in page.obj.get("/Annots", []):
            kind = str(annot.get("/Subtype", "/unknown"))
            if kind not in PRINTING_ANNOTS and not int(annot.get("/F", 0)) & HIDDEN_FLAG and bleed and _overlaps(annot.get("/Rect"), bleed):
                report(f"annotation ({kind[1:]}) on the printed area")
        scanner.page(page)
        judged[key] = (start, len(out))
    return out


def box_problems(page, report) -> list[float] | None:
    """Report missing boxes and a bleed under 3 mm; return the BleedBox."""
    trim, bleed = page.obj.get("/TrimBox"), page.obj.get("/BleedBox")
    if trim is None:
        report("no TrimBox (the print shop cannot tell where to cut)")
    elif "/ArtBox" in page.obj:
        report("both a TrimBox and an ArtBox (PDF/X allows only one of them; keep the TrimBox)")
    if bleed is None:
        report("no BleedBox")
    if trim is None or bleed is None:
        return None
    t, b = _box(trim), _box(bleed)
    media = _box(page.mediabox)
    sides = (t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3])
    least = min(sides) / MM
    if least < MIN_BLEED_MM - TOLERANCE_MM:
        report(f"bleed {max(least, 0):.1f} mm, print shops need {MIN_BLEED_MM:g} mm")
    if any(b[i] < media[i] - 0.01 for i in (0, 1)) or any(b[i] > media[i] + 0.01 for i in (2, 3)):
        report("BleedBox reaches past the MediaBox")
    return b


def trim_boxes(pdf) -> list[list[float] | None]:
    """Each page's TrimBox (None where it has none), read from an open pikepdf document."""
    return [_box(p.obj["/TrimBox"]) if "/TrimBox" in p.obj else None for p in pdf.pages]


def text_findings(path: Path, trims: list[list[float] | None] | None = None, keys: list | None = None) -> list[Finding]:
    """Glyphs closer to the trim edge than the 5 mm safe margin (or past it, in the bleed).

    ``trims``: each page's TrimBox as :func:`trim_boxes` reads it (read from the file when not given);
    ``keys``: each page's :func:`page_key`, so a page repeated in the file is laid out as text once.
    """
    import pypdfium2 as pdfium

    if trims is None:
        import pikepdf

        with pikepdf.open(path) as pdf:
            trims = trim_boxes(pdf)
    out = []
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        return [Finding(None, f"cannot lay out the text to check the safe zone ({exc})")]
    try:
        extents: dict[tuple, tuple | None] = {}
        for index, trim in enumerate(trims):
            if trim is None:
                continue
            key = keys[index] if keys is not None else index
            if key in extents:
                edges = extents[key]
            else:
                edges = extents[key] = _page_extent(doc, index, trim)
            if edges is None:
                continue
            worst = _least_margin(edges, trim)
            if worst < SAFE_MARGIN_MM - TOLERANCE_MM:
                where = f"{-worst:.1f} mm past the trim edge, in the bleed" if worst < 0 else f"{worst:.1f} mm from the trim edge"
                out.append(Finding(index + 1, f"text {where}: keep text {SAFE_MARGIN_MM:g} mm inside the trim (safe zone)"))
    finally:
        doc.close()
    return out


def _least_margin(edges: tuple[float, float, float, float], trim: list[float]) -> float:
    """The least distance in mm from text with these edges to the trim (negative: past it)."""
    left, bottom, right, top = edges
    # The least distance of any glyph box to the trim (the same as the least over each glyph's four sides).
    return min(left - trim[0], bottom - trim[1], trim[2] - right, trim[3] - top) / MM


def _page_extent(doc, index: int, trim: list[float]) -> tuple[float, float, float, float] | None:
    """The extent of a page's glyphs, or of its text lines when those are clear of the safe zone already.

    PDFium's text rectangles (a few per line) hold every glyph box and also the whitespace; when
    even they keep the safe margin, so do the glyphs, and the page needs no look at each glyph.
    """
    page = doc[index]
    text = page.get_textpage()
    try:
        lines = text_rect_extent(text)
        if lines is not None and _least_margin(lines, trim) >= SAFE_MARGIN_MM - TOLERANCE_MM:
            return lines
        return glyph_extent(text)
    finally:
        text.close()
        page.close()


def text_rect_extent(text) -> tuple[float, float, float, float] | None:
    """(least left, least bottom, greatest right, greatest top) of a text page's rectangles; None if it has none."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    raw = text.raw
    count = pdfium_c.FPDFText_CountRects(raw, 0, -1)
    if count <= 0:
        return None
    values = [ctypes.c_double() for _ in range(4)]
    lv, tv, rv, bv = values
    pointers = [ctypes.pointer(v) for v in values]
    edges = []
    for i in range(count):
        if pdfium_c.FPDFText_GetRect(raw, i, *pointers):  # left, top, right, bottom
            edges.append((lv.value, bv.value, rv.value, tv.value))
    if not edges:
        return None
    return (min(e[0] for e in edges), min(e[1] for e in edges), max(e[2] for e in edges), max(e[3] for e in edges))


def glyph_extent(text) -> tuple[float, float, float, float] | None:
    """(least left, least bottom, greatest right, greatest top) of the boxes of a text page's glyphs; None if none.

    Whitespace is left out (its box is the advance, not ink), and so are characters without a box
    (line breaks pdfium generates). pdfium's raw calls are used: the helper objects cost more per character
    than the check itself.
    """
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    raw = text.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return None
    spaces = _whitespace(text, raw, count)
    values = [ctypes.c_double() for _ in range(4)]
    lv, rv, bv, tv = values
    lp, rp, bp, tp = (ctypes.pointer(v) for v in values)
    get_box = pdfium_c.FPDFText_GetCharBox
    inf = float("inf")
    least_left = least_bottom = inf
    most_right = most_top = -inf
    for i in [i for i, space in enumerate(spaces) if not space]:
        if not get_box(raw, i, lp, rp, bp, tp):  # yes: left, right, bottom, top
            raise pdfium.PdfiumError("Failed to get charbox.")
        left, right, bottom, top = lv.value, rv.value, bv.value, tv.value
        if right <= left and top <= bottom:
            continue  # generated characters (line breaks) have no box
        # What min() and max() would do, without their call per glyph.
        if left < least_left:
            least_left = left
        if bottom < least_bottom:
            least_bottom = bottom
        if right > most_right:
            most_right = right
        if top > most_top:
            most_top = top
    if least_left == inf:
        return None
    return least_left, least_bottom, most_right, most_top


def _whitespace(text, raw, count: int) -> list[bool]:
    """Whether each character of a text page is whitespace, as its text reads.

    The page's text in one call; it lines up with the characters when pdfium left none out (control
    characters), else each character is read on its own.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (2 * count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    try:
        whole = bytes(memoryview(buffer)[:max(written - 1, 0)]).decode("utf-16-le")
    except UnicodeDecodeError:
        whole = ""
    if len(whole) == count:
        return [c.isspace() for c in whole]
    return [text.get_text_range(i, 1).isspace() for i in range(count)]


def report_lines(name: str, findings: list[Finding]) -> list[str]:
    """'file.pdf: page 3: message' lines; a message on several pages becomes one line listing them."""
    pages: dict[str, list[int]] = {}
    document = []
    for f in findings:
        if f.page is None:
            if f.message not in document:
                document.append(f.message)
        else:
            pages.setdefault(f.message, [])
            if f.page not in pages[f.message]:
                pages[f.message].append(f.page)
    lines = [f"{name}: {m}" for m in document]
    for message, numbers in sorted(pages.items(), key=lambda kv: min(kv[1])):
        label = "page" if len(numbers) == 1 else "pages"
        lines.append(f"{name}: {label} {_ranges(sorted(numbers))}: {message}")
    return lines


def preflight_split(path: Path, name: str | None = None) -> tuple[list[str], list[str]]:
    """(problems, warnings) of one PDF as report lines; warnings read 'file.pdf: page 2: warning: ...'."""
    findings = check(Path(path))
    errors = report_lines(name or str(path), [f for f in findings if not f.warning])
    warnings = report_lines(name or str(path), [Finding(f.page, f"warning: {f.message}") for f in findings if f.warning])
    return errors, warnings


def preflight(path: Path, name: str | None = None) -> list[str]:
    """Problems and warnings of one PDF as report lines (empty when it is fit for a print shop)."""
    errors, warnings = preflight_split(path, name)
    return errors + warnings


def require_clean(path: Path, name: str) -> list[str]:
    """Raise BuildError naming every problem when the file at ``path`` fails preflight; return its warnings."""
    errors, warnings = preflight_split(path, name)
    if errors:
        raise BuildError("\n".join(errors + warnings + [f"{name}: fails the print-shop preflight, so it was not written"]))
    return warnings


def _ranges(numbers: list[int]) -> str:
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(parts)


def _box(array) -> list[float]:
    x0, y0, x1, y1 = (float(v) for v in array)
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _overlaps(rect, box: list[float]) -> bool:
    if rect is None:
        return False
    r = _box(rect)
    return r[0] < box[2] and r[2] > box[0] and r[1] < box[3] and r[3] > box[1]
