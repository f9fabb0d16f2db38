"""The workbook is PDF/UA-1: checked by a validator we did not write (page-validation), and by reading
the structure tree back: links, artifacts, languages, lists, headings, tables, hyphens."""

from __future__ import annotations

import re
from pathlib import Path

import page
import pikepdf
import pytest
from helpers import pdfium_marked_texts
from pypdf import PdfReader

from deck.load.content import load_content
from deck.render.markup import plain

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
EDITIONS = ("nl", "en", "org")
HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
TABLE_PARTS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}


@pytest.fixture(scope="module")
def workbooks(built, english, example) -> dict[str, Path]:
    """The three editions of the session's builds: Dutch, English, and the example organisation's (Dutch)."""
    return {"nl": built / "workbook.pdf", "en": english[0] / "workbook.pdf",
            "org": example / "wijkteam-lindendal" / "nl" / "workbook.pdf"}


# --- reading the structure tree back ------------------------------------------------------------


def kids(obj) -> list:
    k = obj.get("/K")
    return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]


def is_element(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj and obj.get("/Type") not in ("/MCR", "/OBJR")


def elements(pdf: pikepdf.Pdf):
    """(element, ancestors) for every structure element reachable from the root, in tree order."""
    def walk(obj, ancestors):
        yield obj, ancestors
        for kid in kids(obj):
            if is_element(kid):
                yield from walk(kid, ancestors + [obj])

    for top in kids(pdf.Root.StructTreeRoot):
        yield from walk(top, [])


def marked(obj, page_of) -> list[tuple]:
    """(page objgen, MCID) of the marked content an element holds itself, in order."""
    found = []
    for kid in kids(obj):
        if isinstance(kid, int):
            found.append((obj.Pg.objgen, kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.append((kid.get("/Pg", obj.get("/Pg")).objgen, int(kid.MCID)))
    return found


def all_marked(obj) -> list[tuple]:
    """Marked content anywhere below an element, in tree order."""
    out = marked(obj, None)
    for kid in kids(obj):
        if is_element(kid):
            out += all_marked(kid)
    return out


def mcid_texts(path: Path) -> dict[tuple, str]:
    """{(page objgen, MCID): text} as PDFium reads each marked-content sequence."""
    return {key: text for key, (text, _) in pdfium_marked_texts(path).items()}


def content_mcids(pdf: pikepdf.Pdf) -> dict[tuple, int]:
    """{(page objgen, MCID): 1} for every marked-content sequence with an MCID in the page content."""
    found = {}
    for pg in pdf.pages:
        for operands, op in pikepdf.parse_content_stream(pg, "BDC"):
            if isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                found[(pg.objgen, int(operands[1].MCID))] = 1
    return found


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


# --- the validator --------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_edition_passes_a_pdfua_validator(workbooks, edition):
    report = page.validate_pdf(str(workbooks[edition]), profile="ua1")
    failed = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.rules.total >= 100  # the PDF/UA-1 rule set ran, not an empty profile
    assert failed == [] and report.rules.failed == 0 and report.is_compliant
    assert report.checks.failed == 0


# --- links ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_link_annotation_belongs_to_a_link_element(workbooks, edition):
    with pikepdf.open(workbooks[edition]) as pdf:
        tree = parent_tree(pdf)
        reachable = {e.objgen for e, _ in elements(pdf)}
        count = 0
        for number, pg in enumerate(pdf.pages, 1):
            for annot in pg.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                count += 1
                x1, y1, x2, y2 = (float(v) for v in annot.Rect)
                assert abs((x2 - x1) * (y2 - y1)) > 1, f"page {number}: a link of no area"
                owner = tree[int(annot.StructParent)]
                assert owner.S == "/Link" and owner.objgen in reachable, f"page {number}: link owned by {owner.S}"
                assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" and k.Obj.objgen == annot.objgen
                           for k in kids(owner)), f"page {number}: the Link element does not point back to its annotation"
                assert str(annot.get("/Contents", "")).strip(), f"page {number}: a link without /Contents"
                assert int(annot.get("/F", 0)) & 4, f"page {number}: a link that does not print"
        assert count > 50  # the table of contents, page references, the recordings


@pytest.mark.parametrize("edition", ["nl", "en"])
def test_qr_codes_are_links_to_their_recording(workbooks, edition):
    with pikepdf.open(workbooks[edition]) as pdf:
        codes = [(e, anc) for e, anc in elements(pdf) if e.S == "/Figure" and "https://" in str(e.get("/Alt", ""))]
        assert len(codes) == 2
        for figure, ancestors in codes:
            link = ancestors[-1]
            assert link.S == "/Link"
            uris = {str(k.Obj.A.URI) for k in kids(link) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"}
            assert uris and all(str(figure.Alt).endswith(uri) for uri in uris)
            # The annotation covers the code (32 mm square at A4), not a zero-width sliver beside it.
            annot = next(k.Obj for k in kids(link) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")
            x1, y1, x2, y2 = (float(v) for v in annot.Rect)
            assert abs(x2 - x1) > 80 and abs(y2 - y1) > 80


# --- artifacts, lists, headings, tables, empty elements ---------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_running_heads_and_page_numbers_are_artifacts(workbooks, edition):
    """All marked content belongs to the tree; what is not in it (margin boxes) is an artifact."""
    texts = mcid_texts(workbooks[edition])
    with pikepdf.open(workbooks[edition]) as pdf:
        in_tree = {key for e, _ in elements(pdf) for key in marked(e, None)}
        in_content = set(content_mcids(pdf))
        assert in_content == in_tree
        second = pdf.pages[1].objgen
        pages = len(pdf.pages)
    footer = f"pagina 2 van {pages}" if edition != "en" else f"page 2 of {pages}"
    assert footer in texts[(second, -1)]  # drawn outside any MCID: an artifact
    assert not any(footer in text for (pg, mcid), text in texts.items() if pg == second and mcid >= 0)


@pytest.mark.parametrize("edition", EDITIONS)
def test_structure_elements_nest_as_pdfua_asks(workbooks, edition):
    with pikepdf.open(workbooks[edition]) as pdf:
        for element, ancestors in elements(pdf):
            s = str(element.S)
            path = "/".join(str(a.S)[1:] for a in ancestors + [element])
            if s == "/LI":
                assert all(str(k.S) in ("/Lbl", "/LBody") for k in kids(element) if is_element(k)), path
            if s in HEADINGS:
                assert not any(str(a.S) in HEADINGS for a in ancestors), path
            if s == "/P":
                assert str(ancestors[-1].S) != "/P", path
            if s == "/TH":
                assert element.A.Scope in ("/Row", "/Column"), path
            if s not in TABLE_PARTS and "/Alt" not in element:
                assert all_marked(element) or any(
                    isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" for k in kids(element)), f"empty {path}"


# --- languages ---------------------------------------------------------------------------------------


def test_dutch_titles_in_the_english_edition_carry_lang_nl(workbooks):
    texts = mcid_texts(workbooks["en"])
    with pikepdf.open(workbooks["en"]) as pdf:
        assert str(pdf.Root.Lang) == "en"
        dutch = [e for e, _ in elements(pdf) if "/Lang" in e]
        assert {str(e.Lang) for e in dutch} == {"nl"}
        pieces = [texts.get(key, "") for e in dutch for key in all_marked(e)]
    # A piece ending in a soft hyphen (PDFium reports the one at a line end as U+0002) continues the word.
    said = re.sub(r"\s+", " ", re.sub("[\u00ad\x02]\n", "", "\n".join(pieces)))
    content = load_content(CONTENT)
    names = {plain(s.title) for s in content.workbook.sources} | {plain(s.publisher) for s in content.workbook.sources if s.publisher}
    # Emphasis inside a title (een *bodem*onderzoek) is a piece of its own: compare without spaces.
    joined = said.replace(" ", "")
    for name in names:
        assert name.replace(" ", "") in joined, f"{name!r} is not marked as Dutch"


def test_the_dutch_edition_needs_no_lang_on_elements(workbooks):
    with pikepdf.open(workbooks["nl"]) as pdf:
        assert str(pdf.Root.Lang) == "nl"
        assert [str(e.Lang) for e, _ in elements(pdf) if "/Lang" in e] == []


# --- hyphenation -------------------------------------------------------------------------------------


def corpus() -> str:
    """Every text the workbook is made from: content, translations, templates."""
    files = [*CONTENT.rglob("*.yaml"), *CONTENT.rglob("*.po"), *(ROOT / "templates").glob("*.j2"),
             *(ROOT / "deck" / "data").rglob("*.po")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files).lower()


def body_text(text: str) -> str:
    """A page's text without the running head and page number pypdf reads last (a word broken at the
    foot of a page goes on at the top of the next)."""
    lines = text.split("\n")
    while lines and (re.fullmatch(r"(pagina|page) \d+ (van|of) \d+", lines[-1]) or lines[-1] == lines[-1].upper()):
        lines.pop()
    return "\n".join(lines)


@pytest.mark.parametrize("edition", EDITIONS)
def test_hyphenated_words_extract_whole(workbooks, edition):
    """Layout hyphens are soft hyphens (U+00AD): a reader joins the word; no hard U+2010 is left."""
    text = "\n".join(body_text(p.extract_text()) for p in PdfReader(workbooks[edition]).pages)
    assert "\u2010" not in text
    breaks = re.findall(r"(\w+)\u00ad(\s*)(\w+)", text)
    assert len(breaks) > 20  # the editions hyphenate dozens of words
    known = corpus()
    for head, gap, tail in breaks:
        assert gap == "\n", f"{head}\u00ad{tail}: a soft hyphen inside a line"
        assert (head + tail).lower() in known, f"{head}+{tail} does not join into a word of the text"


def test_a_hyphen_typed_in_the_text_is_not_a_soft_hyphen(tmp_path):
    """Only the hyphen layout adds becomes U+00AD; a U+2010 typed mid-line stays a hyphen."""
    from weasyprint import HTML

    from deck.write.pdfua import carry_html_attributes, finish_pdfua

    inter = ROOT / "fonts" / "inter" / "Inter-Regular.otf"
    html = (f"<html lang='nl'><head><title>t</title><style>@font-face {{ font-family: I; src: url({inter.as_uri()}) }}"
            "p { font-family: I; font-size: 9pt; width: 30mm; hyphens: auto }</style></head><body>"
            "<p>Noord\u2010Holland.</p><p>Wijkteamprofessionals ontmoeten elkaar.</p></body></html>")
    target = tmp_path / "t.pdf"
    with carry_html_attributes():
        HTML(string=html).write_pdf(target, pdf_variant="pdf/ua-1")
    finish_pdfua(target)
    text = PdfReader(target).pages[0].extract_text()
    assert "Noord\u2010Holland" in text
    # The typed U+2010 and the layout hyphen share a glyph, which then cannot be told apart: it stays U+2010.
    assert "\u00ad" not in text and re.search("\\w\u2010\n\\w", text)
    assert page.validate_pdf(str(target), profile="ua1").is_compliant


def test_workbook_has_a_trailer_id(workbooks):
    with pikepdf.open(workbooks["nl"]) as pdf:
        ids = pdf.trailer.ID
        assert len(ids) == 2 and len(bytes(ids[0])) == 16
