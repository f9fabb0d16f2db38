"""Write tests/golden/quotations.yaml: every quotation the cards carry, found word for word in its seed.

Run it where the source documents are (default: shared/seeds beside the repository, found by
walking up from it) whenever a deck's quoted text changes:

    .venv/bin/python tools/quotations.py [--seeds DIR] [--check]

The seeds live outside the repository, so the tests cannot read them; they read the golden file
instead. A quotation that is not in its seed stops the script (exit 1) with every one listed,
and nothing is written. Only whitespace, line breaks and the Markdown emphasis markers (* and
**) are ignored when comparing, as the card tests do.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout: import the deck package beside this folder

try:
    from deck.errors import DeckError  # noqa: E402
    from deck.load.content import load_content  # noqa: E402
    from deck.load.yamlfile import load_yaml  # noqa: E402
except ImportError as exc:  # run with a Python that lacks deck's dependencies
    sys.exit(f"error: {exc}; run this with the project's Python, e.g. .venv/bin/python tools/quotations.py (after make build)")

CONTENT = ROOT / "content"
GOLDEN = ROOT / "tests" / "golden" / "quotations.yaml"
PENDING = ".yaml.pending"  # decks written ahead of a model change; not loaded by deck, still checked here

ALL = ("section", "title", "text", "items")
# Which text of which deck quotes its source. Everything else on a card (the rule prompts, the
# lesson summaries, deck titles) is written or shortened by the compilers and is not listed.
# "cards_for" overrides the fields for single cards. A deck missing here is an error, so a new
# deck is never silently left out of the check.
QUOTED: dict[str, dict] = {
    "interviewvragen": {"cards": ("section", "title", "text")},
    "vuistregels": {"cards": ("title", "items"), "cards_for": {"brede-opdracht": ("title", "text", "items")}},
    "lessen": {"cards": ("title",), "groups": ("conclusion_title",)},
    "kwesties": {"cards": ALL},
    "samenwerking-informeel": {"cards": ALL},
    "participatiespectrum": {"cards": ALL},
    "transformatief-leren": {"cards": ALL},
    "waarden": {"cards": ALL},
    "dilemmas": {"cards": ALL + ("back.section", "back.title", "back.text", "back.items")},
}

EMPHASIS = re.compile(r"\*\*|(?<!\*)\*(?!\*)")
PARAGRAPHS = re.compile(r"\n\s*\n")
# Numbered section headings on a line of their own, as the seeds write them: "4. De kwesties",
# "Ad 1. Beleidssturing", "Tabel 1. ...", "Thema 2: ...". Numbered list items run on without a
# blank line and are not headings. Seed 003 numbers none of its headings, so its quotations
# get no heading (a guess from line length named the wrong ones); its line numbers suffice.
NUMBERED = re.compile(r"^(\d{1,2}\.|Ad \d+\.|Tabel \d+\.|Thema \d+:?)\s+\S")


def default_seeds() -> Path:
    """shared/seeds in the nearest folder above the repository that has one (as tests/conftest.py)."""
    return next((p / "shared" / "seeds" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()),
                ROOT.parent / "shared" / "seeds")


def plain(text: str) -> str:
    """Emphasis markers removed, whitespace folded: what the comparison sees (tests/pdftools.plain)."""
    return re.sub(r"\s+", " ", EMPHASIS.sub("", text)).strip()


class Seed:
    """A seed document, searchable in its plain form, with the raw line of every plain character."""

    def __init__(self, path: Path):
        self.name = path.name
        self.raw = path.read_text(encoding="utf-8")
        removed = set()
        for m in EMPHASIS.finditer(self.raw):
            removed.update(range(m.start(), m.end()))
        chars: list[str] = []
        where: list[int] = []
        for i, ch in enumerate(self.raw):
            if i in removed:
                continue
            if ch.isspace():
                if not chars or chars[-1] == " ":
                    continue
                ch = " "
            chars.append(ch)
            where.append(i)
        if chars and chars[-1] == " ":
            chars.pop()
            where.pop()
        self.text = "".join(chars)
        self.where = where
        self.headings = self._headings()

    def _headings(self) -> list[tuple[int, str]]:
        """(line, heading) for every line that looks like a section heading, in order."""
        lines = self.raw.split("\n")
        found = []
        for n, line in enumerate(lines):
            text = line.strip()
            before = lines[n - 1].strip() if n else ""
            after = lines[n + 1].strip() if n + 1 < len(lines) else ""
            if not text or len(text) > 100 or before or after:
                continue
            if NUMBERED.match(text):
                found.append((n + 1, text))
        return found

    def find(self, quote: str) -> list[int]:
        """Seed line numbers (1-based) where ``quote`` starts, in order."""
        needle = plain(quote)
        lines, start = [], 0
        while needle and (i := self.text.find(needle, start)) >= 0:
            lines.append(self.raw.count("\n", 0, self.where[i]) + 1)
            start = i + 1
        return lines

    def heading_before(self, line: int) -> str | None:
        """The nearest heading at or above ``line`` (a quoted heading is its own)."""
        above = [h for n, h in self.headings if n <= line]
        return above[-1] if above else None


@dataclass
class Quote:
    """One quotation on a card (or a group), before it is looked up."""

    deck: str
    owner: str  # "card" or "group"
    id: str
    field: str
    index: tuple[str, int] | None  # ("paragraph", n) or ("item", n), 1-based
    text: str


def value_at(data: dict, field: str):
    """A dotted field ("back.text") of a card or group mapping, or None."""
    for part in field.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def quotes_of(deck_id: str, kind: str, data: dict, fields: tuple[str, ...]) -> list[Quote]:
    """The quotations one card or group carries: a text field per paragraph, items one by one."""
    out = []
    for field in fields:
        value = value_at(data, field)
        if not value:
            continue
        if field.split(".")[-1] == "items":
            out += [Quote(deck_id, kind, data["id"], field, ("item", i), item) for i, item in enumerate(value, 1)]
        elif field.split(".")[-1] == "text":
            paras = [p.strip() for p in PARAGRAPHS.split(value.strip()) if p.strip()]
            out += [Quote(deck_id, kind, data["id"], field, ("paragraph", i), p) for i, p in enumerate(paras, 1)]
        else:
            out.append(Quote(deck_id, kind, data["id"], field, None, value.strip()))
    return out


def load_decks(content: Path) -> tuple[dict[str, dict], list[str]]:
    """Every deck as plain data: the content folder through deck's own loader, plus *.yaml.pending files."""
    problems = []
    try:
        loaded = load_content(content)
    except DeckError as exc:
        return {}, [str(exc)]
    decks = {deck_id: deck.model_dump() for deck_id, deck in loaded.decks.items()}
    for path in sorted((content / "decks").glob(f"*{PENDING}")):
        src, found = load_yaml(path, inside=content)
        problems += [str(p) for p in found]
        if src is not None:
            decks[src.data["id"]] = src.data
    return decks, problems


