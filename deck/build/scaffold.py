"""`deck init-org`: scaffold an organisation profile that builds as is."""

from __future__ import annotations

import json
from pathlib import Path

from deck import paths
from deck.errors import UsageError, display_path
from deck.files import atomic_write
from deck.load.content import load_content
from deck.load.organisation import slugify
from deck.model.organisation import ORG_FILE
from deck.paths import DATA, TEMPLATES

SCAFFOLD = DATA / "org"


def scaffold(folder: Path, name: str, content_root: Path, slug: str | None = None) -> dict[str, str]:
    """The files of a new profile for ``name``: file name -> text, commented from the shared content.

    ``slug`` (the output folder name) is written into the profile; without it the profile says
    the one made from the name, commented out.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    content = load_content(content_root)
    decks = list(content.decks.values())
    first = decks[0]
    # Our own scaffold templates, not an organisation's: a plain environment, no HTML escaping.
    env = Environment(loader=FileSystemLoader(str(SCAFFOLD)), undefined=StrictUndefined, autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string
    env.filters["num"] = lambda value: f"{value:g}"
    context = {
        "name": name, "slug": slug or slugify(name), "own_slug": slug is not None, "folder": display_path(folder), "language": content.project.language,
        "decks": decks, "first_deck": first, "example_card": first.cards[0].id,
        "override_card": first.cards[min(1, len(first.cards) - 1)].id,
        "order_example": [c.id for c in reversed(first.cards[1:3])],
        "templates": sorted(p.name for p in TEMPLATES.glob("*.j2")),
    }
    return {out: env.get_template(f"{out}.j2").render(context) for out in (ORG_FILE, "README.md")}


def init_org(folder: Path, name: str, content_root: Path = Path("content"), slug: str | None = None) -> list[Path]:
    """Write a new profile into ``folder``; refuse to overwrite one. Returns the files written."""
    from deck.model.deck import ID_RE

    folder = Path(folder)
    name = name.strip()
    if not name:
        raise UsageError("--name must not be empty")
    if slug is not None and not ID_RE.match(slug):
        hint = slugify(slug)
        raise UsageError(f"--slug '{slug}' is not a folder name deck uses: write lowercase letters and digits joined by "
                         f"hyphens, e.g. --slug {hint or 'wijkteam-noord'}")
    if slug is None and not slugify(name):
        raise UsageError(f"cannot make a folder name from --name '{name}': give one with --slug, e.g. --slug wijkteam-noord")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{display_path(folder)} is a file, not a folder")
    content_root = Path(content_root)
    if paths.real(folder) == paths.real(content_root) or any(paths.inside(folder, content_root / sub)
                                                               for sub in ("decks", "locales")):
        raise UsageError(f"{display_path(folder)} is the content folder or lies in its decks/ or locales/: a profile "
                         f"goes into a folder of its own, e.g. deck init-org orgs/{slugify(name)} --name \"{name}\"")
    if (folder / ORG_FILE).exists():
        raise UsageError(f"{display_path(folder / ORG_FILE)} exists already: not overwriting a profile (edit it instead)")
    written = []
    for file_name, text in scaffold(folder, name, content_root, slug).items():
        target = folder / file_name
        if target.exists():  # an existing README stays as its author wrote it
            continue
        atomic_write(target, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
        written.append(target)
    return written
