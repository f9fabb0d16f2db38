"""The README says `deck ...` one way, tells how to get deck on the PATH, and its commands are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from deck.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK_START = README.split("## Snel aan de slag", 1)[1].split("\n## ", 1)[0]


def commands() -> list[str]:
    """Every deck command line in the README's shell blocks and in the quick start's inline code."""
    lines = [line.split("  #")[0].strip() for block in re.findall(r"```sh\n(.*?)```", README, re.S)
             for line in block.splitlines()]
    lines += re.findall(r"`(deck [^`]*)`", QUICK_START)
    return [line for line in lines if line.startswith("deck ")]


def test_readme_names_deck_one_way_and_says_how_to_put_it_on_the_path():
    assert ".venv/bin/deck" not in README
    assert "source .venv/bin/activate" in README and "pipx install ." in README
    # The quick start says it before the first command that needs it.
    assert QUICK_START.index("source .venv/bin/activate") < QUICK_START.index("`deck ")


def test_quick_start_says_what_is_needed_and_how_to_print():
    for words in ("Python 3.11", "Pango", "`make`", "WSL", "werkelijke grootte", "100 %", "lange kant"):
        assert words in QUICK_START, words


@pytest.mark.parametrize("line", commands())
def test_readme_commands_parse(line):
    args = shlex.split(line)[1:]
    command = main
    while isinstance(command, click.Group):
        name, args = args[0], args[1:]
        assert name in command.commands, line
        command = command.commands[name]
    command.make_context(command.name, list(args))  # unknown options or bad values raise here


def test_readme_has_commands_to_check():
    assert len(commands()) >= 10 and any(c.startswith("deck calibrate") for c in commands())
