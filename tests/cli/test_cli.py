"""The command line end to end: exit codes, messages, list output, build files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner
from conftest import CONTENT, ROOT

from deck.cli.common import CARD_SIZES, PAPERS
from deck.cli.main import main
from deck.model.sizes import CARD_SIZES as SIZES
from deck.model.sizes import PAPERS as PAPER_SIZES


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_passes_on_the_shipped_content():
    result = run("check", "--content", str(CONTENT))
    assert result.exit_code == 0, result.output
    assert "ok: 8 decks, 61 cards" in result.output


def test_check_reports_yaml_syntax_error_with_file_and_line(content_copy):
    path = content_copy / "decks" / "lessen.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[20] == "    title: Professionaliteit"
    lines[20] = "    title: [Professionaliteit"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", "--content", str(content_copy))
    assert result.exit_code == 1
    assert f"{path}:22: YAML syntax error" in result.output
    assert "Traceback" not in result.output


def test_missing_content_folder_is_a_usage_error(tmp_path):
    result = run("check", "--content", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert f"content folder {tmp_path / 'nowhere'} not found" in result.output


def test_list_json_shape():
    result = run("list", "--content", str(CONTENT), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["id"] for d in data["decks"]] == ["interviewvragen", "vuistregels", "lessen", "kwesties", "samenwerking-informeel",
                                               "participatiespectrum", "transformatief-leren", "waarden"]
    first = data["decks"][0]
    assert set(first) == {"id", "title", "cards"} and len(first["cards"]) == 12
    assert first["cards"][0] == {"id": "stel-jezelf-voor", "title": "Stel jezelf aan elkaar voor"}


def test_build_one_deck_with_progress_lines(tmp_path):
    out = tmp_path / "out"
    result = run("build", "--content", str(CONTENT), "--out", str(out), "--deck", "vuistregels", "--no-workbook")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "nl").iterdir()) == ["vuistregels.print.pdf", "vuistregels.sheets.pdf"]
    assert "built" in result.output and "vuistregels.print.pdf" in result.output


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
    assert set(CARD_SIZES) == set(SIZES) and set(PAPERS) == set(PAPER_SIZES)


def test_too_long_card_fails_the_build_through_the_cli(content_copy, tmp_path):
    from helpers import set_text

    set_text(content_copy, "vuistregels", "houd-koers", "lang " * 900)
    result = run("build", "--content", str(content_copy), "--out", str(tmp_path / "o"), "--deck", "vuistregels", "--no-workbook")
    assert result.exit_code == 1
    assert "nl/vuistregels: card 'houd-koers': text" in result.output


def test_help_does_not_import_weasyprint():
    code = "import sys; from deck.cli import main; assert 'weasyprint' not in sys.modules and 'pydantic' not in sys.modules"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_end_to_end_subprocess(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "deck", "build", "--content", str(CONTENT), "--out", str(tmp_path),
                           "--deck", "lessen", "--no-workbook"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "nl" / "lessen.print.pdf").stat().st_size > 10_000


def test_print_shop_profile_can_be_chosen_and_must_be_cmyk(tmp_path):
    import pikepdf
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
