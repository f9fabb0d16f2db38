"""Print-shop files from a real build: PDF/X-4, CMYK only, boxes, crop marks, preflight; sheet back-offset."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import CONTENT, fonts, made_once, placements

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.errors import BuildError
from deck.load.sheet import load_sheet
from deck.model.grid import grid_for
from deck.model.sizes import BLEED_MM, CARD_SIZES, MM
from deck.preflight.check import preflight

DECK = "vuistregels"  # the smallest deck: six cards
OFFSET = (1.5, -2.0)


@pytest.fixture(scope="module")
def plain(built) -> Path:
    """The default build's files: no crop marks, no back-offset."""
    return built


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> Path:
    """Crop marks on the print file, a back-offset on the sheets."""
    def make(out: Path) -> Path:
        build(Options(content=CONTENT, out=out, decks=(DECK,), workbook=False, marks=True, back_offset=OFFSET))
        return out / "nl"

    return made_once(tmp_path_factory, "marked", make)


def mm(box) -> list[float]:
    return [round(float(v) / MM, 3) for v in box]


def test_print_file_passes_preflight(plain, marked):
    assert preflight(plain / f"{DECK}.print.pdf") == []
    assert preflight(marked / f"{DECK}.print.pdf") == []


def test_output_intent_is_cmyk_pdfx_with_the_profile_named(plain):
    with pikepdf.open(plain / f"{DECK}.print.pdf") as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
        # The bundled profile is no registered condition: named by its description, no registry claimed.
        assert str(intent.OutputConditionIdentifier) == "Artifex CMYK SWOP Profile"
        assert "Artifex CMYK SWOP" in str(intent.Info)
        assert "SWOP" in str(intent.OutputCondition)
        assert "/RegistryName" not in intent
        with pdf.open_metadata() as meta:
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.pdf_version >= "1.6"
        assert pdf.trailer.Info.Trapped == pikepdf.Name("/False")


def test_every_page_has_trim_and_bleed_boxes(plain):
    size = CARD_SIZES["a6"]
    with pikepdf.open(plain / f"{DECK}.print.pdf") as pdf:
        assert len(pdf.pages) == 12  # six cards, front and back
        for page in pdf.pages:
            assert mm(page.obj.TrimBox) == [0, 0, size.width, size.height]
            assert mm(page.obj.BleedBox) == [-3, -3, size.width + 3, size.height + 3]
            assert mm(page.mediabox) == mm(page.obj.BleedBox)


def content_streams(pdf):
    """Every stream that holds drawing operators: page contents, forms, tiling patterns, soft masks."""
    for page in pdf.pages:
        yield "page", page
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (obj.get("/Subtype") == pikepdf.Name.Form or obj.get("/PatternType") == 1):
            yield "form", obj


def all_objects(obj, seen=None):
    """Walk the object graph below ``obj`` (every dictionary, array and name)."""
    seen = set() if seen is None else seen
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)):
        if obj.is_indirect:
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        yield obj
        children = obj.values() if not isinstance(obj, pikepdf.Array) else list(obj)
        for child in children:
            yield from all_objects(child, seen)
    else:
        yield obj


@pytest.mark.parametrize("which", ["plain", "marked"])
def test_no_rgb_survives_anywhere(which, request):
    path = request.getfixturevalue(which) / f"{DECK}.print.pdf"
    with pikepdf.open(path) as pdf:
        painted_cmyk = 0
        for kind, holder in content_streams(pdf):
            for operands, op in pikepdf.parse_content_stream(holder):
                op = str(op)
                assert op not in ("rg", "RG"), f"RGB operator {op} in a {kind}"
                if op in ("cs", "CS"):
                    assert operands[0] in (pikepdf.Name.DeviceCMYK, pikepdf.Name.DeviceGray, pikepdf.Name.Pattern)
                if op in ("sc", "scn", "SC", "SCN"):
                    assert len(operands) != 3, f"three-component colour {op} in a {kind}"
                if op in ("k", "K") or (op in ("scn", "SCN") and len(operands) == 4):
                    painted_cmyk += 1
        assert painted_cmyk > 0
        for obj in all_objects(pdf.Root):
            assert obj not in (pikepdf.Name.DeviceRGB, pikepdf.Name.CalRGB), "an RGB colour space is named"
            assert obj != pikepdf.Name.Lab, "a Lab colour space is left in the resources"
            assert obj != pikepdf.Name.Interpolate, "an image asks to be interpolated"
            if isinstance(obj, pikepdf.Array) and len(obj) == 2 and obj[0] == pikepdf.Name.ICCBased:
                assert obj[1].N == 4
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                assert obj.ColorSpace in (pikepdf.Name.DeviceCMYK, pikepdf.Name.DeviceGray)


