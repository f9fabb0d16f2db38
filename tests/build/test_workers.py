"""Worker processes: a temporary folder too long for their sockets, and a scratch folder that is never taken for a
dead build's while it is being made. Outputs are made by the stand-in maker.
"""

from __future__ import annotations

from pathlib import Path


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
