"""Incremental builds: the manifest skips unchanged outputs and rebuilds exactly those whose inputs changed.

Outputs are made by the stand-in output maker (helpers.fake_output): what is tested is which
outputs a build makes, not how they look.
"""

from __future__ import annotations

import shutil

import yaml
from helpers import pdf_text, set_card

from deck.build.manifest import MANIFEST_NAME, Hasher
from deck.build.pipeline import build
from deck.build.plan import Options, Target
from deck.load.content import load_content

DECKS = ("vuistregels", "interviewvragen")
ALL = {f"{d}.{kind}.pdf" for d in DECKS for kind in ("print", "sheets")}


def statuses(results) -> dict[str, str]:
    return {r.target.path.name: r.status for r in results}


def built(results) -> set[str]:
    return {name for name, status in statuses(results).items() if status == "built"}


def test_unchanged_build_is_up_to_date_and_one_changed_card_rebuilds_only_its_deck(content_copy, tmp_path, fake_output):
    out = tmp_path / "out"
    opts = Options(content=content_copy, out=out, decks=DECKS, workbook=False)
    assert built(build(opts)) == ALL
    assert (out / MANIFEST_NAME).is_file()
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "nl").iterdir()}

    again = build(opts)
    assert statuses(again) == dict.fromkeys(ALL, "up to date")
    assert {p.name: p.stat().st_mtime_ns for p in (out / "nl").iterdir()} == stamps  # not rewritten

    set_card(content_copy, "vuistregels", "maak-verbinding", title="Maak verbinding met de buurt")
    changed = build(opts)
    assert built(changed) == {"vuistregels.print.pdf", "vuistregels.sheets.pdf"}
    assert statuses(changed)["interviewvragen.print.pdf"] == "up to date"
    assert "Maak verbinding met de buurt" in pdf_text(out / "nl" / "vuistregels.print.pdf")


def test_force_missing_output_and_corrupt_manifest_rebuild(content_copy, tmp_path, fake_output):
    out = tmp_path / "out"
    opts = Options(content=content_copy, out=out, decks=("vuistregels",), workbook=False, jobs=1)
    build(opts)
    (out / "nl" / "vuistregels.sheets.pdf").unlink()
    assert built(build(opts)) == {"vuistregels.sheets.pdf"}

    (out / "nl" / "vuistregels.print.pdf").write_bytes(b"%PDF-1.7 not what we wrote")
    assert built(build(opts)) == {"vuistregels.print.pdf"}

    (out / MANIFEST_NAME).write_text("{ not json", encoding="utf-8")
    assert built(build(opts)) == {"vuistregels.print.pdf", "vuistregels.sheets.pdf"}
    assert statuses(build(opts)) == {"vuistregels.print.pdf": "up to date", "vuistregels.sheets.pdf": "up to date"}

    forced = build(Options(content=content_copy, out=out, decks=("vuistregels",), workbook=False, jobs=1, force=True))
    assert built(forced) == {"vuistregels.print.pdf", "vuistregels.sheets.pdf"}


def test_an_option_rebuilds_only_the_outputs_it_shapes(content_copy, tmp_path, fake_output):
    out = tmp_path / "out"
    build(Options(content=content_copy, out=out, decks=("vuistregels",), workbook=False, jobs=1))
    results = build(Options(content=content_copy, out=out, decks=("vuistregels",), workbook=False, jobs=1, paper="a3"))
    assert statuses(results) == {"vuistregels.print.pdf": "up to date", "vuistregels.sheets.pdf": "built"}


def _keys(content, opts, lang: str = "nl"):
    """Input hashes of every deck's print file and of the workbook (hashing reads the files afresh)."""
    targets = [Target("print", lang, d, opts.out / lang / f"{d}.print.pdf") for d in content.decks]
    targets.append(Target("workbook", lang, None, opts.out / lang / "workbook.pdf"))
    hasher = Hasher()
    return {t.deck or "workbook": hasher.key(content, t, opts) for t in targets}


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before if before[k] != after[k]}


