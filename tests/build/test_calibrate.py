"""The duplex calibration sheet: back pointers land behind the front rulers, and the rulers read the correction."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PIL import ImageOps

from deck.build.calibrate import write_calibration
from deck.cli.main import main
from deck.load.sheet import load_sheet
from deck.model.grid import grid_for
from deck.model.sizes import CARD_SIZES, MM
from deck.render.calibrate import Calibration, sheet_for

PX_PER_MM = 10  # render at 254 dpi


@pytest.mark.parametrize("duplex", ["long", "short"])
@pytest.mark.parametrize("paper_w, paper_h", [(210, 297), (297, 210)])
def test_back_pointers_sit_behind_every_ruler_zero(duplex, paper_w, paper_h):
    sheet = Calibration(paper_w, paper_h, duplex)
    # each pointer is a line across its ruler, centred on the point behind the ruler's zero
    midpoints = [sheet.behind((x1 + x2) / 2, (y1 + y2) / 2) for x1, y1, x2, y2, *_ in sheet.back().lines]
    for scale in sheet.scales():
        assert any(m == pytest.approx((scale.x, scale.y)) for m in midpoints)
    for x, y in [(0, 0), (12.5, 40), (paper_w, paper_h)]:
        assert sheet.behind(*sheet.behind(x, y)) == pytest.approx((x, y))


@pytest.mark.parametrize("duplex", ["long", "short"])
@pytest.mark.parametrize("card_size", ["a6", "a7"])  # A6 sheets are landscape on A4, A7 sheets portrait
def test_calibration_agrees_with_imposition(duplex, card_size):
    # A back that impose() places lands, by the calibration sheet's mirror, exactly on its front.
    size = CARD_SIZES[card_size]
    grid = grid_for(size, load_sheet("a4"))
    sheet = sheet_for("a4", duplex, card_size)
    assert (sheet.paper_w, sheet.paper_h) == (grid.paper_w, grid.paper_h)
    for i in range(grid.per_sheet):
        fx, fy = grid.cell(i)
        bx, by = grid.back_cell(i, duplex)
        corners = [sheet.behind(bx, by), sheet.behind(bx + size.width, by + size.height)]
        assert _same_rect(corners, (fx, fy, fx + size.width, fy + size.height))


def _same_rect(corners, rect) -> bool:
    xs = sorted(x for x, _ in corners)
    ys = sorted(y for _, y in corners)
    return xs == pytest.approx([rect[0], rect[2]]) and ys == pytest.approx([rect[1], rect[3]])


@pytest.mark.parametrize("duplex", ["long", "short"])
@pytest.mark.parametrize("paper_w, paper_h", [(210, 297), (297, 210)])
def test_a_printer_shift_reads_as_its_correction(duplex, paper_w, paper_h):
    # A printer that puts the back s mm off: the pointer is seen at a ruler value that undoes s.
    sheet = Calibration(paper_w, paper_h, duplex)
    for shift in [(2.0, 0.0), (0.0, -1.5), (3.0, 1.0)]:
        for scale in sheet.scales():
            bx, by = sheet.behind(scale.x, scale.y)
            seen = sheet.behind(bx + shift[0], by + shift[1])
            reading = seen[0] - scale.x if scale.axis == "x" else seen[1] - scale.y
            correction = sheet.correction(scale.axis, reading)
            assert correction == pytest.approx(-shift[0 if scale.axis == "x" else 1])


def red_points(image, sheet: Calibration) -> list[tuple[float, float]]:
    """Red pixels of a back page, as front positions in mm (lower-left origin)."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    pixels = rgb.load()
    points = []
    for py in range(0, h):
        for px in range(0, w):
            r, g, b = pixels[px, py]
            if r > 150 and g < 90 and b < 90:
                points.append(sheet.behind((px + 0.5) / PX_PER_MM, sheet.paper_h - (py + 0.5) / PX_PER_MM))
    return points


