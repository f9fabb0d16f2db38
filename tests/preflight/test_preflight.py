"""Preflight: tiny fixture PDFs, each with one print-shop problem, fail with exactly the right message."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from helpers import print_css

from deck.cli.main import main
from deck.model.profile import DEFAULT_PROFILE
from deck.model.sizes import MM
from deck.preflight.check import preflight

W, H = 105 * MM, 148 * MM  # an A6 card, trim at the origin
B = 3 * MM


def make_pdf(path: Path, content: bytes, resources: dict | None = None, *, boxes: bool = True,
             bleed_mm: float = 3.0, pdfx: bool = True, trapped: str | None = "/False", extra=None) -> Path:
    """A one-page PDF that passes preflight except for what ``content``/options put into it."""
    pdf = pikepdf.new()
    if trapped:
        pdf.docinfo.Trapped = pikepdf.Name(trapped)
    b = bleed_mm * MM
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[-b, -b, W + b, H + b],
                              Resources=pikepdf.Dictionary(resources or {}),
                              Contents=pdf.make_stream(content))
    if boxes:
        page.TrimBox = [0, 0, W, H]
        page.BleedBox = [-b, -b, W + b, H + b]
    pdf.pages.append(pikepdf.Page(page))
    if pdfx:
        icc = pdf.make_stream(DEFAULT_PROFILE.icc.read_bytes())
        icc.N = 4
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier="Custom",
            DestOutputProfile=icc)])
        with pdf.open_metadata() as meta:
            meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
    if extra:
        extra(pdf)
    pdf.save(path)
    return path


def lines_for(path: Path) -> list[str]:
    return preflight(path, "card.pdf")


def test_a_clean_fixture_passes(tmp_path):
    assert lines_for(make_pdf(tmp_path / "ok.pdf", b"0 0 0 1 k -8.5 -8.5 315 150 re f")) == []


def test_rgb_colour_is_named(tmp_path):
    path = make_pdf(tmp_path / "rgb.pdf", b"1 0 0 rg -8.5 -8.5 315 150 re f")
    assert lines_for(path) == ["card.pdf: page 1: RGB colour (DeviceRGB) in content stream"]


def test_rgb_from_weasyprint_css_is_named(tmp_path):
    # A real WeasyPrint PDF/X-4 with a CMYK profile whose only fault is a hex colour in its CSS.
    from weasyprint import HTML

    html = f"""<style>{print_css(margin="0")}
      body {{ font-family: Inter; margin: 10mm; color: #c00000 }}</style><p>Rood</p>"""
    path = tmp_path / "css.pdf"
    HTML(string=html).write_pdf(path, pdf_variant="pdf/x-4")
    assert lines_for(path) == ["card.pdf: page 1: RGB colour (DeviceRGB) in content stream"]


def test_three_component_icc_colour_is_rgb(tmp_path):
    def add_space(pdf):
        icc = pdf.make_stream(b"not checked")
        icc.N = 3
        pdf.pages[0].Resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, icc]))

    path = make_pdf(tmp_path / "icc.pdf", b"/CS0 cs 0.2 0.4 0.6 sc 0 0 10 10 re f", extra=add_space)
    assert lines_for(path) == ["card.pdf: page 1: RGB colour (ICCBased, 3 components) in content stream"]


def test_rgb_inside_a_form_and_a_shading_is_found(tmp_path):
    def add(pdf):
        form = pdf.make_stream(b"0 0 1 RG 2 w 0 0 m 10 10 l S")
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 10, 10]
        shading = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 10, 0],
                                     Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1))
        pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Fm0=form)
        pdf.pages[0].Resources.Shading = pikepdf.Dictionary(Sh0=shading)

    path = make_pdf(tmp_path / "form.pdf", b"q /Fm0 Do Q q 0 0 10 10 re W n /Sh0 sh Q", extra=add)
    assert lines_for(path) == ["card.pdf: page 1: RGB colour (DeviceRGB) in form XObject /Fm0",
                               "card.pdf: page 1: RGB colour (DeviceRGB) in shading /Sh0"]


