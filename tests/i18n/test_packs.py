"""Language packs (language.yaml, content.po, messages.po) are read once per build and language."""

from __future__ import annotations

import pytest
from helpers import CONTENT, edit, report_packs

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.i18n import overlay
from deck.load.content import load_content
from deck.merge import effective_deck, translated_book


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The language codes whose files are read, in order."""
    done = []
    real = overlay.load_pack

    def counted(content, code):
        done.append(code)
        return real(content, code)

    monkeypatch.setattr(overlay, "load_pack", counted)
    return done


def test_every_deck_and_the_workbook_share_one_reading_per_language(reads):
    content = load_content(CONTENT)
    for lang in ("nl", "en"):
        for deck in content.decks:
            effective_deck(content, deck, lang)
        translated_book(content, lang)
    assert reads == ["nl", "en"]  # before: once per deck and four times for each workbook


def test_a_changed_file_is_read_again(reads, content_copy):
    content = load_content(content_copy)
    first = overlay.language_pack(content, "en")
    assert overlay.language_pack(content, "en") is first
    edit(content_copy / "locales" / "en" / "messages.po", 'msgstr "Source"', 'msgstr "Origin"')
    again = overlay.language_pack(content, "en")
    assert again is not first and reads == ["en", "en"]
    assert again.ui().gettext("Bron") == "Origin"


def test_each_output_records_its_own_ui_fallbacks(content_copy):
    edit(content_copy / "locales" / "en" / "messages.po", 'msgstr "Source"', 'msgstr ""')
    content = load_content(content_copy)
    one, two = overlay.language_pack(content, "en").ui(), overlay.language_pack(content, "en").ui()
    assert one.gettext("Bron") == "Bron"
    assert overlay.ui_notes(one) == ["1 UI string falls back to Dutch: Bron"]
    assert overlay.ui_notes(two) == []


def test_build_workers_receive_the_packs_read_before_they_start(monkeypatch, tmp_path):
    import deck.build.runner

    monkeypatch.setattr(deck.build.runner, "make_output", report_packs)
    results = build(Options(content=CONTENT, out=tmp_path, langs=("nl", "en"), jobs=2))
    assert len(results) == 14
    assert {note for r in results for note in r.notes} == {"packs read before: en, nl"}
