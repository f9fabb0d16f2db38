"""Atomic output: write to a temporary file beside the target, then rename into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import UsageError, display_path


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` and move ``tmp`` over ``target`` only if it succeeded.

    A crash or kill at any moment leaves either the old complete file or the new one under
    ``target``; the temporary name starts with a dot so it is never mistaken for an output.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; outputs are ordinary files
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def clean_stale_temporaries(folder: Path) -> None:
    """Remove temporaries a killed build left behind (they never carry a final name)."""
    if folder.is_dir():
        for stale in folder.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)


def check_out_dir(out: Path, content: Path) -> Path:
    """Refuse an --out that is a file, is not writable, or lies inside the content folder."""
    out = Path(out)
    real_out = Path(os.path.realpath(out))
    real_content = Path(os.path.realpath(content))
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {display_path(out)} is a file, not a folder: give a folder for the PDFs")
    if real_out == real_content or real_content in real_out.parents:
        raise UsageError(f"--out {display_path(out)} lies inside the content folder {display_path(content)}: choose a folder outside it")
    probe = out
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise UsageError(f"--out {display_path(out)} is not writable: choose a folder you can write to")
    return out