def test_rgb_and_low_resolution_image(tmp_path):
    def add(pdf):
        image = pdf.make_stream(zlib.compress(bytes([200, 30, 40]) * 100 * 50), Filter=pikepdf.Name.FlateDecode)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent, image.ColorSpace = 100, 50, 8, pikepdf.Name.DeviceRGB
        pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Im0=image)

    # 100 px over 50.8 mm (2 in): 50 ppi
    path = make_pdf(tmp_path / "image.pdf", f"q {2 * 72} 0 0 {72} 20 20 cm /Im0 Do Q".encode(), extra=add)
    assert lines_for(path) == ["card.pdf: page 1: RGB image (DeviceRGB, 100x50 px)",
                               "card.pdf: page 1: image of 100x50 px is 50 ppi at its placed size (print shops need 300)"]


def test_missing_boxes(tmp_path):
    path = make_pdf(tmp_path / "noboxes.pdf", b"0 0 0 1 k 0 0 10 10 re f", boxes=False)
    assert lines_for(path) == ["card.pdf: page 1: no TrimBox (the print shop cannot tell where to cut)",
                               "card.pdf: page 1: no BleedBox"]


def test_bleed_under_three_millimetres(tmp_path):
    path = make_pdf(tmp_path / "bleed.pdf", b"0 0 0 1 k 0 0 10 10 re f", bleed_mm=2.0)
    assert lines_for(path) == ["card.pdf: page 1: bleed 2.0 mm, print shops need 3 mm"]


def test_no_output_intent_and_no_pdfx_identification(tmp_path):
    path = make_pdf(tmp_path / "plain.pdf", b"0 0 0 1 k 0 0 10 10 re f", pdfx=False)
    assert lines_for(path) == [
        "card.pdf: no PDF/X output intent (an /OutputIntents entry /GTS_PDFX with a CMYK ICC profile)",
        "card.pdf: PDF/X identification missing (no pdfxid:GTS_PDFXVersion in the XMP metadata)"]


def test_rgb_output_intent_is_not_cmyk(tmp_path):
    def rgb_intent(pdf):
        pdf.Root.OutputIntents[0].DestOutputProfile.N = 3

    path = make_pdf(tmp_path / "rgbintent.pdf", b"0 0 0 1 k 0 0 10 10 re f", extra=rgb_intent)
    assert lines_for(path) == ["card.pdf: the PDF/X output intent is not CMYK (its ICC profile has 3 components)"]


def test_font_not_embedded(tmp_path):
    # Helvetica, one of the 14 standard fonts, named but not embedded: a classic print-shop rejection.
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    path = make_pdf(tmp_path / "font.pdf", b"BT 0 0 0 1 k /F1 12 Tf 60 200 Td (Hallo) Tj ET",
                    {"/Font": pikepdf.Dictionary(F1=font)})
    assert lines_for(path) == ["card.pdf: page 1: font Helvetica is not embedded"]


def test_text_in_the_bleed_zone(tmp_path):
    # The bundled Inter font, embedded by WeasyPrint, set 2 mm from the left trim edge.
    from weasyprint import HTML

    html = f"""<style>{print_css(margin="0")}
      body {{ font-family: Inter; margin: 0; color: device-cmyk(0 0 0 1) }}
      p {{ position: absolute; left: 2mm; top: 40mm; margin: 0 }}</style><p>Te dicht bij de rand</p>"""
    path = tmp_path / "edge.pdf"
    HTML(string=html).write_pdf(path, pdf_variant="pdf/x-4")
    [line] = lines_for(path)
    assert line.startswith("card.pdf: page 1: text 2.")
    assert line.endswith("mm from the trim edge: keep text 5 mm inside the trim (safe zone)")


def test_hairline(tmp_path):
    path = make_pdf(tmp_path / "hair.pdf", b"0 0 0 1 K 0.1 w 20 20 m 200 20 l S")
    assert lines_for(path) == ["card.pdf: page 1: hairline 0.10 pt (under 0.25 pt) in content stream"]


