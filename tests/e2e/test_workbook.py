"""The facilitator workbook: contents from the decks, navigation, tagging, QR codes, schema errors."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import segno
import yaml
from helpers import CONTENT, fonts, heading_runs, line_of, norm, outline, toc_entries
from helpers import pdfium_texts as page_texts

from deck.build.make import build_workbook
from deck.build.plan import Options, Target
from deck.errors import BuildError, ContentError
from deck.layout.workbook import render_workbook
from deck.load.content import load_content
from deck.model.sizes import MM
from deck.render.markup import plain
from deck.render.workbook import QR_SCALE

# ---------------------------------------------------------------------------
# Reading the PDF back


@pytest.fixture(scope="module")
def workbook(built) -> Path:
    return built / "workbook.pdf"


# ---------------------------------------------------------------------------
# Contents come from the decks


def test_every_question_rule_and_lesson_appears(workbook, content):
    text = norm(" ".join(page_texts(workbook)))
    squeezed = re.sub(r"[\s\-]", "", text)
    wb = content.workbook
    expected = []
    for card in content.decks[wb.interview.deck].cards:
        expected += [card.title, card.section, card.text]
    for card in content.decks[wb.rules.deck].cards:
        expected += [card.title, *card.items]
    for card in content.decks[wb.lessons.deck].cards:
        expected.append(card.title)
    for group in content.decks[wb.lessons.deck].groups:
        expected += [group.title, group.conclusion_title]
    missing = [t for t in expected if t and re.sub(r"[\s\-]", "", plain(t)) not in squeezed]
    assert not missing


def test_toc_lists_the_page_each_section_starts_on(workbook, content):
    texts = page_texts(workbook)
    headings = heading_runs(workbook)
    toc_index = next(i for i, runs in enumerate(headings) if "Inhoud" in runs)
    entries = toc_entries(texts[toc_index], "pagina")
    wb = content.workbook
    chapters = [wb.intro.title, wb.programme.title, wb.song.title, wb.interview.title, wb.rules.title,
                wb.worksheet.title, wb.lessons.title, wb.themes.title, wb.notes.title]
    assert all(plain(c) in entries for c in chapters), entries
    assert len(entries) == len(chapters) + len(wb.programme.parts) + 1  # + the vuistregels worksheet
    for title, number in entries.items():
        heading = re.sub(r"^\d\d:\d\d ", "", title)  # programme parts are listed with their start time
        found = [i for i, runs in enumerate(headings) if i > toc_index and heading in runs]
        assert found, f"no heading '{heading}' after the table of contents"
        assert found[0] + 1 == number, f"'{title}': contents say page {number}, heading is on page {found[0] + 1}"


def test_outline_entries_land_on_their_headings(workbook, content):
    headings = heading_runs(workbook)
    entries = outline(workbook)
    titles = [t for _, t, _ in entries]
    for card in content.decks[content.workbook.interview.deck].cards:
        assert f"{card.number}. {plain(card.title or card.section)}" in titles
    for card in content.decks[content.workbook.rules.deck].cards:
        assert any(plain(card.title) in t for t in titles)
    for card in content.decks[content.workbook.lessons.deck].cards:
        assert f"Les {card.number}: {plain(card.title)}" in titles
    assert sum(1 for level, _, _ in entries if level == 0) >= 9  # colophon, contents and every chapter
    seen: dict[str, int] = {}
    for level, title, page in entries:
        core = norm(re.sub(r"^(\d\d:\d\d |\d+\. |\w+ \d+:? )", "", title))
        assert any(run.endswith(core) for run in headings[page]), f"outline '{title}' -> page {page + 1}: {headings[page]}"
        # The n-th entry with this title belongs to the n-th heading with it (e.g. "Mogelijkheden voor gebruik").
        pages = [i for i, runs in enumerate(headings) for run in runs if run.endswith(core)]
        n = seen[core] = seen.get(core, -1) + 1
        assert pages[n] == page, f"outline '{title}' points at page {page + 1}, its heading is on page {pages[n] + 1}"


def test_schedule_times_add_up_from_the_durations(workbook, content):
    programme = yaml.safe_load((CONTENT / "workbook.yaml").read_text(encoding="utf-8"))["programme"]
    now = datetime.strptime(programme["start"], "%H:%M")
    start = now
    text = norm(" ".join(page_texts(workbook)))
    for part in programme["parts"]:
        end = now + timedelta(minutes=part["minutes"])
        span = f"{now:%H:%M}–{end:%H:%M}"
        assert f"{span} {plain(part['title'])}" in text  # the schedule table
        assert text.count(span) >= 2  # and the heading of the part itself
        now = end
    total = sum(p["minutes"] for p in programme["parts"])
    assert f"{start:%H:%M}–{now:%H:%M} Totaal {total} min" in text


# ---------------------------------------------------------------------------
# The PDF as a document


def test_tagged_dutch_titled_embedded_and_linked(workbook, content):
    with pikepdf.open(workbook) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "nl"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        title = str(pdf.docinfo["/Title"])
        assert content.workbook.title in title and content.project.title in title
        assert "Herma Ooms" in str(pdf.docinfo["/Author"])
        assert str(pdf.docinfo["/Subject"]) == content.workbook.subtitle
        uris = {str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A}
        assert {r.url for r in content.workbook.song.recordings} <= uris
    found = fonts(workbook)
    assert found and all(found.values()), found
    assert all("Inter" in name for name in found)


def _struct(node):
    """Structure elements below ``node`` as (type, children) trees."""
    if isinstance(node, pikepdf.Array):
        return [t for item in node for t in _struct(item)]
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return []
    return [(str(node.S)[1:], _struct(node.get("/K", pikepdf.Array())))]


def _find(trees, kind):
    for t, children in trees:
        if t == kind:
            yield children
        yield from _find(children, kind)


def test_vuistregels_worksheet_is_a_grid_of_parts_by_rules(workbook, content):
    rules = [c for c in content.decks[content.workbook.rules.deck].cards if c.id != content.workbook.rules.parts_card]
    parts = next(c for c in content.decks[content.workbook.rules.deck].cards if c.id == content.workbook.rules.parts_card).items
    with pikepdf.open(workbook) as pdf:
        tables = list(_find(_struct(pdf.Root.StructTreeRoot.K), "Table"))
    shapes = []
    for table in tables:
        trs = [part for part in table if part[0] == "TR"] + [tr for part in table for tr in part[1] if tr[0] == "TR"]
        shapes.append([[cell for cell, _ in tr[1]] for tr in trs])
    grid = [rows for rows in shapes if rows and rows[0] == ["TH"] * (len(parts) + 1) and len(rows) == len(rules) + 1]
    assert len(grid) == 1
    assert all(row == ["TH"] + ["TD"] * len(parts) for row in grid[0][1:])


def test_pages_are_a4_with_mirrored_margins_and_page_x_of_y(workbook):
    reader = pypdf.PdfReader(str(workbook))
    n = len(reader.pages)
    assert n % 2 == 0
    for page in reader.pages:
        assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (210, 297)
    texts = page_texts(workbook)
    for i in range(1, n):
        assert f"pagina {i + 1} van {n}" in texts[i]
    assert "pagina 1 " not in texts[0]  # the cover has no footer
    pdf = pdfium.PdfDocument(str(workbook))

    def left_edge(i):
        tp = pdf[i].get_textpage()
        return min(tp.get_charbox(k)[0] for k in range(tp.count_chars()) if not chr(pdfium_c.FPDFText_GetUnicode(tp, k)).isspace()) / MM

    # Odd pages are right-hand pages: the wide margin is on the left, at the binding.
    assert left_edge(10) == pytest.approx(25, abs=0.6)
    assert left_edge(11) == pytest.approx(17, abs=0.6)


def test_running_header_names_the_section(workbook, content):
    texts = page_texts(workbook)
    headings = heading_runs(workbook)
    start = next(i for i, runs in enumerate(headings) if content.workbook.interview.title in runs)
    assert content.workbook.interview.title.upper() not in texts[start]  # not on the chapter's first page
    assert content.workbook.interview.title.upper() in texts[start + 1]


def test_qr_codes_encode_the_recording_urls(workbook, content):
    found = []
    with pikepdf.open(workbook) as pdf:
        # Every image XObject once (pages share one resource dictionary).
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert not bool(obj.get("/Interpolate", False))  # viewers must not blur the modules
                image = pikepdf.PdfImage(obj).as_pil_image().convert("L")
                size = image.width // QR_SCALE
                matrix = tuple(tuple(int(image.getpixel((x * QR_SCALE + QR_SCALE // 2, y * QR_SCALE + QR_SCALE // 2)) < 128)
                                     for x in range(size)) for y in range(size))
                found.append(matrix)
    expected = []
    for recording in content.workbook.song.recordings:
        qr = segno.make(recording.url, error="m")
        expected.append(tuple(tuple(int(bool(v)) for v in row) for row in qr.matrix_iter(border=4)))
    assert sorted(found) == sorted(expected)


# ---------------------------------------------------------------------------
# One build: a changed question reaches card and workbook


def test_changed_question_reaches_cards_and_workbook(content_copy, tmp_path):
    from deck.build.make import make_output

    deck_file = content_copy / "decks" / "interviewvragen.yaml"
    old = "Hoe zou je jouw kompas omschrijven?"
    new = "Welke koers vaar jij als het stormt?"
    deck_file.write_text(deck_file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    loaded = load_content(content_copy)
    for target in (Target("print", "nl", "interviewvragen", tmp_path / "interviewvragen.print.pdf"),
                   Target("workbook", "nl", None, tmp_path / "workbook.pdf")):
        make_output(loaded, target, Options(content=content_copy, out=tmp_path))
        text = norm(" ".join(page_texts(target.path)))
        assert new in text, target
        assert old not in text, target


def test_a5_book(content, tmp_path):
    target = Target("workbook", "nl", None, tmp_path / "workbook.pdf")
    notes = build_workbook(content, target, Options(workbook_paper="a5"))
    reader = pypdf.PdfReader(str(target.path))
    assert len(reader.pages) % 2 == 0
    assert notes[0] == f"{len(reader.pages)} pages A5"
    for page in reader.pages:
        assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (148, 210)
    assert not list(tmp_path.glob(".*.tmp"))


def test_missing_glyph_fails_the_build(content_copy, tmp_path):
    # U+0378 is no character (unassigned): no font on any machine has a glyph for it.
    wb_file = content_copy / "workbook.yaml"
    wb_file.write_text(wb_file.read_text(encoding="utf-8").replace("title: Werkboek voor de begeleider",
                                                                   "title: Werkboek voor de begeleider \u0378"), encoding="utf-8")
    target = Target("workbook", "nl", None, tmp_path / "workbook.pdf")
    with pytest.raises(BuildError, match="nl/workbook.pdf: no bundled font has a glyph for \u0378"):
        build_workbook(load_content(content_copy), target, Options())
    assert not target.path.exists()


def test_fallback_to_a_system_font_fails_the_build(content_copy, tmp_path):
    # ♫ is not in Inter: whatever the machine (DejaVu has it, or no font does), the build must refuse it.
    wb_file = content_copy / "workbook.yaml"
    wb_file.write_text(wb_file.read_text(encoding="utf-8").replace("title: Werkboek voor de begeleider",
                                                                   "title: Werkboek voor de begeleider ♫"), encoding="utf-8")
    target = Target("workbook", "nl", None, tmp_path / "workbook.pdf")
    with pytest.raises(BuildError, match=r"nl/workbook.pdf: (some text was set in a system font \(DejaVu-Sans"
                                         r"|no bundled font has a glyph for ♫)"):
        build_workbook(load_content(content_copy), target, Options())
    assert not target.path.exists()


def test_text_running_off_the_cover_fails(content_copy):
    project_file = content_copy / "content.yaml"
    long_title = " ".join(["In gesprek over de essentie van je vak"] * 12)
    project_file.write_text(project_file.read_text(encoding="utf-8").replace(
        "title: In gesprek over de essentie van je vak", f"title: {long_title}"), encoding="utf-8")
    with pytest.raises(BuildError, match=r"^workbook: text of 'cover' runs (off the page|\d+\.\d mm past its box)"):
        render_workbook(load_content(content_copy), "nl", "a4")


def test_organisation_name_on_cover_and_in_title(example):
    pdf = example / "wijkteam-lindendal" / "nl" / "workbook.pdf"
    texts = page_texts(pdf)
    assert "Wijkteam Lindendal" in texts[0] and "Wijkteam Lindendal" in texts[1]  # cover and colophon
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo["/Title"]).endswith("– Wijkteam Lindendal")
    # The interview guide shows the organisation's set: its own card in, the card it leaves out gone.
    text = norm(" ".join(texts))
    assert "“Hier in Lindendal ...”" in text and "Stel jezelf aan elkaar voor" not in text


# ---------------------------------------------------------------------------
# Schema errors point at file and line


def test_schema_errors_are_located_and_reported_together(content_copy):
    wb_file = content_copy / "workbook.yaml"
    text = wb_file.read_text(encoding="utf-8")
    text = text.replace('start: "13:30"', "start: 13:30").replace("  rows: 9", "  rijen: 9")
    text = text.replace("      see: [themes]", "      see: [temas]")
    wb_file.write_text(text, encoding="utf-8")
    project_file = content_copy / "content.yaml"
    project_file.write_text(project_file.read_text(encoding="utf-8").replace("edition:", "editie:"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content_copy)
    lines = info.value.lines()
    shown = str(wb_file)
    assert f"{shown}:{line_of(wb_file, 'start: 13:30')}: programme.start: write the start time in quotes, e.g. \"13:30\"" \
           " (unquoted, YAML reads it as a number)" in lines
    assert f"{shown}:{line_of(wb_file, 'rijen: 9')}: worksheet.rijen: unknown key 'rijen'; known keys: title, intro, prompt, rows" in lines
    assert any(line.startswith(f"{shown}:{line_of(wb_file, 'see: [temas]')}: intro.means[1].see: unknown chapter 'temas' (did you mean 'themes'?)")
               for line in lines)
    assert any(line.startswith(f"{project_file}:{line_of(project_file, 'editie:')}: editie: unknown key 'editie' (did you mean 'edition'?)")
               for line in lines)
    assert any(line.endswith(": edition: required key is missing: add 'edition:' with its value") for line in lines)
    assert lines[-1] == "5 problems found."  # workbook and project problems in one report


def test_unknown_deck_and_card_references(content_copy):
    wb_file = content_copy / "workbook.yaml"
    text = wb_file.read_text(encoding="utf-8")
    text = text.replace("  deck: interviewvragen", "  deck: interviewvraagen").replace("    off-day:", "    offday:")
    text = text.replace("  parts_card: brede-opdracht", "  parts_card: brede-opdracht-x")
    wb_file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content_copy)
    shown = str(wb_file)
    assert info.value.lines() == [
        f"{shown}:{line_of(wb_file, 'deck: interviewvraagen')}: interview.deck: unknown deck 'interviewvraagen'"
        f" (did you mean 'interviewvragen'?) (decks: {', '.join(sorted(load_content(CONTENT).decks))})",
        f"{shown}:{line_of(wb_file, 'parts_card: brede')}: rules.parts_card: no card 'brede-opdracht-x' in deck"
        " 'vuistregels' (did you mean 'brede-opdracht'?)",
        "2 problems found.",
    ]