def test_fonts_are_embedded(plain):
    found = fonts(plain / f"{DECK}.print.pdf")
    assert found and all(found.values()), found


def test_crop_marks_sit_in_a_slug_outside_the_bleed(marked):
    size = CARD_SIZES["a6"]
    with pikepdf.open(marked / f"{DECK}.print.pdf") as pdf:
        for page in pdf.pages:
            assert mm(page.obj.TrimBox) == [0, 0, size.width, size.height]
            assert mm(page.obj.BleedBox) == [-3, -3, size.width + 3, size.height + 3]
            assert mm(page.mediabox) == [-10, -10, size.width + 10, size.height + 10]
            ops = list(pikepdf.parse_content_stream(page))
            # The page's own drawing is clipped to the bleed, so nothing but marks reaches the slug.
            assert [str(o) for _, o in ops[:4]] == ["q", "re", "W", "n"]
            assert mm(ops[1][0]) == [-3, -3, size.width + 6, size.height + 6]
            # The marks come last, in black ink only (no registration colour: it breaks the 300 % ink limit).
            start = max(i for i, (a, o) in enumerate(ops) if str(o) == "K" and [float(v) for v in a] == [0, 0, 0, 1])
            marks = ops[start:]
            segments = [(float(a[0][0]) / MM, float(a[0][1]) / MM, float(b[0][0]) / MM, float(b[0][1]) / MM)
                        for a, b in zip(marks, marks[1:]) if str(a[1]) == "m" and str(b[1]) == "l"]
            assert len(segments) == 8
            for x1, y1, x2, y2 in segments:
                if x1 == x2:  # vertical mark: on a trim line, above or below the bleed
                    assert round(x1, 3) in (0, size.width)
                    assert min(y1, y2) >= size.height + BLEED_MM or max(y1, y2) <= -BLEED_MM
                else:
                    assert round(y1, 3) in (0, size.height)
                    assert min(x1, x2) >= size.width + BLEED_MM or max(x1, x2) <= -BLEED_MM


def test_back_offset_moves_backs_by_exactly_the_millimetres(plain, marked):
    before, after = placements(plain / f"{DECK}.sheets.pdf"), placements(marked / f"{DECK}.sheets.pdf")
    assert len(before) == len(after) >= 2
    for number, (old, new) in enumerate(zip(before, after)):
        assert len(old) == len(new) > 0
        for (x0, y0), (x1, y1) in zip(old, new):
            if number % 2 == 0:  # fronts stay
                assert (x0, y0) == (x1, y1)
            else:  # backs: +X right, +Y up, in millimetres
                assert x1 - x0 == pytest.approx(OFFSET[0], abs=1e-4)
                assert y1 - y0 == pytest.approx(OFFSET[1], abs=1e-4)


def test_backs_without_offset_sit_at_the_mirrored_cells(plain):
    size = CARD_SIZES["a6"]
    grid = grid_for(size, load_sheet("a4"))
    sheets = placements(plain / f"{DECK}.sheets.pdf")
    assert len(sheets[1]) == grid.per_sheet
    for i, (x, y) in enumerate(sheets[1]):
        assert (x, y) == pytest.approx(grid.back_cell(i, "long"), abs=1e-4)


def test_sheets_stay_rgb_and_are_not_preflighted(plain):
    # The office sheets are no print-shop file: RGB is fine there.
    assert any("RGB colour" in line for line in preflight(plain / f"{DECK}.sheets.pdf"))


def test_build_refuses_a_print_file_that_fails_preflight(tmp_path, monkeypatch):
    # A design that puts text 2 mm from the edge (as a careless template could) is refused.
    from dataclasses import replace

    from deck.build.make import make_output
    from deck.build.plan import Target
    from deck.load.content import load_content

    monkeypatch.setitem(CARD_SIZES, "a6", replace(CARD_SIZES["a6"], safe=2.0))
    out = tmp_path / "out"
    target = Target("print", "nl", DECK, out / "nl" / f"{DECK}.print.pdf")
    with pytest.raises(BuildError) as caught:  # made in this process, where the patch lives
        make_output(load_content(CONTENT), target, Options(content=CONTENT, out=out))
    message = str(caught.value)
    # Most pages: card 5's page has its text further in on that side. Which pages is content; that they are named is not.
    assert re.search(rf"nl/{DECK}\.print\.pdf: pages 1-[0-9, -]+: text 2\.1 mm from the trim edge", message), message
    assert "keep text 5 mm inside the trim (safe zone)" in message
    assert message.endswith(f"nl/{DECK}.print.pdf: fails the print-shop preflight, so it was not written")
    assert not (out / "nl" / f"{DECK}.print.pdf").exists()
    assert not list((out / "nl").glob(".*.tmp"))


