"""Office sheets: the grid, cut marks, and backs mirrored so duplex puts each back behind its front."""

from __future__ import annotations

import pikepdf
import pytest
import yaml
from helpers import MM, box_mm, placements

from deck.build.plan import Options
from deck.load.sheet import load_sheet
from deck.model.grid import grid_for, plan_grid
from deck.model.sizes import card_size


def sheets(path) -> list[tuple[list[tuple[float, float]], tuple[float, ...]]]:
    """Per sheet: the (x, y) in mm of every card drawn, and the sheet's MediaBox in mm."""
    with pikepdf.open(path) as pdf:
        media = [box_mm(page, "/MediaBox") for page in pdf.pages]
    return list(zip(placements(path), media))


@pytest.mark.parametrize("size,paper,expected", [
    ((105, 148), "a4", (297, 210, 2, 1)),   # A6 on A4: landscape, two side by side
    ((63, 88), "a4", (210, 297, 3, 3)),     # poker: nine on portrait A4
    ((120, 120), "a4", (210, 297, 1, 2)),   # square
    ((74, 105), "a4", (210, 297, 2, 2)),    # A7: four, each showing its bleed
    ((105, 148), "a3", (297, 420, 2, 2)),
])
def test_grid_fits_most_cards_within_5mm_margin(size, paper, expected):
    grid = plan_grid(*size, load_sheet(paper).size, bleed=3)
    assert (grid.paper_w, grid.paper_h, grid.cols, grid.rows) == expected
    x0, y0 = grid.origin
    assert x0 >= 5 and y0 >= 5
    assert x0 + grid.cols * grid.card_w + (grid.cols - 1) * grid.gap <= grid.paper_w - 5 + 1e-9


def test_a6_on_a4_sheet_positions(built):
    found = sheets(built / "interviewvragen.sheets.pdf")
    assert len(found) == 12  # 12 cards, 2 per sheet: 6 sheets of fronts + 6 of backs
    grid = grid_for(card_size("a6"), load_sheet("a4"))
    fronts, media = found[0]
    assert media == (0, 0, 297, 210)
    assert len(fronts) == 2
    for i, spot in enumerate(fronts):
        assert spot == pytest.approx(grid.cell(i), abs=1e-3)
    assert fronts[0][0] == pytest.approx((297 - 2 * 105 - 6) / 2, abs=1e-3)


@pytest.mark.parametrize("duplex", ["long", "short"])
def test_backs_are_mirrored_for_duplex(content_copy, tmp_path, duplex):
    from deck.build.make import make_output
    from deck.build.plan import Target
    from deck.load.content import load_content

    # The interview questions, each cut to its title, so all twelve fit a poker card at 8 pt.
    deck_file = content_copy / "decks" / "interviewvragen.yaml"
    data = yaml.safe_load(deck_file.read_text(encoding="utf-8"))
    data["cards"] = [{"id": c["id"], "number": c.get("number"), "title": c.get("title") or c.get("section") or "Vraag"}
                     for c in data["cards"]]
    deck_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (content_copy / "workbook.yaml").unlink()  # it quotes the questions' texts; the sheets do not need it
    target = Target("sheets", "nl", "interviewvragen", tmp_path / "interviewvragen.sheets.pdf")  # the sheets alone
    make_output(load_content(content_copy), target, Options(content=content_copy, card_size="poker", duplex=duplex))
    (fronts, media), (backs, _) = sheets(target.path)[:2]
    assert media == (0, 0, 210, 297)  # portrait sheet, 3 × 3 poker cards
    assert len(fronts) == len(backs) == 9
    w, h = 210, 297
    for (fx, fy), (bx, by) in zip(fronts, backs):
        if duplex == "long":  # portrait sheet turned over its long (vertical) edge: left and right swap
            assert (bx, by) == pytest.approx((w - fx - 63, fy), abs=1e-3)
        else:  # turned over the short edge: top and bottom swap
            assert (bx, by) == pytest.approx((fx, h - fy - 88), abs=1e-3)


def test_landscape_sheet_long_edge_swaps_top_and_bottom():
    grid = plan_grid(105, 148, load_sheet("a3").size, 3)  # 2 × 2 on portrait A3
    assert grid.paper_w < grid.paper_h  # portrait
    grid = grid_for(card_size("a6"), load_sheet("a4"))
    assert grid.paper_w > grid.paper_h  # landscape
    x, y = grid.cell(0)
    assert grid.back_cell(0, "long") == pytest.approx((x, grid.paper_h - y - 148))
    assert grid.back_cell(0, "short") == pytest.approx((grid.paper_w - x - 105, y))


def test_cut_marks_stay_in_the_margins(built):
    with pikepdf.open(built / "lessen.sheets.pdf") as pdf:
        page = pdf.pages[0]
        grid = grid_for(card_size("a6"), load_sheet("a4"))
        x0, y0 = grid.origin
        lines = []
        points = []
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) in ("m", "l"):
                points.append(tuple(float(v) / MM for v in operands))
            if str(op) == "S":
                lines.append(tuple(points[-2:]))
        assert len(lines) >= 8
        right = x0 + 2 * 105 + grid.gap
        top = y0 + 148
        for (ax, ay), (bx, by) in lines:
            # every mark lies outside the card area (below/above or left/right of the grid)
            outside = max(ay, by) <= y0 or min(ay, by) >= top or max(ax, bx) <= x0 or min(ax, bx) >= right
            assert outside, ((ax, ay), (bx, by))
