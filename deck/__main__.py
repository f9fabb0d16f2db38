"""`python -m deck` runs the command line."""

from deck.cli import main

if __name__ == "__main__":  # build workers import this module again when they start
    main()
