"""A profile that leaves out a card the workbook is built from is refused by `deck check`, naming the dependency."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from deck.cli.main import main

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_leaving_out_the_parts_card_names_the_workbook_line(tmp_path, monkeypatch):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text("name: Team X\nexclude: [stel-jezelf-voor, brede-opdracht]\n", encoding="utf-8")
    line = (CONTENT / "workbook.yaml").read_text(encoding="utf-8").splitlines().index("  parts_card: brede-opdracht") + 1
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["build", "--out", "out", "--workbook-only"]):
        result = CliRunner().invoke(main, command + ["--content", str(CONTENT), "--org", "org"])
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            "org/organisation.yaml:2: exclude[1]: card 'brede-opdracht' cannot be left out: the workbook's worksheet "
            f"takes its items as its columns ({CONTENT / 'workbook.yaml'}:{line}: rules.parts_card); keep the card and "
            "reword it instead, e.g. overrides: {brede-opdracht: {items: [...]}}",
            "1 problem found."]
    assert not Path("out").exists()
