"""Files deck reads from content, translations and profiles: only regular files inside their own folder, bounded.

Each leak test puts a secret outside every allowed folder, links it in, and checks that the
refusal names the linked file and that the secret reaches no message and no output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from untrusted import CONTENT, DECK, MARKER, ROOT, assert_nowhere, make_outside, small_content

from deck.cli.main import main
from deck.limits import MAX_CARDS_PER_DECK


def run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def link_error(link: Path, target: Path, folder: str = "the content folder") -> str:
    return f"{link}: is a link to {target}, outside {folder}; copy the file into {folder} instead"


def org_folder(base: Path, text: str | None = None) -> Path:
    """A minimal organisation profile folder."""
    folder = base / "org"
    folder.mkdir()
    (folder / "organisation.yaml").write_text(text or "name: Wijkteam Test\n", encoding="utf-8")
    return folder


# --- 2. links out of the content and organisation folders ------------------------------------------


def test_workbook_yaml_linked_out_of_the_content_folder_is_refused(content_copy: Path, tmp_path: Path):
    outside = make_outside(tmp_path)
    data = yaml.safe_load((content_copy / "workbook.yaml").read_text(encoding="utf-8"))
    data["title"] = MARKER  # printed on the cover, had the link been followed
    secret = outside / "workbook.yaml"
    secret.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (content_copy / "workbook.yaml").unlink()
    (content_copy / "workbook.yaml").symlink_to(secret)
    out = tmp_path / "out"
    for args in (["check"], ["build", "--workbook-only", "--out", out, "-j", "1"]):
        result = run(*args, "--content", content_copy)
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[0] == link_error(content_copy / "workbook.yaml", secret)
        assert_nowhere(result.output, folders=(out,))
    assert not out.exists()


@pytest.mark.parametrize("name", ["content.po", "messages.po"])
def test_translation_linked_out_of_the_content_folder_is_refused(content_copy: Path, tmp_path: Path, name: str):
    outside = make_outside(tmp_path)
    po = content_copy / "locales" / "en" / name
    secret = outside / name
    # Every translation replaced by the secret: any string the build used would print it.
    secret.write_text(po.read_text(encoding="utf-8").replace('msgstr "', f'msgstr "{MARKER} '), encoding="utf-8")
    po.unlink()
    po.symlink_to(secret)
    out = tmp_path / "out"
    for args in (["i18n", "check"], ["build", "--lang", "en", "--deck", "vuistregels", "--no-workbook", "--out", out,
                                     "-j", "1"]):
        result = run(*args, "--content", content_copy)
        assert result.exit_code == 1, result.output
        assert link_error(po, secret) in result.stderr.splitlines()
        assert_nowhere(result.output, folders=(out,))


def test_language_folder_linked_out_of_the_content_folder_is_refused(content_copy: Path, tmp_path: Path):
    outside = make_outside(tmp_path)
    shutil.copytree(content_copy / "locales" / "en", outside / "de")
    data = yaml.safe_load((outside / "de" / "language.yaml").read_text(encoding="utf-8"))
    data["name"] = MARKER
    (outside / "de" / "language.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (content_copy / "locales" / "de").symlink_to(outside / "de")
    out = tmp_path / "out"
    for args in (["i18n", "check"], ["i18n", "status"], ["build", "--lang", "de", "--out", out, "-j", "1"]):
        result = run(*args, "--content", content_copy)
        assert result.exit_code == 1, result.output
        refusals = [line for line in result.stderr.splitlines() if " is a link to " in line]
        assert refusals, result.output  # each command reads another file of the folder first; all are refused
        for name in ("language.yaml", "content.po", "messages.po"):
            link_line = link_error(content_copy / "locales" / "de" / name, outside / "de" / name)
            assert link_line in refusals or not any(line.startswith(f"{content_copy / 'locales' / 'de' / name}:")
                                                    for line in refusals)
        assert_nowhere(result.output, folders=(out,))


def test_language_yaml_linked_out_is_refused_unread(content_copy: Path, tmp_path: Path):
    """Its keys were echoed in error messages ("unknown field 'SECRET…'"): now it is not even parsed."""
    outside = make_outside(tmp_path)
    link = content_copy / "locales" / "en" / "language.yaml"
    link.unlink()
    link.symlink_to(outside / "secret.yaml")
    result = run("i18n", "check", "--content", content_copy)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [link_error(link, outside / "secret.yaml"), "1 problem found."]
    assert_nowhere(result.output)


def test_organisation_yaml_linked_out_of_its_folder_is_refused_unread(tmp_path: Path):
    outside = make_outside(tmp_path)
    org = org_folder(tmp_path)
    (org / "organisation.yaml").unlink()
    (org / "organisation.yaml").symlink_to(outside / "secret.yaml")
    result = run("check", "--content", CONTENT, "--org", org)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [link_error(org / "organisation.yaml", outside / "secret.yaml",
                                                     "the organisation folder"), "1 problem found."]
    assert_nowhere(result.output)


@pytest.mark.parametrize("where", ["../../../outside/font.otf", "absolute"])
def test_language_font_outside_the_content_folder_is_refused(content_copy: Path, tmp_path: Path, where: str):
    outside = make_outside(tmp_path)
    shutil.copy(ROOT / "fonts" / "inter" / "Inter-Regular.otf", outside / "font.otf")
    name = str(outside / "font.otf") if where == "absolute" else where
    language = content_copy / "locales" / "en" / "language.yaml"
    text = language.read_text(encoding="utf-8")
    language.write_text(text.replace("file: inter/Inter-Regular.otf", f"file: {name}"), encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if "inter/Inter-Regular.otf" in x)) + 1
    result = run("i18n", "check", "--content", content_copy)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{language}:{line}: fonts[0].faces[0].file: font file '{name}' lies outside the content folder "
        f"(it is {outside / 'font.otf'}): copy it into {content_copy / 'locales' / 'en'}")


def test_organisation_template_linked_out_is_refused_when_rendered(content_copy: Path, tmp_path: Path):
    """Checked when loaded too: a template that becomes a link after `deck check` still cannot be read."""
    from deck.errors import BuildError
    from deck.render.environment import environment, render_template

    outside = make_outside(tmp_path)
    (outside / "part.j2").write_text(MARKER)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "cards.html.j2").write_text('<p>{% include "_part.j2" %}</p>')
    (templates / "_part.j2").symlink_to(outside / "part.j2")
    with pytest.raises(BuildError) as caught:
        render_template(environment(overrides=templates), "cards.html.j2", {}, "deck lessen")
    message = str(caught.value)
    assert link_error(templates / "_part.j2", outside / "part.j2", "the organisation's templates folder") in message
    assert_nowhere(message)


# --- 6. only regular files are read: FIFOs and devices never block ----------------------------------


def test_fifo_and_device_translations_are_refused_without_blocking(content_copy: Path, tmp_path: Path):
    po = content_copy / "locales" / "en" / "content.po"
    po.unlink()
    os.mkfifo(po)  # reading it would wait for a writer for ever
    zero = content_copy / "locales" / "en" / "messages.po"
    zero.unlink()
    zero.symlink_to("/dev/zero")  # never ends; also outside the content folder
    done = subprocess.run([*DECK, "i18n", "check", "--content", str(content_copy)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [  # paths relative to the working folder, as users see them
        f"{po.relative_to(tmp_path)}: is not a regular file (a folder, pipe or device); give an ordinary file",
        link_error(zero.relative_to(tmp_path), Path("/dev/zero")), "2 problems found."]


# --- 13. total limits ---------------------------------------------------------------------------------


def folder_deck(content: Path, files: int, cards_per_file: int, text: str = "Een vraag.") -> None:
    """Replace deck 'lessen' by a folder deck of ``files`` card files."""
    data = yaml.safe_load((content / "decks" / "lessen.yaml").read_text(encoding="utf-8"))
    (content / "decks" / "lessen.yaml").unlink()
    folder = content / "decks" / "lessen"
    folder.mkdir()
    head = {k: v for k, v in data.items() if k != "cards"}
    head["cards"] = data["cards"]
    (folder / "deck.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), encoding="utf-8")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the same YAML; libyaml writes long texts far faster
    for f in range(files):
        cards = [{"id": f"k{f}-{c}", "title": f"Kaart {f}-{c}", "text": text} for c in range(cards_per_file)]
        (folder / f"part-{f:05d}.yaml").write_text(yaml.dump({"cards": cards}, Dumper=dumper), encoding="utf-8")


def test_a_deck_of_many_small_files_is_capped_in_cards(content_copy: Path):
    folder_deck(content_copy, files=210, cards_per_file=10)  # each file tiny, 2,100 cards together
    result = run("check", "--content", content_copy)
    assert result.exit_code == 1
    deck_yaml = content_copy / "decks" / "lessen" / "deck.yaml"
    assert any(line.startswith(f"{deck_yaml}:") and "cards: " in line and f"over the limit of {MAX_CARDS_PER_DECK:,} per deck" in line
               for line in result.stderr.splitlines()), result.stderr


def test_a_content_folder_of_many_files_is_capped_in_bytes_before_reading(content_copy: Path):
    folder_deck(content_copy, files=12, cards_per_file=1, text="x" * 600_000)  # 12 files under 1 MB, 7 MB together
    result = run("check", "--content", content_copy)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{content_copy}: the YAML files hold ")
    assert result.stderr.splitlines()[0].endswith("bytes together, over the limit of 5,000,000; split the content "
                                                  "into several folders")


def test_a_huge_po_file_is_refused_unread(content_copy: Path):
    po = content_copy / "locales" / "en" / "content.po"
    with open(po, "a", encoding="utf-8") as fh:
        fh.write("# " + "x" * 5_000_000 + "\n")
    result = run("i18n", "check", "--content", content_copy)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{po}: is over 5,000,000 bytes, the most a PO file may be",
                                          "1 problem found."]


def test_init_org_refuses_the_content_folder(content_copy: Path):
    before = sorted(p.name for p in content_copy.iterdir())
    result = run("init-org", content_copy, "--name", "Wijkteam Test", "--content", content_copy)
    assert result.exit_code == 2
    assert f"{content_copy} is the content folder" in result.stderr
    assert sorted(p.name for p in content_copy.iterdir()) == before
    result = run("init-org", content_copy / "decks" / "mine", "--name", "Wijkteam Test", "--content", content_copy)
    assert result.exit_code == 2
    assert not (content_copy / "decks" / "mine").exists()


@pytest.mark.parametrize("damage", ["not a font", "truncated"])
def test_broken_organisation_font_files_are_reported(tmp_path: Path, damage: str):
    org = org_folder(tmp_path, "name: Wijkteam Test\nfonts:\n  - family: Huisletter\n    file: huis.ttf\n"
                               "    licence: OFL.txt\n")
    (org / "OFL.txt").write_text("licence")
    font = (ROOT / "fonts" / "noto-sans-arabic" / "NotoSansArabic-Regular.ttf").read_bytes()
    (org / "huis.ttf").write_bytes(b"<html>not a font</html>" if damage == "not a font" else font[:2000])
    result = run("check", "--content", CONTENT, "--org", org)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{org / 'organisation.yaml'}:4: fonts[0].file: {org / 'huis.ttf'} is not a font deck can use (damaged, or not "
        f"an OpenType, TrueType or WOFF font); use the font file as its maker publishes it", "1 problem found."]


def test_the_same_font_file_whole_is_accepted(tmp_path: Path):
    org = org_folder(tmp_path, "name: Wijkteam Test\nfonts:\n  - family: Huisletter\n    file: huis.ttf\n"
                               "    licence: OFL.txt\n")
    (org / "OFL.txt").write_text("licence")
    shutil.copy(ROOT / "fonts" / "noto-sans-arabic" / "NotoSansArabic-Regular.ttf", org / "huis.ttf")
    result = run("check", "--content", CONTENT, "--org", org)
    assert result.exit_code == 0, result.output


def test_small_content_helper_builds_a_valid_set(tmp_path: Path):
    """The reduced content the hostile-run tests start from is itself valid."""
    content = small_content(tmp_path / "content")
    assert run("check", "--content", content).exit_code == 0
