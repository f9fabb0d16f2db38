"""Safe, bounded YAML loading that remembers the line of every key (PyYAML node marks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from deck.errors import Problem, display_path
from deck.load.yamlerrors import explain, explain_reader

MAX_BYTES = 1_000_000  # content files are small; anything bigger is a mistake or an attack
MAX_NODES = 50_000  # a 1 MB deck of real cards has about 15,000; bounds alias expansion ("billion laughs")
MAX_DEPTH = 40


class YamlProblem(Exception):
    """Raised inside the loader; converted to a Problem by load_yaml."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


Path_ = tuple  # a key path such as ("cards", 3, "title")


# Written as escapes in "double quotes" ("\x01", "\ud800") they pass the YAML reader, but
# PDF text, fonts and terminals cannot use them.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_PLAIN_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
TOO_MANY = (f"more than {MAX_NODES:,} values; content files have far fewer, so split the file "
            f"(a deck can be a folder of files)")


TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; content files need only a few levels"


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stopped as soon as a file holds too many or too deeply nested values.

    Composing is the slow part of pure-Python YAML (seconds per 100,000 values), so the bounds
    are applied while composing, not after.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.nodes = 0
        self.depth = 0

    def compose_node(self, parent, index):
        self.nodes += 1
        if self.nodes > MAX_NODES or self.depth >= MAX_DEPTH:
            raise YamlProblem(self.peek_event().start_mark.line + 1, TOO_MANY if self.nodes > MAX_NODES else TOO_DEEP)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass
