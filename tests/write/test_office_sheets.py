"""Office printing: fold-over sheets, cards scaled to fit, any card size, sheet layouts as data, one card."""

from __future__ import annotations

import math
from pathlib import Path

import pikepdf
import pypdf
import pytest
from conftest import CONTENT
from helpers import box_mm, made_once

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.errors import ContentError, UsageError
from deck.load.sheet import load_sheet
from deck.model.grid import MARK_ROOM_MM, NOTE_MM, plan_grid

MM = 72 / 25.4
DECK = "interviewvragen"  # 12 cards


def drawings(page) -> tuple[list[dict], list[tuple[float, float, float, float]]]:
    """The cards a sheet draws (name, position and scale in mm) and every stroked line segment, in mm."""
    cards, lines, cm, point = [], [], None, None
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "cm":
            cm = [float(v) for v in operands]
        elif op == "Do":
            cards.append({"name": str(operands[0]), "x": cm[4] / MM, "y": cm[5] / MM, "scale": cm[0]})
        elif op == "m":
            point = tuple(float(v) / MM for v in operands)
        elif op == "l":
            end = tuple(float(v) / MM for v in operands)
            lines.append((*point, *end))
            point = end
    return cards, lines


@pytest.fixture(scope="module")
def office(tmp_path_factory, built):
    """Fold-over sheets, beside the session build's duplex sheets (linked) in "plain"; fitted sheets in "fit"."""
    def make(out: Path):
        results = build(Options(content=CONTENT, out=out / "plain", decks=(DECK,), workbook=False, fold=True,
                                only=("fold",)))
        (out / "plain" / "nl" / f"{DECK}.sheets.pdf").symlink_to(built / f"{DECK}.sheets.pdf")
        fitted = build(Options(content=CONTENT, out=out / "fit", decks=(DECK,), workbook=False, fit=True,
                               only=("sheets", "fold")))
        return out, {r.target.path.name: r for r in results}, {r.target.path.name: r for r in fitted}

    return made_once(tmp_path_factory, "office", make)


def test_fold_over_sheets_need_no_duplex(office):
    out, results, _ = office
    path = out / "plain" / "nl" / f"{DECK}.fold.pdf"
    spec = load_sheet("a4")
    grid = plan_grid(105, 148, spec.size, 3, spec.margin, fold=True, reserve=NOTE_MM + MARK_ROOM_MM)
    assert results[path.name].notes[0] == f"{grid.per_sheet} per sheet"
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == math.ceil(12 / grid.per_sheet)  # one side per sheet: no back pages
        for page in pdf.pages:
            cards, lines = drawings(page)
            fronts = {c["name"][2:]: c for c in cards if c["name"].startswith("/F")}
            backs = {c["name"][2:]: c for c in cards if c["name"].startswith("/B")}
            assert fronts.keys() == backs.keys() and fronts
            rects = []
            for i, front in fronts.items():
                back = backs[i]
                fold = front["x"] + grid.card_w
                # Each back is its front mirrored across the fold line, to 0.1 mm.
                assert back["x"] == pytest.approx(2 * fold - (front["x"] + grid.card_w), abs=0.1)
                assert back["x"] + grid.card_w == pytest.approx(2 * fold - front["x"], abs=0.1)
                assert back["y"] == pytest.approx(front["y"], abs=0.1)
                rects += [(front["x"], front["y"]), (back["x"], back["y"])]
            # Cut marks and the dashed fold marks stay outside every card's trim.
            for x1, y1, x2, y2 in lines:
                for cx, cy in rects:
                    inside_x = min(x1, x2) < cx + grid.card_w - 1e-6 and max(x1, x2) > cx + 1e-6
                    inside_y = min(y1, y2) < cy + grid.card_h - 1e-6 and max(y1, y2) > cy + 1e-6
                    assert not (inside_x and inside_y), f"a mark at {x1:.1f},{y1:.1f} crosses a card"
            # The fold marks: dashed lines on each fold line, above and below the cards.
            folds = {round(f["x"] + grid.card_w, 3) for f in fronts.values()}
            assert folds <= {round(x1, 3) for x1, _, x2, _ in lines if abs(x1 - x2) < 1e-6}


def test_the_first_sheet_says_how_to_print(office):
    out, _, fitted = office
    for name, expected in ((f"{DECK}.sheets.pdf", "dubbelzijdig, omslaan langs de lange kant"),
                           (f"{DECK}.fold.pdf", "enkelzijdig. Vouw langs de stippellijn")):
        pages = pypdf.PdfReader(out / "plain" / "nl" / name).pages
        first = " ".join(pages[0].extract_text().split())
        assert "Print op 100 % (werkelijke grootte)" in first and expected in first
        assert "Print op 100 %" not in pages[1].extract_text()
    first = " ".join(pypdf.PdfReader(out / "fit" / "nl" / f"{DECK}.sheets.pdf").pages[0].extract_text().split())
    assert "Kaarten op 93 %." in first


