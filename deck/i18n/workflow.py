"""The translation workflow: extract templates, update languages by key, report status, check files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from deck.errors import ContentError, Problem, display_path, suggest
from deck.i18n.catalog import (
    CONTENT_DOMAIN,
    DOMAINS,
    KEYS,
    UI_DOMAIN,
    Tally,
    content_template,
    format_problems,
    label,
    merge,
    po_path,
    pot_path,
    read_catalog,
    save,
    tally,
    ui_template,
)
from deck.load.content import load_content
from deck.load.language import available, babel_locale, load_language, locales_dir
from deck.model.content import Content
from deck.paths import TEMPLATES

TEMPLATES_DIR = "templates"  # content/locales/templates/*.pot


def templates(content: Content) -> dict[str, Catalog]:
    """Today's templates: the content strings with their keys, and the gettext calls of the templates."""
    return {CONTENT_DOMAIN: content_template(content), UI_DOMAIN: ui_template([TEMPLATES])}


def targets(content: Content, langs: tuple[str, ...] = ()) -> list[str]:
    """The translation languages: every language folder but the source's, or those asked for."""
    source = content.project.language
    present = [c for c in available(content.root) if c != source]
    for code in langs:
        if code not in present:
            load_language(content.root, code, source)  # raises a UsageError naming the languages there are
    return [c for c in present if not langs or c in langs]


def _read_all(content: Content, codes: list[str]) -> dict[tuple[str, str], Catalog | None]:
    """Every existing PO file of ``codes``; all syntax errors raised together."""
    catalogs, problems = {}, []
    for code in codes:
        for domain in DOMAINS:
            path = po_path(locales_dir(content.root) / code, domain)
            catalogs[code, domain] = None
            if path.exists() or path.is_symlink():
                catalogs[code, domain], found = read_catalog(path, code, inside=content.root)
                problems += found
    if problems:
        raise ContentError(problems)
    return catalogs


def extract(content_root: Path) -> list[tuple[Path, bool]]:
    """Write content/locales/templates/{content,messages}.pot; return (path, written) pairs."""
    content = load_content(content_root)
    folder = locales_dir(content.root) / TEMPLATES_DIR
    return [(pot_path(folder, d), save(pot_path(folder, d), cat, template=True)) for d, cat in templates(content).items()]


def update(content_root: Path, langs: tuple[str, ...] = ()) -> list[tuple[Path, bool]]:
    """Refresh the templates and merge them into every language's PO files by key."""
    written = extract(content_root)
    content = load_content(content_root)
    fresh = templates(content)
    codes = targets(content, langs)
    catalogs = _read_all(content, codes)
    for code in codes:
        for domain in DOMAINS:
            path = po_path(locales_dir(content.root) / code, domain)
            merged = merge(fresh[domain], catalogs[code, domain], code, KEYS[domain])
            written.append((path, save(path, merged)))
    return written


@dataclass
class LanguageStatus:
    """How complete one language is, per PO file and in total."""

    code: str
    name: str
    files: dict[str, Tally] = field(default_factory=dict)  # domain -> tally

    @property
    def total(self) -> Tally:
        """All PO files of the language together."""
        out = Tally()
        for t in self.files.values():
            out = out.add(t)
        return out


def status(content_root: Path, langs: tuple[str, ...] = ()) -> list[LanguageStatus]:
    """Per language: translated, stale, missing and obsolete strings against today's Dutch, by key."""
    content = load_content(content_root)
    fresh = templates(content)
    codes = targets(content, langs)
    catalogs = _read_all(content, codes)
    out = []
    for code in codes:
        language = load_language(content.root, code, content.project.language)
        st = LanguageStatus(code, language.name)
        for domain in DOMAINS:
            st.files[domain] = tally(merge(fresh[domain], catalogs[code, domain], code, KEYS[domain]), domain)
        out.append(st)
    return out


_PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|\{[A-Za-z_]\w*\}")
_PARAGRAPHS = re.compile(r"\n\s*\n")


def markup_of(text: str) -> dict[str, object]:
    """What must survive translation: emphasis markers, paragraph count and placeholders."""
    plain = text.replace("\\*", "")  # an escaped star is a character, not markup
    bold = plain.count("**")
    return {"** (bold)": bold, "* (italic)": plain.replace("**", "").count("*"),
            "paragraphs": len([p for p in _PARAGRAPHS.split(text.strip()) if p.strip()]),
            "placeholders": sorted(_PLACEHOLDER.findall(text))}


def _parity(dutch: str, translation: str) -> list[str]:
    want, got = markup_of(dutch), markup_of(translation)
    return [f"{what}: {want[what]} in the Dutch, {got[what]} in the translation" for what in want if want[what] != got[what]]


def check_catalog(catalog: Catalog, fresh: Catalog, domain: str, path: Path, code: str) -> list[Problem]:
    """Problems in one PO file: wrong language, entries without key, unknown or duplicate keys, markup parity."""
    shown = display_path(path)
    problems = []
    if catalog.locale is not None and str(catalog.locale) != str(babel_locale(code) or code):
        problems.append(Problem(shown, 1, "", f"the header says Language: {catalog.locale}, but the folder is '{code}'"))
    key = KEYS[domain]
    known = {key(m): m for m in fresh if m.id}
    names = [label(domain, m) for m in known.values()]
    seen: dict[object, int] = {}
    for m in catalog:
        if not m.id:
            continue
        line, name = m.lineno or 0, label(domain, m)
        if domain == CONTENT_DOMAIN and not m.context:
            problems.append(Problem(shown, line, "", f"entry '{m.id[:40]}' has no msgctxt: every content string needs its key"))
            continue
        if key(m) in seen:
            problems.append(Problem(shown, line, name, f"duplicate key (first on line {seen[key(m)]})"))
        seen[key(m)] = line
        if key(m) not in known:
            what = "unknown key" if domain == CONTENT_DOMAIN else "not used in any template"
            hint = suggest(name, names) or (" (removed from the Dutch, or misspelt)" if domain == CONTENT_DOMAIN else "")
            problems.append(Problem(shown, line, name, f"{what}{hint}; `deck i18n update` moves removed keys to the obsolete section"))
        if domain == UI_DOMAIN:
            continue  # placeholders of UI strings: Babel's checks below
        strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        # msgstr[0] translates the singular, every other form the plural.
        for dutch, translation in zip([ids[0]] + [ids[-1]] * (len(strings) - 1), strings):
            for issue in _parity(dutch, translation) if translation else ():
                problems.append(Problem(shown, line, name, f"markup differs from the Dutch: {issue}"))
    if domain == UI_DOMAIN:
        problems += format_problems(catalog, path)
    return problems


def check(content_root: Path) -> list[Problem]:
    """Validate every language folder: language.yaml, PO syntax, keys, placeholders and markup parity."""
    content = load_content(content_root)
    fresh = templates(content)
    source = content.project.language
    problems: list[Problem] = []
    for code in available(content.root):
        try:
            load_language(content.root, code, source)
        except ContentError as exc:
            problems += exc.problems
        if code == source:
            continue
        for domain in DOMAINS:
            path = po_path(locales_dir(content.root) / code, domain)
            if not path.exists() and not path.is_symlink():
                continue
            catalog, found = read_catalog(path, code, inside=content.root)
            problems += found
            if catalog is not None:
                problems += check_catalog(catalog, fresh[domain], domain, path, code)
    return problems
