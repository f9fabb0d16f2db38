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


CMYK = "give four percentages from 0 to 100, for cyan, magenta, yellow and black, e.g. cmyk: [85, 45, 20, 15]"
MINUTE_KEYS = ("minutes", "durations")  # numbers under these keys count minutes
NONE_WHAT = {"string_type": "a text", "int_type": "a whole number", "float_type": "a number", "bool_type": "true or false",
             "list_type": "a list", "tuple_type": "a list", "date_type": "a date such as 2026-05-12"}


def _shown(got: Any) -> str:
    return repr(got) if not isinstance(got, (dict, list)) else ("a list" if isinstance(got, list) else "a mapping")


def _unit(loc: tuple) -> str:
    return " of minutes" if any(part in MINUTE_KEYS for part in loc) else ""


EXAMPLES = {"year": 2024, "weight": 400, "pages": 3, "rows": 8}  # a fitting example number per key


def _example(got: Any, loc: tuple) -> str:
    """A whole number taken from what was written ('20 min' -> 20), else one that fits the key."""
    import re

    found = re.search(r"\d+", str(got)) if isinstance(got, str) else None
    if found:
        return found.group()
    if isinstance(got, float):
        return str(round(got))
    return str(EXAMPLES.get(next((p for p in reversed(loc) if isinstance(p, str)), ""), 1))


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _keys_of(model: type[BaseModel], loc: tuple) -> str:
    inner = _model_at(model, loc)
    return f" ({', '.join(list(inner.model_fields)[:4])}, ...)" if inner else ""


def _message(err: dict, model: type[BaseModel], loc: tuple) -> str:
    """Pydantic's error in plain words that say what to write instead."""
    kind, got, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    cmyk = "cmyk" in loc
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        hint = suggest(str(loc[-1]), known)
        return f"unknown key '{loc[-1]}'{hint}" + ("" if hint else f"; known keys: {', '.join(known)}")
    if kind == "missing":
        if loc and isinstance(loc[-1], int):  # an item of a fixed-length list (cmyk) is missing
            return f"the {_ordinal(loc[-1] + 1)} value is missing: " + (CMYK if cmyk else f"give {loc[-1] + 1} values or more")
        return f"required key is missing: add '{loc[-1]}:' with its value" if loc else "required key is missing"
    if got is None and cmyk:
        return f"has no value: {CMYK}"
    if got is None and (kind in NONE_WHAT or kind in ("model_type", "model_attributes_type", "dict_type")):
        if kind not in NONE_WHAT:
            return f"is empty: write its keys{_keys_of(model, loc)} on the lines below, indented"
        after = "the '- '" if loc and isinstance(loc[-1], int) else "the colon"
        return f"has no value: write {NONE_WHAT[kind]} after {after}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected keys{_keys_of(model, loc)} on the lines below, indented, each as 'key: value', not {_shown(got)}"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        have = len(got) if isinstance(got, (list, tuple)) else 0
        if cmyk:
            return f"{have} value{'s' if have != 1 else ''} where four are needed: {CMYK}"
        return (f"needs at least {n} item{'s' if n != 1 else ''}, got {have or 'none'}: write each on its own line "
                f"starting with '- '")
    if kind == "too_long":
        if cmyk:
            return f"{ctx.get('actual_length')} values where four are needed: {CMYK}"
        return f"at most {ctx.get('max_length')} items, not {ctx.get('actual_length')}: remove the rest"
    if kind == "string_type" and isinstance(got, (int, float, bool)):
        return f"expected text, got {_shown(got)}; put it in quotes if it is meant as text"
    if kind == "string_type":
        return f"write one text here, not {_shown(got)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"write a whole number{_unit(loc)}, e.g. {_example(got, loc)}, not {_shown(got)}"
    if kind in ("float_parsing", "float_type"):
        return (f"write a percentage from 0 to 100, e.g. 45, not {_shown(got)}" if cmyk
                else f"write a number{_unit(loc)}, e.g. {_example(got, loc)}, not {_shown(got)}")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()))
        least = kind.startswith("greater")
        if not kind.endswith("_equal"):  # a strict bound: say the bound and the side
            return f"write a number {'above' if least else 'below'} {bound}{_unit(loc)}, not {_shown(got)}"
        unit = (" minute" if bound == 1 else " minutes") if _unit(loc) else ""
        return f"write {'at least' if least else 'at most'} {bound}{unit}, not {_shown(got)}"
    if kind in ("list_type", "tuple_type", "set_type"):
        if cmyk:
            return CMYK
        return f"write a list, each item on its own line starting with '- ' (or in brackets, e.g. [a, b]), not {_shown(got)}"
    if kind == "literal_error":
        return f"write {ctx.get('expected', 'one of the allowed values')}, not {_shown(got)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"write true or false, not {_shown(got)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"write a date as YYYY-MM-DD, e.g. 2026-05-12, not {_shown(got)}"
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        msg = f"{msg[0].lower()}{msg[1:]} (got {_shown(got)})"
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
        keys = f"keys ({', '.join(list(model.model_fields)[:4])}, ...)"
        message = (f"is empty: write its {keys}, each as 'key: value'" if data is None
                   else f"expected {keys}, each as 'key: value', not {_shown(data)}")
        return None, [Problem(src.file_of(prefix), src.line_of(prefix), format_path(prefix), message)]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, model, src, prefix)
