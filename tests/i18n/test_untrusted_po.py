"""PO files from translators: a charset other than UTF-8, bytes that lie about it, and invisible characters are file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from deck.cli.main import main

HEADER = '"Content-Type: text/plain; charset=utf-8\\n"'


def header_line(po: Path) -> int:
    return po.read_text(encoding="utf-8").splitlines().index(HEADER) + 1


def both(content: Path, out: Path):
    """`deck i18n check` and an English build of one deck: the results of each."""
    yield CliRunner().invoke(main, ["i18n", "check", "--content", str(content)])
    yield CliRunner().invoke(main, ["build", "--content", str(content), "--lang", "en", "--deck", "vuistregels",
                                    "--no-workbook", "--out", str(out), "-j", "1"])


@pytest.mark.parametrize("charset", ["foo-bar", "ISO-8859-1"])
def test_a_charset_other_than_utf8_is_a_file_line_error(content_copy: Path, tmp_path: Path, charset: str):
    """Unknown (Babel raised LookupError) or a real one: deck reads UTF-8 only, and says so at the header."""
    po = content_copy / "locales" / "en" / "content.po"
    line = header_line(po)
    po.write_text(po.read_text(encoding="utf-8").replace(HEADER, HEADER.replace("utf-8", charset)), encoding="utf-8")
    for result in both(content_copy, tmp_path / "out"):
        assert result.exit_code == 1, result.output
        assert f"{po}:{line}: the header declares charset={charset}; deck reads PO files as UTF-8: save the file as " \
               f"UTF-8 and write charset=UTF-8 in the header" in result.stderr.splitlines()
        assert "internal error" not in result.output and "Traceback" not in result.output


def test_latin1_bytes_under_a_utf8_header_are_a_file_line_error(content_copy: Path, tmp_path: Path):
    """The header lies: the bytes are Latin-1. No mojibake reaches a card."""
    po = content_copy / "locales" / "en" / "content.po"
    text = po.read_text(encoding="utf-8")
    target = 'msgstr "Talking about the essence of your profession"'
    line = text.splitlines().index(target) + 1
    po.write_bytes(text.replace(target, 'msgstr "Talking about the essence of your caf\u00e9"').encode("latin-1", "replace"))
    for result in both(content_copy, tmp_path / "out"):
        assert result.exit_code == 1, result.output
        assert f"{po}:{line}: not valid UTF-8 text (byte 0xe9); save the file as UTF-8" in result.stderr.splitlines()


def test_invisible_characters_in_a_translation_are_a_file_line_error(content_copy: Path, tmp_path: Path):
    po = content_copy / "locales" / "en" / "content.po"
    text = po.read_text(encoding="utf-8")
    target = 'msgstr "Talking about the essence of your profession"'
    po.write_text(text.replace(target, 'msgstr "Talking about\x07 the essence\x1b[2J of your profession"'),
                  encoding="utf-8")
    entry = text.splitlines().index(target)  # 1-based, the line above: the msgid, where Babel numbers the entry
    for result in both(content_copy, tmp_path / "out"):
        assert result.exit_code == 1, result.output
        assert (f"{po}:{entry}: content/title: invisible control character U+0007 in the translation; delete it"
                in result.stderr.splitlines()), result.stderr
