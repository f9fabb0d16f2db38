"""Organisation builds: the example profile, the init-check-build path, template precedence and the sandbox."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from helpers import CONTENT, ROOT, embedded_families, make_org, org_with_templates, page_texts
from helpers import EXAMPLE_ORG as EXAMPLE
from helpers import cli as run

from deck.build.plan import Options
from deck.load.content import load_content

NAME = "Wijkteam Lindendal"
FOOTER = re.compile(r" · \d+/\d+$")


def fills(page: pikepdf.Page) -> set[tuple[float, ...]]:
    """Every CMYK fill colour set on a page."""
    return {tuple(float(Decimal(str(v))) for v in operands)
            for operands, op in pikepdf.parse_content_stream(page) if str(op) == "scn" and len(operands) == 4}


def test_example_outputs_land_under_the_slug_with_the_shared_file_names(example, built):
    # Besides the slug folder, only the build's hidden manifest (.deck-manifest.json).
    assert sorted(p.name for p in example.iterdir() if not p.name.startswith(".")) == ["wijkteam-lindendal"]
    folder = example / "wijkteam-lindendal" / "nl"
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in built.iterdir())


def test_example_backs_carry_the_name_and_logo(example):
    for deck in ("interviewvragen", "vuistregels", "lessen"):
        path = example / "wijkteam-lindendal" / "nl" / f"{deck}.print.pdf"
        texts = page_texts(path)
        backs = texts[1::2]
        assert backs and all(text.startswith(NAME) for text in backs), deck
        assert not any(text.startswith(NAME) for text in texts[0::2])  # fronts carry no org block
        with pikepdf.open(path) as pdf:
            # The SVG logo is rasterised for print and converted to CMYK: an image on every back, none on a front.
            for i, page in enumerate(pdf.pages):
                drawn = {str(ops[0]) for ops, op in pikepdf.parse_content_stream(page) if str(op) == "Do"}
                images = [x for name, x in page.Resources.get("/XObject", {}).items()
                          if name in drawn and x.get("/Subtype") == "/Image"]
                assert len(images) == (i % 2), (deck, i)
                for image in images:
                    assert image.ColorSpace == "/DeviceCMYK" and image.Width >= 1200


def test_example_cards_excluded_added_overridden_and_coloured(example, built):
    folder = example / "wijkteam-lindendal" / "nl"
    texts = page_texts(folder / "interviewvragen.print.pdf")
    assert len(texts) == len(page_texts(built / "interviewvragen.print.pdf"))  # one card out, one in
    fronts = texts[0::2]
    assert not any("Stel jezelf aan elkaar voor" in t for t in fronts)
    assert fronts[1] == ("INTERVIEWVRAGEN 2 Je vak – in onze eigen wijk. “Hier in Lindendal ...” Welk moment uit je werk in "
                         "Lindendal laat zien waar jouw vak om draait? Wat vraagt deze wijk van jou – en wat juist niet? "
                         "Eigen kaart van Wijkteam Lindendal Interviewvragen · 2/12")  # an own card says whose it is
    rules = page_texts(folder / "vuistregels.print.pdf")
    assert "De brede opdracht van Wijkteam Lindendal omvat vier onderdelen:" in rules[0]
    with pikepdf.open(folder / "interviewvragen.print.pdf") as pdf:
        assert (0.95, 0.35, 0.4, 0.15) in fills(pdf.pages[0])  # the band, in the profile's CMYK
        assert (0.95, 0.35, 0.4, 0.15) in fills(pdf.pages[1])  # the back
    with pikepdf.open(built / "interviewvragen.print.pdf") as pdf:
        assert (0.85, 0.45, 0.2, 0.15) in fills(pdf.pages[0])  # the shared colour elsewhere


def test_init_check_build_then_exclude_one_card(tmp_path):
    """The issue's 'done when', with one deck to keep it quick."""
    folder, out = tmp_path / "zuiderhaven", tmp_path / "output"
    result = run("init-org", folder, "--name", "Wijkteam Zuiderhaven", "--content", CONTENT)
    assert result.exit_code == 0, result.output
    result = run("check", "--content", CONTENT, "--org", folder)
    loaded = load_content(CONTENT)
    cards = sum(len(d.cards) for d in loaded.decks.values())
    expected = f"ok: Wijkteam Zuiderhaven: {len(loaded.decks)} decks, {cards} cards"
    assert result.exit_code == 0 and expected in result.output, result.output
    result = run("build", "--content", CONTENT, "--org", folder, "--out", out, "--deck", "vuistregels", "--no-workbook")
    assert result.exit_code == 0, result.output
    pdf = out / "wijkteam-zuiderhaven" / "nl" / "vuistregels.print.pdf"
    before = page_texts(pdf)
    assert len(before) == 12 and all(t.startswith("Wijkteam Zuiderhaven") for t in before[1::2])

    profile = folder / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\nexclude: [stel-de-vraag]\n", encoding="utf-8")
    result = run("build", "--content", CONTENT, "--org", folder, "--out", out, "--deck", "vuistregels", "--no-workbook")
    assert result.exit_code == 0, result.output
    after = page_texts(pdf)
    assert len(after) == len(before) - 2
    # Exactly that card's front and back are gone (the footers count 1/5 instead of 1/6, the numbers close up).
    band = re.compile(r"^VIJF VUISTREGELS VUISTREGEL (\d+) ")
    assert [band.sub("", FOOTER.sub("", t)) for t in after] == [band.sub("", FOOTER.sub("", t)) for t in before[:4] + before[6:]]
    assert [int(m.group(1)) for m in map(band.match, after[0::2]) if m] == [1, 2, 3, 4]
    assert "Stel de vraag" in before[4] and not any("Stel de vraag" in t for t in after)

    profile.write_text(profile.read_text(encoding="utf-8").replace("[stel-de-vraag]", "[geen-bestaande-kaart]"))
    result = run("check", "--content", CONTENT, "--org", folder)
    assert result.exit_code == 1
    assert "organisation.yaml:" in result.output and "exclude[0]: unknown card 'geen-bestaande-kaart'" in result.output
    assert "Traceback" not in result.output


