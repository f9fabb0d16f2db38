"""Translation workflow without rendering: keys, status, update by key, check, and the i18n CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from click.testing import CliRunner
from helpers import CONTENT, edit, replace_first_question, reword_off_day

from deck.cli.main import main
from deck.errors import ContentError, UsageError
from deck.i18n.catalog import by_context, merge, read_catalog, render
from deck.i18n.keys import entries
from deck.i18n.workflow import check, status, update
from deck.load.content import load_content
from deck.load.language import load_language, resolve_languages

OFF_DAY = "deck/interviewvragen/cards/off-day/text"


def tally_of(content: Path, code: str = "en"):
    (st,) = [s for s in status(content) if s.code == code]
    return st


def test_keys_follow_the_scheme_and_are_unique():
    keys = [e.key for e in entries(load_content(CONTENT))]
    assert len(keys) == len(set(keys))
    for expected in ("content/title", "deck/interviewvragen/title", "deck/vuistregels/number_label",
                     "deck/interviewvragen/cards/zo-goed-gewerkt/text", "deck/vuistregels/cards/maak-verbinding/items/0",
                     "deck/lessen/groups/professionaliteit/conclusion", "workbook/title",
                     "workbook/programme/parts/opening/prepare/0", "workbook/interview/questions/zodatjes/hints/1",
                     "workbook/song/recordings/0/label", "workbook/sources/1/used_for/0"):
        assert expected in keys
    # Not translated: times, web addresses, names, and the Dutch titles of the sources.
    for kept in ("workbook/programme/start", "workbook/song/recordings/0/url", "workbook/intro/motto/by",
                 "workbook/sources/0/title", "workbook/sources/0/publisher", "workbook/interview/deck"):
        assert kept not in keys
    # Every card string is there: 4 items on each of the 6 rule cards, 7 on the overview cards of
    # Zeven kwesties and Transformatief leren.
    assert sum(1 for k in keys if "/items/" in k) == 6 * 4 + 7 + 7


def test_english_is_complete():
    st = tally_of(CONTENT)
    total = st.total
    assert (total.stale, total.missing, total.obsolete) == ([], [], [])
    assert total.percent == 100.0
    assert len(st.files["content"].translated) == len(entries(load_content(CONTENT)))
    assert "Bron" in st.files["messages"].translated
    result = CliRunner().invoke(main, ["i18n", "status", "--content", str(CONTENT), "--fail-under", "100"])
    assert result.exit_code == 0, result.output
    assert "en (English)" in result.output
    assert f"  {'total':<12} {len(total.translated):>10}      0        0         0    100 %" in result.output


def test_real_translations_pass_check():
    assert check(CONTENT) == []


def test_status_finds_missing_stale_and_obsolete_by_key(content_copy):
    before = len(tally_of(content_copy).total.translated)
    reword_off_day(content_copy)
    replace_first_question(content_copy)
    st = tally_of(content_copy).total
    assert [k for k, _, _ in st.stale] == [OFF_DAY]
    assert st.stale[0][1].startswith("Wanneer voel je") and st.stale[0][2].startswith("Wanneer merk je")
    assert st.missing == ["deck/interviewvragen/cards/nieuwe-vraag/title"]
    assert st.obsolete == ["deck/interviewvragen/cards/stel-jezelf-voor/title", "deck/interviewvragen/cards/stel-jezelf-voor/text"]
    assert len(st.translated) == before - 3  # two strings gone, one stale; all others still translated
    done = int(1000 * len(st.translated) / st.total) / 10  # the CLI rounds down

    result = CliRunner().invoke(main, ["i18n", "status", "--content", str(content_copy), "--fail-under", "100"])
    assert result.exit_code == 1
    assert f"stale    {OFF_DAY}" in result.output
    assert "was: Wanneer voel je dat je daarvan **afgeleid** raakt" in result.output
    assert "now: Wanneer merk je dat je daarvan **afgeleid** raakt" in result.output
    assert f"en is {done:g} % done, under --fail-under 100 %" in result.output
    assert CliRunner().invoke(main, ["i18n", "status", "--content", str(content_copy)]).exit_code == 0


def test_update_keeps_a_changed_string_as_fuzzy_with_the_old_dutch(content_copy):
    reword_off_day(content_copy)
    update(content_copy)
    po = content_copy / "locales" / "en" / "content.po"
    catalog, problems = read_catalog(po, "en")
    assert problems == []
    (entry,) = [m for m in catalog if m.context == OFF_DAY]
    assert entry.fuzzy
    assert entry.id.startswith("Wanneer merk je")
    assert entry.previous_id == ["Wanneer voel je dat je daarvan **afgeleid** raakt, dat je met de verkeerde dingen bezig bent?"]
    assert entry.string == "When do you feel yourself getting **distracted** from that, busy with the wrong things?"
    # Still stale after the update, with the recorded Dutch as "before".
    (stale,) = tally_of(content_copy).total.stale
    assert stale[0] == OFF_DAY and stale[1].startswith("Wanneer voel je")
    # A second update changes nothing; the PO round-trips through Babel byte for byte.
    assert all(not written for _, written in update(content_copy))
    assert render(catalog) == po.read_bytes()


def test_update_merges_by_key_never_by_similar_text(content_copy):
    # A card gets a new id but keeps its text: Babel's Catalog.update or msgmerge would pair the
    # new entry with the old translation by similarity. By key it is a new, empty string.
    deck = content_copy / "decks" / "vuistregels.yaml"
    edit(deck, "  - id: geef-stem\n", "  - id: geef-een-stem\n")
    update(content_copy)
    catalog, _ = read_catalog(content_copy / "locales" / "en" / "content.po", "en")
    new = {m.context: m for m in catalog if m.context and m.context.startswith("deck/vuistregels/cards/geef-een-stem/")}
    assert len(new) == 6 and all(m.string == "" and not m.fuzzy for m in new.values())
    gone = {m.context for m in catalog.obsolete.values()}
    assert "deck/vuistregels/cards/geef-stem/title" in gone
    st = tally_of(content_copy).total
    assert sorted(st.missing) == sorted(new)
    assert st.stale == []


def test_merge_restores_a_translation_when_the_dutch_changes_back():
    template = Catalog(locale=None, fuzzy=False)
    template.add("Oud", context="k")
    old = Catalog(locale="en", fuzzy=False)
    old.add("Nieuw", "Old", context="k", flags=["fuzzy"], previous_id="Oud")
    (m,) = [m for m in merge(template, old, "en", by_context) if m.id]
    assert (m.string, m.fuzzy) == ("Old", False)


def test_check_reports_problems_with_file_and_line(content_copy):
    po = content_copy / "locales" / "en" / "content.po"
    edit(po, 'msgctxt "deck/interviewvragen/cards/off-day/title"', 'msgctxt "deck/interviewvragen/cards/of-day/title"')
    edit(po, "getting **distracted** from", "getting distracted from")
    ui = content_copy / "locales" / "en" / "messages.po"
    # A msgid no template has, and nothing like it (else check suggests the closest one).
    edit(ui, 'msgstr "Source"', 'msgstr "Source"\n\nmsgid "%(n)s dobbelstenen"\nmsgstr "%(count)s dice"')
    lines = {str(p) for p in check(content_copy)}
    text = po.read_text(encoding="utf-8").splitlines()
    title_line = text.index('msgctxt "deck/interviewvragen/cards/of-day/title"') + 2  # Babel reports the msgid line
    text_line = text.index(f'msgctxt "{OFF_DAY}"') + 2
    shown = "locales/en/content.po"
    assert any(line.endswith(f"{shown}:{title_line}: deck/interviewvragen/cards/of-day/title: unknown key"
                             " (did you mean 'deck/interviewvragen/cards/off-day/title'?); `deck i18n update` moves"
                             " removed keys to the obsolete section") for line in lines), lines
    assert any(line.endswith(f"{shown}:{text_line}: {OFF_DAY}: markup differs from the Dutch:"
                             " ** (bold): 2 in the Dutch, 0 in the translation") for line in lines), lines
    ui_line = ui.read_text(encoding="utf-8").splitlines().index('msgid "%(n)s dobbelstenen"') + 1
    assert any(line.endswith(f"messages.po:{ui_line}: %(n)s dobbelstenen: the translation has the placeholder %(count)s,"
                             " which the Dutch does not have; keep the placeholders of the Dutch as they are (%(n)s)")
               for line in lines)
    assert any(line.endswith(f"messages.po:{ui_line}: %(n)s dobbelstenen: not used in any template; `deck i18n update`"
                             " moves removed keys to the obsolete section") for line in lines)
    result = CliRunner().invoke(main, ["i18n", "check", "--content", str(content_copy)])
    assert result.exit_code == 1
    assert "4 problems found." in result.output


def test_check_reports_a_syntax_error_at_its_line(content_copy):
    po = content_copy / "locales" / "en" / "content.po"
    edit(po, 'msgid "Interviewvragen"\n', 'msgid "Interviewvragen"\nmsgtsr "oops"\n')
    line = po.read_text(encoding="utf-8").splitlines().index('msgtsr "oops"') + 1
    (problem,) = check(content_copy)
    assert (problem.file.endswith("locales/en/content.po"), problem.line) == (True, line)
    assert problem.message.startswith("PO syntax error: unknown keyword 'msgtsr' (did you mean 'msgstr'?)")
    with pytest.raises(ContentError):  # status needs readable files too
        status(content_copy)


def test_language_settings_are_checked_with_lines(content_copy):
    lang = content_copy / "locales" / "en" / "language.yaml"
    edit(lang, 'quotes: "“”‘’"', 'quotes: "“”"')
    with pytest.raises(ContentError) as err:
        load_language(content_copy, "en")
    assert "language.yaml:5: quotes: give four quote characters" in err.value.lines()[0]
    edit(lang, 'quotes: "“”"', 'quotes: "“”‘’"')
    edit(lang, "{file: inter/Inter-Bold.otf, weight: 700}", "{file: inter/Inter-Fat.otf, weight: 700}")
    edit(lang, "hyphenation: en ", "hyphenation: qq ")
    edit(lang, "locale: en_GB ", "locale: en_QQ ")
    with pytest.raises(ContentError) as err:
        load_language(content_copy, "en")
    text = "\n".join(err.value.lines())
    lines = lang.read_text(encoding="utf-8").splitlines()
    at = {word: next(i for i, line in enumerate(lines, 1) if word in line) for word in ("hyphenation: qq", "en_QQ", "Inter-Fat")}
    assert f"language.yaml:{at['hyphenation: qq']}: hyphenation: Pyphen has no hyphenation dictionary 'qq'" in text
    assert f"language.yaml:{at['en_QQ']}: locale: 'en_QQ' is not a locale Babel knows" in text
    assert f"language.yaml:{at['Inter-Fat']}: fonts[0].faces[3].file: font file 'inter/Inter-Fat.otf' not found" in text
    with pytest.raises(UsageError, match=r"unknown language 'eng' \(did you mean 'en'\?\)"):
        resolve_languages(content_copy, "nl", ("eng",))


def test_lang_option_accepts_lists_and_all(content_copy):
    (content_copy / "locales" / "de").mkdir()
    (content_copy / "locales" / "de" / "language.yaml").write_text(
        (content_copy / "locales" / "en" / "language.yaml").read_text(encoding="utf-8").replace("English", "Deutsch"),
        encoding="utf-8")
    assert resolve_languages(content_copy, "nl", ("all",)) == ("nl", "de", "en")
    assert resolve_languages(content_copy, "nl", ("en,de", "en")) == ("en", "de")
    assert resolve_languages(content_copy, "nl", ()) == ("nl",)


def test_a_new_language_is_only_files(content_copy):
    folder = content_copy / "locales" / "fr"
    folder.mkdir()
    (folder / "language.yaml").write_text(
        'name: Français\nquotes: "«»“”"\nfonts:\n  - family: Inter\n    faces:\n'
        "      - {file: inter/Inter-Regular.otf}\n      - {file: inter/Inter-Bold.otf, weight: 700}\n", encoding="utf-8")
    written = dict(update(content_copy))
    assert written[folder / "content.po"] and written[folder / "messages.po"]
    st = tally_of(content_copy, "fr")
    assert st.name == "Français"
    english = tally_of(content_copy, "en").total
    assert (len(st.total.translated), len(st.total.missing)) == (0, len(english.translated))  # every string, as in en
    assert len(st.files["content"].missing) == len(entries(load_content(content_copy)))
    catalog, _ = read_catalog(folder / "content.po", "fr")
    # French plural rules as this Babel's CLDR data has them (2 forms in older data, 3 in newer): never hard-coded.
    assert str(catalog.locale) == "fr"
    assert catalog.plural_forms == Catalog(locale="fr").plural_forms != Catalog(locale="en").plural_forms
    assert load_language(content_copy, "fr").hyphenate == "fr"


def test_a_new_content_kind_registers_its_fields_without_new_machinery(content_copy, monkeypatch):
    """How workbook.yaml (or any other content file) becomes translatable: a FIELDS and a KINDS entry."""
    from pydantic import Field

    from deck.i18n import keys
    from deck.i18n.overlay import translator
    from deck.load.problems import validate
    from deck.load.yamlfile import load_yaml
    from deck.model.deck import Id, Strict, Text
    from deck.model.language import Foreign

    class Term(Strict):
        id: Id
        word: Text
        meaning: Text

    class Glossary(Strict):
        title: Text
        terms: list[Term] = Field(default_factory=list)

    path = content_copy / "glossary.yaml"
    path.write_text("title: Woordenlijst\nterms:\n  - id: wijkteam\n    word: wijkteam\n"
                    "    meaning: Een team dat in de wijk ondersteuning biedt.\n", encoding="utf-8")

    def roots(content):
        src, _ = load_yaml(content.root / "glossary.yaml")
        return [keys.Root(None, validate(Glossary, src)[0], content.root / "glossary.yaml", src)]

    monkeypatch.setitem(keys.FIELDS, Glossary, ("title",))
    monkeypatch.setitem(keys.FIELDS, Term, ("meaning",))  # 'word' stays Dutch: it is the term explained
    monkeypatch.setattr(keys, "KINDS", keys.KINDS + [keys.Kind("glossary", roots)])

    update(content_copy)
    catalog, _ = read_catalog(content_copy / "locales" / "en" / "content.po", "en")
    added = {m.context: m for m in catalog if m.context and m.context.startswith("glossary/")}
    assert list(added) == ["glossary/title", "glossary/terms/wijkteam/meaning"]
    assert [loc for m in added.values() for loc in m.locations] == [("glossary.yaml", None), ("glossary.yaml", None)]
    assert tally_of(content_copy).total.missing == list(added)

    content = load_content(content_copy)
    glossary = roots(content)[0].model
    lookup = translator(content, "en")
    dutch = lookup.model(glossary, "glossary")
    assert isinstance(dutch.title, Foreign) and dutch.title.lang == "nl"
    assert [p.path for p in lookup.missing] == list(added)

    po = content_copy / "locales" / "en" / "content.po"
    edit(po, 'msgid "Woordenlijst"\nmsgstr ""', 'msgid "Woordenlijst"\nmsgstr "Glossary"')
    english = translator(content, "en").model(glossary, "glossary")
    assert (english.title, type(english.title)) == ("Glossary", str)
    assert english.terms[0].word == "wijkteam"
