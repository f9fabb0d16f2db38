"""Worker processes' fork server and scratch folder: the fork server is gone when the build ends, a build that
needs no workers starts none, and a scratch folder is never taken for a dead build's while it is being made.

Outputs are made by the stand-in maker.
"""

from __future__ import annotations

import os
from pathlib import Path

from deck.build.pipeline import build
from deck.build.plan import Options

DECKS = ("vuistregels", "lessen")


def fork_servers() -> list[int]:
    """This process's children that are multiprocessing fork servers (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if ppid == os.getpid() and b"multiprocessing.forkserver" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_parallel_build_leaves_no_fork_server_behind(content_copy, tmp_path, fake_output):
    results = build(Options(content=content_copy, out=tmp_path, decks=DECKS, workbook=False, jobs=2))
    assert [r.status for r in results] == ["built"] * 4
    assert {note for r in results for note in r.notes} != {f"made by process {os.getpid()}"}  # workers made them
    assert fork_servers() == []


def test_a_build_with_nothing_to_make_leaves_no_fork_server(content_copy, tmp_path, fake_output):
    build(Options(content=content_copy, out=tmp_path, decks=DECKS, workbook=False, jobs=2))
    again = build(Options(content=content_copy, out=tmp_path, decks=DECKS, workbook=False, jobs=2))
    assert [r.status for r in again] == ["up to date"] * 4
    assert fork_servers() == []


def test_a_build_of_one_deck_file_is_made_here_and_leaves_no_fork_server(content_copy, tmp_path, fake_output):
    results = build(Options(content=content_copy, out=tmp_path, decks=("lessen",), only=("print",),
                            workbook=False, jobs=2))
    assert [r.notes for r in results] == [[f"made by process {os.getpid()}"]]  # one unit: no workers
    assert fork_servers() == []


def test_a_build_that_fails_before_its_workers_start_leaves_no_fork_server(content_copy, tmp_path, fake_output):
    (content_copy / "decks" / "lessen.yaml").write_text("cards: [", encoding="utf-8")
    try:
        build(Options(content=content_copy, out=tmp_path, jobs=2))
    except Exception:  # noqa: BLE001 - the content error itself is tested elsewhere
        pass
    else:
        raise AssertionError("a broken deck file built")
    assert fork_servers() == []


def test_a_temporary_folder_too_long_for_sockets_builds_one_file_at_a_time(content_copy, tmp_path, fake_output,
                                                                          monkeypatch):
    import tempfile

    from helpers import cli

    long = tmp_path / ("t" * (100 - len(str(tmp_path))))
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    result = cli("build", "--content", content_copy, "--out", tmp_path / "out", "--no-workbook", "--jobs", "2",
                 "--deck", "vuistregels", "--deck", "lessen")
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
    assert f"the temporary folder's path ({len(str(long))} characters) is too long" in result.output
    assert "set TMPDIR to a shorter folder (at most 75 characters" in result.output
    assert sorted(t.path.name for t in fake_output) == sorted(f"{d}.{k}.pdf" for d in ("vuistregels", "lessen")
                                                              for k in ("print", "sheets"))  # all made here
    assert fork_servers() == []


def test_a_scratch_folder_being_made_is_never_taken_for_a_dead_builds(scratch: Path, monkeypatch):
    """Another build cleans up at the moment this one locks its new scratch folder: the folder stays."""
    import fcntl
    import tempfile

    from deck.build import workers

    import multiprocessing.util

    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    # multiprocessing's own folder is made once per process and kept: not in this test's scratch folder.
    (scratch / "mp").mkdir()
    monkeypatch.setattr(multiprocessing.util, "get_temp_dir", lambda: str(scratch / "mp"))
    real_flock = fcntl.flock
    removed: list = []

    def flock(fd, operation):
        if not removed:  # once, just before the lock is taken (clean_dead_scratch locks too)
            removed.append(workers.clean_dead_scratch())
        return real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    with workers.scratch_folder() as own:
        assert removed == [[]]
        assert own.is_dir() and (own / workers.LOCK_NAME).is_file()
