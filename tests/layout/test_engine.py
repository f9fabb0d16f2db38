"""WeasyPrint is imported with its system libraries found by ldconfig alone: no compiler is run, and it finds
the same libraries as a plain import does."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT

RECORD = """
import subprocess
started = []
original = subprocess.Popen.__init__
def record(self, args, *rest, **kwargs):
    started.append(args[0] if isinstance(args, (list, tuple)) else str(args).split()[0])
    return original(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = record
{import_it}
from weasyprint.text import ffi
libraries = [name for name in ("gobject", "pango", "harfbuzz", "harfbuzz_subset", "fontconfig", "pangoft2")
             if getattr(ffi, name, None) is not None]
print(sorted(set(p.rsplit("/", 1)[-1] for p in started)), libraries)
"""


def imported(how: str) -> tuple[str, str]:
    done = subprocess.run([sys.executable, "-c", RECORD.format(import_it=how)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    programs, libraries = done.stdout.strip().split("] ", 1)
    return programs + "]", libraries


def test_deck_imports_weasyprint_without_running_a_compiler_and_finds_the_same_libraries():
    ours = imported("import deck.layout.fetch")
    plain = imported("import weasyprint")
    assert ours[0] == "['ldconfig']"  # a plain import also runs gcc and ld for each name ldconfig does not know
    assert ours[1] == plain[1]
