"""Load and validate a content folder: decks (one YAML file or a folder each), project settings, workbook."""

from __future__ import annotations

from pathlib import Path

from deck.errors import ContentError, Problem, UsageError, display_path, suggest
from deck.limits import MAX_CARDS_PER_DECK, MAX_CONTENT_BYTES, MAX_CONTENT_FILES
from deck.load.problems import validate
from deck.load.workbook import check_workbook
from deck.load.yamlfile import Located, format_path, load_yaml
from deck.model.content import Content, Project
from deck.model.deck import Deck
from deck.model.workbook import Workbook


def _load_deck_folder(folder: Path, problems: list[Problem], root: Path) -> tuple[Located | None, list[Path]]:
    """A deck as a folder: deck.yaml with the metadata, other *.yaml files adding cards in name order."""
    files = [folder / "deck.yaml"] + sorted(p for p in folder.glob("*.yaml") if p.name != "deck.yaml")
    if not files[0].exists():
        problems.append(Problem(display_path(folder), 0, "", "a deck folder needs a deck.yaml with the deck's metadata"))
        return None, []
    head, found = load_yaml(files[0], inside=root)
    problems += found
    if head is None:
        return None, files
    if not isinstance(head.data, dict) or not isinstance(head.data.get("cards", []), (list, type(None))):
        return head, files  # validation reports what is wrong with it; there is nothing to merge into
    data = dict(head.data)
    cards = list(data.get("cards") or [])
    merged = Located(head.file, data, dict(head.lines), warnings=list(head.warnings))
    for extra in files[1:]:
        part, found = load_yaml(extra, inside=root)
        problems += found
        if part is None:
            continue
        merged.warnings += part.warnings
        if not isinstance(part.data, dict) or set(part.data) != {"cards"} or not isinstance(part.data["cards"], list):
            problems.append(Problem(part.file, 1, "", "a card file in a deck folder holds only a 'cards:' list"))
            continue
        # Card files are merged into one list; errors still point into the file each card came from.
        for i, card in enumerate(part.data["cards"]):
            n = len(cards)
            cards.append(card)
            for path, line in part.lines.items():
                if path[:2] == ("cards", i):
                    merged.lines[("cards", n) + path[2:]] = line
                    merged.origins[("cards", n)] = part.file
    data["cards"] = cards
    return merged, files


def check_unique(items: list, what: str, src: Located, prefix: tuple) -> list[Problem]:
    """Duplicate ids within a list, each reported at its own line."""
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items):
        if item.id in seen:
            path = prefix + (i, "id")
            out.append(Problem(src.file_of(path), src.line_of(path), format_path(path),
                               f"duplicate {what} id '{item.id}' (also {what} {seen[item.id] + 1} of this list)"))
        else:
            seen[item.id] = i
    return out


def check_deck(deck: Deck, src: Located) -> list[Problem]:
    """Cross-field rules pydantic cannot see: unique ids, known groups."""
    problems = check_unique(deck.cards, "card", src, ("cards",))
    if len(deck.cards) > MAX_CARDS_PER_DECK:
        problems.append(Problem(src.file, src.line_of(("cards",)), "cards",
                                f"{len(deck.cards):,} cards, over the limit of {MAX_CARDS_PER_DECK:,} per deck: "
                                f"split the deck into smaller ones"))
    problems += check_unique(deck.groups, "group", src, ("groups",))
    groups = {g.id for g in deck.groups}
    for i, card in enumerate(deck.cards):
        if card.group and card.group not in groups:
            path = ("cards", i, "group")
            hint = suggest(card.group, groups) or (f"; this deck's groups: {', '.join(sorted(groups))}" if groups else "; this deck defines no groups")
            problems.append(Problem(src.file_of(path), src.line_of(path), format_path(path), f"unknown group '{card.group}'{hint}"))
        if not (card.title or card.text or card.items):
            path = ("cards", i)
            problems.append(Problem(src.file_of(path), src.line_of(path), format_path(path), "a card needs a title, a text or items"))
    return problems


def check_card_ids(decks: dict[str, Deck], sources: dict[str, Located]) -> list[Problem]:
    """A card id names one card in the whole set: organisation profiles leave out, reorder and reword cards by id."""
    where: dict[str, list[tuple[str, tuple, Located]]] = {}
    for deck_id, deck in decks.items():
        for i, card in enumerate(deck.cards):
            where.setdefault(card.id, []).append((deck_id, ("cards", i, "id"), sources[deck_id]))
    problems = []
    for card_id, places in where.items():
        if len({deck_id for deck_id, _, _ in places}) < 2:
            continue  # twice in one deck: check_deck reports it
        for deck_id, path, src in places:
            others = ", ".join(f"deck '{d}' ({s.file_of(p)}:{s.line_of(p)})" for d, p, s in places if d != deck_id)
            problems.append(Problem(src.file_of(path), src.line_of(path), format_path(path),
                                    f"card id '{card_id}' is also used in {others}: card ids must be unique across "
                                    f"the decks, since organisation profiles name cards by id; rename one of them"))
    return problems