def test_list_shows_the_effective_cards():
    import json

    result = run("list", "--content", CONTENT, "--org", EXAMPLE, "--json")
    assert result.exit_code == 0, result.output
    decks = {d["id"]: [c["id"] for c in d["cards"]] for d in json.loads(result.output)["decks"]}
    assert decks["interviewvragen"][:3] == ["invalshoek", "onze-wijk", "zo-goed-gewerkt"]
    assert "stel-jezelf-voor" not in decks["interviewvragen"]


def test_deck_outside_the_profile_is_a_usage_error(tmp_path):
    org = make_org(tmp_path, "name: X\ndecks: [lessen]\n")
    result = run("build", "--content", CONTENT, "--org", org, "--out", tmp_path / "o", "--deck", "vuistregels", "--no-workbook")
    assert result.exit_code == 2
    assert "unknown deck 'vuistregels' (decks: lessen)" in result.output


# --- organisation templates: precedence, one block, sandbox


def print_file(org: Path, target: Path) -> Path:
    """Make the organisation's print file of 'vuistregels' (the sheets are not needed here)."""
    from deck.build.make import make_output
    from deck.build.plan import Target
    from deck.load.content import load_content
    from deck.load.organisation import load_org

    content = load_content(CONTENT)
    make_output(content, Target("print", "nl", "vuistregels", target), Options(content=CONTENT, org=org),
                load_org(org, content))
    return target


def build_rules(tmp_path: Path, org: Path) -> list[str]:
    return page_texts(print_file(org, tmp_path / "vuistregels.print.pdf"))


def test_organisation_template_replaces_one_block_and_keeps_the_rest(tmp_path, built):
    org = org_with_templates(tmp_path, {"cards.html.j2": (
        '{% extends "builtin/cards.html.j2" %}\n'
        '{% block back %}<section class="card back"><div class="back-inner"><p>Achterkant van {{ org.name }}: {{ deck.title }}</p>'
        '</div></section>{% endblock %}\n')})
    texts = build_rules(tmp_path, org)
    assert texts[1::2] == [f"Achterkant van {NAME}: Vijf vuistregels"] * 6
    shared = page_texts(built / "vuistregels.print.pdf")
    # Fronts are the built-in block, untouched, apart from the profile's own wording of one card.
    assert texts[2::2] == shared[2::2]
    assert texts[0] == shared[0].replace("De brede opdracht van het wijkteam omvat", "De brede opdracht van Wijkteam Lindendal omvat")


def test_organisation_stylesheet_block_comes_before_the_builtin(tmp_path):
    org = org_with_templates(tmp_path, {"cards.css.j2": (
        '{% extends "builtin/cards.css.j2" %}\n{% block extra_css %}.back .org, .back .set { display: none; }{% endblock %}\n')})
    texts = build_rules(tmp_path, org)
    back = texts[1]
    assert NAME not in back and "IN GESPREK" not in back
    assert back.startswith("Vijf vuistregels De kortst denkbare richtlijn")  # the rest of the back is intact
    assert texts[0].startswith("VIJF VUISTREGELS De brede opdracht")