def zero_tick(image, sheet: Calibration, scale) -> float:
    """Where the front's zero tick (the only tick longer than 5 mm) is, along the scale, in mm."""
    grey = ImageOps.grayscale(image)
    pixels = grey.load()
    found = []
    for n in range(-30, 31):
        pos = (scale.x if scale.axis == "x" else scale.y) + n / PX_PER_MM
        across = (scale.y if scale.axis == "x" else scale.x) + scale.inward * 6.2
        x, y = (pos, across) if scale.axis == "x" else (across, pos)
        if pixels[int(x * PX_PER_MM), int((sheet.paper_h - y) * PX_PER_MM)] < 128:
            found.append(pos)
    assert found, "no zero tick found"
    return sum(found) / len(found)


@pytest.mark.parametrize("duplex, card_size", [("long", "a6"), ("short", "a7")])
def test_printed_sheet_reads_back_the_offset(tmp_path, duplex, card_size):
    # Print the back 5 mm right and 5 mm down (as a misaligned printer would): the rulers must say
    # "+5 left" / "+5 up" — the --back-offset that undoes it — at the red pointers.
    import pypdfium2 as pdfium

    offset = (5.0, -5.0)
    path = tmp_path / "calibration.pdf"
    sheet = write_calibration(path, "a4", duplex, card_size, back_offset=offset)
    doc = pdfium.PdfDocument(path)
    assert len(doc) == 2
    front, back = (doc[i].render(scale=PX_PER_MM * 25.4 / 72).to_pil() for i in range(2))
    text = doc[0].get_textpage()
    points = red_points(back, sheet)
    for scale in sheet.scales():
        zero = zero_tick(front, sheet, scale)
        assert zero == pytest.approx(scale.x if scale.axis == "x" else scale.y, abs=0.15)
        if scale.axis == "x":
            near = [x for x, y in points if abs(y - scale.y) < 8 and abs(x - scale.x) < 12]
        else:
            near = [y for x, y in points if abs(x - scale.x) < 8 and abs(y - scale.y) < 12]
        pointer = sum(near) / len(near)
        reading = pointer - zero
        expected = -offset[0 if scale.axis == "x" else 1]
        assert sheet.correction(scale.axis, reading) == pytest.approx(expected, abs=0.15)
        # The printed label at the pointer says so.
        out = -scale.inward * 2.6
        if scale.axis == "x":
            box = (pointer - 2.5, scale.y + out - 1.5, pointer + 2.5, scale.y + out + 1.5)
        else:
            box = (scale.x + out - 3.5, pointer - 1.2, scale.x + out + 3.5, pointer + 1.2)
        label = text.get_text_bounded(*(v * MM for v in box)).strip()
        assert label == f"{expected:+g}", (scale, label)


def test_sheet_orientation_follows_the_card_sheets():
    assert sheet_for("a4", "long", "a6").paper_w == 297  # two A6 cards side by side: landscape
    assert sheet_for("a4", "long", "a7").paper_w == 210


@pytest.mark.parametrize("duplex", ["long", "short"])
@pytest.mark.parametrize("card_size", ["a6", "a7"])
def test_everything_drawn_is_clear_of_office_printers_margins(duplex, card_size):
    # Office printers leave the outer 4-6 mm blank; every line and label keeps 10 mm from the edge.
    sheet = sheet_for("a4", duplex, card_size)
    points = [(x, y) for side in (sheet.front(), sheet.back())
              for x1, y1, x2, y2, *_ in side.lines for x, y in ((x1, y1), (x2, y2))]
    points += [(x, y) for x, y, *_ in sheet.front().labels]
    assert len(points) > 100
    assert min(min(x, y, sheet.paper_w - x, sheet.paper_h - y) for x, y in points) >= 10


def test_cli_writes_the_sheet_and_explains_it(tmp_path):
    import pypdfium2 as pdfium

    out = tmp_path / "cal.pdf"
    result = CliRunner().invoke(main, ["calibrate", "--paper", "a4", "--duplex", "short", "--out", str(out)])
    assert result.exit_code == 0, result.output
    doc = pdfium.PdfDocument(out)
    words = " ".join(doc[0].get_textpage().get_text_range().split())
    assert "Houd het blad met deze kant naar je toe tegen het licht" in words
    assert "deck build --back-offset X,Y" in words
    assert "omslaan over de korte kant" in words
    help_text = CliRunner().invoke(main, ["build", "--help"]).output
    assert "X mm right and Y mm up" in " ".join(help_text.split())
