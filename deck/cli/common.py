"""Shared CLI pieces: verbosity, output, and mapping DeckError to exit codes."""

from __future__ import annotations

import signal
import sys
import traceback
from functools import wraps
from pathlib import Path

import click

CARD_SIZES = ("a6", "a7", "poker", "square")  # kept in step with sizes.CARD_SIZES (tested)
PAPERS = ("a4", "a3", "letter")


class State:
    verbosity = 0


def say(message: str, level: int = 0) -> None:
    """Print a progress line unless -q silenced it (level 1 needs -v)."""
    if State.verbosity >= level:
        click.echo(message, err=True)


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


def handle_errors(func):
    """Turn every DeckError into its message and exit code; never show a traceback for bad input."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from deck.errors import DeckError

        previous = _terminate_like_interrupt()
        previous_int = _interrupt_as_keyboard_interrupt()
        try:
            return func(*args, **kwargs)
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


org_option = click.option("--org", "org", type=click.Path(path_type=Path), default=None,
                          help="An organisation profile folder to apply on top of the shared content.")


def parse_offset(ctx, param, value):
    if value is None:
        return (0.0, 0.0)
    try:
        x, y = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("give two numbers in millimetres, e.g. 1.5,-0.5") from None
    return (x, y)
