"""Worker processes: `deck build` starts their fork server at its first moment and leaves none behind; a
temporary folder too long for their sockets; a scratch folder that is never taken for a dead build's while it
is being made. Outputs are made by the stand-in maker.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import cli

DECKS = ("--deck", "vuistregels", "--deck", "lessen", "--no-workbook")


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


@pytest.fixture
def at_load(monkeypatch) -> list[list[int]]:
    """The fork servers of this process at the moment each build starts to load its content."""
    import deck.build.pipeline

    seen: list[list[int]] = []
    load = deck.build.pipeline.load_content

    def watched(*args, **kwargs):
        seen.append(fork_servers())
        return load(*args, **kwargs)

    monkeypatch.setattr(deck.build.pipeline, "load_content", watched)
    return seen


@pytest.fixture
def no_fork_server():
    """Tests here start from a process with no fork server (one left by an in-process build before is stopped)."""
    from deck.build.workers import stop_fork_server

    stop_fork_server()
    yield
    stop_fork_server()


def test_deck_build_starts_the_workers_fork_server_before_it_loads_and_stops_it_at_the_end(
        content_copy, tmp_path, fake_output, at_load, no_fork_server):
    result = cli("build", "--content", content_copy, "--out", tmp_path, *DECKS, "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert len(at_load) == 1 and len(at_load[0]) == 1  # already starting while the content is read
    assert fork_servers() == []
    assert fake_output == []  # every file was made by a worker


@pytest.mark.parametrize("jobs, why", [("1", "one job"), ("2", "nothing to make")])
def test_deck_build_that_needs_no_workers_leaves_no_fork_server(content_copy, tmp_path, fake_output, at_load,
                                                                  no_fork_server, jobs, why):
    if why == "nothing to make":
        assert cli("build", "--content", content_copy, "--out", tmp_path, *DECKS, "--jobs", "1").exit_code == 0
    result = cli("build", "--content", content_copy, "--out", tmp_path, *DECKS, "--jobs", jobs)
    assert result.exit_code == 0, result.output
    if why == "one job":
        assert at_load == [[]]  # none is ever started
    else:  # started before the build could know, and stopped
        assert "done: 4 files" in result.output and "(4 up to date)" in result.output
        assert len(at_load[-1]) == 1
    assert fork_servers() == []


def test_deck_build_that_fails_while_loading_leaves_no_fork_server(content_copy, tmp_path, fake_output, at_load,
                                                                   no_fork_server):
    (content_copy / "decks" / "lessen.yaml").write_text("cards: [", encoding="utf-8")
    result = cli("build", "--content", content_copy, "--out", tmp_path, "--jobs", "2")
    assert result.exit_code == 1 and "lessen.yaml:1:" in result.output, result.output
    assert at_load == [at_load[0]] and len(at_load[0]) == 1
    assert fork_servers() == []


def test_a_temporary_folder_too_long_for_sockets_builds_one_file_at_a_time(content_copy, tmp_path, fake_output,
                                                                          monkeypatch):
    import tempfile

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


def test_a_scratch_folder_being_made_is_never_taken_for_a_dead_builds(scratch: Path, monkeypatch):
    """Another build cleans up at the moment this one locks its new scratch folder: the folder stays."""
    import fcntl
    import multiprocessing.util
    import tempfile

    from deck.build import workers

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