def test_hairline_counts_the_transformation(tmp_path):
    # 1 unit wide, drawn at a tenth of the size: 0.1 pt on paper.
    path = make_pdf(tmp_path / "scaled.pdf", b"q 0.1 0 0 0.1 0 0 cm 0 0 0 1 K 1 w 200 200 m 2000 200 l S Q")
    assert lines_for(path) == ["card.pdf: page 1: hairline 0.10 pt (under 0.25 pt) in content stream"]


def test_a_problem_on_several_pages_is_one_line(tmp_path):
    path = make_pdf(tmp_path / "pages.pdf", b"1 0 0 rg 0 0 10 10 re f")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for _ in range(3):
            pdf.pages.append(pdf.pages[0])
        pdf.save(path)
    assert lines_for(path) == ["card.pdf: pages 1-4: RGB colour (DeviceRGB) in content stream"]


def test_not_a_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("hello")
    [line] = lines_for(path)
    assert line.startswith("card.pdf: cannot read as PDF")


@pytest.mark.parametrize("content, code", [(b"0 0 0 1 k 0 0 10 10 re f", 0), (b"1 0 0 rg 0 0 10 10 re f", 1)])
def test_cli_exit_codes(tmp_path, monkeypatch, content, code):
    make_pdf(tmp_path / "card.pdf", content)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preflight", "card.pdf"])
    assert result.exit_code == code
    if code:
        assert result.stdout == "card.pdf: page 1: RGB colour (DeviceRGB) in content stream\n"


def test_cli_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["preflight", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2


# --- What a print shop's preflight catches besides the basics (issue 13) ---

PAGE_GROUP = {"S": pikepdf.Name.Transparency, "CS": pikepdf.Name.DeviceCMYK}


def image_stream(pdf, data: bytes, width: int, height: int, space=pikepdf.Name.DeviceCMYK, **keys):
    image = pdf.make_stream(zlib.compress(data), Filter=pikepdf.Name.FlateDecode)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent, image.ColorSpace = width, height, 8, space
    for key, value in keys.items():
        image[f"/{key}"] = value
    return image


def type3_font(pdf, glyph: bytes = b"600 0 0 0 500 700 d1 0 0 500 700 re f"):
    """A Type 3 font with one glyph, 'a': its drawing is part of the file, so it counts as embedded."""
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 600, 700],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(a=pdf.make_stream(glyph)),
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=[97, pikepdf.Name.a]),
        FirstChar=97, LastChar=97, Widths=[600])


def with_font(glyph: bytes = b"600 0 0 0 500 700 d1 0 0 500 700 re f", group: bool = False):
    def add(pdf):
        pdf.pages[0].Resources.Font = pikepdf.Dictionary(T3=type3_font(pdf, glyph))
        if group:
            pdf.pages[0].obj.Group = pikepdf.Dictionary(**PAGE_GROUP)
    return add


def test_ink_over_300_percent_inside_an_image(tmp_path):
    # 600 px over 2 in: 300 ppi. The first image has one pixel at 400 %, the second stays at 300 %.
    def add(pdf):
        hot = bytes([255, 255, 255, 255]) + bytes([0, 0, 0, 255]) * (600 * 600 - 1)
        fine = bytes([255, 255, 0, 255]) * (600 * 600)
        pdf.pages[0].Resources.XObject = pikepdf.Dictionary(
            Im0=image_stream(pdf, hot, 600, 600), Im1=image_stream(pdf, fine, 600, 600))

    path = make_pdf(tmp_path / "image-ink.pdf", b"q 144 0 0 144 20 20 cm /Im0 Do Q q 144 0 0 144 20 180 cm /Im1 Do Q",
                    extra=add)
    assert lines_for(path) == ["card.pdf: page 1: total ink 400 % (over 300 %) in image of 600x600 px"]


def test_ink_over_300_percent_through_an_icc_based_cmyk_space(tmp_path):
    def add(pdf):
        icc = pdf.make_stream(DEFAULT_PROFILE.icc.read_bytes())
        icc.N = 4
        pdf.pages[0].Resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, icc]))

    path = make_pdf(tmp_path / "icc-ink.pdf", b"/CS0 cs 1 1 1 1 sc 0 0 10 10 re f /CS0 cs 1 1 1 0 sc 0 20 10 10 re f",
                    extra=add)
    assert lines_for(path) == ["card.pdf: page 1: total ink 400 % (over 300 %) in content stream"]


