"""A loaded content folder: the project settings and the validated decks and workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from deck.model.deck import Deck, Id, Strict, Text
from deck.model.sizes import CardSizeText
from deck.model.workbook import Workbook


class Project(Strict):
    """content/content.yaml: the set as a whole."""

    title: Text
    subtitle: Text | None = None
    edition: Text
    language: Id = "nl"
    decks: list[Id] = Field(default_factory=list)
    card_size: CardSizeText = None  # a preset or 'WxH' mm; --card-size overrides it


@dataclass
class Content:
    """Everything loaded from a content folder, validated."""

    root: Path
    project: Project
    decks: dict[str, Deck]
    files: list[Path] = field(default_factory=list)
    sources: dict[str, Any] = field(default_factory=dict)  # deck id -> its load.yamlfile.Located
    workbook: Workbook | None = None  # content/workbook.yaml, when the folder has one
    workbook_src: Any = None  # its load.yamlfile.Located, for the lines of its keys
    warnings: list = field(default_factory=list)  # errors.Problem: valid YAML that likely is not what was meant
    # What is read once per loaded content and language (i18n.overlay.language_pack), kept while its
    # files are unchanged; it travels with the content to build workers.
    packs: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
