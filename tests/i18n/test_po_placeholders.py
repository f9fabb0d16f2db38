"""A translator's placeholder mistake in messages.po is named there (file, line, message), not as a template error."""

from __future__ import annotations

from click.testing import CliRunner

from deck.cli.main import main

SEITE = ("content/locales/en/messages.po:{line}: pagina %(page)s van %(pages)s: the translation has the placeholder "
         "%(seite)s, which the Dutch does not have; keep the placeholders of the Dutch as they are (%(page)s, %(pages)s)")


def _replace(content, old: str, new: str) -> int:
    """Replace the line ``old`` of messages.po; return the line of its msgid (the line before)."""
    po = content / "locales" / "en" / "messages.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(old + "\n")
    lines[index] = new + "\n"
    po.write_text("".join(lines), encoding="utf-8")
    return index  # 1-based line of the msgid above it


def test_unknown_placeholder_is_named_in_the_po_file_by_check_and_build(content_copy, monkeypatch, tmp_path):
    line = _replace(content_copy, 'msgstr "page %(page)s of %(pages)s"', 'msgstr "Seite %(seite)s von %(pages)s"')
    monkeypatch.chdir(content_copy.parent)
    check = CliRunner().invoke(main, ["i18n", "check", "--content", "content"])
    assert check.exit_code == 1
    assert check.output.splitlines() == [SEITE.format(line=line), "1 problem found."]

    build = CliRunner().invoke(main, ["build", "--content", "content", "--lang", "en", "--workbook-only",
                                      "--out", str(tmp_path / "out"), "-j", "1"])
    assert build.exit_code == 1
    assert SEITE.format(line=line) in build.output.splitlines()
    assert "template" not in build.output
    assert not (tmp_path / "out" / "en" / "workbook.pdf").exists()


def test_a_lone_percent_sign_is_named_with_what_to_write(content_copy, monkeypatch):
    line = _replace(content_copy, 'msgstr "Date"', 'msgstr "Da%te"')
    monkeypatch.chdir(content_copy.parent)
    check = CliRunner().invoke(main, ["i18n", "check", "--content", "content"])
    assert check.exit_code == 1
    assert check.output.splitlines() == [
        f"content/locales/en/messages.po:{line}: Datum: the translation cannot be filled in (unsupported format "
        "character 't' (0x74) at index 3): write %% for a percent sign", "1 problem found."]
