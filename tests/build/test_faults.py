"""Faults: hostile or mangled YAML, unusable --out, interrupted builds — always a clear message, never a lost file.

Interrupted builds run with the stand-in output maker (helpers.fake_output), whose writes can be made slow.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from helpers import CONTENT, FAKE_SLOW_WRITE, deck_env, fake_deck_command, set_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deck.cli.main import main


def check(content: Path):
    """Run `deck check` the way a user would; return (exit code, stderr lines)."""
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    return result.exit_code, result.stderr.splitlines(), result


def only_problem(content: Path, file: str) -> str:
    """The single problem `deck check` reports, which must be about ``file``; returns the message after file:line."""
    code, lines, result = check(content)
    assert code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert lines[-1] == "1 problem found.", lines
    assert lines[0].startswith(str(content / file)), lines
    return lines[0][len(str(content / file)):]


# --- hostile YAML ------------------------------------------------------------------------------


def alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused(content_copy: Path):
    """A billion laughs (10^9 values from nine lines) is refused, not expanded."""
    (content_copy / "decks" / "lessen.yaml").write_text(alias_bomb())
    assert only_problem(content_copy, "decks/lessen.yaml") == (  # a4 is the first to expand past the bound
        ":5: more than 50,000 values once the aliases (*name) in it are expanded; "
        "write the values out instead of repeating aliases")


def test_self_referencing_alias_is_refused(content_copy: Path):
    (content_copy / "decks" / "lessen.yaml").write_text("id: lessen\ncards: &c\n  - *c\n")
    assert only_problem(content_copy, "decks/lessen.yaml") == (
        ":2: this list or mapping contains an alias (*name) to itself, an endless loop; remove the alias")


@pytest.mark.parametrize("text, line", [
    ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1),
    ("".join("  " * i + f"k{i}:\n" for i in range(500)), 40),
])
def test_deep_nesting_is_refused(content_copy: Path, text: str, line: int):
    (content_copy / "decks" / "lessen.yaml").write_text(text)
    assert only_problem(content_copy, "decks/lessen.yaml") == (
        f":{line}: nested more than 40 levels deep; content files need only a few levels")


def test_oversized_file_is_refused_unread(content_copy: Path):
    with open(content_copy / "decks" / "lessen.yaml", "w") as fh:
        fh.write("id: lessen\ntitle: " + "x" * 1_000_000 + "\n")
    assert only_problem(content_copy, "decks/lessen.yaml") == (
        ": file is over 1,000,000 bytes, the most a content file may be; split it (a deck can be a folder of several files)")


def test_too_many_values_are_refused(content_copy: Path):
    (content_copy / "decks" / "lessen.yaml").write_text("".join(f"k{i}: v\n" for i in range(30_000)))
    assert only_problem(content_copy, "decks/lessen.yaml") == (
        ":25000: more than 50,000 values; content files have far fewer, so split the file (a deck can be a folder of files)")


def test_fifo_and_device_links_are_refused_without_blocking(content_copy: Path):
    (content_copy / "decks" / "lessen.yaml").unlink()
    os.mkfifo(content_copy / "decks" / "lessen.yaml")
    assert only_problem(content_copy, "decks/lessen.yaml") == (
        ": is not a regular file; content files must be ordinary text files")


def test_link_out_of_the_content_folder_is_refused(content_copy: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text((content_copy / "decks" / "lessen.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (content_copy / "decks" / "lessen.yaml").unlink()
    (content_copy / "decks" / "lessen.yaml").symlink_to(elsewhere)
    assert only_problem(content_copy, "decks/lessen.yaml") == (
        f": is a link to {elsewhere}, outside the content folder; copy the file into the content folder instead")


@pytest.mark.parametrize("data, expected", [
    (b"id: lessen\x00\n", ":1: invisible control character U+0000 at column 11; delete it "
                          "(it often comes from copying text out of another program)"),
    (b"id: lessen\ntitle: caf\xe9\n", ":2: not valid UTF-8 text (byte 0xe9 at column 11); save the file as UTF-8"),
    (b"\xff\xfei\x00d\x00", ":1: not valid UTF-8 text (byte 0xff at column 1); save the file as UTF-8"),
    (b'id: lessen\ntitle: "a\\x01b"\n', ":2: invisible control character U+0001 in this value; delete it"),
    (b'id: lessen\ntitle: "\\ud800"\n', ":2: invisible control character U+D800 in this value; delete it"),
    (b"id: lessen\nyear: !!int twintig\n", ":2: 'twintig' is not a valid int; remove the tag (!...)"),
    (b"id: lessen\nyear: 2024-13-45\n", ":2: '2024-13-45' is not a date that exists (YYYY-MM-DD, month 1-12): check the "
                                      "month and day; put the value in quotes if it is text"),
    (b"id: !!python/object/apply:os.system\n",
     ":1: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'; "
     "remove the tag (!...)"),
    (b"id: !!python/object/apply:os.system [id]\n", ":1: unknown tag '!!python/object/apply:os.system'; remove it"),
    (b"id: !kaart {a: 1}\n", ":1: unknown tag '!kaart'; remove it"),
    (b"id: lessen\ntitle: !!binary AAEC\n", ":2: binary values (!!binary) are not supported; write the text itself"),
    (b"id: lessen\nid: lessen\n", ":2: duplicate key 'id' (first given on line 1)"),
    (b"id: lessen\ntitle:\n\t- x\n", ":3: YAML syntax error: found character '\\t' that cannot start any token: "
                                     "a tab character; use spaces, not tabs, to indent"),
    (b"id: lessen\ntitle: Les: een\n", ":2: YAML syntax error: mapping values are not allowed here: a ': ' in the "
                                       "middle of a value, or a line indented too far; put the whole value in quotes "
                                       "(\"...\"), or fix the indentation"),
    (b"id: lessen\ntitle 'x'\nsubtitle: y\n", ":2: YAML syntax error: could not find expected ':': this line is "
                                              "neither 'key: value' nor '- item'; add the missing ':', or if it "
                                              "continues the text above, indent it under its key"),
    (b"id: lessen\ntitle: 'Negen\nsubtitle: y\n", ":2: YAML syntax error: found unexpected end of stream: a quote "
                                                  "opened here is never closed; add the closing quote"),
    (b"id: lessen\ntitle: *ster\n", ":2: YAML syntax error: found undefined alias 'ster': '*' starts a reference to "
                                    "an anchor (&name) that does not exist; if you meant a '*', put the whole value "
                                    "in quotes"),
    (b"id: lessen\ncolour:\n  rgb: x\n cmyk: y\n", ":4: YAML syntax error: expected <block end>, but found "
                                                   "'<block mapping start>': the indentation of this line does not "
                                                   "match the lines around it; line it up with the keys or items it "
                                                   "belongs with"),
    (b"- lessen\n- kaarten\n", ":1: expected keys (id, title, subtitle, number_label, ...), each as 'key: value', not a list"),
    (b"", ":1: is empty: write its keys (id, title, subtitle, number_label, ...), each as 'key: value'"),
])
def test_mangled_or_hostile_yaml_names_file_line_and_fix(content_copy: Path, data: bytes, expected: str):
    (content_copy / "decks" / "lessen.yaml").write_bytes(data)
    assert only_problem(content_copy, "decks/lessen.yaml") == expected


def test_byte_order_mark_is_accepted(content_copy: Path):
    path = content_copy / "decks" / "lessen.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, lines, result = check(content_copy)
    assert code == 0, result.output


def test_weird_but_parsable_structures_are_located_problems(content_copy: Path):
    """Lists where mappings belong, strings for cards, numbers for ids, nulls: problems, not crashes."""
    path = content_copy / "decks" / "lessen.yaml"
    head = path.read_text(encoding="utf-8").split("\ncards:")[0]
    path.write_text(head + "\ncards: [kaart, 7, null, {id: 12}, {id: kaart, title: null}]\n", encoding="utf-8")
    at = head.count("\n") + 2  # the line of "cards:"
    code, lines, result = check(content_copy)
    assert code == 1 and "Traceback" not in result.output
    file = str(path)
    keys = "expected keys (id, number, section, title, ...) on the lines below, indented, each as 'key: value'"
    assert f"{file}:{at}: cards[0]: {keys}, not 'kaart'" in lines
    assert f"{file}:{at}: cards[1]: {keys}, not 7" in lines
    assert f"{file}:{at}: cards[2]: is empty: write its keys (id, number, section, title, ...) on the lines below, indented" in lines
    assert f"{file}:{at}: cards[3].id: expected text, got 12; put it in quotes if it is meant as text" in lines
    assert lines[-1] == "4 problems found."  # no "unknown deck 'lessen'" from content.yaml on top


@pytest.mark.parametrize("head, extra, expected", [
    (b"- a\n- b\n", None, "decks/lessen/deck.yaml:1: expected keys (id, title, subtitle, number_label, ...), each as "
                           "'key: value', not a list"),
    (b"id: lessen\ncards: 5\n", None, "decks/lessen/deck.yaml:2: cards: write a list, each item on its own line starting "
                                      "with '- ' (or in brackets, e.g. [a, b]), not 5"),
    (b"id: lessen\ncards: []\n", b"- a\n", "decks/lessen/more.yaml:1: a card file in a deck folder holds only a 'cards:' list"),
    (b"id: lessen\ncards: []\n", None, "decks/lessen/deck.yaml:2: cards: needs at least 1 item, got none: write each "
                                       "on its own line starting with '- '"),
])
def test_weird_deck_folders_are_located_problems(content_copy: Path, head: bytes, extra, expected: str):
    (content_copy / "decks" / "lessen.yaml").unlink()
    folder = content_copy / "decks" / "lessen"
    folder.mkdir()
    (folder / "deck.yaml").write_bytes(head)
    if extra is not None:
        (folder / "more.yaml").write_bytes(extra)
    code, lines, result = check(content_copy)
    assert code == 1 and "Traceback" not in result.output and "internal error" not in result.output
    assert f"{content_copy}/{expected}" in lines, lines


# --- mangled real content (property-based) -----------------------------------------------------

FILES = sorted(p.relative_to(CONTENT) for p in CONTENT.rglob("*.yaml"))
PROBLEM = re.compile(r"^\S[^:]*\.yaml:\d+: .+$")

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.integers(0, 200)),
    st.tuples(st.just("tab"), st.integers(0, 10_000), st.integers(0, 200)),
    st.tuples(st.just("colon"), st.integers(0, 10_000), st.integers(0, 200)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.integers(0, 200), st.text(min_size=1, max_size=4)),
    st.tuples(st.just("bytes"), st.integers(0, 10_000), st.integers(0, 200), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("indent"), st.integers(0, 10_000), st.integers(1, 3)),
)


def mutate(data: bytes, steps) -> bytes:
    lines = data.split(b"\n")
    for step in steps:
        kind, i = step[0], step[1] % len(lines)
        line = lines[i]
        at = step[2] % (len(line) + 1) if len(step) > 2 and kind != "indent" else 0
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "truncate":
            lines[i] = line[:at]
        elif kind == "tab":
            lines[i] = line[:at] + b"\t" + line[at:]
        elif kind == "colon":
            lines[i] = line[:at] + b": " + line[at:]
        elif kind == "insert":
            lines[i] = line[:at] + step[3].encode("utf-8", "surrogatepass") + line[at:]
        elif kind == "bytes":
            lines[i] = line[:at] + step[3] + line[at:]
        elif kind == "indent":
            lines[i] = b" " * step[2] + line
        lines = lines or [b""]
    return b"\n".join(lines)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(FILES) - 1), steps=st.lists(mutation, min_size=1, max_size=4))
def test_mangled_content_never_crashes(content_copy: Path, index: int, steps):
    """Whatever is done to a content file, `deck check` answers 0 or 1 with file:line problems, never a traceback."""
    path = content_copy / FILES[index]
    original = (CONTENT / FILES[index]).read_bytes()
    path.write_bytes(mutate(original, steps))
    try:
        code, lines, result = check(content_copy)
    finally:
        path.write_bytes(original)  # content_copy is shared by all examples of one test run
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    if code == 1:
        assert re.fullmatch(r"\d+ problems? found\.", lines[-1]), lines
        for line in lines[:-1]:
            assert PROBLEM.match(line), line


# --- --out -------------------------------------------------------------------------------------


def build(content: Path, out: Path, *extra: str):
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out), "--deck", "lessen",
                                       "--no-workbook", *extra])
    return result.exit_code, result.stderr.strip(), result


def test_out_that_is_a_file_is_a_usage_error(tmp_path: Path):
    target = tmp_path / "output"
    target.write_text("not a folder")
    code, message, _ = build(CONTENT, target)
    assert code == 2
    assert message == f"--out {target} is a file, not a folder: give a folder for the PDFs"
    assert target.read_text() == "not a folder"


def test_out_below_a_file_is_a_usage_error(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    code, message, _ = build(CONTENT, tmp_path / "file" / "sub")
    assert code == 2
    assert message == f"--out {tmp_path / 'file' / 'sub'} cannot be made: {tmp_path / 'file'} is a file, not a folder"


@pytest.mark.parametrize("inside", [".", "decks", "decks/new"])
def test_out_inside_the_content_folder_is_a_usage_error(content_copy: Path, inside: str):
    out = content_copy / inside
    code, message, _ = build(content_copy, out)
    assert code == 2
    assert message.startswith(f"--out {out} lies inside {content_copy}, which holds your sources: choose a folder outside it")
    assert not list(content_copy.rglob("*.pdf"))


def test_out_inside_the_content_folder_through_a_symlink_is_refused(content_copy: Path, tmp_path: Path):
    (tmp_path / "sneaky").symlink_to(content_copy / "decks")
    code, message, _ = build(content_copy, tmp_path / "sneaky")
    assert code == 2 and "lies inside" in message


def test_unwritable_out_is_a_build_error_not_a_traceback(tmp_path: Path):
    """Where the folder cannot be created at write time (here: a file in the way), exit 1 names the file."""
    from deck.errors import BuildError
    from deck.files import atomic_write

    (tmp_path / "nl").write_text("x")
    with pytest.raises(BuildError, match=r"cannot write .*nl/a\.pdf: .*; check that the folder is writable"):
        atomic_write(tmp_path / "nl" / "a.pdf", lambda tmp: tmp.write_bytes(b"%PDF"))


# --- atomic output -----------------------------------------------------------------------------


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path):
    from deck.files import atomic_write

    target = tmp_path / "deck.pdf"
    target.write_bytes(b"old complete file")

    def half_then_fail(tmp: Path):
        tmp.write_bytes(b"half a PDF")
        raise OSError(28, "No space left on device")

    from deck.errors import BuildError

    with pytest.raises(BuildError, match="cannot write .*deck.pdf: No space left on device"):
        atomic_write(target, half_then_fail)
    assert target.read_bytes() == b"old complete file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pdf"]


def test_new_outputs_get_ordinary_permissions(tmp_path: Path):
    from deck.files import atomic_write

    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.pdf", lambda tmp: tmp.write_bytes(b"%PDF"))
    finally:
        os.umask(umask)
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o644
    os.chmod(tmp_path / "new.pdf", 0o640)
    atomic_write(tmp_path / "new.pdf", lambda tmp: tmp.write_bytes(b"%PDF again"))
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o640


def test_stale_temporaries_are_removed_and_nothing_else(tmp_path: Path):
    from deck.files import clean_stale_temporaries

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)  # a process that has ended: its temporaries are stale
    names = [f".lessen.print.pdf.deck-{dead}-k2j4_x9a.tmp", f".workbook.pdf.deck-{dead}-abcdefgh.tmp",  # a dead build's
             "lessen.print.pdf", ".notes.tmp", "keep.tmp", ".lessen.print.pdf.tmp",  # not ours
             ".workbook.pdf.abcdefgh.tmp",  # another program's atomic write: not ours either
             f".lessen.sheets.pdf.deck-{os.getpid()}-abcdefgh.tmp"]  # a running build's (this one)
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / f".a.pdf.deck-{dead}-abcdefgh.tmp").write_text("x")  # another folder: not touched
    removed = clean_stale_temporaries([tmp_path])
    assert sorted(p.name for p in removed) == sorted(names[:2])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:] + ["sub"])
    assert (tmp_path / "sub" / f".a.pdf.deck-{dead}-abcdefgh.tmp").exists()


def assert_outputs_intact(folder: Path, expected: set[str]) -> None:
    """Every file under a final name is a complete, readable PDF; temporaries only under hidden names."""
    finals = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    assert finals == expected
    for name in finals:
        with pikepdf.open(folder / name) as pdf:
            assert len(pdf.pages) > 0
    for p in folder.iterdir():
        if p.name.startswith("."):
            assert re.fullmatch(r"\.lessen\.(print|sheets)\.pdf\.deck-\d+-[a-z0-9_]{8}\.tmp", p.name), p.name


def slow_writes(content: Path) -> None:
    """Writing each of the deck 'lessen''s files takes seconds (helpers.fake_output), so a signal can land mid-write."""
    set_text(content, "lessen", "informele-netwerken", FAKE_SLOW_WRITE)


