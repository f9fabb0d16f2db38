"""Incremental builds: what each output is made from, hashed, and the manifest that remembers it."""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

from deck import __version__, paths
from deck.errors import BuildError, display_path
from deck.files import Unreadable, atomic_write, open_regular, read_regular
from deck.paths import PACKAGE

MANIFEST_NAME = ".deck-manifest.json"
FORMAT = 1
MAX_MANIFEST_BYTES = 10_000_000
MAX_INPUT_FILES = 10_000  # files in one input folder (a language or organisation folder has a few dozen)
MAX_HASHED_BYTES = 64_000_000  # larger inputs are known by size and time of change, not read


# Libraries whose version changes the bytes of an output.
LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "jinja2", "markdown-it-py", "fonttools", "pyphen", "babel", "segno",
             "cairosvg", "pillow")


# Options that choose which outputs a build writes or how it runs, never what is inside one.
SELECTION = {"content", "out", "decks", "langs", "workbook", "cards", "jobs", "force", "time_limit", "fold", "only",
             "org", "orgs"}


# Options that shape only some kinds of output; every other option shapes every output, so a
# new option invalidates outputs until it is listed here (safe by default).
ONLY_FOR = {
    "paper": {"sheets", "fold"}, "duplex": {"sheets"}, "back_offset": {"sheets"}, "fit": {"sheets", "fold"},
    "card_size": {"print", "sheets", "fold"}, "marks": {"print", "sheets"}, "select": {"print", "sheets", "fold"},
    "workbook_paper": {"workbook"}, "icc": {"print"},
}


def _shared(content, target, opts) -> Iterable[Path]:
    # Project settings and the built-in look of every output.
    from deck.paths import DATA, FONTS, TEMPLATES

    return [content.root / "content.yaml", TEMPLATES, FONTS, DATA]


def _decks(content, target, opts) -> Iterable[Path]:
    # A card output reads its own deck; the workbook quotes every deck.
    ids = list(content.sources) if target.kind == "workbook" else [target.deck]
    return [deck_source(content, d) for d in ids if d in content.sources]  # an organisation's own decks: see _organisation


def _workbook(content, target, opts) -> Iterable[Path]:
    return [content.root / "workbook.yaml"] if target.kind == "workbook" else []


def _language(content, target, opts) -> Iterable[Path]:
    # The output's language folder (language.yaml, content.po, messages.po) and the source
    # language's, whose settings apply to text that falls back to it.
    source = content.project.language
    return [content.root / "locales" / code for code in dict.fromkeys((target.lang, source))]


def _organisation(content, target, opts) -> Iterable[Path]:
    # The profile folder holds the profile, its logo, fonts and template overrides.
    folder = getattr(target, "org_folder", None)
    return [Path(folder)] if folder is not None else []


def _profile(content, target, opts) -> Iterable[Path]:
    # A CMYK output profile given on the command line may live anywhere.
    icc = getattr(opts, "icc", None)
    return [Path(icc)] if icc and target.kind == "print" else []


def _sheet_layout(content, target, opts) -> Iterable[Path]:
    # A sheet layout of the user's own (--paper FILE); the built-in ones are package data.
    paper = str(getattr(opts, "paper", "") or "")
    is_file = paper.lower().endswith((".yaml", ".yml")) or "/" in paper
    return [Path(paper)] if is_file and target.kind in ("sheets", "fold") else []


# Each rule names files or folders (a folder stands for every file in it). Add a rule here when
# outputs start to read something new; a missing input is hashed as missing, so creating it
# later rebuilds.
INPUT_RULES: list[Callable] = [_shared, _decks, _workbook, _language, _organisation, _profile, _sheet_layout]


def deck_source(content, deck_id: str) -> Path:
    """The file of a one-file deck, or the folder of a deck made of a folder."""
    path = Path(content.sources[deck_id].file)
    return path.parent if path.name == "deck.yaml" else path


