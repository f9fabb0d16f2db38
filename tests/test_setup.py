"""Set-up: `make` checks the system when it sets up (not on every call) and says how to install what is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def check_system():
    spec = importlib.util.spec_from_file_location("check_system", ROOT / "tools" / "check_system.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_dry_run(folder: Path, target: str) -> list[str]:
    done = subprocess.run(["make", "--no-print-directory", "-n", target], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_make_checks_the_system_when_setting_up_not_on_every_call(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    for name in ("pyproject.toml", "setup.py"):
        (tmp_path / name).write_text("")
        os.utime(tmp_path / name, (1_000_000, 1_000_000))
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / ".installed").touch()  # set up after the packaging last changed
    assert make_dry_run(tmp_path, "build") == [".venv/bin/deck build"]
    assert make_dry_run(tmp_path, "test") == [".venv/bin/pytest -q -n auto"]

    (tmp_path / "setup.py").touch()  # the packaging changed: set up again, checking the system first
    steps = make_dry_run(tmp_path, "build")
    assert steps[0].endswith("tools/check_system.py") and any("pip install -e" in step for step in steps)
    assert steps[-1] == ".venv/bin/deck build"


def test_check_system_passes_on_this_machine():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "check_system.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    # The tests run where Pango is; HarfBuzz-Subset may be missing (a note, not a failure).
    assert "Pango" not in done.stdout


@pytest.mark.parametrize("missing, code, advice", [
    ("HarfBuzz-Subset", 0, "sudo apt-get install libharfbuzz-subset0"),
    ("Pango", 1, "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"),
])
def test_check_system_says_how_to_install_what_is_missing(monkeypatch, capsys, missing, code, advice):
    module = check_system()
    absent = set(module.LIBRARIES[missing])
    real = module.found
    monkeypatch.setattr(module, "found", lambda names: not absent & set(names) and real(names))
    assert module.main() == code
    out = capsys.readouterr().out
    assert advice in out and "brew install" in out and "dnf install" in out
