"""The translation key scheme: which content strings are translatable and the stable key of each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import BaseModel

from deck.load.yamlfile import Located, load_yaml
from deck.model.content import Content, Project
from deck.model.deck import (
    BACK_TEXT_FIELDS,
    CARD_TEXT_FIELDS,
    DECK_TEXT_FIELDS,
    GROUP_TEXT_FIELDS,
    Card,
    CardBack,
    Deck,
    Group,
)
from deck.model.workbook import (
    Interview,
    Intro,
    Lessons,
    Means,
    Motto,
    Notes,
    Part,
    Programme,
    QuestionNotes,
    Recording,
    Rules,
    Song,
    Theme,
    Themes,
    Workbook,
    WorkbookSource,
    Worksheet,
)

SEP = "/"


@dataclass(frozen=True)
class Root:
    """One loaded content object that owns keys: a deck, the project settings, the workbook."""

    id: str | None  # second key segment (deck id); None for single-file kinds
    model: BaseModel
    file: Path  # the YAML file, for "#:" locations and line numbers
    source: Located | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of content file: the first key segment and how to find its roots in loaded content."""

    name: str
    roots: Callable[[Content], Iterable[Root]]


@dataclass(frozen=True)
class Entry:
    """One translatable Dutch string: its key, its text and where it is written."""

    key: str
    text: str
    file: Path
    line: int


def key_of(*segments: object) -> str:
    """Join key segments: key_of("deck", "lessen", "title") -> "deck/lessen/title"."""
    return SEP.join(str(s) for s in segments)


def normalise(text: str) -> str:
    """The form a string is stored and compared in: YAML block scalars end in a newline, PO entries do not."""
    return text.strip()


def _strings(model: BaseModel, segs: tuple, ypath: tuple) -> Iterator[tuple[tuple, tuple, str]]:
    """(key segments, YAML path, text) for every translatable string inside ``model``."""
    own = FIELDS.get(type(model), ())
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in own:
            if isinstance(value, str):
                yield segs + (name,), ypath + (name,), value
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield segs + (name, i), ypath + (name, i), item
        elif isinstance(value, BaseModel):
            yield from _strings(value, segs + (name,), ypath + (name,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _strings(item, segs + (name, _ident(item, i)), ypath + (name, i))
        elif isinstance(value, dict):
            for k, item in value.items():
                if isinstance(item, BaseModel):
                    yield from _strings(item, segs + (name, k), ypath + (name, k))


def _ident(item: BaseModel, index: int) -> str:
    # Ids keep keys stable when elements are reordered; the index is the fallback.
    return str(getattr(item, "id", None) or index)


def root_segments(kind: Kind, root: Root) -> tuple:
    """The leading key segments of a root: ("deck", "lessen") or ("content",)."""
    return (kind.name,) if root.id is None else (kind.name, root.id)


def entries(content: Content) -> list[Entry]:
    """Every translatable string of the content, in file order, each with its key."""
    out = []
    for kind in KINDS:
        for root in kind.roots(content):
            for segs, ypath, text in _strings(root.model, root_segments(kind, root), ()):
                if root.source:  # cards of a deck folder come from several files
                    file, line = Path(root.source.file_of(ypath)), root.source.line_of(ypath)
                else:
                    file, line = root.file, 0
                out.append(Entry(key_of(*segs), normalise(text), file, line))
    return out


def translate(model: BaseModel, segs: tuple, lookup: Callable[[str, str], str]) -> BaseModel:
    """A copy of ``model`` with every translatable string replaced by ``lookup(key, dutch)``.

    No validation runs on the copy, so ``lookup`` may return str subclasses that carry the
    language of the text (see language.Foreign) through to the templates.
    """
    own = FIELDS.get(type(model), ())
    update: dict = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in own:
            if isinstance(value, str):
                update[name] = lookup(key_of(*segs, name), normalise(value))
            elif isinstance(value, list):
                update[name] = [lookup(key_of(*segs, name, i), normalise(v)) if isinstance(v, str) else v
                                for i, v in enumerate(value)]
        elif isinstance(value, BaseModel):
            update[name] = translate(value, segs + (name,), lookup)
        elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
            update[name] = [translate(v, segs + (name, _ident(v, i)), lookup) if isinstance(v, BaseModel) else v
                            for i, v in enumerate(value)]
        elif isinstance(value, dict) and any(isinstance(v, BaseModel) for v in value.values()):
            update[name] = {k: translate(v, segs + (name, k), lookup) if isinstance(v, BaseModel) else v
                            for k, v in value.items()}
    return model.model_copy(update=update)


def _project_roots(content: Content) -> list[Root]:
    path = content.root / "content.yaml"
    src, _ = load_yaml(path)  # already validated by load_content; read again only for line numbers
    return [Root(None, content.project, path, src)]


def _deck_roots(content: Content) -> list[Root]:
    roots = []
    for deck_id, deck in content.decks.items():
        src = content.sources.get(deck_id)
        roots.append(Root(deck_id, deck, Path(src.file) if src else content.root / "decks" / f"{deck_id}.yaml", src))
    return roots


def _workbook_roots(content: Content) -> list[Root]:
    if content.workbook is None:
        return []
    path = content.root / "workbook.yaml"
    src, _ = load_yaml(path)  # validated with the rest of the content; read again only for line numbers
    return [Root(None, content.workbook, path, src)]


FIELDS: dict[type, tuple[str, ...]] = {
    Project: ("title", "subtitle", "edition"),
    Deck: DECK_TEXT_FIELDS,
    Group: GROUP_TEXT_FIELDS,
    Card: CARD_TEXT_FIELDS,
    CardBack: BACK_TEXT_FIELDS,
    # workbook.yaml. Not translated: ids, deck and chapter references, times, numbers, colours,
    # URLs, people's names (Motto.by, authors) and the titles and publishers of the Dutch sources,
    # which a translated workbook credits as published (marked lang="nl").
    Workbook: ("title", "subtitle", "edition", "colophon"),
    Intro: ("title", "text", "means_title", "about"),
    Motto: ("quote",),
    Means: ("text",),
    Programme: ("title", "intro", "support"),
    Part: ("title", "seed_text", "prepare", "participants", "materials"),
    Song: ("title", "text", "credits", "condition_title", "condition", "uses"),
    Recording: ("label",),
    Interview: ("title", "intro", "uses_title", "uses", "follow_up_title", "follow_up", "hints"),
    QuestionNotes: ("hints",),
    Rules: ("title", "intro", "uses_title", "uses", "grid_title", "grid_intro", "grid_corner"),
    Worksheet: ("title", "intro", "prompt"),
    Lessons: ("title", "intro", "summary_title", "summary"),
    Themes: ("title", "intro"),
    Theme: ("title", "text"),
    Notes: ("title",),
    WorkbookSource: ("licence", "used_for"),
}


KINDS: list[Kind] = [
    Kind("content", _project_roots),
    Kind("deck", _deck_roots),
    Kind("workbook", _workbook_roots),
]
