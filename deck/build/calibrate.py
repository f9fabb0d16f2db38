"""Write the duplex calibration PDF."""

from __future__ import annotations

from pathlib import Path

from deck.render.calibrate import Calibration, sheet_for


def write_calibration(target: Path, paper: str = "a4", duplex: str = "long", card_size: str = "a6",
                      back_offset: tuple[float, float] = (0.0, 0.0)) -> Calibration:
    """Write the two-page (one sheet, duplex) calibration PDF atomically."""
    from deck.build.plan import check_back_offset
    from deck.files import atomic_write
    from deck.layout.document import render_html
    from deck.paths import TEMPLATES, allowed_roots
    from deck.render.environment import environment, render_template
    from deck.render.fonts import font_faces

    check_back_offset(card_size, paper, back_offset, duplex)
    sheet = sheet_for(paper, duplex, card_size, back_offset)
    context = {
        "w": sheet.paper_w, "h": sheet.paper_h, "pages": [sheet.front(), sheet.back()],
        "paper": sheet.paper_name, "orientation": "liggend" if sheet.paper_w > sheet.paper_h else "staand",
        "duplex": duplex, "card_size": card_size.upper(), "fonts": font_faces(), "back_offset": back_offset,
    }
    html = render_template(environment(), "calibrate.html.j2", context, "the calibration sheet")
    rendered = render_html(html, TEMPLATES, allowed_roots(), "the calibration sheet")
    rendered.check_resources("the calibration sheet")
    atomic_write(Path(target), lambda tmp: rendered.document.write_pdf(tmp))
    return sheet
