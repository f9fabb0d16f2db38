"""Card text markup and template filters: Markdown emphasis only, raw HTML never interpreted."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from deck.model.language import Foreign
from deck.render import markup


def bookmark_label(card) -> str:
    """'3. Zo goed gewerkt' for outlines (CSS string, quotes escaped)."""
    text = markup.plain(card.title or card.section or card.id)
    label = f"{card.number}. {text}" if card.number else text
    return label.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")


def lang_attributes(value) -> Markup:
    """The Jinja ``langattr`` filter: ' lang="nl" dir="ltr"' for foreign text, '' for anything else.

    Marking is per element, on the element that holds the string. A whole card is never
    marked, even when all its own strings fell back: its band and foot also show the deck's
    translated title, which would then inherit the wrong language and direction.
    """
    if isinstance(value, Foreign):
        return Markup(' lang="%s" dir="%s"') % (value.lang, value.dir)
    return Markup("")


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # "zero" enables nothing but paragraphs and text; we add emphasis, escapes and hard breaks.
    # No html, no links, no images: `<img>` and `![x](..)` stay literal text.
    return MarkdownIt("zero", {"html": False, "typographer": False}).enable(["emphasis", "escape", "newline"])


def block(text: str | None) -> Markup:
    """Paragraphs with **bold** and *italic*; everything else escaped."""
    if not text:
        return Markup("")
    return Markup(_md().render(text.strip()))


def inline(text: str | None) -> Markup:
    """One line of text with emphasis, no paragraph wrapper."""
    if not text:
        return Markup("")
    return Markup(_md().renderInline(text.strip()))


def plain(text: str | None) -> str:
    """Text without markup characters, for PDF outlines, metadata and `deck list`: one line, words apart.

    Line breaks and paragraph breaks become one space (markdown-it gives them as break tokens,
    without text), so "jeugd?\n\nWij" reads "jeugd? Wij".
    """
    if not text:
        return ""
    tokens = _md().parseInline(text.strip())
    pieces = [child.content if child.type == "text" else " "
              for tok in tokens for child in (tok.children or []) if child.type in ("text", "softbreak", "hardbreak")]
    return re.sub(r"[ \t\r\n]+", " ", "".join(pieces)).strip()  # no-break spaces stay


@lru_cache(maxsize=1)
def _md_prose() -> MarkdownIt:
    # Longer workbook texts may also use bullet and numbered lists; still no html, links or images.
    return MarkdownIt("zero", {"html": False, "typographer": False}).enable(["emphasis", "escape", "newline", "list"])


def prose(text: str | None) -> Markup:
    """Paragraphs and lists with **bold** and *italic*, for the workbook; everything else escaped."""
    if not text:
        return Markup("")
    return Markup(_md_prose().render(text.strip()))
