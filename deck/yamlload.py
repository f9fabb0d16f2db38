"""Safe, bounded YAML loading that remembers the line of every key (PyYAML node marks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, display_path

MAX_BYTES = 1_000_000  # content files are small; anything bigger is a mistake or an attack
MAX_NODES = 100_000  # bounds alias expansion ("billion laughs")
MAX_DEPTH = 40


class YamlProblem(Exception):
    """Raised inside the loader; converted to a Problem by load_yaml."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


Path_ = tuple  # a key path such as ("cards", 3, "title")


@dataclass
class Located:
    """Data loaded from one YAML file, with the line of every key path in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    origins: dict[Path_, str] = field(default_factory=dict)  # path prefix -> file, for merged data

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
        self.lines: dict[Path_, int] = {}
        self.constructor = SafeConstructor()

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_NODES:
            raise YamlProblem(line, f"too many values (over {MAX_NODES}); aliases expanding too far?")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
        self.lines.setdefault(path, line)
        if isinstance(node, ScalarNode):
            try:
                return self.constructor.construct_object(node)
            except yaml.YAMLError as exc:
                raise YamlProblem(line, str(exc).splitlines()[0]) from None
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem(key_node.start_mark.line + 1, "a key must be a plain word")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(key_node.start_mark.line + 1, "merge keys (<<) are not supported")
                key = str(key_node.value)
                key_line = key_node.start_mark.line + 1
                if key in out:
                    first = self.lines.get(path + (key,), key_line)
                    raise YamlProblem(key_line, f"duplicate key '{key}' (first given on line {first})")
                self.lines[path + (key,)] = key_line
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        raise YamlProblem(line, "unsupported YAML node")


def parse_yaml(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse YAML text; return the located data or the problems found."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}: {what}"
        if "'\\t'" in what or "\t" in what:
            what += " (use spaces, not tabs, to indent)"
        return None, [Problem(file, line, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, "", f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(file, 1, "", f"YAML nested too deeply (limit {MAX_DEPTH} levels)")]
    if node is None:
        return Located(file, None, {(): 1}), []
    builder = _Builder()
    try:
        data = builder.build(node, (), 0)
    except YamlProblem as exc:
        return None, [Problem(file, exc.line, "", exc.message)]
    except RecursionError:
        return None, [Problem(file, 1, "", f"YAML nested too deeply (limit {MAX_DEPTH} levels)")]
    return Located(file, data, builder.lines), []


def load_yaml(path: Path) -> tuple[Located | None, list[Problem]]:
    """Read and parse one YAML file with size, encoding and expansion bounds."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(shown, 0, "", f"file is {size:,} bytes; content files may be at most {MAX_BYTES:,}")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, "", f"cannot read file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", "not valid UTF-8 text (save the file as UTF-8)")]
    return parse_yaml(text, shown)
