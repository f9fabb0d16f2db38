"""The project's one error family: every user-facing failure is a DeckError; problems and suggestions."""

from __future__ import annotations

import difflib
import os
import typing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DeckError(Exception):
    """Base class: the CLI turns any DeckError into a message and an exit code, never a traceback."""

    exit_code = 1

    def lines(self) -> list[str]:
        """The message as lines, for the CLI to print."""
        return [str(self)]

    def __reduce__(self):
        # Errors travel back from build workers by pickle; rebuild them from their state, not by
        # calling __init__ again (ContentError takes problems, not the message it passes on).
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type, args: tuple, state: dict) -> DeckError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class UsageError(DeckError):
    """Bad command-line usage: unknown deck, unusable --out, bad option value."""

    exit_code = 2


class BuildError(DeckError):
    """Rendering or writing failed for a reason the user can act on."""


class ContentError(DeckError):
    """One or more problems in content files, all reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the content")

    def lines(self) -> list[str]:
        n = len(self.problems)
        return [str(p) for p in self.problems] + [f"{n} problem{'s' if n != 1 else ''} found."]


def display_path(path: Path | str) -> str:
    """A path as the user should read it: relative to the working directory when inside it.

    Symbolic links are not followed: a message about a link names the link, not where it leads.
    """
    p = Path(path)
    try:
        return str(Path(os.path.abspath(p)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
