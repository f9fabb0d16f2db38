"""The command line: thin Click commands over the library."""

from deck.cli.main import main

__all__ = ["main"]