@pytest.mark.parametrize("trapped, message", [
    (None, "card.pdf: /Trapped is not set in the document information (PDF/X needs /True or /False)"),
    ("/Unknown", "card.pdf: /Trapped is /Unknown (PDF/X needs /True or /False)")])
def test_trapped_must_be_true_or_false(tmp_path, trapped, message):
    path = make_pdf(tmp_path / "trapped.pdf", b"0 0 0 1 k 0 0 10 10 re f", trapped=trapped)
    assert lines_for(path) == [message]


def test_trim_box_and_art_box_together(tmp_path):
    def add(pdf):
        pdf.pages[0].obj.ArtBox = [0, 0, W, H]

    path = make_pdf(tmp_path / "artbox.pdf", b"0 0 0 1 k 0 0 10 10 re f", extra=add)
    assert lines_for(path) == ["card.pdf: page 1: both a TrimBox and an ArtBox (PDF/X allows only one of them; keep the TrimBox)"]


def test_rgb_inside_a_type3_glyph(tmp_path):
    path = make_pdf(tmp_path / "type3.pdf", b"BT /T3 12 Tf 60 200 Td (a) Tj ET",
                    extra=with_font(b"600 0 d0 1 0 0 rg 0 0 500 700 re f"))
    assert lines_for(path) == ["card.pdf: page 1: RGB colour (DeviceRGB) in Type 3 glyph /a of font /T3"]


def test_lab_colour_in_use(tmp_path):
    # Painting in Lab, and a Lab image, are reported; a Lab space that is only defined (lab-d65) is not.
    def add(pdf):
        lab = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])
        pdf.pages[0].Resources.ColorSpace = pikepdf.Dictionary({"/lab-d50": lab, "/lab-d65": lab})
        pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Im0=image_stream(pdf, bytes([50, 0, 0]) * 600 * 600, 600, 600, lab))

    path = make_pdf(tmp_path / "lab.pdf", b"/lab-d50 cs 50 10 10 sc 0 0 10 10 re f q 144 0 0 144 20 20 cm /Im0 Do Q",
                    extra=add)
    assert lines_for(path) == ["card.pdf: page 1: Lab colour (Lab) in content stream",
                               "card.pdf: page 1: Lab image (Lab, 600x600 px)"]


def _intent(**changes):
    def change(pdf):
        intent = pdf.Root.OutputIntents[0]
        for key, value in changes.items():
            if value is None:
                del intent[f"/{key}"]
            else:
                intent[f"/{key}"] = value
    return change


@pytest.mark.parametrize("change, message", [
    (_intent(S=pikepdf.Name.GTS_PDFA1),
     "card.pdf: the output intent is /GTS_PDFA1, not /GTS_PDFX: a PDF/X file names its print condition in an "
     "/OutputIntents entry /GTS_PDFX"),
    (_intent(DestOutputProfile=None), "card.pdf: the PDF/X output intent embeds no ICC profile (/DestOutputProfile)"),
    (_intent(OutputConditionIdentifier=pikepdf.String("")),
     "card.pdf: the PDF/X output intent has no OutputConditionIdentifier (name the print condition, e.g. FOGRA39, or the profile)"),
    (_intent(OutputConditionIdentifier=None),
     "card.pdf: the PDF/X output intent has no OutputConditionIdentifier (name the print condition, e.g. FOGRA39, or the profile)"),
], ids=["not-pdfx", "no-profile", "empty-identifier", "no-identifier"])
def test_output_condition(tmp_path, change, message):
    path = make_pdf(tmp_path / "intent.pdf", b"0 0 0 1 k 0 0 10 10 re f", extra=change)
    assert lines_for(path) == [message]


