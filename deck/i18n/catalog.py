"""PO catalogs with Babel: read and write them, make templates, merge by key, count and compile."""

from __future__ import annotations

import datetime
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from deck import __version__
from deck.errors import ContentError, Problem, display_path
from deck.files import atomic_write

CONTENT_DOMAIN = "content"  # content.po / content.pot: strings of the content YAML, msgctxt = key
UI_DOMAIN = "messages"  # messages.po / messages.pot: strings of the templates, msgid = Dutch text
DOMAINS = (CONTENT_DOMAIN, UI_DOMAIN)


# Options for Jinja's Babel extractor; they must match render.environment() or msgids differ.
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trimmed": "false",
                 "trim_blocks": "true", "lstrip_blocks": "true", "silent": "false"}


HEADERS = {
    CONTENT_DOMAIN: """\
# Card and workbook text of the 'deck' content, to translate.
# msgctxt: the stable key of a string (see deck/keys.py).
# msgid: the Dutch text the translation was made from.
# Keep Markdown emphasis (**bold**, *italic*) and the blank lines
# between paragraphs. When the Dutch changes, `deck i18n update`
# marks the entry fuzzy and keeps the earlier Dutch as "#| msgid".""",
    UI_DOMAIN: """\
# Labels and headings of the templates, to translate.
# msgid: the Dutch text used in the template.
# Keep %(name)s placeholders as they are.""",
}


Key = Callable[[Message], object]


def by_context(message: Message) -> object:
    """Content entries are identified by their msgctxt alone: the Dutch text may change."""
    return message.context


def by_id(message: Message) -> object:
    """UI entries are identified by context and Dutch text, as gettext looks them up."""
    return (message.context, message.id)


KEYS: dict[str, Key] = {CONTENT_DOMAIN: by_context, UI_DOMAIN: by_id}


def label(domain: str, message: Message) -> str:
    """How a status line or problem names an entry: its key, or its Dutch text for UI strings."""
    if domain == CONTENT_DOMAIN:
        return message.context or f"(no msgctxt) {message.id}"
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}|{text}" if message.context else text


_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _restore_previous(catalog: Catalog) -> None:
    """Move "#| msgid" comments into Message.previous_id: Babel reads them as plain comments.

    Babel writes a long previous msgid as ``#| msgid "" "first part "`` followed by ``#| "rest"``
    lines, so the string literals are collected per keyword wherever they stand.
    """
    for message in list(catalog) + list(catalog.obsolete.values()):
        lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if not lines:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        parts: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if not line.startswith('"'):
                current, _, line = line.partition(" ")
                parts.setdefault(current, [])
            if current:
                parts[current] += [unescape(lit) for lit in _PO_STRING.findall(line)]
        if "msgid" in parts:
            previous = ["".join(parts["msgid"])]
            if "msgid_plural" in parts:
                previous.append("".join(parts["msgid_plural"]))
            message.previous_id = previous


MAX_PO_BYTES = 5_000_000  # a complete translation of a large content folder is well under 1 MB


def read_catalog(path: Path, locale: str | None = None, inside: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Read a PO/POT file: a regular UTF-8 file of bounded size inside ``inside``.

    Every fault is a Problem at its line: each syntax error ``msgfmt --check`` would report, a
    charset other than UTF-8, bytes that are not UTF-8, invisible characters in a translation.
    """
    from deck.files import Unreadable, read_regular
    from deck.i18n.posyntax import decoded, invisible_problems, syntax_problems

    shown = display_path(path)
    try:
        raw = read_regular(path, MAX_PO_BYTES, inside, what="PO file")
    except Unreadable as exc:
        return None, [Problem(shown, 0, "", exc.reason)]
    text, problems = decoded(raw, shown)
    if text is None:
        return None, problems
    try:
        problems = syntax_problems(text, shown)
        if problems:
            return None, problems  # Babel would read an unclosed string as if it were closed
        catalog = read_po(io.BytesIO(raw), locale=locale, abort_invalid=True, charset="utf-8")
    except PoFileError as exc:
        # Babel counts lines from 0 and says nothing about the file: add both.
        return None, [Problem(shown, exc.lineno + 1, "", f"PO syntax error: {exc}")]
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        return None, [Problem(shown, 0, "", f"cannot read the translations: {exc}")]
    problems = invisible_problems(catalog, shown)
    if problems:
        return None, problems
    _restore_previous(catalog)
    return catalog, []


def render(catalog: Catalog, template: bool = False) -> bytes:
    """The PO text of a catalog; translation files omit line numbers so Dutch edits do not churn them."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=76, include_previous=True, include_lineno=template, sort_output=False)
    return buf.getvalue()


def save(path: Path, catalog: Catalog, template: bool = False) -> bool:
    """Write ``catalog`` atomically if its text changed; return whether the file was written."""
    from deck.files import Unreadable, read_regular

    data = render(catalog, template)
    if path.is_file() and template:
        # A template differs only in its creation date? Then it is unchanged.
        old, _ = read_catalog(path, inside=path.parent)
        if old is not None:
            catalog.creation_date = old.creation_date
            data = render(catalog, template)
    try:
        before = read_regular(path, MAX_PO_BYTES, path.parent)
    except Unreadable:
        before = None  # missing, or no file of ours to compare with: written anew
    if before is not None and _without_tool_versions(before) == _without_tool_versions(data):
        return False  # at most the versions of deck or Babel in the header differ: not worth a change in every language
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return True


# Header lines that name the tools that wrote a file ("deck 0.1.0", "Babel 2.19.0"), not its content.
_TOOL_VERSIONS = re.compile(rb'^"(?:Project-Id-Version|Generated-By): [^"\n]*\\n"\n', re.MULTILINE)


def _without_tool_versions(data: bytes) -> bytes:
    return _TOOL_VERSIONS.sub(b"", data)


def new_catalog(domain: str, locale: str | None = None, project: str | None = None,
                version: str | None = None) -> Catalog:
    """An empty catalog with our header (not fuzzy: Babel's default header is)."""
    return Catalog(locale=locale, domain=domain, header_comment=HEADERS.get(domain, HEADERS[CONTENT_DOMAIN]), project=project or "deck",
                   version=version or __version__, charset="utf-8", fuzzy=False,
                   creation_date=datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0))