def load_content(root: Path) -> Content:
    """Load and validate every file of a content folder; raise ContentError listing all problems."""
    root = Path(root)
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "not found"
        raise UsageError(f"content folder {display_path(root)} {what} (give the folder with --content DIR)")
    problems: list[Problem] = []
    files: list[Path] = []

    project_file = root / "content.yaml"
    project = None
    if not project_file.exists():
        problems.append(Problem(display_path(project_file), 0, "", "missing: every content folder has a content.yaml (title, edition, deck order)"))
    else:
        files.append(project_file)
        src, found = load_yaml(project_file, inside=root)
        problems += found
        if src is not None:
            project, found = validate(Project, src)
            problems += found
            project_src = src

    decks: dict[str, Deck] = {}
    sources: dict[str, Located] = {}
    deck_dir = root / "decks"
    try:
        entries = sorted(deck_dir.iterdir()) if deck_dir.is_dir() else []
    except OSError as exc:
        problems.append(Problem(display_path(deck_dir), 0, "", f"cannot read the folder: {exc.strerror or exc}"))
        entries = []
    if not entries:
        problems.append(Problem(display_path(deck_dir), 0, "", "no decks found: add decks/<id>.yaml files"))
    too_big = _over_budget(root, entries)
    if too_big:
        raise ContentError(problems + [too_big])
    all_loaded = True
    for entry in entries:
        if entry.is_dir():
            src, used = _load_deck_folder(entry, problems, root)
            files += used
        elif entry.suffix in (".yaml", ".yml"):
            src, found = load_yaml(entry, inside=root)
            problems += found
            files.append(entry)
        else:
            continue
        if src is None:
            all_loaded = False
            continue
        deck, found = validate(Deck, src)
        problems += found
        if deck is None:
            all_loaded = False
            continue
        problems += check_deck(deck, src)
        if deck.id in decks:
            problems.append(Problem(src.file, src.line_of(("id",)), "id", f"duplicate deck id '{deck.id}' (also in {sources[deck.id].file})"))
            continue
        decks[deck.id] = deck
        sources[deck.id] = src

    problems += check_card_ids(decks, sources)
    if project is not None and all_loaded:
        for i, deck_id in enumerate(project.decks):
            # A deck whose file exists but has problems is reported there, not again here.
            exists = any((deck_dir / name).exists() for name in (deck_id, f"{deck_id}.yaml", f"{deck_id}.yml"))
            if deck_id not in decks and not exists:
                problems.append(Problem(project_src.file, project_src.line_of(("decks", i)), f"decks[{i}]",
                                        f"unknown deck '{deck_id}'{suggest(deck_id, decks)}"))
    workbook, workbook_src = _load_workbook(root / "workbook.yaml", decks, files, problems)
    if problems:
        raise ContentError(problems)
    order = [d for d in project.decks if d in decks] + sorted(d for d in decks if d not in project.decks)
    located = [project_src, *sources.values()] + ([workbook_src] if workbook_src is not None else [])
    warnings = sorted({w for src in located for w in src.warnings})
    return Content(root, project, {d: decks[d] for d in order}, files, sources, workbook, workbook_src, warnings)


def _over_budget(root: Path, entries: list[Path]) -> Problem | None:
    """A problem when the content's YAML files together are too many or too large to load (checked before reading)."""
    files = [root / "content.yaml", root / "workbook.yaml"]
    for entry in entries:
        if entry.is_dir():
            files += [p for p in entry.glob("*.yaml")][: MAX_CONTENT_FILES + 1]
        elif entry.suffix in (".yaml", ".yml"):
            files.append(entry)
        if len(files) > MAX_CONTENT_FILES:
            return Problem(display_path(root), 0, "", f"more than {MAX_CONTENT_FILES:,} YAML files, over the limit; "
                                                      f"a content folder needs far fewer, so split it into several")
    total = 0
    for file in files:
        try:
            total += file.stat().st_size
        except OSError:
            continue  # missing or unreadable: reported when it is read
    if total > MAX_CONTENT_BYTES:
        return Problem(display_path(root), 0, "", f"the YAML files hold {total:,} bytes together, over the limit of "
                                                  f"{MAX_CONTENT_BYTES:,}; split the content into several folders")
    return None


def _load_workbook(path: Path, decks: dict[str, Deck], files: list[Path],
                   problems: list[Problem]) -> tuple[Workbook | None, Located | None]:
    """content/workbook.yaml, validated, and where its keys are; its references to decks are checked once the decks are sound."""
    if not path.exists() and not path.is_symlink():
        return None, None
    files.append(path)
    src, found = load_yaml(path, inside=path.parent)
    problems += found
    if src is None:
        return None, None
    workbook, found = validate(Workbook, src)
    problems += found
    if workbook is not None and not problems:
        # With broken decks every reference would look unknown: report the decks first.
        problems += check_workbook(workbook, src, decks)
    return workbook, src
