"""Shared fixtures: a private copy of the content, the stand-in output maker, and real builds made once per session."""

from __future__ import annotations

import shutil
import signal
import tempfile
from pathlib import Path

import pytest
from helpers import CONTENT, EXAMPLE_ORG, made_once
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches in ./.hypothesis by default, and tests never write into the source
# tree. Set here, at import, because Hypothesis writes them while tests are being collected.
_HYPOTHESIS_HOME = tempfile.TemporaryDirectory(prefix="deck-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME.name)

# A test run started in the background of a script (`make test &`, nohup) ignores Ctrl-C, and
# every build a test starts would inherit that: deck keeps a signal its caller ignores ignored
# (test_faults.test_ignored_ctrl_c_stays_ignored), so the tests that press Ctrl-C would see
# builds run to the end. Those tests stand for a terminal, where Ctrl-C is not ignored.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# The builds that tests share, each made once per session (helpers.made_once).
SHARED_BUILDS = ("default_build", "example", "english", "installed")


@pytest.hookimpl(trylast=True)  # after pytest's own reordering
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that need the session's shared builds first, one test per build leading.

    Under pytest-xdist (make test) the workers then make those builds side by side from the start,
    and the tests that need them come after the builds are done: no worker waits for another's
    build. The order of the other tests is left as collected.
    """
    def builds(item: pytest.Item) -> list[int]:
        return [i for i, name in enumerate(SHARED_BUILDS) if name in item.fixturenames]

    leading: dict[int, pytest.Item] = {}
    for item in items:  # the first test that needs only that build
        if len(builds(item)) == 1:
            leading.setdefault(builds(item)[0], item)
    rest = [item for item in items if item not in leading.values()]
    users = sorted((item for item in rest if builds(item)), key=lambda item: max(builds(item)))
    items[:] = [leading[i] for i in sorted(leading)] + users + [item for item in rest if not builds(item)]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the real content folder that a test may change."""
    dest = tmp_path / "content"
    shutil.copytree(CONTENT, dest)
    return dest


@pytest.fixture
def scratch() -> Path:
    """An empty folder of the test's own for a build's temporary files (its TMPDIR), to see what it leaves behind.

    Its path is short: multiprocessing's socket goes in a folder beside the build's scratch folder,
    and a socket's path may be at most about 100 bytes long, which a folder under tmp_path (longer
    still in a pytest-xdist worker's) can exceed.
    """
    with tempfile.TemporaryDirectory(prefix="deck-test-", ignore_cleanup_errors=True) as folder:
        yield Path(folder)


@pytest.fixture(scope="session")
def content():
    """The shipped content, loaded once (read it, do not change it)."""
    from deck.load.content import load_content

    return load_content(CONTENT)


@pytest.fixture
def fake_output(monkeypatch) -> list:
    """Builds in this test make outputs with helpers.fake_output instead of laying them out.

    Returns the targets made in this process (outputs made in worker processes are told apart
    by the note each result carries: "made by process PID").
    """
    import helpers

    import deck.build.runner

    monkeypatch.setattr(deck.build.runner, "make_output", helpers.fake_output)
    helpers.FAKE_CALLS.clear()
    return helpers.FAKE_CALLS


@pytest.fixture(scope="session")
def default_build(tmp_path_factory):
    """The default build (all decks and the workbook, Dutch) on two worker processes: (output folder, results)."""
    from deck.build.pipeline import build
    from deck.build.plan import Options

    return made_once(tmp_path_factory, "output", lambda out: (out, build(Options(content=CONTENT, out=out, jobs=2))))


@pytest.fixture(scope="session")
def built(default_build) -> Path:
    """The folder of the default build's Dutch PDFs."""
    return default_build[0] / "nl"


@pytest.fixture(scope="session")
def example(tmp_path_factory) -> Path:
    """The example organisation, every deck and its workbook, built once; the output folder."""
    from deck.build.pipeline import build
    from deck.build.plan import Options

    def make(out: Path) -> Path:
        build(Options(content=CONTENT, out=out, org=EXAMPLE_ORG))
        return out

    return made_once(tmp_path_factory, "org-out", make)


@pytest.fixture(scope="session")
def english(tmp_path_factory):
    """The English edition, cards and workbook, built once with --strict: (folder, results by file name)."""
    from deck.build.pipeline import build
    from deck.build.plan import Options

    def make(out: Path):
        # --strict: the English edition must need no Dutch fallback and no stale translation.
        results = build(Options(content=CONTENT, out=out, langs=("en",), strict=True))
        return out / "en", {r.target.path.name: r for r in results}

    return made_once(tmp_path_factory, "english", make)