def test_interpolate_on_an_image_and_its_soft_mask(tmp_path):
    def add(pdf):
        mask = image_stream(pdf, bytes([255]) * 600 * 600, 600, 600, pikepdf.Name.DeviceGray, Interpolate=True)
        image = image_stream(pdf, bytes([0, 0, 0, 255]) * 600 * 600, 600, 600, Interpolate=True, SMask=mask)
        pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Im0=image)
        pdf.pages[0].obj.Group = pikepdf.Dictionary(**PAGE_GROUP)  # the soft mask is declared transparency

    path = make_pdf(tmp_path / "interpolate.pdf", b"q 144 0 0 144 20 20 cm /Im0 Do Q", extra=add)
    assert lines_for(path) == [
        "card.pdf: page 1: /Interpolate true on image of 600x600 px (print shops want it off)",
        "card.pdf: page 1: /Interpolate true on the soft mask of image of 600x600 px (print shops want it off)"]


def _soft_masked_image(pdf):
    mask = image_stream(pdf, bytes([128]) * 600 * 600, 600, 600, pikepdf.Name.DeviceGray)
    pdf.pages[0].Resources.XObject = pikepdf.Dictionary(
        Im0=image_stream(pdf, bytes([0, 0, 0, 255]) * 600 * 600, 600, 600, SMask=mask))


def _state(**keys):
    def add(pdf):
        pdf.pages[0].Resources.ExtGState = pikepdf.Dictionary(GS0=pikepdf.Dictionary(**keys))
    return add


def _soft_mask_state(pdf):
    form = pdf.make_stream(b"0 g 0 0 10 10 re f", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 10, 10], Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceGray))
    _state(SMask=pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=form))(pdf)


IMAGE = b"q 144 0 0 144 20 20 cm /Im0 Do Q"
STATE = b"/GS0 gs 0 0 0 1 k 0 0 10 10 re f"


@pytest.mark.parametrize("setup, content, kind", [
    (_soft_masked_image, IMAGE, "soft-masked image"),
    (_state(ca=0.5), STATE, "opacity 50 %"),
    (_state(CA=0.25), STATE, "opacity 25 %"),
    (_state(BM=pikepdf.Name.Multiply), STATE, "blend mode Multiply"),
    (_soft_mask_state, STATE, "soft mask"),
], ids=["smask-image", "fill-opacity", "stroke-opacity", "blend-mode", "soft-mask"])
def test_transparency_needs_a_blending_colour_space(tmp_path, setup, content, kind):
    path = make_pdf(tmp_path / "t.pdf", content, extra=setup)
    assert lines_for(path) == [f"card.pdf: page 1: transparency ({kind}) without a blending colour space: "
                               "the page needs /Group << /S /Transparency /CS /DeviceCMYK >>"]

    def declared(pdf):
        setup(pdf)
        pdf.pages[0].obj.Group = pikepdf.Dictionary(**PAGE_GROUP)

    assert lines_for(make_pdf(tmp_path / "group.pdf", content, extra=declared)) == []


def test_opaque_states_are_no_transparency(tmp_path):
    def add(pdf):
        pdf.pages[0].Resources.ExtGState = pikepdf.Dictionary(
            GS0=pikepdf.Dictionary(ca=1, CA=1, BM=pikepdf.Name.Normal, SMask=pikepdf.Name("/None")))

    assert lines_for(make_pdf(tmp_path / "opaque.pdf", b"/GS0 gs 0 0 0 1 k 0 0 10 10 re f", extra=add)) == []


SCREENED = ("card.pdf: page 1: warning: text under 9 pt (smallest 8.0 pt) in a screened tint (K 90 %) in content "
            "stream: print small text in solid 100 % K or one solid ink")
FOUR_INKS = ("card.pdf: page 1: warning: text under 9 pt (smallest 8.0 pt) in 4 inks (C 60 % M 85 % Y 30 % K 20 %) "
             "in content stream: print small text in solid 100 % K or one solid ink")
REVERSED = ("card.pdf: page 1: warning: white text under 9 pt (smallest 8.0 pt) reversed out of a 4-colour area "
            "(C 60 % M 85 % Y 30 % K 20 %) in content stream: set it at 9 pt or more, or on paper white or one ink")