class Located:
    """Data loaded from one YAML file, with the line of every key path in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    origins: dict[Path_, str] = field(default_factory=dict)  # path prefix -> file, for merged data
    warnings: list[Problem] = field(default_factory=list)  # likely mistakes that are valid YAML (deck check shows them)

    def file_of(self, path: Path_) -> str:
        """The file a key path came from (differs from ``file`` only for merged deck folders)."""
        path = tuple(path)
        for n in range(len(path), 0, -1):
            if path[:n] in self.origins:
                return self.origins[path[:n]]
        return self.file

    def line_of(self, path: Path_) -> int:
        """The line of the longest prefix of ``path`` that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def format_path(path: Path_) -> str:
    """("cards", 3, "title") -> "cards[3].title"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Builder:
    """Turns a composed node graph into Python data, counting nodes so aliases cannot explode."""

    def __init__(self) -> None:
        self.count = 0
        self.open: set[int] = set()  # collections being built: an alias back to one of them is a loop
        self.lines: dict[Path_, int] = {}
        self.constructor = SafeConstructor()
        self.warnings: list[tuple[Path_, int, str]] = []

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_NODES:
            # Aliased nodes carry the line of their anchor; the top-level key being expanded is more telling.
            raise YamlProblem(self.lines.get(path[:1], line), f"more than {MAX_NODES:,} values once the aliases (*name) in it are expanded; "
                                    f"write the values out instead of repeating aliases")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, TOO_DEEP)
        self.lines.setdefault(path, line)
        if isinstance(node, ScalarNode):
            value = self.scalar(node, line)
            cut = _comment_after(node) if isinstance(value, str) and node.style is None else None
            # Prose (several words) or '#' against a word ('#1') is text cut short; 'nl  # Dutch' is a comment.
            if cut and (len(value.split()) > 1 or cut[1:2].strip() not in ("", "#")):
                shown = value if len(value) <= 40 else value[:39] + "…"
                self.warnings.append((path, node.end_mark.line + 1, f"YAML reads ‘{cut}’ as a comment, so this text is "
                                      f"only ‘{shown}’; if the # belongs to the text, put the whole value in quotes"))
            return value
        if id(node) in self.open:
            raise YamlProblem(line, "this list or mapping contains an alias (*name) to itself, an endless loop; remove the alias")
        self.open.add(id(node))
        try:
            return self.collection(node, path, depth, line)
        finally:
            self.open.discard(id(node))

    def scalar(self, node: ScalarNode, line: int) -> Any:
        bad = _INVISIBLE.search(node.value)
        if bad:
            raise YamlProblem(line, f"invisible control character U+{ord(bad.group()):04X} in this value; delete it")
        try:
            value = self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            message = str(exc).splitlines()[0]
        except Exception:  # noqa: BLE001 - `!!int abc` makes PyYAML call int("abc"), `2022-13-45` date(2022, 13, 45)
            kind = node.tag.rsplit(':', 1)[-1]
            message = (f"'{node.value}' is not a date that exists (YYYY-MM-DD, month 1-12): check the month and day"
                       if kind == "timestamp" else f"'{node.value}' is not a valid {kind}")
        else:
            if not isinstance(value, bytes):
                return value
            # Bytes would reach text fields past the check above (pydantic decodes them).
            raise YamlProblem(line, "binary values (!!binary) are not supported; write the text itself")
        mark = node.start_mark
        tagged = bool(mark.buffer) and mark.buffer[mark.pointer:mark.pointer + 1] == "!"
        raise YamlProblem(line, f"{message}; " + ("remove the tag (!...)" if tagged else "put the value in quotes if it is text"))

    def collection(self, node: Node, path: Path_, depth: int, line: int) -> Any:
        if node.tag not in _PLAIN_TAGS:  # PyYAML would build Python objects from these; we never do
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(line, f"unknown tag '{tag}'; remove it")
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem(key_node.start_mark.line + 1, "a key must be a plain word, not a list or mapping")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(key_node.start_mark.line + 1, "merge keys (<<) are not supported; write the keys out")
                self.scalar(key_node, key_node.start_mark.line + 1)  # the same checks as for values
                key = str(key_node.value)  # as written: `null:` is the key 'null', not None
                key_line = key_node.start_mark.line + 1
                if key in out:
                    first = self.lines.get(path + (key,), key_line)
                    raise YamlProblem(key_line, f"duplicate key '{key}' (first given on line {first})")
                self.lines[path + (key,)] = key_line
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        raise YamlProblem(line, "unsupported YAML node")


def _comment_after(node: ScalarNode) -> str | None:
    """The comment (' # ...') that follows a plain scalar on its last line, if any: YAML cut the text there."""
    mark = node.end_mark
    buffer = getattr(mark, "buffer", None)
    if not buffer:
        return None
    end = buffer.find("\n", mark.pointer)
    rest = buffer[mark.pointer:end if end >= 0 else len(buffer)].rstrip("\0")
    stripped = rest.lstrip(" \t")
    if stripped.startswith("#") and len(stripped) < len(rest):
        return stripped.rstrip()
    return None


def parse_yaml(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse YAML text; return the located data or the problems found."""
    loader = None
    try:
        loader = _BoundedLoader(text)  # the reader checks for forbidden characters right here
        node = loader.get_single_node()
    except YamlProblem as exc:
        return None, [Problem(file, exc.line, "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        line, message = explain(exc)
        return None, [Problem(file, line, "", message)]
    except yaml.reader.ReaderError as exc:
        line, message = explain_reader(exc, text)
        return None, [Problem(file, line, "", message)]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, "", f"YAML error: {exc}")]
    except RecursionError:  # not expected with the depth bound; kept so no input can cause a traceback
        return None, [Problem(file, 1, "", TOO_DEEP)]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return Located(file, None, {(): 1}), []
    builder = _Builder()
    try:
        data = builder.build(node, (), 0)
    except YamlProblem as exc:
        return None, [Problem(file, exc.line, "", exc.message)]
    except RecursionError:
        return None, [Problem(file, 1, "", TOO_DEEP)]
    warnings = [Problem(file, line, format_path(path), message) for path, line, message in builder.warnings]
    return Located(file, data, builder.lines, warnings=warnings), []


def read_bounded(path: Path, inside: Path | None = None, folder: str = "the content folder") -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, whose real path lies inside ``inside``.

    Raises YamlProblem (line 0) otherwise: a FIFO or device would block or never end, and a
    symbolic link out of the content folder would pull in a file nobody meant to publish.
    """
    from deck.files import Unreadable, read_regular

    try:
        return read_regular(path, MAX_BYTES, inside, folder)
    except Unreadable as exc:
        if exc.kind == "special":
            raise YamlProblem(0, "is not a regular file; content files must be ordinary text files") from None
        if exc.kind == "large":
            raise YamlProblem(0, f"file is over {MAX_BYTES:,} bytes, the most a content file may be; split it "
                                 f"(a deck can be a folder of several files)") from None
        raise YamlProblem(0, exc.reason) from None


def load_yaml(path: Path, inside: Path | None = None,
              folder: str = "the content folder") -> tuple[Located | None, list[Problem]]:
    """Read and parse one YAML file with size, encoding and expansion bounds (and inside ``inside``, named ``folder``)."""
    shown = display_path(path)
    try:
        raw = read_bounded(path, inside, folder)
    except YamlProblem as exc:
        return None, [Problem(shown, exc.line, "", exc.message)]
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from Windows editors is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(shown, line, "", f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x} at column {column}); "
                                               f"save the file as UTF-8")]
    return parse_yaml(text, shown)
