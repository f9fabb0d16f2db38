"""An organisation's cards and workbook number the cards in its own order: the band number is the card's place."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml
from helpers import heading_runs, page_texts

from deck.build.pipeline import build
from deck.build.plan import Options

CONTENT = Path(__file__).resolve().parents[2] / "content"
PROFILE = """\
name: Wijkteam Noord
exclude: [informele-netwerken]
order:
  lessen: [visie-dienstverlening]
extra_cards:
  vuistregels:
    - id: eigen-regel
      title: Drink koffie met de buurt
"""


def test_band_numbers_and_workbook_numbers_follow_the_org_order(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text(textwrap.dedent(PROFILE), encoding="utf-8")
    out = tmp_path / "out"
    build(Options(content=CONTENT, out=out, org=org, decks=("lessen",), only=("print", "workbook"), jobs=1))
    folder = out / "wijkteam-noord" / "nl"

    fronts = page_texts(folder / "lessen.print.pdf")[0::2]
    assert len(fronts) == 8
    for place, text in enumerate(fronts, 1):
        # "NEGEN LESSEN LES 3 ..." in the band, "Negen lessen · 3/8" in the footer: the same number.
        band = re.match(r"NEGEN LESSEN LES (\d+) ", text)
        assert band and int(band.group(1)) == place, text[:60]
        assert text.endswith(f"Negen lessen · {place}/8")
    assert "Vorm een visie op dienstverlening" in fronts[0]

    # The workbook groups the lessons by bodemlaag; each shows the number its card shows, none missing.
    shared = yaml.safe_load((CONTENT / "decks" / "lessen.yaml").read_text(encoding="utf-8"))["cards"]
    titles = {c["id"]: c["title"] for c in shared}
    order = ["visie-dienstverlening"] + [c["id"] for c in shared if c["id"] not in ("visie-dienstverlening", "informele-netwerken")]
    expected = {f"Les {n} {titles[cid]}" for n, cid in enumerate(order, 1)}
    headings = [h for page in heading_runs(folder / "workbook.pdf") for h in page]
    assert {h for h in headings if h.startswith("Les ")} == expected
    rules = [h for h in headings if re.match(r"\d+ ", h) and h.split(" ", 1)[1] in (
        "Maak verbinding", "Stel de vraag", "Houd koers", "Zoek tegenspraak", "Geef stem", "Drink koffie met de buurt")]
    assert rules == ["1 Maak verbinding", "2 Stel de vraag", "3 Houd koers", "4 Zoek tegenspraak", "5 Geef stem",
                     "6 Drink koffie met de buurt"]
