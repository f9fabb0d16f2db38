"""The code at issue 17's start, measured side by side with the current code in the same run.

Issue 17's targets are relative ("at most half of today's, measured the same way"), and this machine's
speed changes from minute to minute, so the commit the issue was filed against is taken from the
repository's own history into a temporary folder and built in alternating rounds with the current code:
the same interpreter and packages, the same machine, the same minute. Each side runs from its own tree
(``PYTHONPATH`` set to it) with its own content, its own synthetic decks and, for the per-card figure,
its own benchmark code.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Issue 17 was filed against this commit, the last of 2026-11-22: its "today" (full_build_s about 5 s,
# per_card_ms_100 about 85 ms) is this code. It had three decks (interviewvragen, vuistregels, lessen) and its
# own bench/ (run.py with --deck-child, synth.py), which the measurements below use.
BEFORE_COMMIT = "dad2fa7"

# The decks the code at BEFORE_COMMIT shipped; the current code builds just these (its content has more).
BEFORE_DECKS = ("interviewvragen", "vuistregels", "lessen")


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True)


def _missing(commit: str) -> str | None:
    """Why ``commit`` cannot be exported from this checkout's history, or None when it can."""
    if shutil.which("git") is None:
        return "git is not installed"
    if _git("rev-parse", "--git-dir").returncode != 0:
        return f"{ROOT} is not a git clone"
    if _git("rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}").returncode == 0:
        return None
    if _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        return "it is not in this shallow clone (`git fetch --unshallow` brings it)"
    return "it is not in this clone's history"


@contextmanager
def exported(commit: str = BEFORE_COMMIT) -> Iterator[Path | None]:
    """The tree of ``commit`` in a temporary folder (removed afterwards), or None after one line saying why not."""
    why = _missing(commit)
    if why is not None:
        print(f"the code before issue 17 ({commit}) is not measured: {why}; its keys are null", flush=True)
        yield None
        return
    tree = Path(tempfile.mkdtemp(prefix="deck-bench-before-"))
    try:
        archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", "--format=tar", commit], stdout=subprocess.PIPE)
        untar = subprocess.run(["tar", "-x", "-C", str(tree)], check=False, stdin=archive.stdout)
        archive.stdout.close()
        if archive.wait() != 0 or untar.returncode != 0:
            raise RuntimeError(f"could not export {commit} with git archive")
        # The current tree has its bytecode from earlier runs; the exported one gets it now, not in round one.
        compileall.compile_dir(tree / "deck", quiet=1)
        yield tree
    finally:
        shutil.rmtree(tree, ignore_errors=True)


# The machine issue 17 was measured on had no HarfBuzz-Subset (the README's set-up did not install it then),
# so WeasyPrint subset fonts with fontTools: "today" in the issue is the old code on that set-up. To measure
# it on a machine that has the library, every process of the old side (its build, fork server and workers)
# starts with this sitecustomize, which makes WeasyPrint see the library as missing, as it saw it then.
WITHOUT_HARFBUZZ_SUBSET = """\
import importlib.abc, importlib.util, sys

class _AsThen(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "weasyprint.text.ffi":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            module.harfbuzz_subset = None  # WeasyPrint then subsets with fontTools

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _AsThen())
"""

SETUPS = ("then", "harfbuzz")  # the old code as its machine was set up (fontTools), and with HarfBuzz-Subset


@contextmanager
def setup_folder() -> Iterator[Path]:
    """A folder with the sitecustomize that hides HarfBuzz-Subset from WeasyPrint (see WITHOUT_HARFBUZZ_SUBSET)."""
    folder = Path(tempfile.mkdtemp(prefix="deck-bench-then-"))
    try:
        (folder / "sitecustomize.py").write_text(WITHOUT_HARFBUZZ_SUBSET, encoding="utf-8")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def env_for(tree: Path, then: Path | None = None) -> dict:
    """The environment that runs the code in ``tree`` (and no other copy of ``deck``); with ``then`` (a
    setup_folder), WeasyPrint in every process of it subsets fonts with fontTools, as before HarfBuzz-Subset."""
    rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and Path(p).resolve() != ROOT]
    first = [str(then)] if then is not None else []
    return {**os.environ, "PYTHONPATH": os.pathsep.join(first + [str(tree)] + rest)}


