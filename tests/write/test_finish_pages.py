"""Finishing judges each page by its own content, also when pages share one resources dictionary (as WeasyPrint writes them)."""

from __future__ import annotations

import pikepdf
import pytest
from helpers import shared_resources_pdf

from deck.model.profile import DEFAULT_PROFILE
from deck.model.sizes import MM
from deck.write.pdfx import finish

W, H = 105 * MM, 148 * MM
LAB = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1.0, 1.089])])


def shared_pdf(path, contents: list[bytes]):
    """Pages that all draw from one resources dictionary of graphics states and two Lab colour spaces."""
    return shared_resources_pdf(path, contents, {
        "/ExtGState": pikepdf.Dictionary(Half=pikepdf.Dictionary(ca=0.5), Whole=pikepdf.Dictionary(ca=1)),
        "/ColorSpace": pikepdf.Dictionary(Used=LAB, Unused=LAB)})


def test_transparency_and_lab_are_judged_per_page_of_shared_resources(tmp_path):
    path = shared_pdf(tmp_path / "shared.pdf", [
        b"/Whole gs 0 0 0 1 k 0 0 10 10 re f",
        b"/Half gs 0 0 0 1 k 0 0 10 10 re f /Whole gs",
        b"/Whole gs /Used cs 50 0 0 sc 0 0 10 10 re f",
    ])
    finish(path, DEFAULT_PROFILE)
    with pikepdf.open(path) as pdf:
        groups = ["/Group" in page.obj for page in pdf.pages]
        assert groups == [False, True, False]  # only the page that paints at 50 % opacity needs a blending space
        assert (pdf.pages[1].obj.Group.S, pdf.pages[1].obj.Group.CS) == (pikepdf.Name.Transparency, pikepdf.Name.DeviceCMYK)
        assert set(pdf.pages[0].Resources.ColorSpace.keys()) == {"/Used"}  # selected on page 3, so kept
        b = 3 * MM
        assert [float(v) for v in pdf.pages[2].obj.BleedBox] == pytest.approx([-b, -b, W + b, H + b], abs=1e-5)
