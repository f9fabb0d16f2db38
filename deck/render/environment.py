"""The Jinja environment: one layered, sandboxed loader for built-in and organisation templates."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from deck import __version__
from deck.files import Unreadable, read_regular
from deck.model.css import css_string
from deck.paths import TEMPLATES
from deck.render import markup
from deck.render.markup import lang_attributes
from deck.render.sandbox import BoundedSandbox, render_bounded


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, shared by every environment.

    Each output makes its own environment (its language, its organisation's templates); without
    this, every one compiled the same templates again (about half a second per output). A bucket
    is keyed by template name and file and checked against the source, so an edit recompiles.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(overrides: Path | None = None, translations: Any = None) -> SandboxedEnvironment:
    """The template environment: organisation templates first, then the built-in ones.

    ``{% extends "builtin/cards.html.j2" %}`` reaches the built-in template from an override
    with the same name, so an organisation can replace a single block (pelican's ``!simple/``).
    Every template renders in Jinja's sandbox: organisation templates are untrusted.
    """
    builtin = FileSystemLoader(str(TEMPLATES))
    loaders = [ContainedLoader(overrides)] if overrides else []
    loader = ChoiceLoader(loaders + [PrefixLoader({"builtin": builtin}), builtin])
    env = BoundedSandbox(loader=loader, autoescape=_autoescape, undefined=StrictUndefined,
                         extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
                         bytecode_cache=_COMPILED)
    if translations is None:
        env.install_null_translations(newstyle=True)
    else:
        env.install_gettext_translations(translations, newstyle=True)
    env.filters["md"] = markup.block
    env.filters["inline"] = markup.inline
    env.filters["plain"] = markup.plain
    env.filters["css_quote"] = css_string  # text as a CSS string, safe inside <style>
    env.filters["langattr"] = lang_attributes  # lang/dir on elements whose text fell back to Dutch
    from deck.render.markup import bookmark_label  # noqa: PLC0415 (cards imports this module)

    env.filters["bookmark"] = bookmark_label
    env.globals["version"] = __version__
    return env


MAX_TEMPLATE_BYTES = 1_000_000  # the largest built-in template is about 20 kB


class ContainedLoader(FileSystemLoader):
    """Templates of an organisation: regular files of bounded size whose real path lies inside its templates folder.

    Checked when a template is loaded, not only when the profile is: ``{% include %}`` reaches any
    name, and a file can change between check and build.
    """

    def __init__(self, folder: Path):
        super().__init__(str(folder))  # list_templates() as FileSystemLoader
        self.folder = Path(folder)

    def get_source(self, environment, template: str):
        filename = os.path.join(self.folder, *split_template_path(template))  # refuses '..'
        if not os.path.lexists(filename):
            raise TemplateNotFound(template)  # the built-in template of that name is used
        try:
            source = read_regular(filename, MAX_TEMPLATE_BYTES, self.folder, "the organisation's templates folder",
                                  "template").decode("utf-8")
        except Unreadable as exc:  # loud: falling back to the built-in template would hide it
            raise TemplateError(str(exc)) from None
        except UnicodeDecodeError:
            raise TemplateError(f"{filename}: not UTF-8 text; save the template as UTF-8") from None
        seen = _identity(filename)
        return source, filename, lambda: _identity(filename) == seen  # changed (even into a link): read and checked again


def _identity(filename: str) -> tuple | None:
    try:
        st = os.lstat(filename)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size, st.st_mode


def _autoescape(name: str | None) -> bool:
    # Stylesheets are included inside <style>: HTML-escaping them would break CSS strings.
    # They receive validated colours and numbers; text reaches them only as CSS strings
    # (css_quote, css_content: model.css), which nothing can leave.
    return not (name or "").endswith(".css.j2")


def render_template(env: SandboxedEnvironment, name: str, context: dict, what: str) -> str:
    """Render ``name`` in the bounded sandbox; any failure becomes a BuildError naming the template line and ``what``."""
    return render_bounded(env, name, context, what)