BACKGROUND = b"0.6 0.85 0.3 0.2 k -8.5 -8.5 315 437 re f "


@pytest.mark.parametrize("content, expected", [
    (b"0 0 0 0.9 k BT /T3 8 Tf 60 200 Td (a) Tj ET", [SCREENED]),
    (b"0.1 g BT /T3 8 Tf 60 200 Td (a) Tj ET", [SCREENED]),  # grey is the black plate
    (b"BT 0 0 0 0.9 k /T3 1 Tf 8 0 0 8 60 200 Tm (a) Tj ET", [SCREENED]),  # the size set by the text matrix
    (b"q 0.5 0 0 0.5 0 0 cm 0 0 0 0.9 k BT /T3 16 Tf 120 400 Td (a) Tj ET Q", [SCREENED]),  # ... and by the CTM
    (b"0.6 0.85 0.3 0.2 k BT /T3 8 Tf 60 200 Td (a) Tj ET", [FOUR_INKS]),
    (BACKGROUND + b"0 0 0 0 k BT /T3 8 Tf 60 200 Td (a) Tj ET", [REVERSED]),
    (b"0 0 0 1 k BT /T3 8 Tf 60 200 Td (a) Tj ET", []),  # solid black
    (b"1 0 0 0 k BT /T3 8 Tf 60 200 Td (a) Tj ET", []),  # one solid ink
    (b"0 0 0 0.9 k BT /T3 9 Tf 60 200 Td (a) Tj ET", []),  # 9 pt is not small
    (b"0 0 0 0.9 k BT 3 Tr /T3 8 Tf 60 200 Td (a) Tj ET", []),  # invisible text
    (BACKGROUND + b"0 0 0 0 k BT /T3 10 Tf 60 200 Td (a) Tj ET", []),  # white, but large enough
    (b"0.6 0.85 0 0 k -8.5 -8.5 315 437 re f 0 0 0 0 k BT /T3 8 Tf 60 200 Td (a) Tj ET", []),  # on two inks
    (BACKGROUND + b"0 0 0 0 k 50 190 100 30 re f 0 0 0 1 k BT /T3 8 Tf 60 200 Td (a) Tj ET", []),  # on a white panel
    (BACKGROUND + b"0 0 0 0 k BT /T3 8 Tf 60 300 Td (a) Tj ET 0 0 0 1 k 50 290 100 30 re f", [REVERSED]),  # panel too late
], ids=["tint", "grey", "text-matrix", "ctm", "four-inks", "reversed", "solid-k", "solid-cyan", "nine-pt", "invisible",
        "white-large", "two-ink-area", "white-panel", "panel-after"])
def test_small_text_warnings(tmp_path, content, expected):
    path = make_pdf(tmp_path / "small.pdf", content, extra=with_font())
    assert lines_for(path) == expected


def test_warnings_alone_do_not_fail_the_cli(tmp_path, monkeypatch):
    make_pdf(tmp_path / "card.pdf", b"0 0 0 0.9 k BT /T3 8 Tf 60 200 Td (a) Tj ET", extra=with_font())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preflight", "card.pdf"])
    assert result.exit_code == 0
    assert result.stdout == SCREENED + "\n"


def test_white_text_inside_a_border_is_not_on_the_border_colour(tmp_path):
    # A 4-colour border drawn as WeasyPrint draws one: two rectangles filled by the even-odd rule.
    # The text sits in the hole (paper white shows), so nothing is reversed out of the border's inks.
    border = b"0.6 0.85 0.3 0.2 k 40 180 200 60 re 42 182 196 56 re f* "
    path = make_pdf(tmp_path / "border.pdf", border + b"0 0 0 0 k BT /T3 8 Tf 60 200 Td (a) Tj ET", extra=with_font())
    assert lines_for(path) == []
    path = make_pdf(tmp_path / "filled.pdf", border.replace(b"f*", b"f") + b"0 0 0 0 k BT /T3 8 Tf 60 200 Td (a) Tj ET",
                    extra=with_font())
    assert lines_for(path) == [REVERSED]
