"""The command line: thin Click commands over the library."""

from __future__ import annotations

import signal


def _quiet_exit(signum, frame):
    raise SystemExit(128 + signum)  # nothing is being written yet: end without a traceback


def main(*args, **kwargs):
    """The `deck` command (the console script's entry point).

    Ctrl-C and SIGTERM end it quietly with exit code 130 or 143 from its first moment, while
    Python still imports the command line; once a command runs, cli.common.handle_errors stops
    it the careful way. Signals the caller chose to ignore stay ignored.
    """
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, _quiet_exit)
    from deck.cli.main import main as group  # noqa: PLC0415 - after the handlers, so imports are covered

    return group(*args, **kwargs)


__all__ = ["main"]
