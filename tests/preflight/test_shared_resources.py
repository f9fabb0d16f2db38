"""Preflight judges each page by what it paints, also when all pages share one resources dictionary (as WeasyPrint writes them)."""

from __future__ import annotations

import pikepdf
from helpers import shared_resources_pdf

from deck.model.sizes import MM
from deck.preflight.check import preflight


def shared_pdf(path, contents: list[bytes]):
    """A PDF/X file whose pages all draw from one resources dictionary of three graphics states."""
    return shared_resources_pdf(path, contents, {"/ExtGState": pikepdf.Dictionary(
        Half=pikepdf.Dictionary(ca=0.5), Thin=pikepdf.Dictionary(LW=0.1), Whole=pikepdf.Dictionary(ca=1))}, bleed=3 * MM)


def test_graphics_states_of_shared_resources_are_told_apart_by_name(tmp_path):
    path = shared_pdf(tmp_path / "shared.pdf", [
        b"/Whole gs 0 0 0 1 k 0 0 10 10 re f",
        b"/Half gs 0 0 0 1 k 0 0 10 10 re f",
        b"/Whole gs 0 0 0 1 K 20 20 m 200 20 l S /Thin gs 20 40 m 200 40 l S",
        b"/Whole gs 0 0 0 1 k 0 0 10 10 re f",
    ])
    assert preflight(path, "card.pdf") == [
        "card.pdf: page 2: transparency (opacity 50 %) without a blending colour space: "
        "the page needs /Group << /S /Transparency /CS /DeviceCMYK >>",
        "card.pdf: page 3: hairline 0.10 pt (under 0.25 pt) in content stream"]
