"""Write a laid-out document to PDF; fail on missing glyphs or system fonts."""

from __future__ import annotations

import unicodedata
from typing import Callable

from deck.errors import BuildError
from deck.render.fonts import bundled_families


def write_pdf(document, target, label: str, families: set[str] | None = None,
              locate: Callable[[str], list[tuple[str, str]]] | None = None, **options) -> None:
    """Write a laid-out document; a glyph no bundled font has fails the build, naming the character and its cards.

    WeasyPrint reports missing glyphs (".notdef") only while drawing, so the check wraps the write.
    ``locate(char)`` names the cards whose text holds a character, as (file:line, card id) pairs.
    """
    from deck.layout.document import _collect  # WeasyPrint: not for the command line's subsetter check

    unique, order = _unique_pages(document.pages)
    if len(unique) < len(document.pages):
        document = document.copy(unique)
    with _collect() as collected:
        try:
            document.write_pdf(target, **options)
        except NotImplementedError:
            # WeasyPrint 70 shades these border styles in sRGB and cannot do so for print (CMYK) colours.
            raise BuildError(f"{label}: an inset, outset, groove or ridge border cannot be drawn in print colours; "
                             f"use solid, dashed or dotted borders (an organisation template? <iframe>, <fieldset> "
                             f"and <hr> have such borders unless a stylesheet changes them)") from None
    if collected.missing:
        raise BuildError("\n".join(missing_glyph(label, char, locate) for char in _characters(collected.missing)))
    if len(unique) < len(order):
        repeat_pages(target, order)
    allowed = families if families is not None else bundled_families()
    # Embedded names spell the family with hyphens ('Noto-Sans-Arabic-Bold' for NotoSansArabic-Bold.ttf).
    strangers = sorted({name for name in embedded_fonts(target) if not name.replace("-", "").startswith(tuple(allowed))})
    if strangers:
        raise BuildError(f"{label}: some text was set in a system font ({', '.join(strangers)}) because the bundled fonts"
                         " lack its characters; output would differ between machines: use other characters or bundle a font")


def _unique_pages(pages: list) -> tuple[list, list[int]]:
    """The distinct page objects of a layout in order of first use, and for each page the index of its object.

    A deck's shared back is one laid-out page that follows many fronts: it is drawn and written once.
    """
    unique: list = []
    index: dict[int, int] = {}
    order = []
    for page in pages:
        if id(page) not in index:
            index[id(page)] = len(unique)
            unique.append(page)
        order.append(index[id(page)])
    return unique, order


def repeat_pages(target, order: list[int]) -> None:
    """Put the pages of the PDF at ``target`` (a path or an in-memory file) in ``order`` (indexes of its pages),
    a page used again as a new page object sharing the first one's content and resources."""
    import io

    import pikepdf

    memory = isinstance(target, io.BytesIO)
    with (pikepdf.open(io.BytesIO(target.getvalue())) if memory else pikepdf.open(target, allow_overwriting_input=True)) as pdf:
        written = list(pdf.pages)
        used: set[int] = set()
        pages = []
        for i in order:
            page = written[i]
            if i in used:
                copy = pikepdf.Dictionary({k: v for k, v in page.obj.items() if k != "/Parent"})
                page = pikepdf.Page(pdf.make_indirect(copy))
            used.add(i)
            pages.append(page)
        del pdf.pages[:]
        pdf.pages.extend(pages)
        if memory:
            target.seek(0)
            target.truncate()
            pdf.save(target)
        else:
            pdf.save(target)


def _characters(runs: list[str]) -> list[str]:
    """The distinct characters of the text runs WeasyPrint could not draw, in order (spaces left out)."""
    return list(dict.fromkeys(ch for run in runs for ch in run if not ch.isspace()))


def missing_glyph(label: str, char: str, locate: Callable[[str], list[tuple[str, str]]] | None = None) -> str:
    """One line per card whose text holds ``char``: 'decks/x.yaml:12: nl/x: card 'y': no bundled font has ...'.

    ``locate(char)`` gives (where, card id) pairs; without any, the line names the output only.
    """
    name = unicodedata.name(char, "a character without a Unicode name")
    what = (f"no bundled font has a glyph for {char} (U+{ord(char):04X} {name}); use another character or add a font "
            f"that covers it")
    places = locate(char) if locate is not None else []
    if not places:
        return f"{label}: {what}"
    return "\n".join(f"{where + ': ' if where else ''}{label}: card '{card_id}': {what}" for where, card_id in places)


def embedded_fonts(pdf_path) -> list[str]:
    """Names of the fonts a PDF (a path or an in-memory file) uses, without subset tags ('ABCDEF+Inter-Bold' -> 'Inter-Bold')."""
    import io

    import pikepdf

    if isinstance(pdf_path, io.BytesIO):
        pdf_path = io.BytesIO(pdf_path.getvalue())  # pikepdf takes over the stream it opens
    names = []
    with pikepdf.open(pdf_path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/BaseFont" in obj:
                names.append(str(obj.BaseFont).lstrip("/").split("+")[-1])
    return names


def subsetter_in_use() -> str:
    """'harfbuzz' when WeasyPrint subsets fonts with HarfBuzz (libharfbuzz-subset0), else 'fonttools' (slower)."""
    from deck.layout.engine import weasyprint

    return "harfbuzz" if getattr(weasyprint.text.ffi, "harfbuzz_subset", None) else "fonttools"


SLOW_SUBSET_NOTE = ("note: fonts are subset with fontTools because the system library HarfBuzz-Subset is missing, "
                    "which makes builds about a third slower; Debian/Ubuntu: sudo apt-get install libharfbuzz-subset0")


def harfbuzz_subset_installed() -> bool:
    """Whether the system has libharfbuzz-subset (what WeasyPrint loads for fast subsetting), without importing it."""
    import ctypes.util

    return ctypes.util.find_library("harfbuzz-subset") is not None
