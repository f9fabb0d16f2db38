"""Organisation profiles without rendering: validation with file and line, merge semantics, the scaffold."""

from __future__ import annotations

import datetime
import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import CONTENT, ROOT, make_org
from helpers import EXAMPLE_ORG as EXAMPLE

from deck.build.scaffold import init_org
from deck.errors import ContentError, UsageError
from deck.load.organisation import load_org, slugify
from deck.merge import effective_deck


def problems(folder: Path, content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_org(folder, content)
    return [str(p) for p in info.value.problems]


def ids(deck) -> list[str]:
    return [c.id for c in deck.cards]


# --- the output folder name


@pytest.mark.parametrize("name,slug", [
    ("Wijkteam Zuiderhaven", "wijkteam-zuiderhaven"),
    ("Buurtteam Zuid-Oost ’s-Hertogenbosch", "buurtteam-zuid-oost-s-hertogenbosch"),
    ("  Wijkteam Café  Noord!  ", "wijkteam-cafe-noord"),
    ("Team 040", "team-040"),
])
def test_slug_from_name(name, slug):
    assert slugify(name) == slug


def test_explicit_slug_overrides_the_derived_one(tmp_path, content):
    org = load_org(make_org(tmp_path, "name: Wijkteam Zuiderhaven\nslug: zuiderhaven\n"), content)
    assert org.slug == "zuiderhaven"


def test_name_without_letters_asks_for_a_slug(tmp_path, content):
    folder = make_org(tmp_path, "name: '***'\n")
    assert problems(folder, content) == [
        f"{folder / 'organisation.yaml'}:1: name: cannot make a folder name from '***': add slug: with letters and digits, e.g. slug: mijn-team"]


# --- merge semantics


def test_example_organisation_merges_as_documented(content):
    org = load_org(EXAMPLE, content)
    assert (org.name, org.slug, org.decks) == ("Wijkteam Lindendal", "wijkteam-lindendal", list(content.decks))
    deck = effective_deck(content, "interviewvragen", "nl", org).deck
    shared = content.decks["interviewvragen"]
    # Excluded card gone, own card added and placed by `order`, the rest in the shared order.
    assert ids(deck) == ["invalshoek", "onze-wijk"] + [c for c in ids(shared) if c not in ("stel-jezelf-voor", "invalshoek")]
    own = deck.cards[1]
    assert own.title == "“Hier in Lindendal ...”" and own.section == "Je vak – in onze eigen wijk."
    assert deck.colour.rgb == "#00697a" and deck.colour.cmyk == (95, 35, 40, 15)
    rules = effective_deck(content, "vuistregels", "nl", org).deck
    brede = rules.cards[0]
    assert brede.text == "De brede opdracht van Wijkteam Lindendal omvat vier onderdelen:\n"
    assert brede.items == content.decks["vuistregels"].cards[0].items  # fields not overridden stay shared
    # The shared content itself is untouched: the profile is an overlay, never a copy.
    assert ids(content.decks["interviewvragen"])[0] == "stel-jezelf-voor"
    assert content.decks["vuistregels"].cards[0].text.startswith("De brede opdracht van het wijkteam")


def test_per_language_overrides_fall_back_to_the_shared_text(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: Wijkteam Zuiderhaven
        overrides:
          zo-goed-gewerkt:
            title: "Zo goed gewerkt in Zuiderhaven"
            en:
              title: "Such good work in Zuiderhaven"
          off-day:
            text: "Alleen in het Nederlands herschreven."
          altijd-zo-gedaan:
            nl:
              title: "Zo deden we het altijd"
          interviewvragen:
            subtitle: "Onze vragen"
            en:
              subtitle: "Our questions"
        """)
    org = load_org(folder, content)
    shared = {c.id: c for c in content.decks["interviewvragen"].cards}

    nl = {c.id: c for c in effective_deck(content, "interviewvragen", "nl", org).deck.cards}
    assert nl["zo-goed-gewerkt"].title == "Zo goed gewerkt in Zuiderhaven"
    assert nl["zo-goed-gewerkt"].text == shared["zo-goed-gewerkt"].text
    assert nl["off-day"].text == "Alleen in het Nederlands herschreven."
    assert nl["altijd-zo-gedaan"].title == "Zo deden we het altijd"  # an explicit nl block counts for nl
    assert effective_deck(content, "interviewvragen", "nl", org).deck.subtitle == "Onze vragen"

    en_deck = effective_deck(content, "interviewvragen", "en", org).deck
    en = {c.id: c for c in en_deck.cards}
    assert en["zo-goed-gewerkt"].title == "Such good work in Zuiderhaven"
    # No English text in the profile: the shared (translated) text shows, not the Dutch override.
    translated = {c.id: c for c in effective_deck(content, "interviewvragen", "en", None).deck.cards}
    assert en["off-day"].text == translated["off-day"].text != shared["off-day"].text
    assert en["altijd-zo-gedaan"].title == translated["altijd-zo-gedaan"].title != shared["altijd-zo-gedaan"].title
    assert en_deck.subtitle == "Our questions"


def test_order_names_cards_first_and_keeps_the_rest(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: X
        order:
          lessen: [visie-dienstverlening, alle-inwoners]
        """)
    deck = effective_deck(content, "lessen", "nl", load_org(folder, content)).deck
    shared = ids(content.decks["lessen"])
    assert ids(deck) == ["visie-dienstverlening", "alle-inwoners"] + shared[:-2]


def test_decks_choose_and_order_the_set(tmp_path, content):
    org = load_org(make_org(tmp_path, "name: X\ndecks: [lessen, interviewvragen]\n"), content)
    assert org.decks == ["lessen", "interviewvragen"]


def test_accent_colours_every_deck_without_its_own(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: X
        colours:
          accent: {rgb: "#2f7d4f", cmyk: [80, 20, 85, 10]}
          lessen: {rgb: "#7f5316", cmyk: [30, 60, 100, 30]}
        """)
    org = load_org(folder, content)
    assert effective_deck(content, "lessen", "nl", org).deck.colour.rgb == "#7f5316"
    assert effective_deck(content, "vuistregels", "nl", org).deck.colour.rgb == "#2f7d4f"
    assert org.view().accent.rgb == "#2f7d4f"


# --- errors, with file and line, all at once


def test_unknown_excluded_card_is_named_with_a_suggestion(tmp_path, content):
    folder = make_org(tmp_path, "name: X\nexclude:\n  - geen-bestaande-kaart\n  - stel-jezelf-vor\n")
    file = folder / "organisation.yaml"
    assert problems(folder, content) == [
        f"{file}:3: exclude[0]: unknown card 'geen-bestaande-kaart'",
        f"{file}:4: exclude[1]: unknown card 'stel-jezelf-vor' (did you mean 'stel-jezelf-voor'?)",
    ]


def test_override_errors_name_ids_and_fields(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: X
        overrides:
          zo-goed-gewrkt:
            title: Y
          off-day:
            txt: Z
            en:
              titel: W
          lessen:
            text: V
          maak-verbinding: "Verbind!"
        """)
    file = folder / "organisation.yaml"
    assert problems(folder, content) == [
        f"{file}:3: overrides.zo-goed-gewrkt: unknown card or deck 'zo-goed-gewrkt' (did you mean 'zo-goed-gewerkt'?)",
        f"{file}:6: overrides.off-day.txt: unknown field 'txt' (did you mean 'text'?)",
        f"{file}:8: overrides.off-day.en.titel: unknown key 'titel' (did you mean 'title'?)",
        f"{file}:10: overrides.lessen.text: unknown field 'text'; fields: title, subtitle, number_label, or a language code such as 'en'",
        f"{file}:11: overrides.maak-verbinding: give the fields to replace, e.g. maak-verbinding: {{title: ...}}",
    ]


def test_extra_cards_are_validated_like_deck_cards(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: X
        extra_cards:
          lessen:
            - id: eigen-les
              titel: Onze les
            - id: alle-inwoners
              title: Dubbel
            - id: groep-les
              title: Met groep
              group: profesionaliteit
            - id: leeg
              number: 10
          lesen:
            - id: x
              title: Y
        """)
    file = folder / "organisation.yaml"
    assert problems(folder, content) == [
        f"{file}:5: extra_cards.lessen[0].titel: unknown key 'titel' (did you mean 'title'?)",
    ]
    # Once the cards pass the schema, the checks against the set run (all at once).
    (folder / "organisation.yaml").write_text((folder / "organisation.yaml").read_text().replace("titel:", "title:"))
    assert problems(folder, content) == [
        f"{file}:6: extra_cards.lessen[1].id: card id 'alle-inwoners' is already used by the shared deck 'lessen': choose another id",
        f"{file}:10: extra_cards.lessen[2].group: unknown group 'profesionaliteit' (did you mean 'professionaliteit'?)",
        f"{file}:11: extra_cards.lessen[3]: a card needs a title, a text or items",
        f"{file}:12: extra_cards.lessen[3].number: leave number out: cards are numbered by their place in the deck "
        "(set the place with order: {lessen: [..., leeg]})",
        f"{file}:13: extra_cards.lesen: unknown deck 'lesen' (did you mean 'lessen'?)",
    ]


def test_colour_that_is_not_a_colour_is_named(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: X
        colours:
          lessen: blauw
          vuistregels: {rgb: "#12345", cmyk: [10, 20, 30, 40]}
          accent: {rgb: "#123456", cmyk: [100, 100, 100, 10]}
          lesen: {rgb: "#123456", cmyk: [1, 2, 3, 4]}
        """)
    file = folder / "organisation.yaml"
    found = problems(folder, content)
    assert found == [
        f"{file}:3: colours.lessen: 'blauw' is not a colour: give rgb and cmyk, e.g. {{rgb: \"#1d5c7a\", cmyk: [85, 45, 20, 15]}}",
        f"{file}:4: colours.vuistregels.rgb: '#12345' is not a colour: write it as #rrggbb, e.g. '#1d5c7a'",
        f"{file}:5: colours.accent.cmyk: total ink 310% is over the 300% print shops accept",
    ]
    (folder / "organisation.yaml").write_text("name: X\ncolours:\n  lesen: {rgb: '#123456', cmyk: [1, 2, 3, 4]}\n")
    assert problems(folder, content) == [f"{file}:3: colours.lesen: unknown deck 'lesen' (did you mean 'lessen'?)"]


def test_order_errors(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: X
        exclude: [alle-inwoners]
        order:
          lessen: [alle-inwoners, visie-dienstverlening, visie-dienstverlening, nieuwe-disciplien]
        """)
    file = folder / "organisation.yaml"
    assert problems(folder, content) == [
        f"{file}:4: order.lessen[0]: card 'alle-inwoners' is excluded: remove it from the order or from exclude",
        f"{file}:4: order.lessen[2]: card 'visie-dienstverlening' is listed twice",
        f"{file}:4: order.lessen[3]: unknown card of deck 'lessen' 'nieuwe-disciplien' (did you mean 'nieuwe-discipline'?)",
    ]


def test_unknown_deck_and_emptied_deck(tmp_path, content):
    # (The lessons: the workbook needs one of the vuistregels, which deck check names on its own.)
    all_lessons = ", ".join(c.id for c in content.decks["lessen"].cards)
    folder = make_org(tmp_path, f"name: X\ndecks: [lessen, vuistregel]\nexclude: [{all_lessons}]\n")
    file = folder / "organisation.yaml"
    assert problems(folder, content) == [
        f"{file}:2: decks[1]: unknown deck 'vuistregel' (did you mean 'vuistregels'?)",
        f"{file}:3: exclude: every card of deck 'lessen' is excluded: leave the deck out of decks instead",
    ]


def test_workbook_details_are_checked(tmp_path, content):
    folder = make_org(tmp_path, """\
        name: X
        workbook:
          date: 11-06-2026
          start: 13:30
          durations: {opening: 0}
          facilitator: {naam: Sanne}
        """)
    file = folder / "organisation.yaml"
    assert problems(folder, content) == [
        f"{file}:3: workbook.date: '11-06-2026' is not a date: write it as YYYY-MM-DD, e.g. 2026-05-12",
        f"{file}:4: workbook.start: write the start time in quotes, e.g. \"13:30\" (unquoted, YAML reads it as a number)",
        f"{file}:5: workbook.durations.opening: write at least 1 minute, not 0",
        f"{file}:6: workbook.facilitator.naam: unknown key 'naam' (did you mean 'name'?)",
        f"{file}:6: workbook.facilitator.name: required key is missing: add 'name:' with its value",
    ]


def test_example_workbook_details_reach_the_template_view(content):
    view = load_org(EXAMPLE, content).view()
    assert view.name == "Wijkteam Lindendal" and view.logo_url == (EXAMPLE / "logo.svg").resolve().as_uri()
    assert str(view.workbook.date) == "2026-06-11" and view.workbook.start == datetime.time(9, 30)
    assert view.workbook.durations == {"opening": 25, "afronden": 20}
    assert view.workbook.facilitator.name == "Sanne de Wit"


# --- files: inside the profile folder only


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def test_missing_logo_names_the_path(tmp_path, content):
    folder = make_org(tmp_path, "name: X\nlogo: beeld/logo.svg\n")
    assert problems(folder, content) == [f"{folder / 'organisation.yaml'}:2: logo: logo not found: {folder / 'beeld' / 'logo.svg'}"]


@pytest.mark.parametrize("logo,message", [
    ("../logo.svg", "logo '../logo.svg' leaves the profile folder ('..'): keep the file inside it"),
    ("/etc/logo.svg", "logo '/etc/logo.svg' is an absolute path: give a path inside the profile folder"),
    ("logo.gif", "logo 'logo.gif' must be a file of type SVG, PNG, JPG or JPEG"),
    ("nep.png", "{folder}/nep.png is not a readable PNG image"),
])
def test_logo_outside_the_folder_or_of_another_kind_is_refused(tmp_path, content, logo, message):
    (tmp_path / "logo.svg").write_text(SVG)
    folder = make_org(tmp_path, f"name: X\nlogo: {logo}\n", {"logo.gif": b"GIF89a", "nep.png": SVG})
    assert problems(folder, content) == [f"{folder / 'organisation.yaml'}:2: logo: {message.format(folder=folder)}"]


def test_symlink_out_of_the_folder_is_refused(tmp_path, content):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "logo.svg").write_text(SVG)
    folder = make_org(tmp_path, "name: X\nlogo: logo.svg\n")
    os.symlink(outside / "logo.svg", folder / "logo.svg")
    os.symlink(outside, folder / "templates")
    found = problems(folder, content)
    assert found == [
        f"{folder / 'organisation.yaml'}:2: logo: logo 'logo.svg' resolves outside the profile folder (to {outside / 'logo.svg'}): copy the file into it",
        f"{folder / 'templates'}: resolves outside the profile folder (to {outside}): copy the templates into it",
    ]


def test_fonts_need_their_licence_inside_the_folder(tmp_path, content):
    font = (ROOT / "fonts" / "inter" / "Inter-Regular.otf").read_bytes()
    folder = make_org(tmp_path, """\
        name: X
        fonts:
          - family: Huisletter
            file: fonts/Huis.otf
            licence: fonts/OFL.txt
          - {family: Huisletter, file: ../Huis.otf, licence: OFL.txt, weight: 700}
        """, {"fonts/Huis.otf": font})
    file = folder / "organisation.yaml"
    assert problems(folder, content) == [
        f"{file}:5: fonts[0].licence: font licence not found: {folder / 'fonts' / 'OFL.txt'}",
        f"{file}:6: fonts[1].file: font '../Huis.otf' leaves the profile folder ('..'): keep the file inside it",
        f"{file}:6: fonts[1].licence: font licence not found: {folder / 'OFL.txt'}",
    ]


BUILTIN_TEMPLATES = ", ".join(sorted(p.name for p in (ROOT / "templates").glob("*.j2")))


def test_template_files_must_override_a_builtin_template(tmp_path, content):
    folder = make_org(tmp_path, "name: X\n", {"templates/card.html.j2": "x", "templates/_eigen.j2": "y"})
    assert problems(folder, content) == [
        f"{folder / 'templates' / 'card.html.j2'}: overrides no built-in template (did you mean 'cards.html.j2'?); "
        f"built-in: {BUILTIN_TEMPLATES} (name your own partials _*.j2)"]


def test_missing_profile_is_a_usage_error(tmp_path, content):
    with pytest.raises(UsageError, match="no organisation.yaml in"):
        load_org(tmp_path, content)
    with pytest.raises(UsageError, match="organisation folder not found"):
        load_org(tmp_path / "nergens", content)


def test_yaml_errors_in_the_profile_have_file_and_line(tmp_path, content):
    folder = make_org(tmp_path, "name: X\nexclude: [a\n")
    assert problems(folder, content)[0].startswith(f"{folder / 'organisation.yaml'}:3: YAML syntax error")


# --- the scaffold


def test_scaffold_loads_as_is_and_shows_every_key(tmp_path, content):
    written = init_org(tmp_path / "zh", 'Wijkteam "De Brug" & Zuiderhaven', CONTENT)
    assert [p.name for p in written] == ["organisation.yaml", "README.md"]
    org = load_org(tmp_path / "zh", content)
    assert (org.name, org.slug, org.decks) == ('Wijkteam "De Brug" & Zuiderhaven', "wijkteam-de-brug-zuiderhaven", list(content.decks))
    text = (tmp_path / "zh" / "organisation.yaml").read_text(encoding="utf-8")
    from deck.model.organisation import OrgFile

    for key in OrgFile.model_fields:
        assert f"\n{key}:" in text or f"\n# {key}:" in text, key


def uncomment_examples(text: str, skip: tuple[str, ...]) -> str:
    """The scaffold's commented example keys (a '# key:' line and its '#   ' lines), uncommented."""
    out, taking = [], False
    for line in text.splitlines():
        key = re.match(r"^# ([a-z_]+):", line)
        if key:
            taking = key.group(1) not in skip
            if taking:
                out.append(line[2:])
        elif taking and line.startswith("#   "):
            out.append(line[2:])
        else:
            taking = False
    return "\n".join(out) + "\n"


def test_scaffold_with_every_example_uncommented_is_valid(tmp_path, content):
    init_org(tmp_path / "zh", "Wijkteam Zuiderhaven", CONTENT)
    text = (tmp_path / "zh" / "organisation.yaml").read_text(encoding="utf-8")
    examples = uncomment_examples(text, skip=("logo", "fonts"))  # those name files the scaffold does not ship
    folder = make_org(tmp_path, "name: Wijkteam Zuiderhaven\n" + examples)
    org = load_org(folder, content)
    assert org.slug == "wijkteam-zuiderhaven" and org.exclude == {"stel-jezelf-voor"}
    assert [c.id for c in org.extra_cards["interviewvragen"]] == ["onze-wijk"]
    assert org.accent is not None and org.workbook.start == datetime.time(13, 30)
    deck = effective_deck(content, "interviewvragen", "nl", org).deck
    assert [c.id for c in deck.cards][:2] == ["zo-goed-gewerkt", "invalshoek"]
    assert deck.cards[1].text == "..." and deck.subtitle == "..."


def test_scaffold_refuses_to_overwrite_a_profile(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "lv")
    before = (tmp_path / "lv" / "organisation.yaml").read_text()
    with pytest.raises(UsageError, match="exists already: not overwriting"):
        init_org(tmp_path / "lv", "Iets Anders", CONTENT)
    assert (tmp_path / "lv" / "organisation.yaml").read_text() == before
    assert not (tmp_path / "lv" / "README.md").exists()


def test_shared_content_ignores_organisation_folders(content):
    assert (CONTENT / "orgs" / "voorbeeld" / "organisation.yaml").exists()
    assert all(CONTENT / "orgs" not in Path(f).parents for f in content.files)
