"""Synthetic content for the benchmark: decks of any size made of the shipped cards' Dutch sentences."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

SENTENCE = re.compile(r"[^.!?]+[.!?]")


def sentence_pool(content: Path) -> tuple[list[str], list[str], list[str]]:
    """Titles, sentences and list items from the shipped decks, in file order."""
    titles, sentences, items = [], [], []
    for path in sorted((content / "decks").glob("*.yaml")):
        deck = yaml.safe_load(path.read_text(encoding="utf-8"))
        for card in deck["cards"]:
            if card.get("title"):
                titles.append(card["title"].strip())
            for s in SENTENCE.findall(card.get("text") or ""):
                if len(s.strip()) > 20:
                    sentences.append(s.strip())
            items += [i.strip() for i in card.get("items") or []]
    return titles, sentences, items


def make_content(dest: Path, source: Path, cards: int, seed: int = 8, deck_id: str = "synthetisch") -> Path:
    """Write a content folder with one deck of ``cards`` cards (and the shipped content.yaml)."""
    rng = random.Random(seed)
    titles, sentences, items = sentence_pool(source)
    (dest / "decks").mkdir(parents=True, exist_ok=True)
    project = yaml.safe_load((source / "content.yaml").read_text(encoding="utf-8"))
    project["decks"] = [deck_id]
    (dest / "content.yaml").write_text(yaml.safe_dump(project, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = []
    for n in range(1, cards + 1):
        card = {"id": f"kaart-{n}", "number": n, "group": rng.choice(["een", "twee", "drie"]),
                "title": rng.choice(titles)}
        # Varying length: from a one-line question to a card filled to about three quarters.
        budget = rng.choice((60, 160, 260, 360, 460))
        text = ""
        while len(text) < budget:
            text += rng.choice(sentences) + " "
        card["text"] = text.strip()
        if rng.random() < 0.25:
            card["items"] = rng.sample(items, 3)
            card["text"] = rng.choice(sentences)
        out.append(card)
    deck = {
        "id": deck_id, "title": "Synthetische kaarten", "subtitle": "Benchmark met zinnen uit de meegeleverde kaarten",
        "number_label": "Kaart", "colour": {"rgb": "#1d5c7a", "cmyk": [85, 45, 20, 10]},
        "source": {"title": "Benchmark", "authors": ["deck"], "year": 2026},
        "groups": [{"id": g, "title": g.capitalize()} for g in ("een", "twee", "drie")],
        "cards": out,
    }
    (dest / "decks" / f"{deck_id}.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False, width=1000),
                                                    encoding="utf-8")
    return dest


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1])
    shutil.rmtree(target, ignore_errors=True)
    make_content(target, Path(__file__).resolve().parent.parent / "content", int(sys.argv[2]))