def test_sheets_declare_the_pdf_version_their_content_needs(plain):
    # The cards drawn on the sheets use transparency states (PDF 1.4) and come from a PDF 1.7 file.
    with pikepdf.open(plain / f"{DECK}.sheets.pdf") as pdf:
        assert pdf.pdf_version == "1.7"


def png_logo_org(folder: Path) -> Path:
    """The example organisation with its logo as an RGBA PNG instead of SVG."""
    import cairosvg

    org = folder / "png-org"
    shutil.copytree(CONTENT / "orgs" / "voorbeeld", org)
    cairosvg.svg2png(url=str(org / "logo.svg"), write_to=str(org / "logo.png"), output_width=1200)
    (org / "logo.svg").unlink()
    yaml = org / "organisation.yaml"
    text, count = re.subn(r"(?m)^logo: logo\.svg$", "logo: logo.png", yaml.read_text())
    assert count == 1
    yaml.write_text(text)
    return org


@pytest.fixture(scope="module", params=["english", "svg-logo", "png-logo"])
def edition(request, tmp_path_factory) -> Path:
    """The print file of one deck in English, for the example organisation (SVG logo) and for one with a PNG logo."""
    if request.param == "english":
        return request.getfixturevalue("english")[0] / f"{DECK}.print.pdf"
    if request.param == "svg-logo":
        return request.getfixturevalue("example") / "wijkteam-lindendal" / "nl" / f"{DECK}.print.pdf"

    def make(out: Path) -> Path:
        build(Options(content=CONTENT, out=out / "out", decks=(DECK,), workbook=False, org=png_logo_org(out),
                      only=("print",)))
        return out / "out" / "wijkteam-lindendal" / "nl" / f"{DECK}.print.pdf"

    return made_once(tmp_path_factory, request.param, make)


def test_every_edition_passes_preflight_without_warnings(edition):
    assert preflight(edition) == []


def test_organisation_logo_is_blended_in_cmyk_and_not_interpolated(edition):
    with pikepdf.open(edition) as pdf:
        for number, page in enumerate(pdf.pages):
            drawn = [o for o in page.Resources.get("/XObject", {}).values() if o.get("/Subtype") == pikepdf.Name.Image]
            if "wijkteam-lindendal" in str(edition) and number % 2 == 1:  # a back, with the logo
                [logo] = drawn
                assert logo.ColorSpace == pikepdf.Name.DeviceCMYK and "/SMask" in logo
                assert "/Interpolate" not in logo and "/Interpolate" not in logo.SMask
                assert (page.obj.Group.S, page.obj.Group.CS) == (pikepdf.Name.Transparency, pikepdf.Name.DeviceCMYK)
            elif number % 2 == 0:  # a front: nothing transparent, so no page group
                assert "/Group" not in page.obj


def test_small_text_is_solid_black_and_white_text_is_nine_points(plain):
    """Every text run under 9 pt is painted in 0 0 0 1 (solid K); white text is 9 pt or more."""
    with pikepdf.open(plain / f"{DECK}.print.pdf") as pdf:
        small = 0
        for page in pdf.pages:
            state, stack = {"colour": None, "scale": 1.0, "size": 0.0}, []
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "q":
                    stack.append(dict(state))
                elif op == "Q":
                    state = stack.pop()
                elif op == "cm":
                    state["scale"] *= abs(float(operands[3]))  # WeasyPrint: no rotation, equal x and y scale
                elif op == "scn" and len(operands) == 4:
                    state["colour"] = tuple(float(v) for v in operands)
                elif op == "Tf":
                    state["size"] = float(operands[1])
                elif op in ("TJ", "Tj"):
                    points = state["size"] * state["scale"]  # text matrices here are unscaled (1 0 0 -1 x y)
                    if state["colour"] == (0, 0, 0, 0):
                        assert points >= 9 - 0.01, f"white text at {points:.2f} pt"
                    elif points < 9:
                        small += 1
                        assert state["colour"] == (0, 0, 0, 1), f"{points:.2f} pt text in {state['colour']}"
        assert small > 0  # the footers


@pytest.fixture(scope="module")
def workbook(built) -> Path:
    return built / "workbook.pdf"


def test_workbook_has_a_trailer_id(workbook):
    with pikepdf.open(workbook) as pdf:
        first, second = pdf.trailer.ID
        assert len(bytes(first)) > 0 and len(bytes(second)) > 0
