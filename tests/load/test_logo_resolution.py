"""An organisation's raster logo: deck check applies the build's 300 ppi rule and names the pixels needed; JPEG works."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from click.testing import CliRunner
from PIL import Image

from deck.build.pipeline import build
from deck.build.plan import Options
from deck.cli.main import main
from deck.preflight.check import preflight

CONTENT = Path(__file__).resolve().parents[2] / "content"
LOW = ("org/organisation.yaml:2: logo: org/logo.png has 500×100 px; on the back of a6 cards it is printed "
       "55.8×11.2 mm, which is 228 ppi where print shops need 300: give an image of at least 660×132 px, or an SVG")


def _org(tmp_path: Path, logo: str, size: tuple[int, int]) -> Path:
    folder = tmp_path / "org"
    folder.mkdir()
    Image.new("RGB", size, (20, 120, 60)).save(folder / logo)
    (folder / "organisation.yaml").write_text(f"name: Team Logo\nlogo: {logo}\n", encoding="utf-8")
    return folder


def test_check_names_the_pixels_a_sharp_print_needs(tmp_path, monkeypatch):
    _org(tmp_path, "logo.png", (500, 100))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", "org"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [LOW, "1 problem found."]
    # Smaller cards print the logo smaller: the same file is sharp enough on A7.
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", "org", "--card-size", "a7"])
    assert result.exit_code == 0, result.output


def test_the_build_refuses_the_same_logo_with_the_same_message(tmp_path, monkeypatch):
    _org(tmp_path, "logo.png", (500, 100))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--org", "org", "--deck", "vuistregels",
                                       "--no-workbook", "--out", "out"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [LOW, "1 problem found."]


def test_a_logo_of_the_named_size_passes_check_and_the_print_shop_preflight(tmp_path, monkeypatch):
    _org(tmp_path, "logo.png", (660, 132))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", "org"]).exit_code == 0
    build(Options(content=CONTENT, out=Path("out"), org=Path("org"), decks=("vuistregels",), workbook=False, jobs=1))
    assert preflight(Path("out/team-logo/nl/vuistregels.print.pdf")) == []


def test_a_jpeg_logo_is_printed_in_cmyk(tmp_path, monkeypatch):
    _org(tmp_path, "logo.jpg", (1400, 700))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", "org"]).exit_code == 0
    build(Options(content=CONTENT, out=Path("out"), org=Path("org"), decks=("vuistregels",), workbook=False, jobs=1))
    printed = Path("out/team-logo/nl/vuistregels.print.pdf")
    assert preflight(printed) == []
    with pikepdf.open(printed) as pdf:
        images = [pikepdf.PdfImage(obj) for obj in pdf.objects
                  if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image]
        assert [(i.width, i.height, i.colorspace) for i in images] == [(1400, 700, "/DeviceCMYK")]
