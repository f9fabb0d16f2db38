"""Translated builds: the English edition, Dutch fallbacks in draft builds, strict builds, right to left."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import (
    CONTENT,
    NEW_QUESTION,
    cli,
    deck_job,
    edit,
    fonts,
    page_texts,
    pdf_lang,
    replace_first_question,
    reword_off_day,
)

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.i18n.catalog import read_catalog
from deck.load.content import load_content
from deck.render.markup import plain

DECKS = tuple(load_content(CONTENT).decks)
OFF_DAY = "deck/interviewvragen/cards/off-day/text"
NEW_CARD = NEW_QUESTION
# Words that occur in any Dutch sentence and in no English one on these cards.
DUTCH_WORDS = {"het", "een", "niet", "hoe", "wat", "jouw", "jij", "ook", "zijn", "voor", "bij", "dat", "deze",
               "die", "wordt", "naar", "je", "wij", "van", "en", "op", "aan", "met"}


def changed_content(content: Path) -> Path:
    """One Dutch question reworded (its translation is now stale) and one card new (untranslated)."""
    reword_off_day(content)
    replace_first_question(content)
    return content


def deck_html(content: Path, lang: str, deck: str = "interviewvragen", strict: bool = False):
    """The job and HTML of one deck (template only, no layout: fast)."""
    job = deck_job(content, deck, lang, strict)
    return job, job.html("print", {})


def test_english_edition_is_complete_english(english):
    folder, results = english
    cards = sorted(f"{d}.{k}.pdf" for d in DECKS for k in ("print", "sheets"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(cards + ["workbook.pdf"])
    assert not any("Dutch" in note for name in cards for note in results[name].notes)  # nothing fell back
    catalog, _ = read_catalog(CONTENT / "locales" / "en" / "content.po", "en")
    dutch = [" ".join(plain(m.id).split()) for m in catalog if m.id and m.string != m.id]
    source_titles = {"In gesprek over de essentie van je vak als wijkteamprofessional", "Wijkteams in opbouw: een bodemonderzoek",
                     "Nederlands Jeugdinstituut"}
    sources = [d.source for d in load_content(CONTENT).decks.values()]
    source_titles |= {plain(s.title) for s in sources} | {s.publisher for s in sources if s.publisher}
    for deck in DECKS:
        pdf = folder / f"{deck}.print.pdf"
        assert pdf_lang(pdf) == "en" and pdf_lang(folder / f"{deck}.sheets.pdf") == "en"
        found = fonts(pdf)
        assert found and all(found.values()), found  # embedded, and all bundled: no system font was needed
        assert all(name.split("+")[-1].startswith("Inter") for name in found), found
        pages = page_texts(pdf)
        fronts, backs = pages[0::2], pages[1::2]
        # A two-sided card's own back is another face of the card: checked like a front.
        own = [back for card, back in zip(load_content(CONTENT).decks[deck].cards, backs) if card.back is not None]
        fronts, backs = fronts + own, [b for b in backs if b not in own]
        for text in fronts:
            words = set(re.findall(r"[a-zë]+", text.lower()))
            assert not words & DUTCH_WORDS, (words & DUTCH_WORDS, text)
        for text in fronts + backs:
            for title in sorted(source_titles, key=len, reverse=True):  # the credited Dutch publication keeps its title
                text = text.replace(title, "")
            found = [d for d in dutch if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text)]
            assert not found, (deck, found)
        assert all(t.startswith("TALKING ABOUT THE ESSENCE OF YOUR PROFESSION") for t in backs)
        assert all("Source: " in t and "2026 edition of this set" in t for t in backs)
    iv = page_texts(folder / "interviewvragen.print.pdf")
    assert "“Such good work today ...”" in iv[4]
    assert "When do you feel yourself getting distracted from that, busy with the wrong things?" in iv[6]
    lessen = page_texts(folder / "lessen.print.pdf")
    assert lessen[0].startswith("NINE LESSONS LESSON 1 Don’t just explain and park the differences")


def test_hyphenation_and_quotes_follow_the_language():
    job, html = deck_html(CONTENT, "en")
    assert '<html lang="en" dir="ltr">' in html and "<body>" in html  # Pyphen hyphenates lang="en"
    assert 'q { quotes: "“" "”" "‘" "’"; }' in html
    assert '<em lang="nl" dir="ltr">In gesprek over de essentie van je vak als wijkteamprofessional</em>' in html
    assert re.search(r'<h2 class="title"[^>]*>“Such good work today ...”</h2>', html)
    assert 'lang="nl"' not in html.replace('<em lang="nl" dir="ltr">', "").replace('<span lang="nl" dir="ltr">Nederlands', "")
    _, dutch = deck_html(CONTENT, "nl")
    assert '<html lang="nl" dir="ltr">' in dutch and 'q { quotes: "‘" "’" "“" "”"; }' in dutch
    assert 'lang="nl" dir="ltr">' not in dutch.replace('<html lang="nl" dir="ltr">', "")  # nothing is foreign


def test_fallbacks_are_marked_dutch_per_element(content_copy):
    changed_content(content_copy)
    job, html = deck_html(content_copy, "en")
    assert re.search(r'<h2 class="title"[^>]*lang="nl" dir="ltr">Wat wil je vandaag leren\?</h2>', html)
    # The stale translation is used, unmarked; the rest of the card set stays English.
    assert re.search(r'<div class="text">\s*<p>When do you feel yourself getting <strong>distracted</strong>', html)
    assert html.count('lang="nl"') == 1 + 2 * 12  # the new title; the source title and publisher on every back
    assert [p.path for p in job.effective.missing] == [NEW_CARD]
    assert [p.path for p in job.effective.stale] == [OFF_DAY]


def test_strict_build_fails_naming_the_keys_and_draft_build_reports(content_copy, tmp_path):
    changed_content(content_copy)
    po = content_copy / "locales" / "en" / "content.po"
    out = tmp_path / "out"
    result = cli("build", "--content", content_copy, "--out", out, "--lang", "en", "--deck", "interviewvragen",
                 "--no-workbook", "--strict", catch=True)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = po.read_text(encoding="utf-8").splitlines().index(f'msgctxt "{OFF_DAY}"') + 2
    assert (f"{po}:{line}: {OFF_DAY}: stale translation: the Dutch changed from"
            " “Wanneer voel je dat je daarvan **afgeleid** raakt, dat je me…”"
            " to “Wanneer merk je dat je daarvan **afgeleid** raakt, dat je me…”") in result.output
    assert f"{po}: {NEW_CARD}: no translation of “Wat wil je vandaag leren?”" in result.output
    assert "2 problems found." in result.output
    assert not (out / "en").exists()

    results = build(Options(content=content_copy, out=out, langs=("en",), decks=("interviewvragen",), workbook=False))
    assert [r.status for r in results] == ["built", "built"]
    for r in results:
        assert f"1 string falls back to Dutch: {NEW_CARD}" in r.notes
        assert f"1 stale translation used: {OFF_DAY}" in r.notes
    pages = page_texts(out / "en" / "interviewvragen.print.pdf")
    assert "Wat wil je vandaag leren?" in pages[0]
    assert "When do you feel yourself getting distracted from that" in pages[6]


def test_missing_ui_string_falls_back_in_drafts_and_fails_strict_builds(content_copy, tmp_path):
    ui = content_copy / "locales" / "en" / "messages.po"
    edit(ui, 'msgstr "Source"', 'msgstr ""')
    job, html = deck_html(content_copy, "en")
    assert "Bron: <em" in html
    from deck.i18n.overlay import ui_notes

    assert ui_notes(job.effective.messages) == ["1 UI string falls back to Dutch: Bron"]
    # A draft build says so for each file of the deck (laid out once for both).
    results = build(Options(content=content_copy, out=tmp_path / "draft", langs=("en",), decks=("vuistregels",),
                            workbook=False, jobs=1))
    assert [r.status for r in results] == ["built", "built"]
    assert all("1 UI string falls back to Dutch: Bron" in r.notes for r in results)
    # A strict build fails both files, naming the string where it is written.
    result = cli("build", "--content", content_copy, "--out", tmp_path / "strict", "--lang", "en", "--deck",
                 "vuistregels", "--no-workbook", "--strict", "--jobs", "1", catch=True)
    line = ui.read_text(encoding="utf-8").splitlines().index('msgid "Bron"') + 1
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{ui}:{line}: Bron: UI string not translated" in result.output
    assert "2 files not written" in result.output
    assert not list((tmp_path / "strict").rglob("*.pdf"))


def test_translations_cannot_inject_markup(content_copy):
    edit(content_copy / "locales" / "en" / "messages.po", 'msgstr "Source"', 'msgstr "<img src=x>Source"')
    _, html = deck_html(content_copy, "en")
    assert "&lt;img src=x&gt;Source: <em" in html


ARABIC_LANGUAGE = """\
name: العربية
quotes: "«»‹›"
fonts:
  - family: Noto Sans Arabic
    faces:
      - {file: noto-sans-arabic/NotoSansArabic-Regular.ttf, weight: 400}
      - {file: noto-sans-arabic/NotoSansArabic-Bold.ttf, weight: 700}
  - family: Inter
    faces:
      - {file: inter/Inter-Regular.otf, weight: 400}
      - {file: inter/Inter-Italic.otf, weight: 400, style: italic}
      - {file: inter/Inter-Bold.otf, weight: 700}
