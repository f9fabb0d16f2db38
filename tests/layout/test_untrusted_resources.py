"""Resources of a document: a refused or missing file stops every kind of output, naming it; no secret reaches a PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from untrusted import CONTENT, assert_nowhere, make_outside, pdf_leaks

from deck.cli.main import main
from deck.errors import BuildError

ICC = CONTENT.parent / "deck" / "data" / "icc"


def org_with_templates(base: Path, templates: dict[str, str]) -> Path:
    org = base / "org"
    (org / "templates").mkdir(parents=True)
    (org / "organisation.yaml").write_text("name: Wijkteam Test\n", encoding="utf-8")
    for name, text in templates.items():
        (org / "templates" / name).write_text(text, encoding="utf-8")
    return org


def build(*args) -> object:
    return CliRunner().invoke(main, ["build", *[str(a) for a in args]])


# --- 1. --icc makes the profile readable, not its folder -------------------------------------------


def test_icc_profile_does_not_open_its_folder_to_templates(tmp_path: Path):
    outside = make_outside(tmp_path)
    icc = outside / "printshop.icc"
    shutil.copy(next(ICC.glob("*.ic*")), icc)  # a profile downloaded next to private files
    org = org_with_templates(tmp_path, {"cards.css.j2": '{% include "builtin/cards.css.j2" %}\n'
                                                       f'.foot {{ background: url("{(outside / "secret.png").as_uri()}"); }}\n'})
    out = tmp_path / "out"
    result = build("--content", CONTENT, "--org", org, "--icc", icc, "--deck", "vuistregels", "--no-workbook",
                   "--out", out, "-j", "1")
    assert result.exit_code == 1, result.output
    assert (f"wijkteam-test/nl/vuistregels: refused to load {(outside / 'secret.png').as_uri()}: it lies outside the "
            f"content, organisation and built-in folders") in result.stderr.splitlines()
    assert_nowhere(result.output, folders=(out,))


def test_the_icc_profile_itself_is_still_used(tmp_path: Path):
    import pikepdf

    outside = make_outside(tmp_path)
    icc = outside / "printshop.icc"
    shutil.copy(next(ICC.glob("*.ic*")), icc)
    out = tmp_path / "out"
    result = build("--content", CONTENT, "--icc", icc, "--deck", "vuistregels", "--no-workbook", "--out", out, "-j", "1")
    assert result.exit_code == 0, result.output
    with pikepdf.open(out / "nl" / "vuistregels.print.pdf") as pdf:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    assert profile == icc.read_bytes()


# --- 3. references WeasyPrint never loads are refused loudly too --------------------------------------


def hostile(outside: Path) -> dict[str, str]:
    png, css = (outside / "secret.png").as_uri(), (outside / "secret.css").as_uri()
    (outside / "shapes.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect id="r" width="5" height="5"/></svg>')
    shapes = (outside / "shapes.svg").as_uri()
    return {
        "svg use": f'<svg width="10" height="10"><use href="{shapes}#r"/></svg>',
        "svg xlink use": f'<svg width="10" height="10" xmlns:xlink="http://www.w3.org/1999/xlink">'
                         f'<use xlink:href="{shapes}#r"/></svg>',
        "svg image": f'<svg width="10" height="10"><image href="{png}" width="10" height="10"/></svg>',
        "svg style": f'<svg width="10" height="10"><style>@import url("{css}");</style><rect width="5" height="5"/></svg>',
        "srcset": f'<img srcset="data:image/gif;base64,R0lGODlhAQABAAAAACw= 1x, {png} 2x" alt="">',
        "poster": f'<video poster="{png}"></video>',
        "link attachment": f'<link rel="attachment" href="{(outside / "secret.txt").as_uri()}">',
        "a attachment": f'<a rel="attachment" href="{(outside / "secret.txt").as_uri()}">bijlage</a>',
    }


@pytest.mark.parametrize("case", ["svg use", "svg xlink use", "svg image", "svg style", "srcset", "poster",
                                  "link attachment", "a attachment"])
def test_references_weasyprint_ignores_are_refused_by_name(tmp_path: Path, case: str):
    from deck.layout.document import render_html

    outside = make_outside(tmp_path)
    root = tmp_path / "content"
    root.mkdir()
    html = f"<html><body><p>tekst</p>{hostile(outside)[case]}</body></html>"
    rendered = render_html(html, root, [root], "nl/lessen")
    with pytest.raises(BuildError) as caught:
        rendered.check_resources("nl/lessen")
    assert str(caught.value).startswith("nl/lessen: refused to load file://" + str(outside))
    out = tmp_path / "x.pdf"
    rendered.document.write_pdf(out)
    assert pdf_leaks(out) == []


def test_an_organisation_template_with_srcset_and_poster_stops_the_build(tmp_path: Path):
    outside = make_outside(tmp_path)
    snippets = hostile(outside)
    org = org_with_templates(tmp_path, {"cards.html.j2": '{% extends "builtin/cards.html.j2" %}{% block back %}'
                                                         f'{{{{ super() }}}}{snippets["srcset"]}{snippets["svg use"]}'
                                                         '{% endblock %}'})
    out = tmp_path / "out"
    result = build("--content", CONTENT, "--org", org, "--deck", "vuistregels", "--no-workbook", "--out", out, "-j", "1")
    assert result.exit_code == 1, result.output
    assert f"refused to load {(outside / 'secret.png').as_uri()}" in result.stderr
    assert f"refused to load {(outside / 'shapes.svg').as_uri()}#r" in result.stderr
    assert_nowhere(result.output, folders=(out,))


# --- 12/10: the workbook checks its resources like the cards --------------------------------------------


def test_a_refused_file_stops_the_workbook_with_its_name(tmp_path: Path):
    outside = make_outside(tmp_path)
    org = org_with_templates(tmp_path, {"workbook.css.j2": f'@import url("{(outside / "secret.css").as_uri()}");\n'
                                                           '{% include "builtin/workbook.css.j2" %}\n'
                                                           f'h1 {{ background: url("{(outside / "secret.png").as_uri()}"); }}\n'
                                                           'h2 { background: url("missing.png"); }\n'})
    out = tmp_path / "out"
    result = build("--content", CONTENT, "--org", org, "--workbook-only", "--out", out, "-j", "1")
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    for secret in ("secret.css", "secret.png"):
        assert (f"wijkteam-test/nl/workbook.pdf: refused to load {(outside / secret).as_uri()}: it lies outside "
                f"the content, organisation and built-in folders") in lines
    assert any(line.startswith("wijkteam-test/nl/workbook.pdf: could not load file://") and "missing.png: the file does not exist"
               in line for line in lines), lines
    assert not (out / "wijkteam-test" / "nl" / "workbook.pdf").exists()
    assert_nowhere(result.output, folders=(out,))


# --- 8. borders WeasyPrint cannot draw in print colours -------------------------------------------------


def test_an_inset_border_in_an_organisation_template_is_a_clear_error(tmp_path: Path):
    org = org_with_templates(tmp_path, {"cards.css.j2": '{% include "builtin/cards.css.j2" %}\n'
                                                        '.foot { border-top: 0.5mm inset; }\n'})
    out = tmp_path / "out"
    result = build("--content", CONTENT, "--org", org, "--deck", "vuistregels", "--no-workbook", "--out", out, "-j", "1")
    assert result.exit_code == 1
    assert "wijkteam-test/nl/vuistregels: an inset, outset, groove or ridge border cannot be drawn in print colours; " \
           "use solid, dashed or dotted borders" in result.stderr
    assert "NotImplementedError" not in result.output and "internal error" not in result.output
    assert (out / "wijkteam-test" / "nl" / "vuistregels.sheets.pdf").exists()  # screen colours draw it


def test_iframes_and_fieldsets_in_a_template_print(tmp_path: Path):
    """Their built-in inset and groove borders crashed print builds; the ink stylesheet makes them solid."""
    org = org_with_templates(tmp_path, {"cards.html.j2": '{% extends "builtin/cards.html.j2" %}{% block back %}'
                                                         '{{ super() }}<div style="position: absolute; left: 40mm; '
                                                         'top: 60mm"><iframe style="width: 6mm; height: 6mm"></iframe>'
                                                         '<fieldset style="width: 6mm; height: 6mm"></fieldset></div>'
                                                         '{% endblock %}'})
    out = tmp_path / "out"
    result = build("--content", CONTENT, "--org", org, "--deck", "vuistregels", "--no-workbook", "--out", out, "-j", "1")
    assert result.exit_code == 0, result.output


# --- 13. the nesting limit holds inside SVG -----------------------------------------------------------


def test_nesting_inside_svg_counts(tmp_path: Path):
    """HTML nests <source> (and every other element) inside <svg>: 40,000 of them are 40,000 levels."""
    from deck.layout.document import render_html

    html = "<html><body><svg>" + "<source>" * 40_000 + "</svg></body></html>"
    with pytest.raises(BuildError, match="nl/x: elements are nested more than 100 levels deep"):
        render_html(html, tmp_path, [tmp_path], "nl/x")


def test_void_elements_outside_svg_still_do_not_nest():
    from deck.limits import check_html

    check_html("<p>" + "<source><img src=x><br>" * 3000 + "</p><svg><rect/><circle></circle></svg>" * 50, "doc")
