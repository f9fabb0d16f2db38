"""The runner: outputs made in worker processes and reported as they finish, worker errors reach the user,
Ctrl-C and SIGTERM stop the workers cleanly.

Outputs are made by the stand-in output maker (helpers.fake_output); real layouts made in parallel
and serially are compared in tests/e2e/test_parallel.py.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import time

import pytest
from helpers import FAKE_FAIL, FAKE_HANG, cli, deck_env, fake_deck_command, pdf_text, set_text

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.errors import ContentError, Problem

DECKS = ("vuistregels", "lessen")
FILES = [f"{d}.{kind}.pdf" for d in DECKS for kind in ("print", "sheets")]


def test_parallel_outputs_are_made_by_workers_and_reported_once_each(content_copy, tmp_path, fake_output):
    seen = []
    results = build(Options(content=content_copy, out=tmp_path, decks=DECKS, workbook=False, jobs=2), seen.append)
    # Results come back in plan order; progress reports each output once, as it finishes.
    assert [r.target.path.name for r in results] == FILES
    assert sorted(r.target.path.name for r in seen) == sorted(FILES)
    assert [r.status for r in results] == ["built"] * 4
    workers = {note for r in results for note in r.notes}
    assert f"made by process {os.getpid()}" not in workers and len(workers) in (1, 2)
    assert fake_output == []  # nothing was made in this process
    for name in FILES:
        assert pdf_text(tmp_path / "nl" / name).startswith(f"nl/{name}")


def test_one_job_makes_every_output_in_this_process_in_plan_order(content_copy, tmp_path, fake_output):
    seen = []
    results = build(Options(content=content_copy, out=tmp_path, decks=DECKS, workbook=False, jobs=1), seen.append)
    assert [t.path.name for t in fake_output] == sorted(FILES, key=lambda n: ("lessen" not in n, n))  # longest first
    assert [r.target.path.name for r in seen] == [t.path.name for t in fake_output]
    assert {note for r in results for note in r.notes} == {f"made by process {os.getpid()}"}


def test_a_workers_error_reaches_the_user_with_its_message(content_copy, tmp_path, fake_output):
    set_text(content_copy, "lessen", "informele-netwerken", FAKE_FAIL)
    out = tmp_path / "out"
    result = cli("build", "--content", content_copy, "--out", out, "--deck", "lessen", "--deck", "vuistregels",
                 "--no-workbook", "--jobs", "2")
    assert result.exit_code == 1, result.output
    message = f"nl/lessen: card 'informele-netwerken': {FAKE_FAIL}"
    assert result.output.count(message) == 1  # print and sheets fail alike: said once
    assert "2 files not written: nl/lessen.print.pdf, nl/lessen.sheets.pdf" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    # The other deck was still built, and nothing half-written was left.
    assert sorted(p.name for p in (out / "nl").iterdir()) == ["vuistregels.print.pdf", "vuistregels.sheets.pdf"]


def test_every_failing_deck_is_reported(content_copy, tmp_path, fake_output):
    set_text(content_copy, "interviewvragen", "zo-goed-gewerkt", FAKE_FAIL)
    set_text(content_copy, "lessen", "informele-netwerken", FAKE_FAIL)
    result = cli("build", "--content", content_copy, "--out", tmp_path / "out", "--no-workbook", "--jobs", "2")
    assert result.exit_code == 1
    assert f"nl/interviewvragen: card 'zo-goed-gewerkt': {FAKE_FAIL}" in result.output
    assert f"nl/lessen: card 'informele-netwerken': {FAKE_FAIL}" in result.output
    assert "4 files not written" in result.output
    assert " built  " in result.output and "vuistregels.print.pdf" in result.output  # the progress of the good deck


def test_a_single_failure_is_raised_as_it_is(content_copy, tmp_path, fake_output):
    from deck.errors import BuildError

    set_text(content_copy, "lessen", "informele-netwerken", FAKE_FAIL)
    with pytest.raises(BuildError) as caught:
        build(Options(content=content_copy, out=tmp_path, cards=False, jobs=1))  # the workbook quotes every deck
    assert type(caught.value) is BuildError
    assert caught.value.lines() == [f"nl/workbook.pdf: card 'informele-netwerken': {FAKE_FAIL}"]
    assert not (tmp_path / "nl" / "workbook.pdf").exists()


def test_content_errors_survive_the_trip_between_processes():
    error = ContentError([Problem("decks/lessen.yaml", 12, "cards[0].title", "must not be empty")])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ContentError and copy.exit_code == 1
    assert copy.lines() == error.lines() == ["decks/lessen.yaml:12: cards[0].title: must not be empty", "1 problem found."]


@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_stopping_a_build_stops_its_workers_and_leaves_no_temporary_files(content_copy, tmp_path, scratch, how):
    # Every output of two decks hangs in its worker (a deck's files are one worker's unit of work),
    # after leaving a file in the worker's temporary folder.
    set_text(content_copy, "lessen", "informele-netwerken", FAKE_HANG)
    set_text(content_copy, "interviewvragen", "zo-goed-gewerkt", FAKE_HANG)
    tmp, out = scratch, tmp_path / "out"
    proc = subprocess.Popen(fake_deck_command("build", "--content", content_copy, "--out", out, "--deck", "lessen",
                                              "--deck", "interviewvragen", "--no-workbook", "--jobs", "2"),
                            env=deck_env(TMPDIR=str(tmp)), stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        # Wait until both workers are at work (each left its file in the build's scratch folder).
        deadline = time.monotonic() + 120
        while len(list(tmp.glob("deck-build-*/fake-*"))) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read()
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
        else:
            proc.terminate()  # `kill PID`: SIGTERM to the build alone; its workers are its to stop
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    word, code = ("interrupted", 130) if how == "ctrl-c" else ("terminated", 143)
    assert proc.returncode == code, err
    assert f"{word}: no half-written files were left behind" in err
    assert "Traceback" not in err
    assert [p for p in out.rglob("*") if p.is_file()] == []  # no output, no temporary
    assert list(tmp.iterdir()) == []  # the scratch folder and the workers' temporary files are gone
    assert _group_ends(proc.pid), "a worker outlived the build"


def _group_ends(pgid: int, seconds: float = 20) -> bool:
    """Whether every process of the group ends (multiprocessing's resource tracker leaves just after the build)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False
