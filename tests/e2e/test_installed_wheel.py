"""`pip install .` gives a deck that works: the wheel carries the templates and fonts.

The wheel is built from a copy of the package's sources, installed into a fresh virtual environment
and run from an empty folder. The new environment borrows the dependencies of the one running the
tests (a .pth file), so nothing is downloaded; deck itself must come from the wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import made_once
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
# What a wheel is made from; everything else in the repository (tests, content, bench) stays out of it.
SOURCES = ["pyproject.toml", "setup.py", "README.md", "deck", "templates", "fonts"]

pytestmark = pytest.mark.slow


def run(args: list, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def pdf_pages(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def png_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        assert image.format == "PNG"
        image.load()
        return image.size


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh virtual environment with deck installed from a freshly built wheel."""
    return made_once(tmp_path_factory, "wheel", install_from_a_wheel)


def install_from_a_wheel(tmp: Path) -> Path:
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    made = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp / "dist", src], tmp)
    (tmp / "wheel.log").write_text(made.stdout + made.stderr)
    wheel = next((tmp / "dist").glob("deck-*.whl"))

    # The new environment gets no pip of its own (making one takes longer than all the rest); this
    # environment's pip installs into it (--python).
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    python = venv / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).stdout.strip())
    (site / "deck_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # --ignore-installed: the checkout's editable deck is visible through the .pth file; leave it alone.
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index", "--no-deps",
         "--ignore-installed", wheel], tmp)
    return venv / "bin"


def test_wheel_builds_without_setuptools_warnings(installed):
    # Set-up noise: a licence in the old table form and data folders that look like packages made
    # setuptools print about 150 lines of warnings on every install.
    log = (installed.parent.parent / "wheel.log").read_text()
    for noise in ("Warning", "deprecated", "would be ignored", "!!"):
        assert noise not in log, log


def test_wheel_holds_templates_and_fonts(installed):
    where = run([installed / "python", "-c",
                 "import deck, deck.paths as p; print(deck.__file__); print(p.TEMPLATES); print(p.FONTS)"], installed)
    package, templates, fonts = map(Path, where.stdout.split("\n")[:3])
    site = installed.parent / "lib"
    # deck, its templates and its fonts all come from the wheel, none from the checkout.
    for path in (package, templates, fonts):
        assert site in path.parents, path
    assert templates == package.parent / "templates" and fonts == package.parent / "fonts"
    assert sorted(p.name for p in templates.glob("*.j2")) == sorted(p.name for p in (ROOT / "templates").glob("*.j2"))
    assert sorted(p.relative_to(fonts) for p in fonts.rglob("*") if p.is_file()) == \
        sorted(p.relative_to(ROOT / "fonts") for p in (ROOT / "fonts").rglob("*") if p.is_file())


def test_installed_deck_works_from_an_empty_folder(installed, tmp_path):
    deck = installed / "deck"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    here = tmp_path / "empty"
    here.mkdir()

    run([deck, "init-org", "org", "--name", "Wijkteam Proef", "--content", content], here)
    assert (here / "org" / "organisation.yaml").is_file()
    run([deck, "check", "--content", content, "--org", "org"], here)

    run([deck, "build", "--content", content, "--deck", "lessen"], here)
    out = here / "output" / "nl"
    assert sorted(p.name for p in out.glob("*.pdf")) == ["lessen.print.pdf", "lessen.sheets.pdf", "workbook.pdf"]
    cards = len(yaml.safe_load((content / "decks" / "lessen.yaml").read_text(encoding="utf-8"))["cards"])
    assert pdf_pages(out / "lessen.print.pdf") == 2 * cards  # front and back of every card
    assert pdf_pages(out / "workbook.pdf") >= 8

    run([deck, "preview", "lessen", "--content", content, "--dpi", "40"], here)
    previews = here / "output" / "nl" / "preview" / "lessen"
    pngs = sorted(previews.glob("*.png"))
    assert previews / "contact.png" in pngs and len(pngs) == 2 * cards + 1
    width, height = png_size(pngs[0])
    assert (round(width / 40 * 25.4), round(height / 40 * 25.4)) == (105, 148)  # an A6 card at the trim

    run([deck, "calibrate"], here)
    assert pdf_pages(here / "calibration.pdf") == 2

    status = run([deck, "i18n", "status", "--content", content], here)
    assert "en" in status.stdout
