"""The Jinja sandbox for untrusted (organisation) templates, bounded in size and turned into clear errors."""

from __future__ import annotations

import io
import numbers
import types
from pathlib import PurePath
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from deck.errors import BuildError, display_path
from deck.limits import TEMPLATE_MEMORY, memory_cap

MAX_REPEAT = 1_000_000  # longest string or list a template may make with `*`
MAX_EXPONENT = 1_000


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox (no Python internals), plus refusal of `*` and `**` that would blow up memory or time."""

    intercepted_binops = frozenset({"*", "**"})

    # Objects whose methods reach the file system or the interpreter. Templates get data as
    # strings and models; should a path or a module ever slip into the context, it stays inert.
    _inert = (PurePath, io.IOBase, types.ModuleType)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's rules, nothing at all of paths, files and modules, and no pydantic methods.

        A model's own fields are data; pydantic's methods (``parse_file``, ``model_validate_json``)
        can read files, so only declared fields are reachable on a model.
        """
        if isinstance(obj, self._inert):
            return False
        from pydantic import BaseModel

        model = obj if isinstance(obj, type) else type(obj)
        if issubclass(model, BaseModel) and hasattr(BaseModel, attr) and attr not in model.model_fields:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        """Check repetition and powers before doing them."""
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise SecurityError(f"repeating a value to {len(seq) * times:,} items is over the limit of {MAX_REPEAT:,}")
        if operator == "**" and isinstance(right, numbers.Integral) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is over the limit of {MAX_EXPONENT}")
        return super().call_binop(context, operator, left, right)


def _template_line(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in the traceback (Jinja maps template frames to them)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename == "<template>":
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        found = (exc.filename or exc.name or (found or ("?",))[0], exc.lineno)
    return found


def render_bounded(env: SandboxedEnvironment, name: str, context: dict, what: str) -> str:
    """Render template ``name``; every failure becomes a BuildError naming the template line and ``what``."""
    try:
        with memory_cap(TEMPLATE_MEMORY):
            return env.get_template(name).render(**context)
    except BuildError:
        raise
    except Exception as exc:  # noqa: BLE001 - untrusted templates can raise anything; say where and why
        raise template_failure(exc, name, what) from None


def template_failure(exc: BaseException, name: str, what: str) -> BuildError:
    """A BuildError saying where a template failed, why, and what to do about it."""
    found = _template_line(exc)
    where = f"{display_path(found[0])}:{found[1]}" if found and found[0] != "?" else name
    if isinstance(exc, SecurityError):
        why = (f"refused by the template sandbox: {str(exc).rstrip('.')}; templates may only use the values they are given, "
               f"not Python internals or unbounded repetition")
    elif isinstance(exc, MemoryError):
        why = (f"the template needed more than {TEMPLATE_MEMORY >> 20} MB of memory; look for a loop, filter "
               f"or repetition that makes ever larger text")
    elif isinstance(exc, RecursionError):
        why = "a macro calls itself without end; give the recursion a way to stop"
    elif isinstance(exc, OverflowError):
        why = f"{str(exc).rstrip('.')}; use smaller numbers"
    elif isinstance(exc, TemplateError):
        why = f"{exc.message or exc}"
    else:
        why = f"{type(exc).__name__}: {exc}; fix the template"
    return BuildError(f"{where}: template error while rendering {what}: {why}")