def best_place(q: Quote, where: list[int], found: list[tuple[Quote, list[int]]]) -> int:
    """Of several places with the same words, the one nearest to the card's (else the deck's) unambiguous quotations."""
    if len(where) == 1:
        return where[0]
    same_card = [w[0] for other, w in found if len(w) == 1 and (other.owner, other.id) == (q.owner, q.id)]
    anchors = same_card or [w[0] for _, w in found if len(w) == 1]
    if not anchors:
        return where[0]
    return min(where, key=lambda n: (min(abs(n - a) for a in anchors), n))


def collect(decks: dict[str, dict], seeds: Path) -> tuple[dict, list[str]]:
    """The golden data and a list of problems (unknown decks, missing seeds, quotations not found)."""
    problems: list[str] = []
    spec_out: dict[str, dict] = {}
    entries: list[dict] = []
    loaded_seeds: dict[str, Seed] = {}
    for deck_id, deck in decks.items():
        spec = QUOTED.get(deck_id)
        if spec is None:
            problems.append(f"deck '{deck_id}': not listed in QUOTED in {Path(__file__).name}; "
                            f"add it with the fields that quote its source")
            continue
        seed_name = deck["source"].get("seed")
        if not seed_name:
            problems.append(f"deck '{deck_id}': its source names no seed file (source.seed)")
            continue
        if seed_name not in loaded_seeds:
            path = seeds / seed_name
            if not path.is_file():
                problems.append(f"deck '{deck_id}': seed {path} not found")
                continue
            loaded_seeds[seed_name] = Seed(path)
        seed = loaded_seeds[seed_name]
        spec_out[deck_id] = {
            "seed": seed_name,
            "card_fields": list(spec.get("cards", ())),
            "card_fields_for": {k: list(v) for k, v in spec.get("cards_for", {}).items()},
            "group_fields": list(spec.get("groups", ())),
        }
        quotes: list[Quote] = []
        for group in deck.get("groups") or []:
            quotes += quotes_of(deck_id, "group", group, tuple(spec.get("groups", ())))
        for card in deck["cards"]:
            fields = spec.get("cards_for", {}).get(card["id"], spec.get("cards", ()))
            quotes += quotes_of(deck_id, "card", card, tuple(fields))
        found = [(q, seed.find(q.text)) for q in quotes]
        for q, where in found:
            label = f"{q.deck}/{q.id}.{q.field}" + (f" {q.index[0]} {q.index[1]}" if q.index else "")
            if not where:
                problems.append(f"{label}: not found in {seed_name}: {plain(q.text)!r}")
                continue
            line = best_place(q, where, found)
            entry = {"deck": q.deck, q.owner: q.id, "field": q.field}
            if q.index:
                entry[q.index[0]] = q.index[1]
            entry["text"] = q.text
            entry["seed"] = seed_name
            entry["line"] = line
            heading = seed.heading_before(line)
            if heading:
                entry["heading"] = heading
            if len(where) > 1:
                entry["also_at"] = [n for n in where if n != line]
            entries.append(entry)
    return {"decks": spec_out, "quotations": entries}, problems