def target_inputs(content, target, opts) -> list[Path]:
    """Every file and folder the output ``target`` is made from."""
    return [Path(p) for rule in INPUT_RULES for p in rule(content, target, opts)]


def relevant_options(target, opts) -> dict:
    """The options that shape ``target``'s bytes, as JSON-ready values."""
    out = {}
    for f in fields(opts):
        if f.name in SELECTION or target.kind not in ONLY_FOR.get(f.name, {target.kind}):
            continue
        value = getattr(opts, f.name)
        out[f.name] = str(value) if isinstance(value, Path) else value
    return out


def _label(path: Path, root: Path) -> str:
    # Stable names, whatever the working directory: moving the project does not rebuild.
    real = paths.real(path)
    for name, base in (("content", paths.real(root)), ("deck", PACKAGE.parent)):
        if paths.inside(real, base):
            return f"{name}:{real.relative_to(base).as_posix()}"
    return str(real)


def _digest_file(path: Path, inside: Path | None = None) -> str:
    """sha256 of a regular file's bytes (read in blocks); a special file or one outside ``inside`` gets a mark.

    Only regular files are read: a FIFO would block the build for ever, /dev/zero never end.
    Larger than MAX_HASHED_BYTES, a file is known by its size and time of change.
    """
    try:
        fh = open_regular(path, inside)
    except Unreadable as exc:
        return f"not read: {exc.kind}"
    h = hashlib.sha256()
    with fh:
        st = os.fstat(fh.fileno())
        if st.st_size > MAX_HASHED_BYTES:
            return f"large: {st.st_size} {st.st_mtime_ns}"
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _walk(folder: Path) -> list[Path]:
    # Hidden files (editor swap files, our own temporaries) and caches are not inputs. Linked
    # folders are not followed (os.walk's default); a folder too full to be inputs is refused.
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        found += [Path(dirpath) / f for f in sorted(filenames) if not f.startswith(".")]
        if len(found) > MAX_INPUT_FILES:
            raise BuildError(f"{display_path(folder)} holds more than {MAX_INPUT_FILES:,} files; keep only what the "
                             f"build needs in it (a profile: organisation.yaml, logo, fonts, templates)")
    return found


class Hasher:
    """Content hashes of input files, each file read once per build, only inside the allowed folders."""

    def __init__(self) -> None:
        self._files: dict[Path, str] = {}
        self._real: dict[Path, Path] = {}  # each path resolved once per build: targets share most inputs
        self._entries: dict[tuple, list[tuple[str, str]]] = {}
        self.roots: list[Path] = []  # resolved; files elsewhere (links out) are marked, never read

    def resolved(self, path: Path) -> Path:
        """``paths.real(path)``, once per path and build."""
        if path not in self._real:
            self._real[path] = paths.real(path)
        return self._real[path]

    def file(self, path: Path) -> str:
        """sha256 of one file's bytes (see _digest_file)."""
        real = self.resolved(path)
        root = next((r for r in self.roots if paths.inside_resolved(real, r)), None)
        if root is None and self.roots:
            return "not read: outside"  # a link out of the target's folders: never read, whatever it leads to
        if real not in self._files:
            self._files[real] = _digest_file(real, root)
        return self._files[real]

    def entries(self, path: Path) -> list[tuple[str, str]]:
        """(name, digest) for a file, for every file in a folder, or a 'missing' mark."""
        key = (path, tuple(self.roots))
        if key not in self._entries:
            self._entries[key] = self._read_entries(path)
        return self._entries[key]

    def _read_entries(self, path: Path) -> list[tuple[str, str]]:
        if path.is_dir():
            return [(str(p.relative_to(path)), self.file(p)) for p in _walk(path)]
        if path.exists() or path.is_symlink():
            return [(path.name, self.file(path))]
        return [(path.name, "missing")]

    def key(self, content, target, opts) -> str:
        """The hash that changes whenever anything ``target`` depends on changes."""
        org = getattr(target, "org_folder", None) or getattr(opts, "org", None)
        self.roots = [self.resolved(Path(r)) for r in paths.allowed_roots(content.root, org, getattr(opts, "icc", None))]
        inputs = [[_label(p, content.root), self.entries(p)] for p in target_inputs(content, target, opts)]
        options = relevant_options(target, opts)
        if target.kind != "workbook" and getattr(target, "card_size", None):
            options["card_size"] = target.card_size  # an organisation's own size
        record = {"tool": tool_fingerprint(), "kind": target.kind, "lang": target.lang, "deck": target.deck,
                  "options": options, "inputs": inputs}
        return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """deck's version, a hash of its own source and data, and the versions of the PDF libraries."""
    h = hashlib.sha256(__version__.encode())
    for path in _walk(PACKAGE):
        if path.suffix == ".py" or PACKAGE / "data" in path.parents:
            h.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + _digest_file(path).encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none".encode())
    return h.hexdigest()


