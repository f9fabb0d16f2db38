"""Pydantic validation errors as located problems: `file:line: key.path: message` in plain words."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from deck.errors import Problem, suggest
from deck.load.yamlfile import Located, format_path


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that the key path ``loc`` points into (to list its known keys)."""
    current: Any = model
    keyed = False  # the previous field was a dict: this part is one of its keys, not a field
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        f = current.model_fields.get(part)
        if f is None:
            return None
        keyed = _is_dict(f.annotation)
        current = _unwrap(f.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _is_dict(annotation: Any) -> bool:
    """dict[...] or Optional[dict[...]]."""
    if typing.get_origin(annotation) is dict:
        return True
    return any(typing.get_origin(arg) is dict for arg in typing.get_args(annotation))


def _unwrap(annotation: Any) -> Any:
    """Find a BaseModel inside list[...] / Optional[...] annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def _message(err: dict, model: type[BaseModel], loc: tuple) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        hint = suggest(str(loc[-1]), known)
        return f"unknown key '{loc[-1]}'{hint}" + ("" if hint else f"; known keys: {', '.join(known)}")
    if kind == "missing":
        return "required key is missing"
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        inner = _model_at(model, loc)
        keys = f" ({', '.join(list(inner.model_fields)[:4])}, ...)" if inner else ""
        return f"expected a mapping of keys{keys}, got {shown}"
    if kind == "too_short":
        n = err.get("ctx", {}).get("min_length", 1)
        have = len(got) if isinstance(got, (list, tuple)) else 0
        return f"needs at least {n} item{'s' if n != 1 else ''}, got {have or 'none'}"
    if kind == "string_type" and isinstance(got, (int, float, bool)):
        return f"expected text, got {shown}; put it in quotes if it is meant as text"
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        msg = f"{msg[0].lower()}{msg[1:]} (got {shown})"
    return msg


def problems_from(exc: ValidationError, model: type[BaseModel], src: Located, prefix: tuple = ()) -> list[Problem]:
    """Convert pydantic errors into located problems, one per error."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        full = prefix + loc
        line = src.line_of(full)
        out.append(Problem(src.file_of(full), line, format_path(full), _message(err, model, loc)))
    return out


def validate(model: type[BaseModel], src: Located, data: Any = None, prefix: tuple = ()) -> tuple[Any, list[Problem]]:
    """Validate ``data`` (default: the whole file) against ``model``; return the object or problems."""
    data = src.data if data is None else data
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return None, [Problem(src.file_of(prefix), src.line_of(prefix), format_path(prefix), f"expected a mapping of keys, got {kind}")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, model, src, prefix)
