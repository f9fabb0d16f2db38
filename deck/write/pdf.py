"""Write a laid-out document to PDF; fail on missing glyphs or system fonts."""

from __future__ import annotations

from deck.errors import BuildError
from deck.layout.document import _collect
from deck.render.fonts import bundled_families


def write_pdf(document, target, label: str, families: set[str] | None = None, **options) -> None:
    """Write a laid-out document; a glyph no bundled font has fails the build.

    WeasyPrint reports missing glyphs (".notdef") only while drawing, so the check wraps the write.
    """
    with _collect() as collected:
        try:
            document.write_pdf(target, **options)
        except NotImplementedError:
            # WeasyPrint 70 shades these border styles in sRGB and cannot do so for print (CMYK) colours.
            raise BuildError(f"{label}: an inset, outset, groove or ridge border cannot be drawn in print colours; "
                             f"use solid, dashed or dotted borders (an organisation template? <iframe>, <fieldset> "
                             f"and <hr> have such borders unless a stylesheet changes them)") from None
    if collected.missing:
        chars = ", ".join(sorted(set(collected.missing)))
        raise BuildError(f"{label}: no bundled font has a glyph for {chars}; use another character or add a font that covers it")
    allowed = families if families is not None else bundled_families()
    # Embedded names spell the family with hyphens ('Noto-Sans-Arabic-Bold' for NotoSansArabic-Bold.ttf).
    strangers = sorted({name for name in embedded_fonts(target) if not name.replace("-", "").startswith(tuple(allowed))})
    if strangers:
        raise BuildError(f"{label}: some text was set in a system font ({', '.join(strangers)}) because the bundled fonts"
                         " lack its characters; output would differ between machines: use other characters or bundle a font")


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
