"""The office files are drawn from the print layout in the deck's screen colours: one layout per deck."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import CONTENT, org_with_templates, page_texts, read_yaml

COLOUR_OPS = {"rg", "RG", "k", "K", "g", "G", "cs", "CS", "sc", "SC", "scn", "SCN"}


def colours(path: Path) -> set[tuple]:
    """Every colour operator painted anywhere in the PDF (pages and the form XObjects they draw)."""
    found: set[tuple] = set()
    seen: set[tuple] = set()

    def walk(holder) -> None:
        for xobject in holder.get("/Resources", {}).get("/XObject", {}).values():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            scan(xobject)
            walk(xobject)

    def scan(stream) -> None:
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in COLOUR_OPS:
                found.add((op, tuple(str(x) if isinstance(x, pikepdf.Name) else round(float(x), 4) for x in operands)))

    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            scan(page)
            walk(page.obj)
    return found


def rgb_of(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 4) for i in (1, 3, 5))


def test_office_sheets_paint_the_decks_rgb_colours_and_the_print_file_its_cmyk(built):
    deck = read_yaml(CONTENT / "decks" / "interviewvragen.yaml")
    sheets, printed = colours(built / "interviewvragen.sheets.pdf"), colours(built / "interviewvragen.print.pdf")
    assert ("rg", rgb_of(deck["colour"]["rgb"])) in sheets  # the band, in the colour the deck declares for screens
    assert ("rg", (1.0, 1.0, 1.0)) in sheets  # white text on the band
    assert not [c for c in sheets if c[0] in {"k", "K"} or "/DeviceCMYK" in c[1]]
    cmyk = tuple(round(v / 100, 4) for v in deck["colour"]["cmyk"])
    assert ("scn", cmyk) in printed and ("cs", ("/DeviceCMYK",)) in printed
    assert not [c for c in printed if c[0] in {"rg", "RG"}]
    with pikepdf.open(built / "interviewvragen.sheets.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root  # an RGB file for office printers, not a PDF/X


def test_the_sheets_show_the_print_files_faces(built):
    # The same layout: every front and back reads the same in both files (sheets put two cards on a side).
    printed = page_texts(built / "vuistregels.print.pdf")
    sheets = " ".join(page_texts(built / "vuistregels.sheets.pdf"))
    for face in printed:
        assert " ".join(face.split()[:12]) in sheets


def test_a_deck_is_laid_out_once_for_its_print_duplex_and_fold_files(content_copy, tmp_path, monkeypatch):
    import deck.layout.fit
    from deck.build.pipeline import build
    from deck.build.plan import Options

    calls = []
    real = deck.layout.fit.fit_cards
    monkeypatch.setattr(deck.layout.fit, "fit_cards", lambda job, mode: calls.append((job.deck.id, mode)) or real(job, mode))
    results = build(Options(content=content_copy, out=tmp_path, decks=("vuistregels",), workbook=False, fold=True, jobs=1))
    assert sorted(r.target.path.name for r in results) == ["vuistregels.fold.pdf", "vuistregels.print.pdf",
                                                           "vuistregels.sheets.pdf"]
    assert calls == [("vuistregels", "print")]


def test_colours_the_deck_does_not_declare_go_through_the_output_profile():
    from tinycss2.color5 import parse_color

    from deck.model.profile import DEFAULT_PROFILE
    from deck.write.inks import InkTable

    table = InkTable([("device-cmyk(0 0 0 1)", "#1a1a1a"), ("device-cmyk(0 0 0 1)", "#5f5f5f"),
                      ("device-cmyk(0.85 0.45 0.2 0.15)", "#1d5c7a")], DEFAULT_PROFILE.icc)
    assert tuple(table.rgb(parse_color("device-cmyk(0 0 0 1)")).coordinates) == pytest.approx(rgb_of("#1a1a1a"), abs=1e-3)
    assert tuple(table.rgb(parse_color("device-cmyk(0.85 0.45 0.2 0.15)")).coordinates) == \
        pytest.approx(rgb_of("#1d5c7a"), abs=1e-3)
    cyan = table.rgb(parse_color("device-cmyk(1 0 0 0 / 0.5)"))  # an organisation's own colour, say
    r, g, b = cyan.coordinates
    assert cyan.space == "srgb" and cyan.alpha == 0.5
    assert r < 0.2 and g > 0.5 and b > 0.8  # process cyan as the SWOP profile prints it
    paper = table.rgb(parse_color("device-cmyk(0 0 0 0)")).coordinates
    assert min(paper) > 0.95


def test_an_organisation_template_that_differs_by_mode_gets_its_own_screen_layout(tmp_path):
    from deck.build.pipeline import build
    from deck.build.plan import Options

    org = org_with_templates(tmp_path, {"cards.html.j2": (
        '{% extends "builtin/cards.html.j2" %}\n'
        '{% block back %}<section class="card back"><div class="back-inner"><p>{{ "DRUKWERK" if mode == "print" '
        'else "KANTOOR" }}</p></div></section>{% endblock %}\n')})
    build(Options(content=CONTENT, out=tmp_path / "out", org=org, decks=("vuistregels",), workbook=False, jobs=1))
    folder = next((tmp_path / "out").rglob("vuistregels.print.pdf")).parent
    assert "DRUKWERK" in page_texts(folder / "vuistregels.print.pdf")[1]
    sheets = " ".join(page_texts(folder / "vuistregels.sheets.pdf"))
    assert "KANTOOR" in sheets and "DRUKWERK" not in sheets
