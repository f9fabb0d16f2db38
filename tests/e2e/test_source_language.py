"""Content written in another language than Dutch builds in that language without --lang."""

from __future__ import annotations

import shutil

import pikepdf
import yaml
from click.testing import CliRunner

from deck.cli.main import main


def _english_source(content):
    """The content copy declared as written in English, with no translations beside it."""
    project = content / "content.yaml"
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data["language"] = "en"
    project.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.rmtree(content / "locales")


def test_build_defaults_to_the_content_language(content_copy, tmp_path):
    _english_source(content_copy)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(content_copy), "--out", str(out), "--deck", "vuistregels",
                                       "--no-workbook", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "en").iterdir()) == ["vuistregels.print.pdf", "vuistregels.sheets.pdf"]
    assert not (out / "nl").exists()
    with pikepdf.open(out / "en" / "vuistregels.print.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"


def test_preview_defaults_to_the_content_language(content_copy, tmp_path, monkeypatch):
    _english_source(content_copy)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preview", "vuistregels", "--content", str(content_copy), "--dpi", "30"])
    assert result.exit_code == 0, result.output
    assert "done: 13 PNG files in output/en/preview/vuistregels" in result.output
