"""WeasyPrint, imported with its system libraries found without running a compiler.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names per library, and cffi asks
``ctypes.util.find_library`` for each name that is not a file name. On Linux that function runs
``ldconfig -p`` and, for a name ldconfig does not know, ``gcc`` and ``ld`` as well: for the names
WeasyPrint tries first ('libgobject-2.0-0', ...) and for the optional libraries that are absent.
That is some forty programs started and about a quarter of a second of every process that lays
out a document (the workers' fork server, a build in one process, ``deck serve``).

While WeasyPrint is imported here, ``find_library`` asks ldconfig only. Every library WeasyPrint
needs is in its list under its file name as well ('libgobject-2.0.so.0'), which the dynamic loader
opens itself, in the same places; so a library ldconfig does not list is still found.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def _libraries_from_ldconfig():
    import ctypes.util

    ask_ldconfig = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if not sys.platform.startswith("linux") or ask_ldconfig is None or "weasyprint.text.ffi" in sys.modules:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: ask_ldconfig(name) or None
    try:
        yield
    finally:
        ctypes.util.find_library = original


with _libraries_from_ldconfig():
    import weasyprint  # noqa: E402 - the point of this module

__all__ = ["weasyprint"]
