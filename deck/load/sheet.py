"""Load a sheet layout: a built-in one by name (deck/data/sheets/<name>.yaml) or a user's own YAML file."""

from __future__ import annotations

from pathlib import Path

from deck.errors import ContentError, Problem, UsageError, display_path, suggest
from deck.load.problems import validate
from deck.load.yamlfile import load_yaml
from deck.model.sheet import SheetSpec
from deck.paths import DATA

SHEETS = DATA / "sheets"


def builtin_sheets() -> list[str]:
    """Names of the bundled sheet layouts (a4, a3, letter, ...)."""
    return sorted(p.stem for p in SHEETS.glob("*.yaml"))


def load_sheet(name_or_file: str | Path) -> SheetSpec:
    """The layout named ``name_or_file`` (case-insensitive), or the one in that YAML file; every problem at once."""
    text = str(name_or_file)
    if text.lower().endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_file():
            raise UsageError(f"--paper {text}: no such file; give a sheet layout YAML file or one of "
                             f"{', '.join(builtin_sheets())}")
    else:
        path = SHEETS / f"{text.lower()}.yaml"
        if not path.is_file():
            names = builtin_sheets()
            raise UsageError(f"unknown --paper '{text}'{suggest(text.lower(), names)} (choose from {', '.join(names)}, "
                             f"or give your own sheet layout as a .yaml file)")
    src, problems = load_yaml(path)
    if src is None:
        raise ContentError(problems)
    spec, problems = validate(SheetSpec, src)
    if spec is None:
        raise ContentError(problems)
    if spec.paper.width > spec.paper.height:
        problems.append(Problem(display_path(path), src.line_of(("paper",)), "paper",
                                f"give the paper portrait (width {spec.paper.height:g}, height {spec.paper.width:g});"
                                " deck turns it when more cards fit"))
    if 2 * spec.margin >= min(spec.size):
        problems.append(Problem(display_path(path), src.line_of(("margin",)), "margin",
                                f"a {spec.margin:g} mm margin leaves no room on {spec.paper.width:g} × "
                                f"{spec.paper.height:g} mm paper; printers need about 5"))
    if problems:
        raise ContentError(problems)
    return spec
