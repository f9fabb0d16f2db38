"""Parallel builds: the same PDFs as a serial build, worker errors reach the user, Ctrl-C stops cleanly."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT
from helpers import page_texts

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.cli.main import main
from deck.errors import ContentError, Problem

BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def page_prints(path) -> list[tuple]:
    """Per page: its boxes, its drawing operators and those of the forms it draws (sheets place cards as forms)."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            boxes = tuple(tuple(float(v) for v in page.obj[b]) for b in BOXES if b in page.obj)
            forms = page.obj.get("/Resources", {}).get("/XObject", {})
            drawn = tuple(forms[name].read_bytes() for name in sorted(forms.keys()))
            out.append((boxes, page.obj.Contents.read_bytes() if "/Contents" in page.obj else b"", drawn))
    return out


def test_parallel_and_serial_builds_write_the_same_pdfs(content_copy, tmp_path):
    serial = build(Options(content=content_copy, out=tmp_path / "one", decks=("vuistregels", "lessen"),
                           workbook=False, jobs=1))
    parallel = build(Options(content=content_copy, out=tmp_path / "two", decks=("vuistregels", "lessen"),
                             workbook=False, jobs=2))
    assert [r.status for r in serial] == [r.status for r in parallel] == ["built"] * 4
    assert [r.notes for r in serial] == [r.notes for r in parallel]  # e.g. the same card shrunk
    for result in serial:
        name = result.target.path.name
        one, two = tmp_path / "one" / "nl" / name, tmp_path / "two" / "nl" / name
        assert page_texts(one) == page_texts(two), name
        assert page_prints(one) == page_prints(two), name


def _too_long(content, deck: str, card_id: str) -> None:
    path = content / "decks" / f"{deck}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(c for c in data["cards"] if c["id"] == card_id)["text"] = "Wat helpt jou om dat te blijven doen? " * 40
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_workers_error_reaches_the_user_with_its_message(content_copy, tmp_path):
    _too_long(content_copy, "interviewvragen", "zo-goed-gewerkt")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(content_copy), "--out", str(out), "--deck", "interviewvragen",
                                       "--deck", "vuistregels", "--no-workbook", "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    message = "nl/interviewvragen: card 'zo-goed-gewerkt': text is "
    assert result.output.count(message) == 1  # print and sheets fail alike: said once
    assert "mm too long even at 85 % size; shorten it or choose a larger --card-size" in result.output
    assert "2 files not written: nl/interviewvragen.print.pdf, nl/interviewvragen.sheets.pdf" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    # The other deck was still built, and nothing half-written was left.
    assert sorted(p.name for p in (out / "nl").iterdir()) == ["vuistregels.print.pdf", "vuistregels.sheets.pdf"]


def test_every_failing_deck_is_reported(content_copy, tmp_path):
    _too_long(content_copy, "interviewvragen", "zo-goed-gewerkt")
    _too_long(content_copy, "lessen", "informele-netwerken")
    result = CliRunner().invoke(main, ["build", "--content", str(content_copy), "--out", str(tmp_path / "out"),
                                       "--no-workbook", "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "nl/interviewvragen: card 'zo-goed-gewerkt'" in result.output
    assert "nl/lessen: card 'informele-netwerken'" in result.output
    assert "4 files not written" in result.output


def test_content_errors_survive_the_trip_between_processes():
    error = ContentError([Problem("decks/lessen.yaml", 12, "cards[0].title", "must not be empty")])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ContentError and copy.exit_code == 1
    assert copy.lines() == error.lines() == ["decks/lessen.yaml:12: cards[0].title: must not be empty", "1 problem found."]


@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_stopping_a_build_stops_its_workers_and_leaves_no_temporary_files(content_copy, tmp_path, how):
    # A deck big enough that its two files take many seconds to make.
    path = content_copy / "decks" / "lessen.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cards"] = [{**c, "id": f"{c['id']}-{n}", "number": None} for n in range(20) for c in data["cards"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "deck", "build", "--content", str(content_copy), "--out", str(out),
                             "--deck", "lessen", "--no-workbook", "--jobs", "2"],
                            env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        # Wait until a worker lays out (WeasyPrint made its font folder in the build's scratch folder).
        deadline = time.monotonic() + 120
        while not list(tmp.glob("deck-build-*/weasyprint-*")) and proc.poll() is None and time.monotonic() < deadline:
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
    assert list(tmp.iterdir()) == []  # the scratch folder and WeasyPrint's font folders are gone
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