@pytest.mark.parametrize("trick,refused", [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ deck.parse_file('/etc/hostname') }}", "access to attribute 'parse_file' of 'Deck' object is unsafe"),
    ("{{ org.workbook.model_validate_json('{}') }}", "access to attribute 'model_validate_json' of 'OrgWorkbook' object is unsafe"),
])
def test_sandbox_refuses_attribute_tricks_in_an_organisation_template(tmp_path, trick, refused):
    org = org_with_templates(tmp_path, {"cards.html.j2": (
        '{% extends "builtin/cards.html.j2" %}\n{% block back %}\n<p>' + trick + '</p>\n{% endblock %}\n')})
    result = run("build", "--content", CONTENT, "--org", org, "--out", tmp_path / "out", "--deck", "vuistregels", "--no-workbook",
                 "--jobs", "1")
    assert result.exit_code == 1
    assert (f"{org / 'templates' / 'cards.html.j2'}:3: template error while rendering deck vuistregels: "
            f"refused by the template sandbox: {refused}; templates may only use") in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not (tmp_path / "out" / "wijkteam-lindendal" / "nl" / "vuistregels.print.pdf").exists()


def test_template_asking_for_a_file_outside_the_folders_fails_the_build(tmp_path):
    secret = tmp_path / "geheim.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    org = org_with_templates(tmp_path, {"cards.html.j2": (
        '{% extends "builtin/cards.html.j2" %}\n{% block back %}<section class="card back">'
        '<img src="' + secret.as_uri() + '"></section>{% endblock %}\n')})
    result = run("build", "--content", CONTENT, "--org", org, "--out", tmp_path / "out", "--deck", "vuistregels", "--no-workbook")
    assert result.exit_code == 1
    assert f"wijkteam-lindendal/nl/vuistregels: refused to load {secret.as_uri()}" in result.output


def test_organisation_fonts_come_first(tmp_path, built):
    org = org_with_templates(tmp_path, {})
    inter = ROOT / "fonts" / "inter"
    (org / "fonts").mkdir()
    shutil.copy(inter / "Inter-BoldItalic.otf", org / "fonts" / "Huisletter.otf")
    shutil.copy(inter / "OFL.txt", org / "fonts" / "OFL.txt")
    profile = org / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8")
                       + "\nfonts:\n  - {family: Huisletter, file: fonts/Huisletter.otf, licence: fonts/OFL.txt}\n")
    pdf = print_file(org, tmp_path / "vuistregels.print.pdf")
    # The profile's face (a copy of Inter Bold Italic under its own family name) sets the text.
    assert not any(f.startswith("Huisletter") for f in embedded_families(built / "vuistregels.print.pdf"))
    assert "Huisletter" in embedded_families(pdf)


def test_sandbox_closes_paths_and_pydantic_methods(content):
    from jinja2.sandbox import SecurityError

    from deck.render.environment import environment

    env = environment()
    for source, context in [("{{ p.read_text() }}", {"p": ROOT / "README.md"}),
                            ("{{ d.parse_file(f) }}", {"d": content.decks["lessen"], "f": str(ROOT / "README.md")})]:
        with pytest.raises(SecurityError):
            env.from_string(source).render(**context)
    assert env.from_string("{{ d.colour.css('screen') }} {{ d.cards[0].id }}").render(d=content.decks["lessen"]) \
        == "#2e5e3e verklaar-en-parkeer-niet"


def test_init_org_refuses_an_existing_profile_via_the_cli(tmp_path):
    folder = tmp_path / "lv"
    shutil.copytree(EXAMPLE, folder)
    result = run("init-org", folder, "--name", "Wijkteam Zuiderhaven", "--content", CONTENT)
    assert result.exit_code == 2
    assert f"{folder / 'organisation.yaml'} exists already: not overwriting a profile (edit it instead)" in result.output
    assert (folder / "organisation.yaml").read_text(encoding="utf-8") == (EXAMPLE / "organisation.yaml").read_text(encoding="utf-8")


def test_example_workbook_carries_the_organisation_and_its_teamdag(example):
    pages = page_texts(example / "wijkteam-lindendal" / "nl" / "workbook.pdf")
    cover = pages[0]
    assert cover.startswith(NAME)
    assert "Datum 11 juni 2026" in cover and "Plaats Buurthuis De Linde, Lindendal" in cover
    assert "Begeleiding Sanne de Wit, teamcoach" in cover
    assert NAME in pages[1]  # the colophon names the organisation's edition
    text = " ".join(pages)
    assert "Voorwoord Een dag lang staan we stil bij ons vak" in text
    # Start 09:30; the profile shortens the opening to 25 and the closing to 20 minutes.
    assert "09:30–09:55 Opening met het lied" in text
    assert "12:05–12:25 Afronden met een aanvulling" in text and "09:30–12:25 Totaal 175 min" in text
    assert "Hier in Lindendal" in text and "Stel jezelf aan elkaar voor" not in text