def test_fit_puts_four_a6_cards_on_an_a4_sheet_and_says_so(office):
    out, _, fitted = office
    path = out / "fit" / "nl" / f"{DECK}.sheets.pdf"
    assert fitted[path.name].notes[:2] == ["4 per sheet", "cards at 93 %"]
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 6  # 12 cards, 4 a sheet: 3 sheets of fronts, 3 of backs
        assert [round(float(v) / MM) for v in pdf.pages[0].MediaBox] == [0, 0, 210, 297]
        cards, _ = drawings(pdf.pages[0])
        cards = [c for c in cards if c["name"] != "/Note"]
        assert len(cards) == 4 and {round(c["scale"], 3) for c in cards} == {0.93}
    # The print-shop file is never scaled: one card per page at its trim size.
    print_files = list((out / "fit" / "nl").glob("*.print.pdf"))
    assert print_files == []  # --only sheets, fold


def test_a_custom_card_size_gives_print_files_of_that_size(tmp_path):
    build(Options(content=CONTENT, out=tmp_path, decks=("vuistregels",), workbook=False, card_size="70x120",
                  only=("print",)))
    with pikepdf.open(tmp_path / "nl" / "vuistregels.print.pdf") as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = box_mm(page, "/TrimBox")
            assert (x1 - x0, y1 - y0) == pytest.approx((70, 120), abs=0.01)
            bx0, by0, bx1, by1 = box_mm(page, "/BleedBox")
            assert (bx1 - bx0, by1 - by0) == pytest.approx((76, 126), abs=0.01)


def test_card_builds_only_that_card_with_its_own_number(tmp_path):
    results = build(Options(content=CONTENT, out=tmp_path, decks=(DECK,), workbook=False, select=("off-day",)))
    assert sorted(r.target.path.name for r in results) == [f"{DECK}.selection.print.pdf", f"{DECK}.selection.sheets.pdf"]
    reader = pypdf.PdfReader(tmp_path / "nl" / f"{DECK}.selection.print.pdf")
    assert len(reader.pages) == 2  # its front and its back
    front = " ".join(reader.pages[0].extract_text().split())
    assert "Een ‘off-day’" in front and "4/12" in front  # the number it has in the whole deck
    with pytest.raises(UsageError, match=r"--card of-day: no such card \(did you mean 'off-day'\?\)"):
        build(Options(content=CONTENT, out=tmp_path, decks=(DECK,), workbook=False, select=("of-day",)))


def test_a_sheet_layout_of_your_own(tmp_path):
    sheet = tmp_path / "my-sheet.yaml"
    sheet.write_text("name: Twee onder elkaar\npaper: {width: 210, height: 297}\nmargin: 8\ngap: 4\nmarks: true\n"
                     "grid: {cols: 1, rows: 2}\norientation: portrait\n", encoding="utf-8")
    results = build(Options(content=CONTENT, out=tmp_path / "out", decks=("vuistregels",), workbook=False,
                            card_size="a7", paper=str(sheet), only=("sheets",)))
    assert results[0].notes[0] == "2 per sheet"
    with pikepdf.open(tmp_path / "out" / "nl" / "vuistregels.sheets.pdf") as pdf:
        cards, _ = drawings(pdf.pages[0])
        cards = [c for c in cards if c["name"] != "/Note"]
        assert len(cards) == 2 and cards[0]["x"] == pytest.approx(cards[1]["x"])
        assert abs(cards[0]["y"] - cards[1]["y"]) == pytest.approx(105 + 4)  # A7 height plus the 4 mm gap


def test_sheet_layout_errors_come_with_file_and_line(tmp_path):
    sheet = tmp_path / "bad.yaml"
    sheet.write_text("name: Kapot\npaper: {width: 297, height: 210}\nmargn: 5\ngap: wide\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_sheet(str(sheet))
    lines = caught.value.lines()
    assert any(line.startswith(f"{sheet}:3: margn: unknown key 'margn' (did you mean 'margin'?)") for line in lines)
    assert f"{sheet}:4: gap: write auto, or a number of millimetres from 0 to 50 (e.g. 3), not 'wide'" in lines
    with pytest.raises(UsageError, match=r"unknown --paper 'a5' \(choose from a3, a4, letter, sra3-poker"):
        load_sheet("a5")


def test_office_sheets_carry_title_and_language_in_xmp(office):
    out, _, _ = office
    for name in (f"{DECK}.sheets.pdf", f"{DECK}.fold.pdf"):
        with pikepdf.open(out / "plain" / "nl" / name) as pdf:
            meta = pdf.open_metadata()
            assert meta.get("dc:title") == "Interviewvragen" and meta.get("dc:language") == {"nl"}
            assert str(pdf.Root.Lang) == "nl" and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
