"""Sheet geometry: grids for duplex and fold-over sheets, scaled to fit, inside the printable area."""

from __future__ import annotations

import pytest

from deck.model.grid import MARK_ROOM_MM, NOTE_MM, plan_grid
from deck.model.sizes import card_size

A4 = (210.0, 297.0)
RESERVE = NOTE_MM + MARK_ROOM_MM


def _inside_printable(grid, margin=5.0):
    x0, y0 = grid.origin
    used_w, used_h = grid.used
    return (x0 >= margin - 1e-9 and y0 >= margin - 1e-9 and x0 + used_w <= grid.paper_w - margin + 1e-9
            and y0 + used_h + grid.reserve <= grid.paper_h - margin + 1e-9)


def test_fit_puts_four_a6_cards_on_a4_at_the_scale_it_states():
    grid = plan_grid(105, 148, A4, 3, fit=True, reserve=RESERVE)
    assert (grid.cols, grid.rows, grid.per_sheet) == (2, 2, 4)
    assert grid.paper_w < grid.paper_h  # portrait
    # The scale is the largest whole per cent that fits 2 × 296 mm of cards below the instruction band.
    largest = min(200 / 210, (297 - 10 - RESERVE) / 296)
    assert grid.scale == pytest.approx(int(largest * 100) / 100) and grid.scale == 0.93
    assert (grid.card_w, grid.card_h) == pytest.approx((105 * grid.scale, 148 * grid.scale))
    assert _inside_printable(grid)


def test_without_fit_nothing_is_scaled():
    grid = plan_grid(105, 148, A4, 3, reserve=RESERVE)
    assert grid.scale == 1.0 and grid.per_sheet == 2


@pytest.mark.parametrize("size,fit,expected", [
    ("a6", False, 1), ("a6", True, 2), ("a7", False, 2), ("poker", False, 4), ("square", False, 1),
])
def test_fold_over_cells_hold_front_and_back_side_by_side(size, fit, expected):
    s = card_size(size)
    grid = plan_grid(s.width, s.height, A4, 3, fold=True, fit=fit, reserve=RESERVE)
    assert grid.per_sheet == expected
    assert grid.unit_w == pytest.approx(2 * grid.card_w)
    assert _inside_printable(grid)
    for i in range(grid.per_sheet):
        (fx, fy), (bx, by) = grid.cell(i), grid.fold_cell(i)
        fold = fx + grid.card_w
        assert any(abs(fold - f) < 1e-9 for f in grid.fold_lines())
        # The back is the front mirrored across the fold line: its edges are the front's, reflected.
        assert bx == pytest.approx(2 * fold - (fx + grid.card_w), abs=0.1)
        assert bx + grid.card_w == pytest.approx(2 * fold - fx, abs=0.1)
        assert by == pytest.approx(fy, abs=0.1)


def test_a_fixed_grid_from_a_sheet_layout_is_kept_or_refused():
    grid = plan_grid(63, 88, (320, 450), 3, 10, gap=3, fixed=(4, 4), orientation="portrait", reserve=RESERVE)
    assert (grid.cols, grid.rows, grid.gap) == (4, 4, 3)
    with pytest.raises(ValueError, match="does not fit on 210 × 297 mm paper"):
        plan_grid(63, 88, A4, 3, 5, gap=3, fixed=(4, 4), orientation="portrait", reserve=RESERVE)


def test_a_card_too_large_for_the_paper_is_a_clear_error():
    with pytest.raises(ValueError, match=r"a 300 × 420 mm card does not fit on 210 × 297 mm paper with 5 mm margins; "
                                         r"--fit scales"):
        plan_grid(300, 420, A4, 3, reserve=RESERVE)


@pytest.mark.parametrize("text,expected", [("70x120", (70, 120)), ("70 × 120 mm", (70, 120)), ("A6", (105, 148)),
                                           ("63,5x88", (63.5, 88))])
def test_card_sizes_by_name_or_millimetres(text, expected):
    size = card_size(text)
    assert (size.width, size.height) == expected


@pytest.mark.parametrize("text,message", [
    ("huge", "'huge' is not a card size: choose a6, a7, poker, square or give width x height in millimetres, "
             "e.g. 70x120"),
    ("10x300", "a 10 × 300 mm card is outside what deck can lay out: give a width from 40 to 300 and a height "
               "from 40 to 420 mm"),
])
def test_a_card_size_that_cannot_be_laid_out_says_what_to_write(text, message):
    with pytest.raises(ValueError) as caught:
        card_size(text)
    assert str(caught.value) == message