HEADER = """\
# Every quotation the cards carry, with where it stands in its source document.
# Written by tools/quotations.py from the seeds (../shared/seeds); do not edit by hand, run it
# again. tests/test_golden_quotations.py checks the cards against this file, so the tests need
# no file outside the repository. "line" is the line in the seed where the quotation starts,
# "heading" the nearest section heading above it, "also_at" further places with the same words.
"""


def render(golden: dict) -> str:
    """The golden file's text: a header comment and stable, readable YAML."""
    body = yaml.safe_dump(golden, allow_unicode=True, sort_keys=False, width=100_000)
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=None, help="folder with the seed documents (default: shared/seeds above the repository)")
    parser.add_argument("--content", type=Path, default=CONTENT, help="content folder (default: content/)")
    parser.add_argument("--out", type=Path, default=GOLDEN, help="golden file to write (default: tests/golden/quotations.yaml)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the golden file is not what the seeds give")
    args = parser.parse_args(argv)
    seeds = args.seeds or default_seeds()
    if not seeds.is_dir():
        print(f"error: seed folder {seeds} not found; give it with --seeds DIR", file=sys.stderr)
        return 1
    decks, problems = load_decks(args.content)
    golden, found = collect(decks, seeds) if not problems else ({}, [])
    problems += found
    if problems:
        print(f"error: {len(problems)} problem{'s' if len(problems) != 1 else ''}; {args.out} not written:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    text = render(golden)
    n = len(golden["quotations"])
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"error: {args.out} is out of date; run {Path(__file__).relative_to(ROOT)} to write it", file=sys.stderr)
            return 1
        print(f"ok: {args.out} matches the seeds ({n} quotations)")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {n} quotations from {len(golden['decks'])} decks, all found in {seeds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
