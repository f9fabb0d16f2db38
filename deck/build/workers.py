"""Worker processes that never outlive their build, and scratch folders that never outlive a dead one.

- The fork server starts with Ctrl-C ignored from its first instruction, so the workers it forks
  ignore it too (the build stops them); a Ctrl-C pressed meanwhile waits for this process.
- Every worker watches its build: when the build process is gone (even by kill -9), it exits,
  and with the last worker the fork server and multiprocessing's resource tracker go too.
- Scratch space (WeasyPrint's temporary files) lives in a ``deck-build-*`` folder per build,
  locked while the build runs; it also names multiprocessing's ``pymp-*`` folder. A build removes
  the folders whose lock is free, i.e. those of builds that died before they could tidy up, and
  the ``pymp-*`` folders they name.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from deck.files import held

SCRATCH_PREFIX = "deck-build-"
LOCK_NAME = ".lock"
MP_NAME = "multiprocessing"  # holds the path of this process's pymp-* folder


def start_fork_server(context) -> None:
    """Start ``context``'s fork server now (if it uses one), with SIGINT ignored and held while it starts.

    A process started with SIGINT ignored keeps ignoring it, and the fork server hands that on to
    every worker. Held (not only ignored), a Ctrl-C in this short moment stays pending and stops
    the build right after, instead of being lost.
    """
    if context.get_start_method() != "forkserver" or threading.current_thread() is not threading.main_thread():
        return
    from multiprocessing import forkserver, resource_tracker

    # The fork server starts multiprocessing's resource tracker first, which unblocks SIGINT when it
    # has started it: a Ctrl-C then, with SIGINT ignored, would be lost. Started before, it stays.
    resource_tracker.ensure_running()
    with held(signal.SIGINT):
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            forkserver.ensure_running()
        finally:
            signal.signal(signal.SIGINT, previous)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# Imported once by the fork server, so that each worker starts with them (importing WeasyPrint
# alone takes most of a second of CPU; two workers would pay it twice).
PRELOAD = ["deck.build.runner", "deck.build.make", "deck.layout.fit", "deck.write.impose", "deck.write.pdfx",
           "deck.layout.engine", "pikepdf", "deck.build.warm"]  # warm last: it freezes what the others imported


def pool_context():
    """Workers forked from a fork server: a fresh, single-threaded process that imported the
    layout machinery and never laid out a document, so forking it is safe (unlike forking the
    parent, which may hold fontconfig or Pango state and threads). Spawn where there is none."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


# A Unix socket's path holds at most 107 bytes; multiprocessing puts its sockets at
# <temporary folder>/pymp-XXXXXXXX/listener-XXXXXXXX (32 bytes after the folder).
SOCKET_PATH_MAX = 107
SOCKET_PATH_EXTRA = 32


def no_workers_reason() -> str | None:
    """Why this machine cannot run worker processes here, in plain words (None when it can).

    The temporary folder's path can be too long for the sockets that reach the workers; the
    build then makes its files one at a time instead of failing.
    """
    folder = tempfile.gettempdir()
    if len(os.fsencode(folder)) + SOCKET_PATH_EXTRA > SOCKET_PATH_MAX:
        return (f"the temporary folder's path ({len(folder)} characters) is too long for the sockets that reach "
                f"worker processes, so files are made one at a time; set TMPDIR to a shorter folder (at most "
                f"{SOCKET_PATH_MAX - SOCKET_PATH_EXTRA} characters, e.g. TMPDIR=/tmp) to use every core")
    return None


@contextmanager
def fork_server_early(jobs: int | None):
    """Start the workers' fork server at once when the block may run workers; stop it when the block ends.

    For a command's whole run (``deck build``): the fork server's imports (most of a second) then
    overlap this process's own imports, loading and planning instead of coming after them. A build
    that turns out to need no workers (everything up to date, one file to make) has it stopped at
    the end with the rest: nothing of the command outlives it.
    """
    try:
        if (jobs or default_jobs()) > 1 and not no_workers_reason():
            start_fork_server(pool_context())
        yield
    finally:
        stop_fork_server()


def stop_fork_server() -> None:
    """Stop the fork server this process started, if any, and wait for it to end."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None:
        return
    with server._lock:
        try:
            # SIGKILL: a fork server started again while Ctrl-C and SIGTERM were held (multiprocessing
            # starts a new one when a worker finds the first gone) keeps them blocked: SIGTERM would
            # wait in it for ever, and so would this process.
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(server._forkserver_alive_fd)
        server._forkserver_pid = server._forkserver_alive_fd = server._forkserver_address = None


def watch_parent() -> None:
    """In a worker: exit at once when the process that started it is gone (the build was killed)."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def wait() -> None:
        from multiprocessing.connection import wait as wait_for

        wait_for([parent.sentinel])  # readable only when the build process has ended
        os._exit(1)  # nothing of this worker's work is wanted any more; its temporary file is cleaned later

    threading.Thread(target=wait, name="deck-parent-watch", daemon=True).start()


@contextmanager
def scratch_folder():
    """A ``deck-build-*`` folder for one parallel build's temporary files, locked while the build runs.

    It also names multiprocessing's ``pymp-*`` folder, which lives beside it (a socket's path may
    be at most about 100 bytes long, so it cannot go inside). Removed when the build ends; when
    the build is killed, by the next build (clean_dead_scratch).
    """
    from multiprocessing import util

    clean_dead_scratch()
    folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
    fd = _lock(folder / LOCK_NAME)
    try:
        (folder / MP_NAME).write_text(util.get_temp_dir(), encoding="utf-8")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def _lock(path: Path) -> int:
    """Create ``path`` and hold an exclusive lock on it until the descriptor is closed (POSIX; elsewhere no lock).

    The file is locked under another name and then renamed: another build's clean_dead_scratch,
    which only opens ``path``, never finds it unlocked.
    """
    making = path.with_name(path.name + ".new")
    fd = os.open(making, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        import fcntl
    except ImportError:
        os.replace(making, path)
        return fd
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.replace(making, path)
    return fd


def clean_dead_scratch() -> list[Path]:
    """Remove the scratch folders of dead deck processes from the temporary folder; return them.

    A folder counts as dead when its lock can be taken: the lock of a running build is held by
    it, and the operating system releases it however the process ended.
    """
    try:
        import fcntl
    except ImportError:
        return []
    removed = []
    base = Path(tempfile.gettempdir())
    try:
        candidates = [p for p in base.iterdir() if p.name.startswith(SCRATCH_PREFIX)]
    except OSError:
        return []
    for folder in candidates:
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            continue  # no lock file: not one of ours, or one just being made
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # its build is running
        finally:
            os.close(fd)
        _remove_named_mp_folder(folder, base)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _remove_named_mp_folder(folder: Path, base: Path) -> None:
    """The pymp-* folder a dead build's scratch folder names, if it is one, in the temporary folder."""
    from deck.files import Unreadable, read_regular

    try:
        named = Path(read_regular(folder / MP_NAME, 4096, folder).decode("utf-8").strip())
    except (Unreadable, UnicodeDecodeError):
        return
    if named.parent == base and named.name.startswith("pymp-") and named.is_dir() and not named.is_symlink():
        shutil.rmtree(named, ignore_errors=True)
