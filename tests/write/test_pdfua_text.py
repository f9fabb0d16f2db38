"""What the PDF/UA completion reads back from the page content, checked against a PDF reader we did not
write (PDFium), and the link descriptions it makes of it, on a small tagged document written by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

import page
import pikepdf
import pytest
from helpers import pdfium_marked_texts

from deck.write.pdfua import carry_html_attributes, finish_pdfua
from deck.write.pdfua_content import Mcid, _marked_texts, _parse

ROOT = Path(__file__).resolve().parents[2]
INTER = ROOT / "fonts" / "inter" / "Inter-Regular.otf"
ARABIC = ROOT / "fonts" / "noto-sans-arabic" / "NotoSansArabic-Regular.ttf"
URL = "https://example.org/een/heel/lang/adres/dat/niet/op/een/regel/past"

HTML = f"""<html lang="nl"><head><title>t</title><style>
@font-face {{ font-family: I; src: url({INTER.as_uri()}) }}
@page {{ size: A5; margin: 15mm; @bottom-center {{ content: "pagina " counter(page); font-family: I }} }}
body {{ font-family: I; font-size: 10pt }}
.toc a {{ display: block }}
.toc a::after {{ content: leader(". ") target-counter(attr(href url), page) }}
.narrow {{ width: 32mm; hyphens: auto }}
.turned {{ display: inline-block; transform: rotate(-90deg) }}
h1 {{ break-before: page }}
</style></head><body>
<nav class="toc"><a href="#over">Waar gaat het over?</a><a href="#programma">Het programma van de teamdag</a></nav>
<p class="narrow">Zie <a href="#over">wijkteamprofessionals ontmoeten elkaar</a> verderop.</p>
<p class="narrow"><a href="{URL}">{"/<wbr>".join(URL.split("/"))}</a></p>
<p><a href="#programma"><span class="turned">gedraaid</span></a></p>
<h1 id="over">Waar gaat het over?</h1><p>Tekst.</p>
<h1 id="programma">Het programma van de teamdag</h1><p>Tekst.</p>
</body></html>"""


RTL = f"""<html lang="ar" dir="rtl"><head><title>t</title><style>
@font-face {{ font-family: A; src: url({ARABIC.as_uri()}) }}
body {{ font-family: A; font-size: 11pt }}
.toc a {{ display: block }}
.toc a::after {{ content: leader(". ") target-counter(attr(href url), page) }}
h1 {{ break-before: page }}
</style></head><body>
<nav class="toc"><a href="#a">ما الموضوع؟</a><a href="#b">برنامج يوم الفريق</a></nav>
<h1 id="a">ما الموضوع؟</h1><p>نص.</p>
<h1 id="b">برنامج يوم الفريق</h1><p>نص.</p>
</body></html>"""


def write(html: str, target: Path) -> Path:
    """The document as WeasyPrint writes it, tagged, before the PDF/UA completion."""
    from weasyprint import HTML as Document

    with carry_html_attributes():
        Document(string=html).write_pdf(target, pdf_variant="pdf/ua-1")
    return target


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    return write(HTML, tmp_path_factory.mktemp("pdfua-text") / "written.pdf")


@pytest.fixture(scope="module")
def finished(written, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("pdfua-text") / "finished.pdf"
    target.write_bytes(written.read_bytes())
    finish_pdfua(target)
    return target


def pdfium_texts(path: Path) -> dict[Mcid, tuple[str, float]]:
    """{Mcid: (text, line)} as PDFium reads each marked-content sequence (those inside one)."""
    return {Mcid(*key): value for key, value in pdfium_marked_texts(path).items() if key[1] >= 0}


def test_marked_text_reads_as_pdfium_reads_it(written):
    """Every marked-content sequence's text and line, decoded from the content stream through the fonts'
    ToUnicode, is what PDFium reads; except where PDFium adds what is not drawn: the space it infers
    from the gap after a piece, and U+0002 for a hyphen that ends a line."""
    expected = pdfium_texts(written)
    with pikepdf.open(written) as pdf:
        texts = _marked_texts(pdf, _parse(pdf), set(expected) | {Mcid(pdf.pages[0].objgen, 10_000)})
    assert len(expected) > 50  # every leader dot is a sequence of its own
    assert set(texts) == set(expected)
    for key, (text, line) in expected.items():
        read = texts[key].text
        assert text.replace("\x02", "-") in (read, read + " ") and texts[key].line == line, key
    turned = [m for m in texts.values() if m.text == "gedraaid"]
    assert len(turned) == 1  # the rotated word: its line comes through the rotation


def test_only_the_sequences_asked_for_are_read(written):
    with pikepdf.open(written) as pdf:
        first = pdf.pages[0].objgen
        texts = _marked_texts(pdf, _parse(pdf), {Mcid(first, 0), Mcid(first, 1)})
    assert set(texts) <= {Mcid(first, 0), Mcid(first, 1)} and texts


def link_descriptions(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(a.Contents) for p in pdf.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Link"]


def test_links_say_what_they_show(finished):
    """A contents entry reads as its title and page number (no leader dots), a link broken with a layout
    hyphen as whole words, a web address broken over lines as one address, a rotated word as itself."""
    said = list(dict.fromkeys(link_descriptions(finished)))  # a link may have several annotations
    assert said[:2] == ["Waar gaat het over? 2", "Het programma van de teamdag 3"]
    assert "wijkteamprofessionals ontmoeten elkaar" in said
    assert URL in said
    assert "gedraaid" in said
    assert all(text == " ".join(text.split()) and "\x02" not in text for text in said)
    assert page.validate_pdf(str(finished), profile="ua1").is_compliant


def test_right_to_left_links_say_what_they_show_in_reading_order(tmp_path):
    """Arabic glyphs are drawn right to left; the link descriptions read from right to left as written."""
    target = write(RTL, tmp_path / "rtl.pdf")
    finish_pdfua(target)
    said = list(dict.fromkeys(link_descriptions(target)))
    assert said == ["ما الموضوع؟ 2", "برنامج يوم الفريق 3"]


def test_finishing_the_same_document_gives_the_same_file(written, finished, tmp_path):
    """The completion is deterministic: the same written document gives the same bytes."""
    again = tmp_path / "again.pdf"
    again.write_bytes(written.read_bytes())
    finish_pdfua(again)
    assert again.read_bytes() == finished.read_bytes()
