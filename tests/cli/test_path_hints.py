"""deck is named one way (`deck ...`) in what init-org writes and prints, with how to get it on the PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CONTENT

BARE_PATH = os.pathsep.join(p for p in ("/usr/bin", "/bin") if Path(p).is_dir())


def init_org(tmp_path: Path, path: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "deck", "init-org", "org", "--name", "Wijkteam Proef",
                           "--content", str(CONTENT)], cwd=tmp_path, env={**os.environ, "PATH": path},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def test_scaffold_says_how_to_get_deck_on_the_path(tmp_path):
    init_org(tmp_path, BARE_PATH)
    for name in ("README.md", "organisation.yaml"):
        text = (tmp_path / "org" / name).read_text(encoding="utf-8")
        assert "deck build --org org" in text and "source .venv/bin/activate" in text, name
        assert ".venv/bin/deck" not in text


def test_init_org_says_how_to_get_deck_on_the_path_when_it_is_not(tmp_path):
    assert shutil.which("deck", path=BARE_PATH) is None
    said = init_org(tmp_path, BARE_PATH).stderr
    activate = Path(sys.executable).parent / "activate"
    assert "next: deck check --org org   then   deck build --org org" in said
    assert f"(deck is not on your PATH: first run `source {activate}`" in said


def test_init_org_says_nothing_more_when_deck_is_on_the_path(tmp_path):
    on_path = Path(sys.executable).parent
    assert shutil.which("deck", path=str(on_path))
    said = init_org(tmp_path, os.pathsep.join([str(on_path), BARE_PATH])).stderr
    assert "next: deck check --org org" in said and "PATH" not in said
