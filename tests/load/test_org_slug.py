"""Organisation folder names: every script transliterated, no letters lost; `deck init-org --slug`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from deck.cli.main import main
from deck.load.content import load_content
from deck.load.organisation import load_org, slugify

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.mark.parametrize("name,slug", [
    ("Buurtteam Ærøskøbing-Noord", "buurtteam-aeroskobing-noord"),
    ("Ομάδα Γειτονιάς Αθήνας", "omada-geitonias-athenas"),
    ("Команда района Север", "komanda-raiona-sever"),
    ("Wijkteam Straße", "wijkteam-strasse"),
])
def test_names_in_any_script_are_transliterated(name, slug):
    assert slugify(name) == slug


def test_a_greek_profile_loads_and_builds_into_its_transliterated_folder(tmp_path):
    (tmp_path / "organisation.yaml").write_text("name: Ομάδα Γειτονιάς Αθήνας\n", encoding="utf-8")
    assert load_org(tmp_path, load_content(CONTENT)).slug == "omada-geitonias-athenas"


def test_init_org_writes_the_slug_it_is_given(tmp_path):
    folder = tmp_path / "aero"
    result = CliRunner().invoke(main, ["init-org", str(folder), "--name", "Buurtteam Ærøskøbing-Noord",
                                       "--slug", "aeroskobing", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert "\nslug: aeroskobing\n" in (folder / "organisation.yaml").read_text(encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--org", str(folder), "--content", str(CONTENT)])
    assert check.exit_code == 0, check.output
    assert "(output folder aeroskobing/)" in check.output


def test_init_org_without_slug_names_the_transliterated_folder(tmp_path):
    folder = tmp_path / "gr"
    result = CliRunner().invoke(main, ["init-org", str(folder), "--name", "Ομάδα Γειτονιάς Αθήνας", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    text = (folder / "organisation.yaml").read_text(encoding="utf-8")
    assert "# slug: omada-geitonias-athenas\n" in text
    assert "build into output/omada-geitonias-athenas/nl/" in text


def test_init_org_refuses_a_slug_that_is_no_folder_name(tmp_path):
    result = CliRunner().invoke(main, ["init-org", str(tmp_path / "x"), "--name", "Wijkteam Noord", "--slug", "Wijkteam Noord!",
                                       "--content", str(CONTENT)])
    assert result.exit_code == 2
    assert result.output.strip() == ("--slug 'Wijkteam Noord!' is not a folder name deck uses: write lowercase letters and "
                                     "digits joined by hyphens, e.g. --slug wijkteam-noord")
    assert not (tmp_path / "x").exists()
