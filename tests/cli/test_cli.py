"""The command line: exit codes, messages, list output, progress lines; one real build in a new process.

Builds other than the real one make their files with the stand-in output maker (helpers.fake_output).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pikepdf
from helpers import CONTENT, FAKE_FAIL, deck_env, set_text
from helpers import cli as run

from deck.cli.common import CARD_SIZES
from deck.load.content import load_content
from deck.model.sizes import CARD_SIZES as SIZES


def test_check_passes_on_the_shipped_content():
    result = run("check", "--content", str(CONTENT))
    assert result.exit_code == 0, result.output
    loaded = load_content(CONTENT)
    cards = sum(len(d.cards) for d in loaded.decks.values())
    assert f"ok: {len(loaded.decks)} decks, {cards} cards and the workbook" in result.output


def test_check_reports_yaml_syntax_error_with_file_and_line(content_copy):
    path = content_copy / "decks" / "lessen.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("    title: Professionaliteit")
    lines[at] = "    title: [Professionaliteit"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", "--content", str(content_copy))
    assert result.exit_code == 1
    assert f"{path}:{at + 2}: YAML syntax error" in result.output  # the unclosed list ends on the next line
    assert "Traceback" not in result.output


def test_missing_content_folder_is_a_usage_error(tmp_path):
    result = run("check", "--content", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert f"content folder {tmp_path / 'nowhere'} not found" in result.output


def test_list_json_shape():
    result = run("list", "--content", str(CONTENT), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["id"] for d in data["decks"]] == list(load_content(CONTENT).project.decks)  # content.yaml's order
    first = data["decks"][0]
    assert set(first) == {"id", "title", "cards"} and len(first["cards"]) == 12
    assert first["cards"][0] == {"id": "stel-jezelf-voor", "title": "Stel jezelf aan elkaar voor"}


def test_build_one_deck_with_progress_lines(tmp_path, fake_output):
    out = tmp_path / "out"
    result = run("build", "--content", str(CONTENT), "--out", str(out), "--deck", "vuistregels", "--no-workbook",
                 "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "nl").iterdir()) == ["vuistregels.print.pdf", "vuistregels.sheets.pdf"]
    lines = result.output.splitlines()
    for name in ("vuistregels.print.pdf", "vuistregels.sheets.pdf"):
        assert any(line.startswith("     built  ") and line.split()[1] == str(out / "nl" / name) for line in lines), lines
    again = run("build", "--content", str(CONTENT), "--out", str(out), "--deck", "vuistregels", "--no-workbook")
    assert [line.split()[:3] for line in again.output.splitlines()[:2]] == [
        ["up", "to", "date"], ["up", "to", "date"]], again.output


def test_unknown_deck_is_a_usage_error_with_suggestion(tmp_path):
    result = run("build", "--content", str(CONTENT), "--out", str(tmp_path), "--deck", "lesen", "--no-workbook")
    assert result.exit_code == 2
    assert "unknown deck 'lesen' (did you mean 'lessen'?)" in result.output


def test_out_that_is_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "file.pdf"
    target.write_text("x")
    result = run("build", "--content", str(CONTENT), "--out", str(target), "--no-workbook")
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output


def test_cli_choices_match_the_size_tables():
    assert set(CARD_SIZES) == set(SIZES)


def test_a_failing_card_fails_the_build_through_the_cli(content_copy, tmp_path, fake_output):
    set_text(content_copy, "vuistregels", "houd-koers", FAKE_FAIL)
    result = run("build", "--content", str(content_copy), "--out", str(tmp_path / "o"), "--deck", "vuistregels", "--no-workbook")
    assert result.exit_code == 1
    assert f"nl/vuistregels: card 'houd-koers': {FAKE_FAIL}" in result.output
    assert "Traceback" not in result.output


def test_help_does_not_import_weasyprint():
    code = "import sys; from deck.cli import main; assert 'weasyprint' not in sys.modules and 'pydantic' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env=deck_env())


def test_end_to_end_subprocess(tmp_path):
    # The real thing: `python -m deck build` lays out and writes both files of a deck.
    proc = subprocess.run([sys.executable, "-m", "deck", "build", "--content", str(CONTENT), "--out", str(tmp_path),
                           "--deck", "vuistregels", "--no-workbook"], capture_output=True, text=True, env=deck_env())
    assert proc.returncode == 0, proc.stderr
    with pikepdf.open(tmp_path / "nl" / "vuistregels.print.pdf") as pdf:
        assert len(pdf.pages) == 12
    with pikepdf.open(tmp_path / "nl" / "vuistregels.sheets.pdf") as pdf:
        assert len(pdf.pages) == 6
    assert (tmp_path / "nl" / "vuistregels.print.pdf").stat().st_size > 10_000


def test_print_shop_profile_can_be_chosen_and_must_be_cmyk(tmp_path):
    from PIL import ImageCms

    from deck.model.profile import DEFAULT_PROFILE

    own = tmp_path / "drukkerij-cmyk.icc"
    own.write_bytes(DEFAULT_PROFILE.icc.read_bytes())
    out = tmp_path / "out"
    result = run("build", "--content", str(CONTENT), "--out", str(out), "--deck", "vuistregels", "--no-workbook",
                 "--icc", str(own))
    assert result.exit_code == 0, result.output
    with pikepdf.open(out / "nl" / "vuistregels.print.pdf") as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes() == own.read_bytes()
    rgb = tmp_path / "srgb.icc"
    rgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    result = run("build", "--content", str(CONTENT), "--out", str(out), "--deck", "vuistregels", "--no-workbook",
                 "--icc", str(rgb))
    assert result.exit_code == 2
    assert "not a CMYK output profile" in result.output
