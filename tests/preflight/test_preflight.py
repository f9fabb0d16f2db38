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
             bleed_mm: float = 3.0, pdfx: bool = True, extra=None) -> Path:
    """A one-page PDF that passes preflight except for what ``content``/options put into it."""
    pdf = pikepdf.new()
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
