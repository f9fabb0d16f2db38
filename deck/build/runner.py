"""Run a build's outputs: skip the up-to-date ones, make the rest in parallel worker processes."""

from __future__ import annotations

import gc
import multiprocessing
import signal
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from deck.build.manifest import Hasher, Manifest
from deck.build.plan import Options, Result, Target
from deck.build.workers import (
    clean_dead_scratch,
    default_jobs,
    no_workers_reason,
    pool_context,
    scratch_folder,
    start_fork_server,
    watch_parent,
)
from deck.errors import BuildError, DeckError
from deck.files import clean_stale_temporaries, held
from deck.layout.gcpause import collector_paused, heap_frozen
from deck.limits import time_limit, time_limit_seconds
from deck.model.content import Content


class BuildFailures(BuildError):
    """Several outputs failed: every message once (print and sheets often share one), then which files."""

    def __init__(self, failures: list[tuple[str, DeckError]]):
        self.failures = failures
        self.exit_code = max(error.exit_code for _, error in failures)
        messages = dict.fromkeys(line for _, error in failures for line in error.lines())
        super().__init__("\n".join(messages))

    def lines(self) -> list[str]:
        """Each message, then one line naming the files that were not written."""
        return str(self).splitlines() + [f"{len(self.failures)} files not written: {', '.join(n for n, _ in self.failures)}"]


@dataclass
class Outcome:
    """What a worker sends back for one target: notes, or the DeckError that stopped it."""

    index: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    error: DeckError | None = None


# deck.build.make.make_output, or a test's stand-in set here. It is imported only when a build first
# makes something (it imports WeasyPrint, most of a second): a build that runs workers leaves that to
# them and their fork server, which imports it while this process still loads and plans.
make_output: Callable | None = None


def _maker() -> Callable:
    if make_output is not None:
        return make_output
    from deck.build.make import make_output as real

    return real


def _shared_layouts():
    from deck.build.make import shared_layouts

    return shared_layouts()


# Set once per worker process by _start_worker.
_content: Content | None = None
_opts: Options | None = None
_orgs: dict = {}
_make: Callable | None = None


def _start_worker(content: Content, opts: Options, orgs: dict, scratch: str, make: Callable | None) -> None:
    global _content, _opts, _orgs, _make
    # Ctrl-C is the parent's to handle: it stops the workers and cleans up after them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent()  # a build killed with kill -9 takes its workers with it
    # Temporary files (WeasyPrint's font folder, intermediate PDFs) go where the parent removes
    # them even when it has to terminate this worker.
    tempfile.tempdir = scratch
    _content, _opts, _orgs, _make = content, opts, orgs, make
    # Import the layout machinery now, while the pool starts, so that no output's time (which
    # orders the next build's work) includes it.
    from deck.layout import document  # noqa: F401 - and WeasyPrint with it (deck.layout.engine)

    gc.freeze()  # what a worker holds from now on (modules, the content) is never garbage: no collection walks it


def _work(unit: list[tuple[int, Target]]) -> list[Outcome]:
    with _shared_layouts():
        return [make_one(_content, target, _opts, _orgs.get(target.org), index, _make) for index, target in unit]


def units(todo: list[int], targets: list[Target]) -> list[list[int]]:
    """The work in units a worker does as one: a deck's files of one language and organisation, laid out once."""
    groups: dict[tuple, list[int]] = {}
    for i in todo:
        t = targets[i]
        groups.setdefault(("workbook", i) if t.kind == "workbook" else (t.org, t.lang, t.deck), []).append(i)
    return list(groups.values())


def make_one(content: Content, target: Target, opts: Options, org=None, index: int = 0,
             make: Callable | None = None) -> Outcome:
    """Build one target; a DeckError is returned, not raised, so it crosses a process boundary intact."""
    start = time.perf_counter()
    try:
        with time_limit(time_limit_seconds(opts.time_limit), target.label), collector_paused():
            notes = (make or _maker())(content, target, opts, org)
    except DeckError as error:
        return Outcome(index, time.perf_counter() - start, error=error)
    return Outcome(index, time.perf_counter() - start, notes)


def estimate(content: Content, target: Target, manifest: Manifest) -> float:
    """Expected seconds for ``target``: last build's time, else a guess from its number of cards."""
    known = manifest.seconds(target.path)
    if known is not None:
        return known
    # Rough seconds per card from this machine: the workbook quotes every deck on more pages.
    if target.deck is None:
        return 0.2 * sum(len(d.cards) for d in content.decks.values())
    deck = content.decks.get(target.deck)
    return 0.12 * (len(deck.cards) if deck else 12)


