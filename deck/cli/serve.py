"""`deck serve`: a live preview of every card in the browser while you edit the content."""

from __future__ import annotations

from pathlib import Path

import click

from deck.cli.common import CARD_SIZES, content_option, handle_errors, say, verbosity_options


@click.command()
@content_option
@click.option("--org", "orgs", multiple=True, type=click.Path(path_type=Path),
              help="An organisation profile folder; repeat it to switch between several on the page.")
@click.option("--lang", default=None, metavar="CODE", help="The language shown first (default: the content's own).")
@click.option("--card-size", type=click.Choice(CARD_SIZES, case_sensitive=False), default="a6", show_default=True,
              help="The card size shown first; the page can switch.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. The default is reachable from this computer only; give 0.0.0.0 "
                   "only on a network you trust.")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open the page in the web browser.")
@verbosity_options
@handle_errors
def serve(content: Path, orgs: tuple[Path, ...], lang: str | None, card_size: str, port: int, host: str,
          open_browser: bool):
    """Show every card in the browser and update it each time you save a file.

    The page shows each deck's cards, front and back, exactly as the build lays them out. Save a
    card, a translation, an organisation profile or a template and the page updates by itself;
    only the cards that changed are laid out again. A mistake in a file is shown on the page with
    its file and line, above the last good cards. Stop with Ctrl-C.
    """
    from deck.serve.server import run

    run(content, list(orgs), lang, card_size.lower(), host, port, open_browser, say)
