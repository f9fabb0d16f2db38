"""A page repeated in a PDF (several page objects sharing one content stream) is judged once, reported on each page."""

from __future__ import annotations

import pikepdf

from deck.model.sizes import MM
from deck.preflight.check import preflight

W, H = 105 * MM, 148 * MM


def pdf_with(path, pages: list[int], shared: bool):
    """Pages drawn from two contents: 0 has text 1 mm from the trim and no BleedBox, 1 is clean; ``pages`` picks them.

    ``shared``: a repeated page shares the first one's content stream and resources (as deck writes a deck's
    shared back); otherwise every page has its own copy of the same bytes.
    """
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    contents = [f"0 0 0 1 k BT /F1 9 Tf {1 * MM:.2f} 100 Td (Dicht) Tj ET".encode(),
                f"0 0 0 1 k BT /F1 9 Tf {20 * MM:.2f} 100 Td (Ruim) Tj ET".encode()]
    made: dict[int, tuple] = {}
    for i in pages:
        if shared and i in made:
            stream, resources = made[i]
        else:
            stream = pdf.make_stream(contents[i])
            resources = pdf.make_indirect(pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))
            made[i] = stream, resources
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[-3 * MM, -3 * MM, W + 3 * MM, H + 3 * MM],
                                  TrimBox=[0, 0, W, H], Resources=resources, Contents=stream)
        if i == 1:
            page.BleedBox = [-3 * MM, -3 * MM, W + 3 * MM, H + 3 * MM]
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def test_a_repeated_page_gets_the_findings_of_its_first_use_on_every_page(tmp_path):
    order = [0, 1, 0, 1, 1, 0]
    shared = preflight(pdf_with(tmp_path / "shared.pdf", order, shared=True), "x.pdf")
    separate = preflight(pdf_with(tmp_path / "separate.pdf", order, shared=False), "x.pdf")
    assert shared == separate
    assert "x.pdf: pages 1, 3, 6: no BleedBox" in shared
    # The glyph is set 1 mm from the trim; its box starts at its left side bearing.
    assert any(line.startswith("x.pdf: pages 1, 3, 6: text 1.3 mm from the trim edge") for line in shared)
    assert "x.pdf: pages 1-6: font Helvetica is not embedded" in shared  # both contents, every page