def content_template(content) -> Catalog:
    """The content.pot catalog: every translatable string of the content with its key."""
    from deck.i18n.keys import entries  # noqa: PLC0415

    catalog = new_catalog(CONTENT_DOMAIN)
    root = Path(content.root).resolve()
    for entry in entries(content):
        catalog.add(entry.text, context=entry.key, locations=[(_relative(entry.file, root), entry.line)])
    return catalog


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def ui_template(folders: Iterable[Path]) -> Catalog:
    """The messages.pot catalog: every gettext call in the Jinja templates of ``folders``."""
    from babel.messages.extract import extract_from_dir
    from jinja2 import TemplateSyntaxError

    catalog = new_catalog(UI_DOMAIN)
    for folder in folders:
        try:
            found = list(extract_from_dir(str(folder), method_map=[("**.j2", "jinja2.ext:babel_extract")],
                                          options_map={"**.j2": JINJA_OPTIONS}, comment_tags=("Translators:",),
                                          strip_comment_tags=True))
        except TemplateSyntaxError as exc:
            raise ContentError([Problem(display_path(exc.filename or folder), exc.lineno or 0, "",
                                        f"template syntax error: {exc.message}")]) from None
        for filename, lineno, message, comments, context in found:
            catalog.add(message, context=context, auto_comments=comments,
                        locations=[(f"{Path(folder).name}/{Path(filename).as_posix()}", lineno)])
    return catalog


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings)


def merge(template: Catalog, old: Catalog | None, locale: str, key: Key) -> Catalog:
    """Merge a template into a language's catalog by key.

    Unchanged Dutch: the translation is kept. Changed Dutch: the translation is kept, marked
    fuzzy, and the Dutch it was made from recorded as previous msgid. New key: empty entry.
    Key gone: the entry becomes obsolete (#~). Nothing is ever matched by text similarity.
    """
    merged = new_catalog(template.domain, locale, template.project, template.version)
    if old is not None:
        merged.mime_headers = old.mime_headers
        merged.header_comment = old.header_comment
        merged.fuzzy = old.fuzzy
        merged.locale = locale
    active = {key(m): m for m in old if m.id} if old is not None else {}
    obsolete = {key(m): m for m in old.obsolete.values()} if old is not None else {}
    for t in template:
        if not t.id:
            continue
        k = key(t)
        prev = active.pop(k, None) or obsolete.pop(k, None)
        m = Message(t.id, "", list(t.locations), set(t.flags) - {"fuzzy"}, list(t.auto_comments),
                    context=t.context)
        if isinstance(t.id, tuple):
            m.string = ("",) * merged.num_plurals
        if prev is not None:
            m.user_comments = list(prev.user_comments)  # translators' notes travel with the key
            if _translated(prev):
                m.string = prev.string
                made_from = prev.previous_id[0] if prev.fuzzy and prev.previous_id else None
                if prev.id != t.id and made_from != _first(t.id):
                    m.flags.add("fuzzy")
                    m.previous_id = list(prev.previous_id) if made_from else _as_list(prev.id)
                elif prev.id == t.id and prev.fuzzy:
                    m.flags.add("fuzzy")
                    m.previous_id = list(prev.previous_id)
                # else: unchanged, or the Dutch went back to the text it was translated from
        merged[t.id] = m
    for k, m in list(active.items()) + list(obsolete.items()):
        merged.obsolete[merged._key_for(m.id, m.context)] = m
    return merged