def test_ignored_ctrl_c_stays_ignored(content_copy: Path, tmp_path: Path):
    """Started with Ctrl-C ignored (nohup, `deck build &` in a script), a build is not stopped by it: it ends its work."""
    slow_writes(content_copy)
    out = tmp_path / "out"
    cmd = fake_deck_command("build", "--content", content_copy, "--out", out, "--deck", "lessen", "--no-workbook",
                            "--jobs", "2", "-q")
    proc = subprocess.Popen(cmd, env=deck_env(), cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    while not any((out / "nl").glob(".*.tmp")) and proc.poll() is None:
        time.sleep(0.002)
    assert proc.poll() is None, "the build ended before it wrote a file"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate()
    assert (proc.returncode, stderr) == (0, "")
    assert sorted(p.name for p in (out / "nl").iterdir()) == ["lessen.print.pdf", "lessen.sheets.pdf"]


def test_kill_during_a_rebuild_never_leaves_a_broken_pdf(content_copy: Path, tmp_path: Path):
    """kill -9 of the process that is writing, in the middle of each file of a forced rebuild: every PDF stays readable."""
    out = tmp_path / "out"
    # One job: the build's own process writes the files, so the kill lands on the writer itself.
    cmd = fake_deck_command("build", "--content", content_copy, "--out", out, "--deck", "lessen", "--no-workbook",
                            "--jobs", "1", "--force", "-q")
    subprocess.run(cmd, env=deck_env(), check=True, cwd=tmp_path)
    folder = out / "nl"
    expected = {"lessen.print.pdf", "lessen.sheets.pdf"}
    assert_outputs_intact(folder, expected)

    original = (content_copy / "decks" / "lessen.yaml").read_bytes()
    slow_writes(content_copy)  # only the rebuilds that are killed need time to be caught writing
    for name in ("lessen.print.pdf", "lessen.sheets.pdf"):
        before = (folder / name).read_bytes()
        proc = subprocess.Popen(cmd, env=deck_env(), cwd=tmp_path)
        try:
            while not any(folder.glob(f".{name}.*.tmp")) and proc.poll() is None:
                time.sleep(0.002)
            assert proc.poll() is None, "the build ended before it wrote " + name  # the kill hits a write
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert_outputs_intact(folder, expected)
        assert (folder / name).read_bytes() == before  # the file being written is the old one, whole
        assert len(list(folder.glob(f".{name}.*.tmp"))) == 1  # and the kill left its temporary behind

    (content_copy / "decks" / "lessen.yaml").write_bytes(original)
    subprocess.run(cmd, env=deck_env(), check=True, cwd=tmp_path)  # the next build cleans up after the killed ones
    assert_outputs_intact(folder, expected)
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)


@pytest.mark.parametrize("sig, code, said, jobs", [
    # One job: the build's own process is writing; two: a worker is, and the build stops it.
    (signal.SIGTERM, 143, "terminated: no half-written files were left behind", "1"),
    (signal.SIGINT, 130, "interrupted: no half-written files were left behind", "2"),
])
def test_polite_stop_removes_the_temporary_file(content_copy: Path, tmp_path: Path, sig, code: int, said: str, jobs):
    """Ctrl-C, or SIGTERM as a CI timeout sends, in the middle of a write: cleaned up on the way out, and said so."""
    slow_writes(content_copy)
    out = tmp_path / "out"
    cmd = fake_deck_command("build", "--content", content_copy, "--out", out, "--deck", "lessen", "--no-workbook",
                            "--jobs", jobs, "-q")
    proc = subprocess.Popen(cmd, env=deck_env(), cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    while not any((out / "nl").glob(".*.tmp")) and proc.poll() is None:
        time.sleep(0.002)
    assert proc.poll() is None, "the build ended before it wrote a file"
    proc.send_signal(sig)
    _, stderr = proc.communicate()
    assert proc.returncode == code
    assert stderr.strip() == said
    assert not [p for p in (out / "nl").iterdir() if p.name.endswith(".tmp")]
