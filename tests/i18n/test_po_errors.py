"""PO files: every syntax error msgfmt --check reports is a file:line problem, in `deck i18n check` and in the build."""

from __future__ import annotations

from click.testing import CliRunner

from deck.cli.main import main
from deck.i18n.posyntax import syntax_problems

UNCLOSED = ('content/locales/en/content.po:{line}: PO syntax error: the text in quotes is not closed on this line: '
            'end it with a " (continue a long text on the next line in quotes of its own)')


def _break_title(content) -> int:
    """Drop the closing quote of the interviewvragen title's translation; return its line."""
    po = content / "locales" / "en" / "content.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if text == 'msgstr "Interview questions"\n')
    lines[line] = 'msgstr "INTERVIEW QUESTIONS\n'
    po.write_text("".join(lines), encoding="utf-8")
    return line + 1


def test_i18n_check_reports_an_unclosed_string(content_copy, monkeypatch):
    line = _break_title(content_copy)
    monkeypatch.chdir(content_copy.parent)
    result = CliRunner().invoke(main, ["i18n", "check", "--content", "content"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [UNCLOSED.format(line=line), "1 problem found."]


def test_build_refuses_an_unclosed_string(content_copy, monkeypatch, tmp_path):
    line = _break_title(content_copy)
    monkeypatch.chdir(content_copy.parent)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--lang", "en", "--deck", "interviewvragen",
                                       "--no-workbook", "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    assert UNCLOSED.format(line=line) in result.output.splitlines()
    assert not list((tmp_path / "out").rglob("*.pdf"))


HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # lines 1-4


def _problems(body: str) -> list[str]:
    return [str(p) for p in syntax_problems(HEAD + body, "x.po")]


def test_every_msgfmt_syntax_error_is_named_with_its_line():
    assert _problems('msgid "a"\nmsgstr "b\\q"\n') == [
        "x.po:6: PO syntax error: '\\q' is not an escape gettext knows: inside quotes write \\\\ for a backslash, "
        "\\\" for a quote and \\n for a line break"]
    assert _problems('msgid "a"\nmsgstring "b"\n') == [
        'x.po:5: PO syntax error: msgid without msgstr: add a msgstr line after it (msgstr "" while untranslated)',
        "x.po:6: PO syntax error: unknown keyword 'msgstring' (did you mean 'msgstr'?): an entry has msgctxt, msgid, "
        "msgid_plural and msgstr lines, each followed by text in quotes"]
    assert _problems('msgid "a"\nmsgstr\n') == [
        'x.po:6: PO syntax error: msgstr needs its text in double quotes on the same line, e.g. msgstr ""']
    assert _problems('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n') == [
        "x.po:8: PO syntax error: msgstr[2] where msgstr[1] is due: number the plural forms 0, 1, 2 ... in order"]
    assert _problems('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n') == [
        "x.po:7: PO syntax error: an entry with msgid_plural has msgstr[0], msgstr[1] ... instead of msgstr"]
    assert _problems('msgid "a"\nmsgstr[0] "x"\n') == [
        'x.po:6: PO syntax error: msgstr[N] is only for entries with msgid_plural: write msgstr "..."']
    assert _problems('msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "c"\n') == [
        "x.po:10: PO syntax error: the same entry (msgctxt and msgid) as on line 6: keep one of the two"]
    assert _problems('msgid "a\\n"\nmsgstr "b"\n') == [
        "x.po:5: PO syntax error: msgid ends with a line break (\\n) and msgstr does not: make both end alike"]
    assert _problems('msgid "a"\nmsgstr "b"\nmsgstr "c"\n') == [
        "x.po:7: PO syntax error: a second msgstr in the same entry: an entry has one of each; start a new entry with msgid"]
    assert _problems('msgctxt "a"\nmsgstr "b"\n') == [
        "x.po:5: PO syntax error: msgctxt without a msgid after it: add the msgid line"]
    assert _problems('msgid "a"\nmsgstr "b"\n@@\n') == [
        "x.po:7: PO syntax error: unexpected '@': a line holds a keyword (msgid, msgstr ...) and text in double quotes, "
        "or starts with # as a comment"]
    # Obsolete entries and the earlier Dutch of a fuzzy entry are read too, as msgfmt reads them.
    assert _problems('#~ msgid "a"\n#~ msgstr "b\n') == [UNCLOSED.format(line=6).replace("content/locales/en/content.po", "x.po")]
    assert _problems('#, fuzzy\n#| msgid "old\nmsgid "a"\nmsgstr "b"\n') == [
        UNCLOSED.format(line=6).replace("content/locales/en/content.po", "x.po")]


def test_valid_po_syntax_passes():
    assert _problems('#: x\n#, fuzzy\n#| msgid "old"\nmsgctxt "k"\nmsgid ""\n"a"\nmsgstr "b \\" \\\\ \\t \\101"\n\n'
                     '"more text"\n\nmsgid "s"\nmsgid_plural "p"\nmsgstr[0] "x"\nmsgstr[1] "y"\n\n'
                     '#~ msgid "z"\n#~ msgstr "y"\n') == []


def test_line_separators_inside_strings_are_text(tmp_path):
    # Arabic in UTF-8 has the byte 0x85 (NEXT LINE in Latin-1); U+2028 is a line separator to str.splitlines().
    assert _problems('msgid "a"\nmsgstr "خمس قواعد عملية \u2028 \u0085"\n') == []
    from deck.i18n.catalog import read_catalog

    po = tmp_path / "ar.po"
    po.write_text(HEAD + 'msgid "Vijf vuistregels"\nmsgstr "خمس قواعد عملية"\n', encoding="utf-8")
    catalog, problems = read_catalog(po, "ar")
    assert problems == [] and catalog.get("Vijf vuistregels").string == "خمس قواعد عملية"