def _first(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _as_list(msgid) -> list[str]:
    return list(msgid) if isinstance(msgid, tuple) else [msgid]


@dataclass
class Tally:
    """What one merged catalog holds: per state the entries, named by key."""

    translated: list[str] = field(default_factory=list)
    stale: list[tuple[str, str, str]] = field(default_factory=list)  # (key, Dutch before, Dutch now)
    missing: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Strings the language should have (obsolete ones excluded)."""
        return len(self.translated) + len(self.stale) + len(self.missing)

    @property
    def percent(self) -> float:
        """Share of strings translated and up to date (100 for an empty catalog)."""
        return 100.0 * len(self.translated) / self.total if self.total else 100.0

    def add(self, other: "Tally") -> "Tally":
        """The two tallies together."""
        return Tally(self.translated + other.translated, self.stale + other.stale,
                     self.missing + other.missing, self.obsolete + other.obsolete)


def tally(merged: Catalog, domain: str) -> Tally:
    """Classify every entry of a merged catalog: translated, stale (fuzzy), missing, obsolete."""
    out = Tally()
    for m in merged:
        if not m.id:
            continue
        name = label(domain, m)
        if not _translated(m):
            out.missing.append(name)
        elif m.fuzzy:
            before = m.previous_id[0] if m.previous_id else "(marked fuzzy by a translator)"
            out.stale.append((name, before, _first(m.id)))
        else:
            out.translated.append(name)
    out.obsolete = [label(domain, m) for m in merged.obsolete.values()]
    return out


_PLACEHOLDERS = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def format_problems(catalog: Catalog, path: Path) -> list[Problem]:
    """Translations that would break the template using them, located in ``path`` (messages.po).

    Babel's checks (placeholders the Dutch lacks, the number of plural forms), then each
    translation filled in as Jinja's gettext fills it in, so nothing fails only at render time.
    """
    shown = display_path(path)
    out = []
    checked = {id(m): [str(e) for e in errors] for m, errors in catalog.check()}
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        keep = ", ".join(dict.fromkeys(p.group() for p in _PLACEHOLDERS.finditer(" ".join(ids))))
        advice = f"keep the placeholders of the Dutch as they are ({keep})" if keep else ""
        errors = checked.get(id(m)) or [f"fill:{exc}" for exc in _fill_errors(ids, m.string)]
        for err in errors:
            unknown = re.fullmatch(r"unknown named placeholder '(\w+)'", err)
            plurals = re.fullmatch(r"Wrong number of plural forms \(expected (\d+)\)", err)
            if plurals:
                n = int(plurals.group(1))
                err = (f"give {n} plural forms, msgstr[0] to msgstr[{n - 1}], as the Plural-Forms line of the header "
                       f"says (nplurals={n})")
            elif unknown:
                err = f"the translation has the placeholder %({unknown.group(1)})s, which the Dutch does not have; {advice}"
            elif err.startswith("fill:"):
                err = f"the translation cannot be filled in ({err[5:]}): write %% for a percent sign" + (f" and {advice}" if keep else "")
            else:
                err = f"the translation's placeholders do not match the Dutch ({err}); {advice}"
            out.append(Problem(shown, m.lineno or 0, label(UI_DOMAIN, m), err))
    return out


def _fill_errors(ids: tuple, strings) -> list[str]:
    """What goes wrong when each translation is filled in with the Dutch text's placeholders (as ``text % values``)."""
    values = {name: 1 for text in ids for name in re.findall(r"%\((\w+)\)", text)}
    out = []
    for text in (strings if isinstance(strings, (list, tuple)) else [strings]):
        try:
            _ = text % values if text else ""
        except (KeyError, ValueError, TypeError) as exc:
            out.append(str(exc) if not isinstance(exc, KeyError) else f"no value for %({exc.args[0]})s")
    return out


def compile_ui(catalog: Catalog):
    """gettext Translations compiled in memory (no .mo files); fuzzy entries included for drafts."""
    from babel.support import Translations

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=True)
    buf.seek(0)
    return Translations(fp=buf, domain=UI_DOMAIN)


def po_path(folder: Path, domain: str) -> Path:
    """<language folder>/<domain>.po."""
    return Path(folder) / f"{domain}.po"


def pot_path(templates: Path, domain: str) -> Path:
    """<locales>/templates/<domain>.pot."""
    return Path(templates) / f"{domain}.pot"


def excerpt_change(before: str, after: str, limit: int = 80) -> tuple[str, str]:
    """Both texts cut to ``limit`` characters around where they first differ, for one-line reports."""
    before, after = " ".join(before.split()), " ".join(after.split())
    same = len(os.path.commonprefix([before, after]))
    start = max(0, same - limit // 3) if max(len(before), len(after)) > limit else 0

    def _cut(text: str) -> str:
        piece = text[start:start + limit]
        return ("…" if start else "") + piece + ("…" if start + limit < len(text) else "")

    return _cut(before), _cut(after)
