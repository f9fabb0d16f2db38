"""Hostile logos: refused by `deck check` and the build with a clear message, before anything decodes them."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from untrusted import CONTENT, make_outside

from deck.cli.main import main

SVG = 'xmlns="http://www.w3.org/2000/svg"'


def png(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels but holds one row: small on disk, huge when decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = zlib.compress(b"\0" * (1 + 3 * width))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b"")


def data_png(width: int, height: int) -> str:
    return "data:image/png;base64," + base64.b64encode(png(width, height)).decode("ascii")


LOGOS = {
    "entity": ("logo.svg", f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
                           f'<svg {SVG} viewBox="0 0 10 10"><text>&a;</text></svg>',
               "declares a DOCTYPE or XML entities, which a logo does not need"),
    "one by a million": ("logo.svg", f'<svg {SVG} width="1" height="1000000"><rect width="1" height="9"/></svg>',
                         "is 1 × 1e+06, too narrow or too tall for a logo"),
    "a million by one": ("logo.svg", f'<svg {SVG} width="1000000" height="1"><rect width="9" height="1"/></svg>',
                         "is 1e+06 × 1, too narrow or too tall for a logo"),
    "deep groups": ("logo.svg", f'<svg {SVG} viewBox="0 0 10 10">' + "<g>" * 5000 + "</g>" * 5000 + "</svg>",
                    "nests elements more than 40 levels deep"),
    "self use": ("logo.svg", f'<svg {SVG} viewBox="0 0 10 10"><g id="a"><rect width="1" height="1"/>'
                             f'<use href="#a"/></g></svg>',
                 "has a <use> element that refers to itself or to an element around it"),
    "use bomb": ("logo.svg", f'<svg {SVG} viewBox="0 0 10 10"><g id="l0"><rect width="1" height="1"/></g>'
                             + "".join(f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 7))
                             + "</svg>",
                 "draws more than 100,000 elements once its <use> references are expanded"),
    "png bomb": ("logo.png", png(50_000, 50_000), "is 50,000 × 50,000 pixels, over the limit of 16,000,000 pixels"),
    "png memory": ("logo.png", png(12_000, 12_000), "is 12,000 × 12,000 pixels, over the limit of 16,000,000 pixels"),
    "png in svg": ("logo.svg", f'<svg {SVG} viewBox="0 0 10 10"><image width="10" height="10" '
                               f'href="{data_png(12_000, 12_000)}"/></svg>',
                   "embeds an image that is 12,000 × 12,000 pixels, over the limit of 16,000,000 pixels"),
    "html in svg": ("logo.svg", f'<svg {SVG} viewBox="0 0 10 10"><image width="10" height="10" '
                                f'href="data:text/html;base64,PGgxPng8L2gxPg=="/></svg>',
                    "embeds data of type 'text/html'; an SVG logo may embed only base64 PNG or JPEG images"),
}


def profile(base: Path, name: str, data) -> Path:
    org = base / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text(f"name: Wijkteam Test\nlogo: {name}\n", encoding="utf-8")
    (org / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return org


@pytest.mark.parametrize("case", list(LOGOS))
def test_hostile_logo_is_a_clear_problem_in_check(tmp_path: Path, case: str):
    name, data, reason = LOGOS[case]
    org = profile(tmp_path, name, data)
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", str(org)])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 problem found.", lines
    assert lines[0].startswith(f"{org / 'organisation.yaml'}:2: logo: {org / name} {reason}"), lines[0]
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "Warning" not in result.output  # Pillow's bomb warnings are refusals, never printed


def test_logo_referring_to_a_file_outside_is_refused(tmp_path: Path):
    outside = make_outside(tmp_path)
    org = profile(tmp_path, "logo.svg", f'<svg {SVG} xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
                                        f'<image width="10" height="10" xlink:href="{(outside / "secret.png").as_uri()}"/>'
                                        f'</svg>')
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", str(org)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{org / 'organisation.yaml'}:2: logo: {org / 'logo.svg'} refers to another file or address "
        f"('{(outside / 'secret.png').as_uri()}'); put everything the logo shows into the SVG file itself")


def test_hostile_logo_stops_a_parallel_build_with_the_same_message(tmp_path: Path):
    """With two jobs the refusal comes before any worker starts: not "a build worker stopped unexpectedly"."""
    name, data, reason = LOGOS["png in svg"]
    org = profile(tmp_path, name, data)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--org", str(org), "--out", str(out),
                                       "--jobs", "2", "--no-workbook"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0].startswith(f"{org / 'organisation.yaml'}:2: logo: {org / name} {reason}")
    assert "worker stopped" not in result.output and "internal error" not in result.output
    assert not out.exists()


def test_an_ordinary_logo_still_passes(tmp_path: Path):
    org = profile(tmp_path, "logo.svg", (CONTENT / "orgs" / "voorbeeld" / "logo.svg").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT), "--org", str(org)])
    assert result.exit_code == 0, result.output