def synthetic(tree: Path, dest: Path, cards: int) -> Path:
    """The ``cards``-card synthetic deck that the old tree's own bench/synth.py makes from its own content."""
    subprocess.run([sys.executable, str(tree / "bench" / "synth.py"), str(dest), str(cards)], env=env_for(tree),
                   check=True, stdout=subprocess.DEVNULL)
    return dest


def deck_child(tree: Path, content: Path, then: Path | None = None) -> dict:
    """One build of the synthetic deck by the old code, timed by the old bench's own ``--deck-child``.

    That child loads the content, lays the cards out once to warm fonts and imports, then times
    ``build(Options(..., workbook=False, jobs=1, force=True))``: print + sheets, one job, in process,
    just as the current bench's ``--deck-child`` does. One round and no WeasyPrint-alone run here: in
    the current child that run comes after the timed build, so it cannot change the build's time.
    """
    out = subprocess.run([sys.executable, str(tree / "bench" / "run.py"), "--deck-child", str(content), "1", "0"],
                         env=env_for(tree, then), check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def default3_build(tree: Path, content: Path, out: Path, decks: tuple[str, ...], then: Path | None = None) -> float:
    """Wall time of the code in ``tree`` running `deck build --content C --out O -q --jobs 2 [--deck D ...]`
    in a fresh process (Dutch is the default language of both trees' content)."""
    args = [sys.executable, "-m", "deck", "build", "--content", str(content), "--out", str(out), "-q", "--jobs", "2"]
    for deck in decks:
        args += ["--deck", deck]
    start = time.perf_counter()
    subprocess.run(args, env=env_for(tree, then), check=True, cwd=out.parent)
    return time.perf_counter() - start


def measure_default3(tree: Path | None, then: Path | None, rounds: int) -> dict:
    """Three decks and the workbook, Dutch, two jobs, a fresh output folder; each round the current code and
    the old code on both set-ups (``then``: fontTools, as its machine was; HarfBuzz-Subset, as this one is),
    in an order that turns round by round.

    The same command line for all but the content: the current code builds its shipped content with
    ``--deck`` for each of the three (so it still loads and checks its other decks, as a user who builds
    three of them would), the old code its own shipped content, which has exactly those three. Without
    the old tree, the current code alone.

    ``same``: the current code also builds the old code's content, the very input the old code builds
    (today's content has grown: its workbook has a chapter on the other card sets, 34 pages to 28).
    """
    times: dict[str, list[float]] = {"now": [], "then": [], "harfbuzz": [], "same": []}
    work = Path(tempfile.mkdtemp(prefix="deck-bench-default3-"))
    try:
        for r in range(rounds):
            order = ("now",) + SETUPS + ("same",) if tree is not None else ("now",)
            for side in order[r % len(order):] + order[:r % len(order)]:
                out = work / f"{side}{r}"
                if side == "now":
                    times[side].append(default3_build(ROOT, ROOT / "content", out, BEFORE_DECKS))
                elif side == "same":
                    times[side].append(default3_build(ROOT, tree / "content", out, ()))
                else:
                    times[side].append(default3_build(tree, tree / "content", out, (),
                                                      then if side == "then" else None))
            shown = f"  round {r + 1}: now {times['now'][-1]:.2f}s"
            if tree is not None:
                shown += (f"  before {times['then'][-1]:.2f}s (fontTools, as then; ratio "
                          f"{times['now'][-1] / times['then'][-1]:.2f})  before {times['harfbuzz'][-1]:.2f}s "
                          f"(HarfBuzz-Subset; ratio {times['now'][-1] / times['harfbuzz'][-1]:.2f})  now on the old "
                          f"content {times['same'][-1]:.2f}s (ratio {times['same'][-1] / times['then'][-1]:.2f})")
            print(shown, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return times