class Manifest:
    """<out>/.deck-manifest.json: per output file, the input hash it was built from and the file's hash."""

    def __init__(self, out: Path, entries: dict[str, dict] | None = None):
        self.out = Path(out)
        self.entries = entries or {}
        self.recorded: dict[str, dict] = {}  # what this build added, merged into the file on save

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        """The manifest of ``out``; an empty one when it is missing or unreadable (everything rebuilds)."""
        return cls(out, _read(Path(out) / MANIFEST_NAME))

    def name(self, path: Path) -> str:
        """An output's key in the manifest: its path inside the output folder."""
        return Path(os.path.relpath(path, self.out)).as_posix()

    def up_to_date(self, path: Path, key: str) -> bool:
        """Whether ``path`` exists and is the file built from inputs hashing to ``key``."""
        entry = self.entries.get(self.name(path))
        if not entry or entry.get("key") != key:
            return False
        try:
            st = path.stat()
        except OSError:
            return False
        if st.st_size == entry.get("size") and st.st_mtime_ns == entry.get("mtime_ns"):
            return True
        # Touched or copied: the file's own hash decides whether it is still what we wrote.
        return st.st_size == entry.get("size") and _digest_file(path) == entry.get("sha256")

    def seconds(self, path: Path) -> float | None:
        """How long ``path`` took when it was last built (to start the longest work first)."""
        entry = self.entries.get(self.name(path)) or {}
        value = entry.get("seconds")
        return value if isinstance(value, (int, float)) else None

    def record(self, path: Path, key: str, seconds: float) -> None:
        """Remember that ``path`` was just built from inputs hashing to ``key``."""
        st = path.stat()
        entry = {"key": key, "sha256": _digest_file(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                 "seconds": round(seconds, 3)}
        self.entries[self.name(path)] = self.recorded[self.name(path)] = entry

    def save(self) -> None:
        """Write the manifest atomically (a crash leaves the old one, which only means more rebuilding).

        Builds into the same folder may run at once (one per organisation, say): under a lock on
        the folder, this build's entries are merged into the file as it is now, so none is lost.
        """
        path = self.out / MANIFEST_NAME
        with _locked(self.out):
            entries = {**_read(path), **self.recorded}
            data = {"format": FORMAT, "tool": f"deck {__version__}", "outputs": dict(sorted(entries.items()))}
            text = json.dumps(data, indent=1, sort_keys=True) + "\n"
            atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _read(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(read_regular(path, MAX_MANIFEST_BYTES, path.parent).decode("utf-8"))
        entries = data["outputs"] if data.get("format") == FORMAT else {}
        if isinstance(entries, dict) and all(isinstance(e, dict) for e in entries.values()):
            return entries
    except (Unreadable, OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # a manifest that is not a small regular JSON file is no manifest: everything rebuilds
    return {}


@contextmanager
def _locked(folder: Path):
    """An exclusive lock on ``folder`` (flock on POSIX; elsewhere none, and the last save wins)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
