"""`python -m deck` runs the command line."""

from .cli import main

main()
