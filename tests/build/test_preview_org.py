"""`deck preview DECK --org DIR`: the organisation's own deck, in the organisation's output folder."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner
from PIL import Image

from deck.cli.main import main

CONTENT = Path(__file__).resolve().parents[2] / "content"
ORG = CONTENT / "orgs" / "voorbeeld"
DECK = "interviewvragen"


def _rgb(hex_: str) -> tuple[int, ...]:
    return tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))


def _close(a, b, tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def test_org_preview_shows_the_effective_deck_in_the_org_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preview", DECK, "--content", str(CONTENT), "--org", str(ORG), "--dpi", "40"])
    assert result.exit_code == 0, result.output
    folder = Path("output") / "wijkteam-lindendal" / "nl" / "preview" / DECK
    assert f"done: 25 PNG files in {folder}" in result.output
    assert not (Path("output") / "nl").exists()  # nothing in the shared set's folder

    profile = yaml.safe_load((ORG / "organisation.yaml").read_text(encoding="utf-8"))
    shared = [c["id"] for c in yaml.safe_load((CONTENT / "decks" / f"{DECK}.yaml").read_text(encoding="utf-8"))["cards"]]
    # The profile's order first, then the shared cards it keeps; its own card in; its left-out card out.
    wanted = profile["order"][DECK]
    effective = wanted + [c for c in shared if c not in wanted and c not in profile["exclude"]]
    assert "onze-wijk" in effective and "stel-jezelf-voor" not in effective
    expected = {f"{i:02d}-{cid}-{side}.png" for i, cid in enumerate(effective, 1) for side in ("front", "back")}
    assert {p.name for p in folder.iterdir()} == expected | {"contact.png"}

    # The profile's colour for this deck on the band and the back, not the shared one.
    colour = _rgb(profile["colours"][DECK]["rgb"])
    front = Image.open(folder / "02-onze-wijk-front.png").convert("RGB")
    assert _close(front.getpixel((3, 3)), colour)
    back = Image.open(folder / "02-onze-wijk-back.png").convert("RGB")
    assert _close(back.getpixel((back.width // 2, back.height // 2)), colour)
    # The logo (a green leaf on a white disc) in the top corner of the back.
    leaf = _rgb("#2f7d4f")
    top = back.crop((0, 0, back.width // 2, back.height // 5))
    pixels = [top.getpixel((x, y)) for x in range(top.width) for y in range(top.height)]
    assert sum(_close(px, leaf, 12) for px in pixels) >= 20


def test_org_preview_refuses_a_deck_the_org_leaves_out(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text("name: Wijkteam Noord\ndecks: [lessen]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["preview", "vuistregels", "--content", str(CONTENT), "--org", str(org),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "unknown deck 'vuistregels' (decks: lessen)" in result.output
