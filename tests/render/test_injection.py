"""Text from a translator, a language file or a profile never becomes markup: escaped for where it lands."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from helpers import outline
from untrusted import CONTENT, MARKER, assert_nowhere

from deck.cli.main import main

EVIL = "https://evil.example/"
PAYLOAD = f"</style><h1>{MARKER}</h1><a href='{EVIL}'>klik</a><style>"


class Elements(HTMLParser):
    """Every element of a document, the text inside <style> elements and the text outside them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.text = ""
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"
        if self.in_style:
            self.styles.append("")

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles[-1] += data
        else:
            self.text += data


def elements(html: str) -> Elements:
    found = Elements()
    found.feed(html)
    found.close()
    return found


def assert_inert(html: str) -> None:
    """The payload added nothing to the document: no text outside the stylesheet, no link to the evil address."""
    found = elements(html)
    assert not [attrs for tag, attrs in found.tags if tag == "a" and attrs.get("href") == EVIL]
    assert MARKER not in found.text  # the <h1> would have put it there


# --- 4. a messages.po string used in CSS ------------------------------------------------------------


def hostile_page_label(content: Path) -> None:
    po = content / "locales" / "en" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "page %(page)s of %(pages)s"', f'msgstr "page %(page)s {PAYLOAD} of %(pages)s"'),
                  encoding="utf-8")


def test_translated_css_string_cannot_leave_the_style_element(content_copy: Path):
    from deck.merge import translated_book
    from deck.render.environment import render_template
    from deck.render.workbook import BOOK_LAYOUTS, book_environment, workbook_context

    hostile_page_label(content_copy)
    from deck.load.content import load_content

    content = load_content(content_copy)
    book = translated_book(content, "en")
    html = render_template(book_environment(book), "workbook.html.j2", workbook_context(book, BOOK_LAYOUTS["a4"]),
                           "the workbook")
    assert_inert(html)
    found = elements(html)
    # The translation is still there, whole, as the text of a CSS string inside the one stylesheet.
    assert any("\\00003c/style\\00003e\\00003ch1\\00003e" + MARKER in style for style in found.styles)


def test_translated_css_string_adds_no_heading_or_link_to_the_workbook(content_copy: Path, tmp_path: Path):
    hostile_page_label(content_copy)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(content_copy), "--lang", "en", "--workbook-only",
                                       "--out", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    pdf = out / "en" / "workbook.pdf"
    assert not [title for _, title, _ in outline(pdf) if MARKER in title]  # no added <h1> in the bookmarks
    with pikepdf.open(pdf) as doc:
        uris = [str(a.A.get("/URI", "")) for page in doc.pages for a in page.obj.get("/Annots", []) if "/A" in a]
    assert EVIL not in uris
    result = CliRunner().invoke(main, ["i18n", "check", "--content", str(content_copy)])
    assert result.exit_code == 0, result.output  # escaped, the translation is safe as it is


# --- 5. font family names from language.yaml and organisation.yaml ----------------------------------


def test_a_font_family_that_is_no_plain_name_is_refused_by_i18n_check_and_build(content_copy: Path, tmp_path: Path):
    language = content_copy / "locales" / "en" / "language.yaml"
    data = yaml.safe_load(language.read_text(encoding="utf-8"))
    data["fonts"][0]["family"] = f'Inter"; }} {PAYLOAD} p {{ x: "'
    language.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = next(i for i, text in enumerate(language.read_text(encoding="utf-8").splitlines(), 1) if "family:" in text)
    out = tmp_path / "out"
    for args in (["i18n", "check"], ["build", "--lang", "en", "--deck", "vuistregels", "--no-workbook", "--out", str(out)]):
        result = CliRunner().invoke(main, [*args, "--content", str(content_copy)])
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[0].startswith(f"{language}:{line}: fonts[0].family: 'Inter\"; }} </style>")
        assert "a font family name is letters, digits, spaces and hyphens" in result.stderr
    assert_nowhere(folders=(out,))


def test_an_organisation_font_family_that_is_no_plain_name_is_refused(tmp_path: Path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text(
        f"name: Wijkteam Test\nfonts:\n  - family: \"x</style><h1>{MARKER}</h1>\"\n    file: huis.ttf\n"
        f"    licence: OFL.txt\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", str(org)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{org / 'organisation.yaml'}:3: fonts[0].family: 'x</style>")


@pytest.mark.parametrize("family", ['A"; } </style><h1>x</h1><style> p { x: "', "A\\\"</STYLE >", "A'\n</style>"])
def test_font_names_stay_css_strings_inside_the_style_element(family: str):
    """Had a hostile name slipped past the schema, the stylesheet would still hold it as one string."""
    from deck.model.language import Language
    from deck.render.environment import environment, render_template
    from deck.render.fonts import font_faces, font_stack

    language = Language("en", "English", families=[(family, [(Path("/f.otf"), 400, "normal")])], quotes="«»‹›")
    own = [(family, Path("/own.otf"), 400, "normal")]  # an organisation's face
    env = environment()
    fonts_css = render_template(env, "fonts.css.j2", {"fonts": font_faces(language, own)}, "fonts")
    css = f"{fonts_css} body {{ font-family: {font_stack(language, own)}; quotes: {language.quotes_css}; }}"
    found = elements(f"<html><head><style>{css}</style></head><body><p>x</p></body></html>")
    assert [tag for tag, _ in found.tags] == ["html", "head", "style", "body", "p"]
    assert found.styles == [css]  # the whole stylesheet is the style element's text: nothing ended it early
