"""The `deck` command group: every command family registered on it."""

from __future__ import annotations

import click

from deck import __version__
from deck.cli import build, content, i18n, org, printing, serve


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="deck")
def main():
    """Print conversation-card decks and a facilitator workbook from YAML content.

    \b
    Typical use:
      deck check                 validate all content, report every problem
      deck build                 write output/nl/*.print.pdf, *.sheets.pdf, workbook.pdf
      deck build --deck lessen   only one deck
      deck list                  show decks and cards
      deck build --lang en       the English edition into output/en/
      deck i18n status           how complete each translation is
    """


for command in (content.check, content.list_, build.build, printing.preflight, printing.preview, printing.calibrate,
                org.init_org, i18n.i18n, serve.serve):
    main.add_command(command)
