"""Shared CLI pieces: verbosity, output, and mapping DeckError to exit codes."""

from __future__ import annotations

import io
import os
import signal
import sys
import traceback
from functools import wraps
from pathlib import Path

import click

CARD_SIZES = ("a6", "a7", "poker", "square")  # kept in step with sizes.CARD_SIZES (tested)


def choice(values) -> click.Choice:
    """Choices in any case (--paper A4, --card-size A6), passed on as listed (a4, a6)."""
    return click.Choice(values, case_sensitive=False)


def path_hint() -> str | None:
    """How to get `deck` on the PATH, when it is not (e.g. run as .venv/bin/deck); None when it is."""
    import shutil

    if shutil.which("deck"):
        return None
    bin_dir = Path(sys.executable).parent
    activate = bin_dir / "activate"
    first = f"source {activate}" if activate.is_file() else "pipx install ."
    return f"(deck is not on your PATH: first run `{first}`, or type {bin_dir / 'deck'} instead of deck)"


def count(n: int, noun: str) -> str:
    """'1 file', '2 files', '0 PNG files': a number and its noun, singular or plural."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


class State:
    verbosity = 0


def say(message: str, level: int = 0) -> None:
    """Print a progress line unless -q silenced it (level 1 needs -v)."""
    if State.verbosity >= level:
        click.echo(message, err=True)


def warning_line(w) -> str:
    """A warning (a Problem: valid, but likely a mistake) as FILE:LINE: warning: KEY.PATH: MESSAGE."""
    where = f"{w.file}:{w.line}" if w.line else w.file
    return f"{where}: warning: {w.path}: {w.message}" if w.path else f"{where}: warning: {w.message}"


class _Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that temporary files are removed on the way out."""


def _terminate_like_interrupt():
    """Install the SIGTERM handler; return the previous one (None when it cannot be installed)."""

    def on_term(signum, frame):
        raise _Terminated()

    try:
        return signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread (e.g. called from a test harness): keep the default
        return None


def _interrupt_as_keyboard_interrupt():
    """Let Ctrl-C raise KeyboardInterrupt (the entry point quietly exits before); return the previous handler.

    None when nothing was changed: Ctrl-C is ignored by the caller's choice, or this is not the main thread.
    """
    try:
        previous = signal.getsignal(signal.SIGINT)
        if previous in (signal.SIG_IGN, signal.default_int_handler):
            return None
        return signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:
        return None


def _stdout_to_devnull() -> None:
    # Python flushes stdout once more on exit; into a closed pipe that would print a warning.
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def handle_errors(func):
    """Turn every DeckError into its message and exit code; never show a traceback for bad input."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from deck.errors import DeckError

        previous = _terminate_like_interrupt()
        previous_int = _interrupt_as_keyboard_interrupt()
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not in Python's shutdown
            return result
        except BrokenPipeError:  # the reader stopped early (deck list | head): nothing more to say
            _stdout_to_devnull()
            sys.exit(141)  # as a program stopped by SIGPIPE
        except DeckError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted: no half-written files were left behind", err=True)
            sys.exit(130)
        except _Terminated:
            click.echo("terminated: no half-written files were left behind", err=True)
            sys.exit(143)
        except click.exceptions.Exit:
            raise
        except Exception as exc:  # a bug in deck itself: say so plainly
            if State.verbosity > 0:
                traceback.print_exc()
            click.echo(f"internal error: {type(exc).__name__}: {exc} (run with -v for details and please report it)", err=True)
            sys.exit(1)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
            if previous_int is not None:
                signal.signal(signal.SIGINT, previous_int)

    return wrapper


def verbosity_options(func):
    """Shared -v/-q options."""

    @click.option("-v", "--verbose", count=True, help="Say more (repeat for even more).")
    @click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
    @wraps(func)
    def wrapper(*args, verbose=0, quiet=False, **kwargs):
        State.verbosity = -1 if quiet else verbose
        return func(*args, **kwargs)

    return wrapper


content_option = click.option("--content", "content", type=click.Path(path_type=Path), default=Path("content"),
                              show_default=True, help="The content folder (decks, workbook, translations).")


def _org_folder(ctx, param, value: Path | None) -> Path | None:
    """The profile folder; its organisation.yaml stands for the folder (what people paste from a file manager)."""
    if value is None or not value.is_file():
        return value
    if value.name == "organisation.yaml":
        return value.parent
    raise click.BadParameter(f"{value} is a file: give the organisation's folder, the one that holds organisation.yaml")


org_option = click.option("--org", "org", type=click.Path(path_type=Path), default=None, callback=_org_folder,
                          help="An organisation profile folder (or its organisation.yaml) to apply on top of the shared content.")


def parse_offset(ctx, param, value):
    if value is None:
        return (0.0, 0.0)
    try:
        x, y = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("give two numbers in millimetres, e.g. 1.5,-0.5") from None
    return (x, y)