def test_the_workbook_depends_on_every_deck_and_its_own_file(content_copy, tmp_path):
    opts = Options(content=content_copy, out=tmp_path / "out")
    content = load_content(content_copy)
    first = _keys(content, opts)

    set_card(content_copy, "lessen", "informele-netwerken", title="Verbind je aan informele netwerken in de wijk")
    second = _keys(content, opts)
    assert changed(first, second) == {"lessen", "workbook"}

    workbook = content_copy / "workbook.yaml"
    workbook.write_text((workbook.read_text(encoding="utf-8") if workbook.exists() else "") + "# changed\n", encoding="utf-8")
    assert changed(second, _keys(content, opts)) == {"workbook"}


def test_a_language_folder_is_an_input_of_that_language_only(content_copy, tmp_path):
    opts = Options(content=content_copy, out=tmp_path / "out")
    content = load_content(content_copy)
    nl, xx = _keys(content, opts), _keys(content, opts, "xx")
    (content_copy / "locales" / "xx").mkdir(parents=True)
    (content_copy / "locales" / "xx" / "notes.txt").write_text("vertaling\n", encoding="utf-8")
    assert changed(nl, _keys(content, opts)) == set()
    assert changed(xx, _keys(content, opts, "xx")) == set(xx)


def test_templates_are_inputs_of_every_output(content_copy, tmp_path, monkeypatch):
    import deck.paths

    templates = tmp_path / "templates"
    shutil.copytree(deck.paths.TEMPLATES, templates)
    monkeypatch.setattr(deck.paths, "TEMPLATES", templates)
    opts = Options(content=content_copy, out=tmp_path / "out")
    content = load_content(content_copy)
    before = _keys(content, opts)
    css = templates / "cards.css.j2"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert changed(before, _keys(content, opts)) == set(before)


def test_a_folder_deck_is_hashed_as_a_whole(content_copy, tmp_path):
    # A deck may be a folder of card files; changing one of them changes that deck's outputs only.
    folder = content_copy / "decks" / "vuistregels"
    folder.mkdir()
    data = yaml.safe_load((content_copy / "decks" / "vuistregels.yaml").read_text(encoding="utf-8"))
    cards = data.pop("cards")
    (content_copy / "decks" / "vuistregels.yaml").unlink()
    (folder / "deck.yaml").write_text(yaml.safe_dump({**data, "cards": cards[:3]}, allow_unicode=True), encoding="utf-8")
    (folder / "meer.yaml").write_text(yaml.safe_dump({"cards": cards[3:]}, allow_unicode=True), encoding="utf-8")
    opts = Options(content=content_copy, out=tmp_path / "out")
    content = load_content(content_copy)
    before = _keys(content, opts)
    (folder / "meer.yaml").write_text(yaml.safe_dump({"cards": cards[3:5]}, allow_unicode=True), encoding="utf-8")
    assert changed(before, _keys(content, opts)) == {"vuistregels", "workbook"}


def test_builds_saving_into_one_folder_at_once_keep_each_others_entries(tmp_path):
    # Two builds (e.g. two organisations) read the manifest, work, and save in turn: neither
    # may drop what the other recorded.
    import json

    from deck.build.manifest import Manifest

    out = tmp_path / "out"
    for name in ("a.pdf", "b.pdf"):
        (out / "nl").mkdir(parents=True, exist_ok=True)
        (out / "nl" / name).write_bytes(b"%PDF-1.7 " + name.encode())
    first, second = Manifest.load(out), Manifest.load(out)
    first.record(out / "nl" / "a.pdf", "key-a", 1.0)
    second.record(out / "nl" / "b.pdf", "key-b", 2.0)
    first.save()
    second.save()
    saved = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]
    assert {name: entry["key"] for name, entry in saved.items()} == {"nl/a.pdf": "key-a", "nl/b.pdf": "key-b"}
    assert Manifest.load(out).up_to_date(out / "nl" / "a.pdf", "key-a")
