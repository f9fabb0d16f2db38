"""Builds under attack or interrupted: no hang, no leftover process or scratch folder, no lost file of another build.

Tests that start real builds run them as subprocesses in a session of their own, so that a
signal can go to the whole process group as a terminal's Ctrl-C does, and so that every process
of the build (fork server, resource tracker, workers) can be found afterwards. Waits have
generous deadlines; nothing is asserted about how long anything took.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from untrusted import CONTENT, DECK, ROOT, small_content

from deck.cli.main import main
from deck.errors import display_path
from deck.paths import PACKAGE

DEADLINE = 300  # seconds: far more than any of these builds needs, so only a hang reaches it


def group(pgid: int) -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every live process in process group ``pgid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append((int(entry.name), int(fields[1]), cmdline))
    return found


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def fork_server(pgid: int) -> int | None:
    return next((pid for pid, _, cmd in group(pgid) if "multiprocessing.forkserver" in cmd), None)


def threads(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def a_worker(pgid: int) -> bool:
    """Whether a worker has started: a child of the fork server with its command line, running its thread
    that watches the build (deck.build.workers.watch_parent). While it imports, the fork server also runs
    programs such as ldconfig; for a moment before each one starts, that child too has the fork server's
    command line, but only ever one thread."""
    processes = group(pgid)
    server = next(((pid, cmd) for pid, _, cmd in processes if "multiprocessing.forkserver" in cmd), None)
    return server is not None and any(parent == server[0] and cmd == server[1] and threads(pid) > 1
                                      for pid, parent, cmd in processes)


def start(args: list[str], tmp: Path, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmp)}
    return subprocess.Popen([*DECK, *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


# --- 6. FIFOs and endless devices anywhere never hang a build --------------------------------------


def test_fifos_and_device_links_in_inputs_and_output_do_not_hang_the_build(tmp_path: Path, scratch: Path):
    content = small_content(tmp_path / "content")
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text("name: Wijkteam Test\n", encoding="utf-8")
    for folder in (org, content / "locales" / "en"):
        os.mkfifo(folder / "notes.txt")  # hashed as an input: reading it would wait for ever
        (folder / "zero.bin").symlink_to("/dev/zero")  # would never end
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / ".deck-manifest.json")
    done = subprocess.run([*DECK, "build", "--content", str(content), "--org", str(org), "--lang", "en",
                           "--no-workbook", "--out", str(out), "-j", "1", "-q"],
                          env={**os.environ, "TMPDIR": str(scratch)}, capture_output=True, text=True,
                          timeout=DEADLINE)
    assert done.returncode == 0, done.stderr
    assert (out / "wijkteam-test" / "en" / "vuistregels.print.pdf").is_file()
    assert (out / ".deck-manifest.json").is_file()  # the FIFO was no manifest; now there is one


# --- 9. DECK_TIME_LIMIT within a sane range ----------------------------------------------------------


@pytest.mark.parametrize("value", ["1e-9", "0.5", "inf", "1e300", "-1", "nan", "90000"])
def test_time_limit_out_of_range_is_a_usage_error(monkeypatch, value: str):
    monkeypatch.setenv("DECK_TIME_LIMIT", value)
    result = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--deck", "vuistregels", "--no-workbook",
                                       "--out", "unused"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"DECK_TIME_LIMIT={value}: give 0 (no limit) or a number of seconds from 1 to 86,400 "
                             f"(a day), e.g. DECK_TIME_LIMIT=300\n")


def test_a_tiny_time_limit_given_by_a_program_is_a_clear_error():
    """The alarm may strike before it is even set up: still the time-limit error, never a raw traceback."""
    from deck.limits import TimeLimitExceeded, time_limit

    for _ in range(20):
        with pytest.raises(TimeLimitExceeded, match="x: stopped after 1e-09 s"):
            with time_limit(1e-9, "x"):
                sum(range(10**7))


# --- 10. SIGTERM or Ctrl-C at worker start-up -----------------------------------------------------------


@pytest.mark.parametrize("moment", ["fork server", "worker"])
@pytest.mark.parametrize("sig, code, said", [
    (signal.SIGINT, 130, "interrupted: no half-written files were left behind"),
    (signal.SIGTERM, 143, "terminated: no half-written files were left behind"),
])
def test_a_signal_while_workers_start_stops_the_build_cleanly(tmp_path: Path, scratch: Path, moment, sig, code, said):
    out = tmp_path / "out"
    proc = start(["build", "--content", str(CONTENT), "--out", str(out), "-j", "2", "--force", "-q"], scratch, tmp_path)
    try:
        wait_for(lambda: (fork_server(proc.pid) if moment == "fork server" else a_worker(proc.pid))
                 or proc.poll() is not None, f"the {moment}")
        assert proc.poll() is None, proc.stderr.read()
        os.killpg(proc.pid, sig)  # to every process of the build, as a terminal or a service manager does
        _, stderr = proc.communicate(timeout=DEADLINE)
        wait_for(lambda: not group(proc.pid), "the build's processes to end")
    finally:
        if group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    assert (proc.returncode, stderr) == (code, said + "\n")
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


# --- 11. kill -9: no process survives, the next build removes the scratch folders ---------------------------


def test_kill_9_leaves_no_process_and_the_next_build_removes_its_scratch(tmp_path: Path, scratch: Path):
    out = tmp_path / "out"
    proc = start(["build", "--content", str(CONTENT), "--out", str(out), "-j", "2", "--force", "-q"], scratch, tmp_path)
    try:
        wait_for(lambda: a_worker(proc.pid) or proc.poll() is not None, "a worker")
        assert proc.poll() is None, proc.stderr.read()
        assert [p.name for p in scratch.iterdir() if p.name.startswith("deck-build-")]
        proc.kill()
        proc.wait()
        wait_for(lambda: not group(proc.pid), "the workers, fork server and resource tracker to end")
    finally:
        if group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    done = subprocess.run([*DECK, "build", "--content", str(CONTENT), "--out", str(out), "--deck", "vuistregels",
                           "--no-workbook", "-j", "1", "-q"], env={**os.environ, "TMPDIR": str(scratch)},
                          capture_output=True, text=True, timeout=DEADLINE)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in scratch.iterdir()) == []  # deck-build-* and the pymp-* inside it are gone


def test_only_scratch_folders_of_dead_builds_are_removed(scratch: Path):
    """A folder whose lock is free is a dead build's (with the pymp-* folder it names); a locked one is running."""
    stale = scratch / "deck-build-stale"
    stale.mkdir()
    (stale / ".lock").write_text("")
    (scratch / "pymp-stale").mkdir()
    (stale / "multiprocessing").write_text(str(scratch / "pymp-stale"))
    foreign = scratch / "deck-build-nolock"  # no lock file: not one deck made, left alone
    foreign.mkdir()
    code = ("from deck.build import workers\nwith workers.scratch_folder() as own:\n"
            "    print(own.is_dir(), workers.clean_dead_scratch())")  # its own folder is locked: not removed
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "TMPDIR": str(scratch)},
                          capture_output=True, text=True, timeout=DEADLINE, cwd=ROOT)
    assert (done.returncode, done.stdout, done.stderr) == (0, "True []\n", "")
    assert sorted(p.name for p in scratch.iterdir()) == ["deck-build-nolock"]  # and its own went when it ended


