"""The workbook chapter on the other card sets, as printed: its quotations, its decks, its references."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdf
import yaml
from conftest import CONTENT
from helpers import norm, page_texts, pdf_text, plain

from deck.load.content import load_content

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "quotations.yaml"


def test_every_golden_quotation_of_the_chapter_is_in_the_workbook(built):
    text = pdf_text(built / "workbook.pdf")
    golden = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["workbook"]
    missing = [e["text"] for e in golden if plain(e["text"]) not in text]
    assert not missing


def test_each_section_names_its_decks_with_their_card_counts(built):
    content = load_content(CONTENT)
    texts = page_texts(built / "workbook.pdf")
    start = next(i for i, t in enumerate(texts) if t.startswith("Verder in gesprek met de andere kaartensets"))
    chapter = norm(" ".join(texts[start:start + 4]))
    for section in content.workbook.sets.sections:
        decks = "; ".join(f"de kaartenset {content.decks[d].title} ({len(content.decks[d].cards)} kaarten)"
                          for d in section.decks)
        assert f"{section.title} Nodig: {decks} WAT DE BRON ZEGT" in chapter
    assert "Nodig: de kaartenset Zeven kwesties (8 kaarten)" in chapter
    assert "Nodig: de kaartenset Samenwerken met informele netwerken (5 kaarten); " \
           "de kaartenset Participatiespectrum (8 kaarten)" in chapter
    assert chapter.count("VOORSTEL VAN DE SAMENSTELLERS") == len(content.workbook.sets.sections)


def test_every_reference_mark_links_to_the_page_of_its_reference(built):
    path = built / "workbook.pdf"
    content = load_content(CONTENT)
    references = content.workbook.sets.references
    reader = pypdf.PdfReader(str(path))
    texts = page_texts(path)
    targets = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    marks = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                dest = str(annot.get("/Dest", ""))
                if dest.startswith("sets-ref-"):
                    marks.append((number, str(annot.get("/Contents")), dest))
    cited = [int(n) for _, contents, _ in marks for n in re.findall(r"\[(\d+)\]", contents)]
    assert sorted(set(cited)) == list(range(1, len(references) + 1))  # every reference cited, each mark a link
    for number, contents, dest in marks:
        n = int(dest.removeprefix("sets-ref-"))
        assert contents == f"[{n}]"
        page = targets[dest]
        assert page >= number, f"{contents} on page {number + 1} points back to page {page + 1}"
        # A reference may run on to the next page; it starts on the page its mark points to.
        assert plain(references[n - 1]) in norm(" ".join(texts[page:page + 2])), f"reference {n} is not on page {page + 1}"
        assert plain(references[n - 1])[:40] in norm(texts[page])
