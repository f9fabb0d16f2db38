"""Lay out HTML with WeasyPrint: safe fetching, no attachments, warnings collected, overflow measured."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deck.errors import BuildError
from deck.layout.fetch import SafeFetcher
from deck.layout.resources import never_loaded
from deck.limits import check_html
from deck.model.sizes import PX_MM

_NOTDEF = re.compile(r'unsupported by fonts: "(.*)"')


@dataclass
class Rendered:
    """A laid-out WeasyPrint document and what went wrong while laying it out."""

    document: object
    refused: list[str]
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, why) of resources that did not load
    shared_back: object = None  # the deck's shared back page, where one page serves every card (layout/fit.py)

    def check_resources(self, what: str) -> None:
        """Raise a BuildError naming every resource that was refused or could not be loaded."""
        refused = list(dict.fromkeys(self.refused))
        lines = [f"{what}: refused to load {url}: " + ("it lies outside the content, organisation and built-in folders"
                                                       if url.lower().startswith("file:") else
                                                       "deck never loads anything from the network or other places")
                 for url in refused]
        if refused:
            lines.append("Copy such files into the content or organisation folder and refer to them there.")
        for url, why in self.failed:
            if url in refused or "refused to load" in why:
                continue
            if "FileNotFoundError" in why:
                why = "the file does not exist; check its name and folder"
            lines.append(f"{what}: could not load {url}: {why}")
        if lines:
            raise BuildError("\n".join(lines))


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if ".notdef" in msg:
            m = _NOTDEF.search(msg)
            self.missing.append(m.group(1) if m else msg)
        elif str(record.msg).startswith("Failed to load") and len(record.args or ()) == 2:
            url, why = record.args
            self.failed.append((str(url), str(why)))


@contextmanager
def _collect():
    logger = logging.getLogger("weasyprint")
    handler = _Collector()
    logger.addHandler(handler)
    old = logger.propagate
    logger.propagate = False  # WeasyPrint's own warnings are turned into our messages, not printed
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old


_font_config = None


def font_config():
    """One FontConfiguration per process (shared across documents, as WeasyPrint advises); bundled fonts only."""
    global _font_config
    if _font_config is None:
        from deck.layout.fontconfig import new_font_configuration

        _font_config = new_font_configuration()
    return _font_config


def render_html(html: str, base_url: Path, roots: list[Path], what: str = "document") -> Rendered:
    """Lay out ``html``; resources resolve against ``base_url`` and must lie inside ``roots``.

    The HTML is checked for size and nesting first (``what`` names it in messages). Attachments
    are dropped: content must never smuggle a file into the PDF.
    """
    global _font_config
    from weasyprint import HTML

    check_html(html, what)
    fetcher = SafeFetcher(roots)
    # References WeasyPrint ignores (srcset, poster, attachments, files used inside SVG) still
    # count: one to a refused file stops the build like any other.
    fetcher.refused += [url for url in never_loaded(html, Path(base_url).resolve().as_uri() + "/")
                        if not fetcher.allows(url)]
    with _collect() as collected:
        try:
            doc = HTML(string=html, base_url=str(base_url) + "/", url_fetcher=fetcher).render(font_config=font_config())
        except RecursionError:
            raise BuildError(f"{what}: the document is nested too deeply to lay out; check the templates "
                             f"(an organisation template?)") from None
        except BaseException:
            _font_config = None  # an interrupted layout may leave half-registered fonts behind
            raise
    # <link rel=attachment> ends up in the metadata, <a rel=attachment> in the page links.
    doc.metadata.attachments = []
    for page in doc.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    return Rendered(doc, fetcher.refused, collected.failed)  # missing glyphs surface only in write_pdf


def overflows(document) -> dict[str, float]:
    """Text boxes whose content runs past their bottom edge: {box id: overflow in mm}.

    A text box carries id ``box-X`` and an empty ``<span id="end-X">`` after its text. When the
    end anchor is missing, WeasyPrint dropped lines past the page bottom: that is overflow too,
    and so is an end anchor on another page than its box (the box broke over a page).
    """
    boxes: dict[str, tuple] = {}
    ends: dict[str, tuple] = {}
    for number, page in enumerate(document.pages):
        for name, rect in page.anchors.items():
            if name.startswith("box-"):
                boxes.setdefault(name[4:], (number, rect))  # a box broken over pages: its first part
            elif name.startswith("end-"):
                ends[name[4:]] = (number, rect)
    out = {}
    for key, (number, box) in boxes.items():
        end_number, end = ends.get(key, (None, None))
        if end is None or end_number != number:
            out[key] = float("inf")
        elif end[3] > box[3] + 0.5:  # half a pixel of tolerance for rounding
            out[key] = (end[3] - box[3]) * PX_MM
    return out