# --- 12. builds sharing an output folder leave each other's temporaries alone --------------------------------


def test_a_build_leaves_another_builds_temporary_file_alone(tmp_path: Path):
    """A second build into the same folder ran its cleanup while the first was writing: it removed the first's file."""
    from deck.build.pipeline import build
    from deck.build.plan import Options
    from deck.files import atomic_write

    out = tmp_path / "out"
    inner = []

    def write(tmp: Path) -> None:
        tmp.write_bytes(b"%PDF-1.7 the first build's half-written file")
        # Meanwhile a second build (here: in the same process, it could be another) writes the same folder.
        inner.extend(build(Options(content=CONTENT, out=out, decks=("vuistregels",), workbook=False, jobs=1)))
        assert tmp.exists()
        tmp.write_bytes(b"%PDF-1.7 the first build's file")

    atomic_write(out / "nl" / "notes.pdf", write)
    assert (out / "nl" / "notes.pdf").read_bytes() == b"%PDF-1.7 the first build's file"
    assert [r.status for r in inner] == ["built", "built"]
    assert not [p for p in (out / "nl").iterdir() if p.name.endswith(".tmp")]


def test_cleanup_removes_only_temporaries_deck_made(tmp_path: Path):
    from deck.build.pipeline import build
    from deck.build.plan import Options

    folder = tmp_path / "out" / "nl"
    folder.mkdir(parents=True)
    others = [".vuistregels.print.pdf.abcdefgh.tmp", ".notes.txt.k2j4_x9a.tmp"]  # another program's atomic writes
    for name in others:
        (folder / name).write_text("not deck's")
    build(Options(content=CONTENT, out=tmp_path / "out", decks=("vuistregels",), workbook=False, jobs=1))
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) == sorted(others)


# --- 13. --out that would mix the PDFs with the sources ------------------------------------------------------


@pytest.mark.parametrize("where", ["root", "repository"])
def test_out_at_the_root_or_the_repository_is_refused(content_copy: Path, where: str):
    out = {"root": Path("/"), "repository": ROOT}[where]
    result = CliRunner().invoke(main, ["build", "--content", str(content_copy), "--out", str(out), "--deck",
                                       "vuistregels", "--no-workbook"])
    assert result.exit_code == 2, result.output
    expected = ("is the root of the file system" if where == "root" else
                f"holds deck's own files ({display_path(PACKAGE)}): give the PDFs a folder of their own, e.g. --out output")
    assert expected in result.stderr
    assert not (out / "nl").exists()


def test_out_beside_the_content_is_still_fine(content_copy: Path, tmp_path: Path):
    from deck.files import check_out_dir

    assert check_out_dir(tmp_path / "output", content_copy) == tmp_path / "output"
