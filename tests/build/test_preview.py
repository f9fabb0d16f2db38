"""Previews: one PNG per card side at the trim size, and a contact sheet of the fronts."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from helpers import CONTENT
from PIL import Image

from deck.cli.main import main

DECK = "vuistregels"


def test_cli_writes_card_and_contact_pngs(tmp_path):
    out = tmp_path / "preview"
    result = CliRunner().invoke(main, ["preview", DECK, "--content", str(CONTENT), "--out", str(out), "--dpi", "100"])
    assert result.exit_code == 0, result.output
    deck = yaml.safe_load((CONTENT / "decks" / f"{DECK}.yaml").read_text())
    ids = [c["id"] for c in deck["cards"]]
    expected = {f"{i:02d}-{cid}-{side}.png" for i, cid in enumerate(ids, 1) for side in ("front", "back")} | {"contact.png"}
    assert {p.name for p in out.iterdir()} == expected

    front = Image.open(out / f"01-{ids[0]}-front.png")
    # cut at the trim: 105 x 148 mm at 100 dpi
    assert abs(front.width - 105 / 25.4 * 100) <= 1 and abs(front.height - 148 / 25.4 * 100) <= 1
    # screen colours: the band at the top is the deck's RGB colour
    rgb = tuple(int(deck["colour"]["rgb"][i:i + 2], 16) for i in (1, 3, 5))
    assert all(abs(a - b) <= 2 for a, b in zip(front.convert("RGB").getpixel((5, 5)), rgb))
    assert front.convert("RGB").getpixel((3, front.height // 2)) == (255, 255, 255)  # white margin
    back = Image.open(out / f"01-{ids[0]}-back.png")
    assert all(abs(a - b) <= 2 for a, b in zip(back.convert("RGB").getpixel((back.width // 2, 5)), rgb))

    contact = Image.open(out / "contact.png")
    cols = min(5, len(ids))
    rows = -(-len(ids) // cols)
    assert contact.width == cols * 300 + (cols + 1) * 24
    assert contact.height > rows * 300


def test_unknown_deck_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["preview", "vuistregel", "--content", str(CONTENT), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown deck 'vuistregel' (did you mean 'vuistregels'?)" in result.output
