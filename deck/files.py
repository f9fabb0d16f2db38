"""Files in and out: bounded reads of regular files inside their folder, atomic writes, --out checks."""

from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterable

from deck import paths
from deck.errors import BuildError, DeckError, UsageError, display_path

# atomic_write's temporaries: ".<final name>.deck-<pid of the writer>-<8 random characters>.tmp".
# The marker and the pid let a cleanup remove only deck's own, and only those whose writer is gone.
_TEMPORARY = re.compile(r"^\..+\.deck-(\d+)-[a-z0-9_]{8}\.tmp$")


class Unreadable(DeckError):
    """A file deck will not read: outside its folder, not a regular file, too large or unreadable."""

    def __init__(self, path: Path | str, reason: str, kind: str = "error"):
        self.path = str(path)
        self.reason = reason
        self.kind = kind  # "outside", "special" (not a regular file), "large" or "error"
        super().__init__(f"{display_path(path)}: {reason}")


def open_regular(path: Path | str, inside: Path | str | None = None, folder: str = "the content folder") -> IO[bytes]:
    """Open ``path`` for reading if it is a regular file whose real path lies inside ``inside``.

    The one way deck opens a file it did not write: the containment check is ``paths.inside``
    (every symbolic link and '..' resolved), and a FIFO, device or socket is refused without
    waiting (a FIFO would block for ever, /dev/zero never end). ``folder`` names ``inside`` in
    the message. Raises Unreadable.
    """
    real = paths.real(path)
    if inside is not None and not paths.inside(real, inside):
        raise Unreadable(path, f"is a link to {real}, outside {folder}; copy the file into {folder} instead", "outside")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)  # the checked real path, so what is opened is what was checked
    except OSError as exc:
        raise Unreadable(path, f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Unreadable(path, "is not a regular file (a folder, pipe or device); give an ordinary file", "special")
    return open(fd, "rb")


def read_regular(path: Path | str, limit: int, inside: Path | str | None = None, folder: str = "the content folder",
                 what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes inside ``inside`` (see open_regular)."""
    with open_regular(path, inside, folder) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(path, f"is over {limit:,} bytes, the most a {what} may be", "large")
    return data


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` and move ``tmp`` over ``target`` only if it succeeded.

    A crash or kill at any moment leaves either the old complete file or the new one under
    ``target``; the temporary name starts with a dot so it is never mistaken for an output.
    On any failure the temporary file is removed; an OSError becomes a BuildError.
    """
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Ctrl-C between creating the file and knowing its name would orphan it; held signals
        # arrive when the block ends, when `tmp` is set and the cleanup below applies.
        with _interrupts_held():
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.deck-{os.getpid()}-", suffix=".tmp", dir=target.parent)
            os.close(fd)
            tmp = Path(name)
        write(tmp)
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; outputs get the usual permissions
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())  # the data is on disk before the name points at it
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(target, exc) from None
        raise
    _sync_folder(target.parent)


@contextmanager
def held(*signals: int):
    """Hold ``signals`` for this thread while the block runs; they arrive when it ends (POSIX, main thread)."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(signals))
    except (AttributeError, ValueError, OSError):  # not POSIX
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _interrupts_held():
    """Hold SIGINT, SIGTERM and the time limit's SIGALRM until the block is done; they arrive right after."""
    return held(signal.SIGINT, signal.SIGTERM, signal.SIGALRM)


def _write_error(target: Path, exc: OSError) -> BuildError:
    return BuildError(f"cannot write {display_path(target)}: {exc.strerror or exc}; check that the folder is "
                      f"writable and the disk has space, or choose another --out")


def _mode_for(target: Path) -> int:
    """The permissions a new output gets: those of the file it replaces, else 0666 minus the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def clean_stale_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Remove temporaries a killed build left in ``folders``; never recursive.

    Only atomic_write's own, and only those whose writer process is gone: another build writing
    into the same folder keeps its temporary files, and so does this process.
    """
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            found = _TEMPORARY.match(entry.name)
            if found and not _alive(int(found.group(1))) and entry.is_file() and not entry.is_symlink():
                entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (this one included)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # another user's process
    except (ProcessLookupError, OverflowError):
        return False
    return True


def check_out_dir(out: Path, content: Path, protected: Iterable[Path] = ()) -> Path:
    """Refuse an --out that is a file, is not writable, lies inside a folder of sources, or above deck's own files.

    Sources are the content folder and the ``protected`` ones (an organisation's). Above deck's
    own package, templates and fonts (the repository's root in a checkout) and at the file
    system's root, the PDFs and the build's tidying would mix with files that are no output.
    """
    out = Path(out)
    shown = display_path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {shown} is a file, not a folder: give a folder for the PDFs")
    real_out = paths.real(out)
    if real_out == real_out.parent:
        raise UsageError(f"--out {shown} is the root of the file system: give a folder of its own, e.g. --out output")
    for folder in (content, *protected, paths.PACKAGE, paths.TEMPLATES, paths.FONTS):
        if paths.inside(real_out, folder):
            raise UsageError(f"--out {shown} lies inside {display_path(folder)}, which holds your sources: "
                             f"choose a folder outside it, e.g. --out output")
    for folder in (paths.PACKAGE, paths.TEMPLATES, paths.FONTS):
        if paths.inside(folder, real_out):
            raise UsageError(f"--out {shown} holds deck's own files ({display_path(folder)}): give the PDFs a "
                             f"folder of their own, e.g. --out output")
    probe = out
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise UsageError(f"--out {shown} cannot be made: {display_path(probe)} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise UsageError(f"--out {shown} is not writable for you ({display_path(probe)} is read-only): "
                         f"choose a folder you can write to")
    return out
