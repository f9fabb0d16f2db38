"""The language overlay for builds: translated content, Dutch fallbacks marked and counted, UI gettext."""

from __future__ import annotations

from dataclasses import dataclass, field
from gettext import NullTranslations
from pathlib import Path

from babel.messages.catalog import Catalog
from markupsafe import escape

from deck.errors import ContentError, Problem, display_path
from deck.i18n.catalog import (
    CONTENT_DOMAIN,
    UI_DOMAIN,
    by_context,
    compile_ui,
    content_template,
    excerpt_change,
    format_problems,
    merge,
    po_path,
    read_catalog,
)
from deck.load.language import load_language, locales_dir
from deck.model.language import LANGUAGE_FILE, Foreign, Language

SHOWN_KEYS = 3  # keys named in a build note before "and N more"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UiMessages:
    """gettext for the templates, compiled in memory from messages.po, remembering what fell back.

    Results are HTML-escaped: translators supply text, not markup (Jinja's newstyle gettext
    would otherwise mark a translation safe as it is).
    """

    def __init__(self, catalog: Catalog | None, path: Path):
        self.path = path
        self.compiled = compile_ui(catalog) if catalog is not None else NullTranslations()
        self.state: dict[tuple, str] = {}
        self.lines: dict[tuple, int] = {}
        for m in catalog or []:
            if m.id:
                strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
                self.state[(m.context, m.id)] = "missing" if not all(strings) else "stale" if m.fuzzy else "ok"
                self.lines[(m.context, m.id)] = m.lineno or 0
        self.missing: dict[tuple, None] = {}  # ordered sets of (context, msgid)
        self.stale: dict[tuple, None] = {}

    def _seen(self, context, msgid) -> None:
        state = self.state.get((context, msgid), "missing")
        if state == "missing":
            self.missing[(context, msgid)] = None
        elif state == "stale":
            self.stale[(context, msgid)] = None

    def gettext(self, message: str) -> str:
        """``_("Bron")`` in a template."""
        self._seen(None, message)
        return escape(self.compiled.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Plural forms by the language's rule (Arabic has six): never ``if n == 1``."""
        self._seen(None, (singular, plural))
        return escape(self.compiled.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        """A string with a msgctxt, for the same Dutch word in two meanings."""
        self._seen(context, message)
        return escape(self.compiled.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """Plural forms with a msgctxt."""
        self._seen(context, (singular, plural))
        return escape(self.compiled.npgettext(context, singular, plural, n))

    def problems(self) -> tuple[list[Problem], list[Problem]]:
        """(missing, stale) UI strings used so far, as problems located in messages.po."""
        def _name(ctx, msgid):
            text = msgid[0] if isinstance(msgid, tuple) else msgid
            return f"{ctx}|{text}" if ctx else text
        shown = display_path(self.path)
        missing = [Problem(shown, self.lines.get(k, 0), _name(*k), "UI string not translated") for k in self.missing]
        stale = [Problem(shown, self.lines.get(k, 0), _name(*k), "UI string marked fuzzy (stale)") for k in self.stale]
        return missing, stale


@dataclass
class LanguagePack:
    """One language's settings and translations, merged by key with today's Dutch (the source language: settings only)."""

    language: Language
    source: Language
    content: dict[str, object]  # key -> merged Message
    lines: dict[str, int]  # key -> line in content.po
    content_path: Path
    ui_catalog: Catalog | None  # messages.po
    ui_path: Path

    def ui(self) -> UiMessages:
        """gettext for one output's templates, recording the UI strings that output fell back on."""
        return UiMessages(self.ui_catalog, self.ui_path)


def load_pack(content, code: str) -> LanguagePack:
    """Read a language's language.yaml, content.po and messages.po; problems raise ContentError."""
    src_code = content.project.language
    language = load_language(content.root, code, src_code)
    source = language if code == src_code else load_language(content.root, src_code, src_code)
    folder = locales_dir(content.root) / code
    catalogs, problems = {CONTENT_DOMAIN: None, UI_DOMAIN: None}, []
    for domain in catalogs if code != src_code else ():
        path = po_path(folder, domain)
        if path.exists() or path.is_symlink():  # a FIFO or a link out of the folder is refused, not skipped
            catalogs[domain], found = read_catalog(path, code, inside=content.root)
            problems += found
    if catalogs[UI_DOMAIN] is not None:
        # A placeholder the template cannot fill would fail deep inside rendering: name the PO entry now.
        problems += format_problems(catalogs[UI_DOMAIN], po_path(folder, UI_DOMAIN))
    if problems:
        raise ContentError(problems)
    old = catalogs[CONTENT_DOMAIN]
    merged = merge(content_template(content), old, code, by_context) if code != src_code else []
    lines = {m.context: m.lineno or 0 for m in old} if old is not None else {}
    return LanguagePack(language, source, {m.context: m for m in merged if m.id}, lines,
                        po_path(folder, CONTENT_DOMAIN), catalogs[UI_DOMAIN], po_path(folder, UI_DOMAIN))


def language_pack(content, code: str) -> LanguagePack:
    """``code``'s pack for ``content``, read once: kept on the content while the language's files are unchanged."""
    state = _files_state(content.root, code, content.project.language)
    kept = content.packs.get(code)
    if kept is None or kept[0] != state:
        kept = content.packs[code] = (state, load_pack(content, code))
    return kept[1]


def _files_state(root: Path, code: str, src_code: str) -> tuple:
    """(name, mtime, size) of every file a pack is read from: a changed file is read again."""
    folders = [locales_dir(root) / c for c in dict.fromkeys((code, src_code))]
    files = [path for f in folders for path in (f / LANGUAGE_FILE, po_path(f, CONTENT_DOMAIN), po_path(f, UI_DOMAIN))]
    state = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            state.append((str(path), None))
        else:
            state.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(state)


@dataclass
class Lookup:
    """Replaces Dutch strings by their translations, recording fallbacks and stale translations."""

    pack: LanguagePack
    missing: list[Problem] = field(default_factory=list)
    stale: list[Problem] = field(default_factory=list)

    def __call__(self, key: str, dutch: str) -> str:
        m = self.pack.content.get(key)
        shown = display_path(self.pack.content_path)
        line = self.pack.lines.get(key, 0)
        if m is None or not m.string:
            self.missing.append(Problem(shown, line, key, f"no translation of “{_short(dutch)}”"))
            src = self.pack.source
            return Foreign(dutch, src.code, src.dir)
        if m.fuzzy:
            before = m.previous_id[0] if m.previous_id else None
            if before:
                was, now = excerpt_change(before, dutch, 60)
                change = f"the Dutch changed from “{was}” to “{now}”"
            else:
                change = "marked fuzzy"
            self.stale.append(Problem(shown, line, key, f"stale translation: {change}"))
        return str(m.string)

    def model(self, model, *segments: str):
        """``model`` translated, its keys starting with ``segments`` (("deck", id), ("workbook",) ...)."""
        from deck.i18n.keys import translate  # noqa: PLC0415

        return translate(model, segments, self)


def translator(content, code: str) -> Lookup:
    """A Lookup for language ``code``: ``translator(c, "en").model(c.workbook, "workbook")``."""
    return Lookup(language_pack(content, code))


def apply_language(eff, content, deck_id: str) -> None:
    """Overlay ``eff`` (deck and project) with its language: translations, or marked Dutch fallbacks."""
    lookup = translator(content, eff.lang)
    pack = lookup.pack
    deck = lookup.model(eff.deck, "deck", deck_id)
    # The source is a Dutch publication: its title and publisher stay Dutch, marked as such.
    src = pack.source
    source = deck.source.model_copy(update={
        "title": Foreign(deck.source.title, src.code, src.dir),
        "publisher": Foreign(deck.source.publisher, src.code, src.dir) if deck.source.publisher else None})
    eff.deck = deck.model_copy(update={"source": source})
    eff.project = lookup.model(eff.project, "content")
    eff.messages = pack.ui()
    shown = display_path(pack.content_path)
    for card in deck.cards:  # where a card's translated text is, for messages about it (the text first)
        line = next((pack.lines[k] for f in ("text", "title", "items/0", "section")
                     if pack.lines.get(k := f"deck/{deck_id}/cards/{card.id}/{f}")), 0)
        if line:
            eff.translated_at[card.id] = f"{shown}:{line}"
    eff.missing += lookup.missing
    eff.stale += lookup.stale


def content_notes(eff) -> list[str]:
    """Build-report notes on fallbacks and stale translations in a deck's content."""
    notes = []
    if eff.missing:
        notes.append(f"{_count(eff.missing, 'string')} {_fall(eff.missing)} back to Dutch: " + _keys(eff.missing))
    if eff.stale:
        notes.append(f"{_count(eff.stale, 'stale translation')} used: " + _keys(eff.stale))
    if eff.language is not None and eff.language.hyphenate is None:
        notes.append(f"no hyphenation dictionary for '{eff.lang}': text is not hyphenated")
    return notes


def ui_notes(messages: UiMessages | None) -> list[str]:
    """Notes on UI strings that fell back to Dutch or were stale while rendering."""
    if messages is None:
        return []
    missing, stale = messages.problems()
    notes = []
    if missing:
        notes.append(f"{_count(missing, 'UI string')} {_fall(missing)} back to Dutch: " + _keys(missing))
    if stale:
        notes.append(f"{_count(stale, 'stale UI translation')} used: " + _keys(stale))
    return notes


def require_complete(*problem_lists: list[Problem]) -> None:
    """Strict builds: raise ContentError naming every missing or stale string."""
    problems = [p for found in problem_lists for p in found]
    if problems:
        raise ContentError(problems)


def _keys(problems: list[Problem]) -> str:
    names = [p.path for p in problems]
    more = f" and {len(names) - SHOWN_KEYS} more" if len(names) > SHOWN_KEYS else ""
    return ", ".join(names[:SHOWN_KEYS]) + more


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _fall(items: list) -> str:
    return "falls" if len(items) == 1 else "fall"
