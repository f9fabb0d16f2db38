"""One build for an umbrella body's organisations: one pool, per-organisation folders and summaries."""

from __future__ import annotations

import shutil

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner
from conftest import CONTENT

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.cli.main import main

DECK = "vuistregels"


def _profile(root, folder: str, name: str):
    dest = root / folder
    shutil.copytree(CONTENT / "orgs" / "voorbeeld", dest)
    text = (dest / "organisation.yaml").read_text(encoding="utf-8")
    lines = [f"name: {name}" if line.startswith("name:") else line for line in text.splitlines()]
    (dest / "organisation.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def umbrella(tmp_path_factory):
    root = tmp_path_factory.mktemp("umbrella")
    orgs = root / "orgs"
    _profile(orgs, "noord", "Buurtteam Noord")
    _profile(orgs, "zuid", "Buurtteam Zuid")
    broken = _profile(orgs, "kapot", "Buurtteam Kapot")
    (broken / "organisation.yaml").write_text((broken / "organisation.yaml").read_text(encoding="utf-8")
                                              + "colours: 12\n", encoding="utf-8")
    return root, orgs


def _snapshot(path):
    """Page count, boxes and text of a PDF: what must be equal between one build and separate ones."""
    with pikepdf.open(path) as pdf:
        boxes = [tuple(round(float(v), 3) for v in page.obj.get("/TrimBox", page.MediaBox)) for page in pdf.pages]
    texts = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    return len(boxes), boxes, texts


def test_several_organisations_build_into_their_own_folders_with_a_summary(umbrella):
    root, orgs = umbrella
    out = root / "together"
    run = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--org", str(orgs / "noord"),
                                    "--org", str(orgs / "zuid"), "--out", str(out), "--deck", DECK, "--no-workbook"])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert "Buurtteam Noord: 2 built, 0 up to date" in lines
    assert "Buurtteam Zuid: 2 built, 0 up to date" in lines
    for slug in ("buurtteam-noord", "buurtteam-zuid"):
        assert sorted(p.name for p in (out / slug / "nl").glob("*.pdf")) == [f"{DECK}.print.pdf", f"{DECK}.sheets.pdf"]
    # The same as building each organisation on its own: text, boxes and page counts.
    for folder, slug in ((orgs / "noord", "buurtteam-noord"), (orgs / "zuid", "buurtteam-zuid")):
        alone = root / f"alone-{slug}"
        build(Options(content=CONTENT, org=folder, out=alone, decks=(DECK,), workbook=False))
        for kind in ("print", "sheets"):
            name = f"{DECK}.{kind}.pdf"
            assert _snapshot(out / slug / "nl" / name) == _snapshot(alone / slug / "nl" / name)


def test_a_failing_organisation_does_not_stop_the_others(umbrella):
    root, orgs = umbrella
    out = root / "glob"
    run = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--org", str(orgs / "*"), "--out", str(out),
                                    "--deck", DECK, "--no-workbook"])
    assert run.exit_code == 1
    lines = run.output.splitlines()
    assert any(line.endswith("organisation.yaml:48: duplicate key 'colours' (first given on line 8)")
               or "duplicate key 'colours'" in line for line in lines)
    # The summary closes the output: one line per organisation, the failed one with its first message.
    summary = lines[-3:]
    assert sorted(summary[:2]) == ["Buurtteam Noord: 2 built, 0 up to date", "Buurtteam Zuid: 2 built, 0 up to date"]
    assert summary[2].startswith(f"{orgs / 'kapot'}: failed: ") and "duplicate key 'colours'" in summary[2]
    assert (out / "buurtteam-noord" / "nl" / f"{DECK}.print.pdf").is_file()
    assert (out / "buurtteam-zuid" / "nl" / f"{DECK}.sheets.pdf").is_file()
    assert not (out / "buurtteam-kapot").exists()


def test_a_glob_that_matches_no_profile_is_a_usage_error(tmp_path):
    run = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--org", str(tmp_path / "none-*"),
                                    "--out", str(tmp_path / "out")])
    assert run.exit_code == 2
    assert f"--org {tmp_path / 'none-*'}: no folder with an organisation.yaml matches" in run.output
