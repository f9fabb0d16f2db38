"""An organisation logo as print can use it (SVG rasterised to PNG)."""

from __future__ import annotations

from pathlib import Path

from deck.errors import BuildError, display_path
from deck.files import read_regular
from deck.load.assets import MAX_LOGO_BYTES, RASTER_WIDTH


def print_logo_url(logo: Path, width_px: int = RASTER_WIDTH) -> str:
    """The logo as print can use it: an SVG is rasterised (cairosvg) to a PNG data URI.

    WeasyPrint draws SVG in RGB vectors, which a CMYK print file may not contain; a PNG is
    converted to CMYK with the other images when the print file is finished (pdfx).
    1600 px across gives well over 300 ppi at the size a logo takes on any card back.
    """
    if logo.suffix.lower() != ".svg":
        return logo.as_uri()
    import base64

    import cairosvg

    try:
        # deck check has vetted the logo (load.assets); this is the backstop for a file changed since.
        svg = read_regular(logo, MAX_LOGO_BYTES, what="logo")
        png = cairosvg.svg2png(bytestring=svg, output_width=width_px, unsafe=False)
    except Exception as exc:  # noqa: BLE001 - cairosvg and the XML parser raise many kinds
        raise BuildError(f"{display_path(logo)}: cannot draw this SVG logo for print ({type(exc).__name__}); "
                         f"run deck check --org to see what is wrong with it") from None
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