"""

ARABIC_PO = """\
msgid ""
msgstr ""
"Language: ar\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "deck/vuistregels/title"
msgid "Vijf vuistregels"
msgstr "خمس قواعد عملية"

msgctxt "deck/vuistregels/cards/maak-verbinding/title"
msgid "Maak verbinding"
msgstr "اصنع روابط"
"""


def add_arabic(content: Path, language: str = ARABIC_LANGUAGE) -> None:
    folder = content / "locales" / "ar"
    folder.mkdir()
    (folder / "language.yaml").write_text(language, encoding="utf-8")
    (folder / "content.po").write_text(ARABIC_PO, encoding="utf-8")


def test_right_to_left_language_from_files_only(content_copy, tmp_path):
    add_arabic(content_copy)
    job, html = deck_html(content_copy, "ar", "vuistregels")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<div class="deckname">خمس قواعد عملية</div>' in html
    assert re.search(r'<h2 class="title"[^>]*>اصنع روابط</h2>', html)
    assert re.search(r'<h2 class="title"[^>]*lang="nl" dir="ltr">De brede opdracht van het wijkteam</h2>', html)
    assert '"Noto Sans Arabic", "Inter"' in html

    results = build(Options(content=content_copy, out=tmp_path, langs=("ar",), decks=("vuistregels",), workbook=False))
    notes = results[0].notes
    assert "no hyphenation dictionary for 'ar': text is not hyphenated" in notes
    assert any(n.startswith("40 strings fall back to Dutch: ") for n in notes), notes
    pdf = tmp_path / "ar" / "vuistregels.print.pdf"
    assert pdf_lang(pdf) == "ar"
    found = fonts(pdf)
    assert any("Noto-Sans-Arabic" in name for name in found) and all(found.values()), found
    # Every glyph came from the fonts language.yaml names (no .notdef, no system fallback).
    assert all(name.split("+")[-1].startswith(("Noto-Sans-Arabic", "Inter")) for name in found), found
    pages = page_texts(pdf)
    assert "اصنع روابط" in pages[2] and "خمس قواعد عملية" in pages[3]
