"""Shared fixtures: a private copy of the content, and the default build made once per session."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests import pdftools and these constants
# Hypothesis keeps caches in ./.hypothesis by default, and tests never write into the source
# tree. Set here, at import, because Hypothesis writes them while tests are being collected.
_HYPOTHESIS_HOME = tempfile.TemporaryDirectory(prefix="deck-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME.name)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the real content folder that a test may change."""
    dest = tmp_path / "content"
    shutil.copytree(CONTENT, dest)
    return dest


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default build (all decks and the workbook, Dutch) written once into a temporary output folder."""
    from deck.build.pipeline import build
    from deck.build.plan import Options

    out = tmp_path_factory.mktemp("output")
    build(Options(content=CONTENT, out=out))
    return out / "nl"

