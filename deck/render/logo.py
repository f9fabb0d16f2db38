"""An organisation logo as print can use it (SVG rasterised to PNG)."""

from __future__ import annotations

from pathlib import Path


def print_logo_url(logo: Path, width_px: int = 1600) -> str:
    """The logo as print can use it: an SVG is rasterised (cairosvg) to a PNG data URI.

    WeasyPrint draws SVG in RGB vectors, which a CMYK print file may not contain; a PNG is
    converted to CMYK with the other images when the print file is finished (pdfx).
    1600 px across gives well over 300 ppi at the size a logo takes on any card back.
    """
    if logo.suffix.lower() != ".svg":
        return logo.as_uri()
    import base64

    import cairosvg

    png = cairosvg.svg2png(url=str(logo), output_width=width_px, unsafe=False)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
