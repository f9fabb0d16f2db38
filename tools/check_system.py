"""Check what deck needs from the system before `make` sets up its virtual environment.

Required: Python 3.11 or newer, and Pango (WeasyPrint draws text with it). Strongly advised:
HarfBuzz-Subset (WeasyPrint makes font subsets with it; without it WeasyPrint falls back to fontTools,
which works but makes every build several times slower). Libraries are looked up as WeasyPrint
loads them (the same names, dlopen), so the answer is what WeasyPrint will find.

Standard library only: it runs before anything is installed. Prints nothing when all is there;
exits 1 when something required is missing.
"""

from __future__ import annotations

import ctypes
import sys

# The names WeasyPrint 70 tries (weasyprint/text/ffi.py), per platform.
LIBRARIES = {
    "Pango": ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib",
              "libpango-1.0-0.dll"),
    "PangoFT2": ("libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0",
                 "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"),
    "HarfBuzz-Subset": ("libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0", "libharfbuzz-subset.so.0",
                        "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll"),
}

PANGO_HOW = """\
  Debian/Ubuntu (also Windows with WSL): sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0
  Fedora:                                sudo dnf install pango
  macOS:                                 brew install pango
    (installed but not found? export DYLD_FALLBACK_LIBRARY_PATH="$(brew --prefix)/lib")"""

HARFBUZZ_HOW = """\
  Debian/Ubuntu (also Windows with WSL): sudo apt-get install libharfbuzz-subset0
  Fedora:                                sudo dnf install harfbuzz
  macOS:                                 brew install harfbuzz"""


def found(names: tuple[str, ...]) -> bool:
    """Whether the dynamic loader finds the library under one of ``names``."""
    for name in names:
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            continue
    return False


def main() -> int:
    if sys.version_info < (3, 11):
        print(f"deck needs Python 3.11 or newer; {sys.executable} is {sys.version.split()[0]}. "
              "Install a newer Python and run: make PYTHON=python3.11 (or newer)")
        return 1
    ok = True
    if not (found(LIBRARIES["Pango"]) and found(LIBRARIES["PangoFT2"])):
        print("deck needs the Pango library (WeasyPrint draws text with it), which is not installed. Install it:")
        print(PANGO_HOW)
        ok = False
    if not found(LIBRARIES["HarfBuzz-Subset"]):
        print("HarfBuzz-Subset is not installed: deck works without it, but every build takes several times longer\n"
              "(WeasyPrint then makes font subsets with fontTools). Install it:")
        print(HARFBUZZ_HOW)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