def run(content: Content, targets: list[Target], opts: Options,
        progress: Callable[[Result], None] | None = None, orgs: dict | None = None) -> list[Result]:
    """Write every target that is not up to date; report each as it finishes; raise all failures at the end.

    ``orgs`` maps an organisation's slug to its profile, for targets that name one.
    """
    orgs = orgs or {}
    out = Path(opts.out)
    clean_dead_scratch()  # what builds killed before they could tidy up left in the temporary folder
    manifest = Manifest.load(out)
    hasher = Hasher()
    keys = {t: hasher.key(content, t, opts) for t in targets}
    results: dict[int, Result] = {}
    todo = []
    for i, target in enumerate(targets):
        if not opts.force and manifest.up_to_date(target.path, keys[target]):
            results[i] = Result(target, "up to date")
            if progress:
                progress(results[i])
        else:
            todo.append(i)
    # Longest first, so the last output to finish is a short one and no core idles long.
    work = units(todo, targets)
    work.sort(key=lambda unit: -sum(estimate(content, targets[i], manifest) for i in unit))
    jobs = min(opts.jobs or default_jobs(), len(work))
    if no_workers_reason():
        jobs = 1  # the command line says why (deck.cli.build)
    errors: dict[int, DeckError] = {}
    # What makes one output, looked up now and handed to the workers, so that one function
    # (make_output, or a test's stand-in for it) makes every output of this build.
    make = make_output
    _read_languages(content, {targets[i].lang for i in todo})

    def finished(outcome: Outcome) -> None:
        target = targets[outcome.index]
        if outcome.error is not None:
            errors[outcome.index] = outcome.error
            result = Result(target, "failed", outcome.seconds)
        else:
            result = Result(target, "built", outcome.seconds, outcome.notes)
        results[outcome.index] = result
        if progress:
            progress(result)

    try:
        if jobs <= 1:
            with heap_frozen():
                for unit in work:
                    with _shared_layouts():
                        for i in unit:
                            finished(make_one(content, targets[i], opts, orgs.get(targets[i].org), i, make))
        else:
            _run_pool(content, opts, orgs, [[(i, targets[i]) for i in unit] for unit in work], jobs, finished, make)
    finally:
        _remember(manifest, content, opts, keys, [r for r in results.values() if r.status == "built"])
    if errors:
        error = next(iter(errors.values())) if len(errors) == 1 else \
            BuildFailures([(targets[i].label, errors[i]) for i in sorted(errors)])
        error.results = [results[i] for i in sorted(results)]  # what was built before it, for a summary
        raise error
    return [results[i] for i in range(len(targets))]


def _read_languages(content: Content, langs: set[str]) -> None:
    """Read each language's pack once, before the workers start: they receive it with the content."""
    from deck.i18n.overlay import language_pack

    for lang in sorted(langs):
        try:
            language_pack(content, lang)
        except DeckError:
            pass  # reported by every output that needs the language, as when it is read there


def _remember(manifest: Manifest, content: Content, opts: Options, keys: dict, built: list[Result]) -> None:
    # An input edited while the build ran may or may not be in the output: hash again and record
    # only outputs whose inputs are unchanged, so the next build redoes the others.
    if not built:
        return
    hasher = Hasher()
    for result in built:
        target = result.target
        if hasher.key(content, target, opts) == keys[target] and target.path.exists():
            manifest.record(target.path, keys[target], result.seconds)
    manifest.save()


def _run_pool(content: Content, opts: Options, orgs: dict, work: list[list[tuple[int, Target]]], jobs: int,
              finished: Callable[[Outcome], None], make: Callable | None = None) -> None:
    """Run ``work`` (units of targets) on ``jobs`` worker processes; on Ctrl-C or any failure, stop them and clean up."""
    with scratch_folder() as scratch:
        before = set(multiprocessing.active_children())
        context = pool_context()
        pending = {}
        pool = None
        try:
            start_fork_server(context)  # workers ignore Ctrl-C from birth; the build stops them
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                                       initargs=(content, opts, orgs, str(scratch), make))
            # Workers are started during submit (waiting for the fork server to be ready). Ctrl-C and
            # SIGTERM are held until every start has completed: half-started, a worker would print a
            # traceback once this process has cleaned up. Held, they arrive right after and stop the build.
            with held(signal.SIGINT, signal.SIGTERM):
                for unit in work:
                    pending[pool.submit(_work, unit)] = unit
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    unit = pending.pop(future)
                    try:
                        outcomes = future.result()
                    except BrokenProcessPool:
                        paths = ", ".join(str(target.path) for _, target in unit)
                        raise BuildError(f"a build worker stopped unexpectedly while making {paths} "
                                         "(out of memory?); try again with --jobs 1") from None
                    for outcome in outcomes:
                        finished(outcome)
            pool.shutdown(wait=True)
        except BaseException:
            _stop(pool, before)
            clean_stale_temporaries({target.path.parent for unit in work for _, target in unit})  # a killed worker's
            raise


def _stop(pool: ProcessPoolExecutor | None, before: set) -> None:
    """Terminate this pool's workers (only the children it started), then cancel queued work.

    Workers go first: shutting the pool down releases the queues' locks, and a worker still
    starting up would then fail to find them and print a traceback.
    """
    workers = [p for p in multiprocessing.active_children() if p not in before]
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)

