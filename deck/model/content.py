"""A loaded content folder: the project settings and the validated decks and workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from deck.model.deck import Deck, Id, Strict, Text
from deck.model.workbook import Workbook


class Project(Strict):
    """content/content.yaml: the set as a whole."""

    title: Text
    subtitle: Text | None = None
    edition: Text
    language: Id = "nl"
    decks: list[Id] = Field(default_factory=list)


@dataclass
class Content:
    """Everything loaded from a content folder, validated."""

    root: Path
    project: Project
    decks: dict[str, Deck]
    files: list[Path] = field(default_factory=list)
    sources: dict[str, Any] = field(default_factory=dict)  # deck id -> its load.yamlfile.Located
    workbook: Workbook | None = None  # content/workbook.yaml, when the folder has one
    # What is read once per loaded content and language (i18n.overlay.language_pack), kept while its
    # files are unchanged; it travels with the content to build workers.
    packs: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
