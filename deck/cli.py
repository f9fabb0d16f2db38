"""The `deck` command line: parses options, calls the library, maps DeckError to exit codes.

Heavy libraries (WeasyPrint, pikepdf, pydantic) are imported inside the commands, so
`deck --help` stays fast.
"""

from __future__ import annotations

import json
import signal
import sys
import traceback
from functools import wraps
from pathlib import Path

import click

from . import __version__

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


def handle_errors(func):
    """Turn every DeckError into its message and exit code; never show a traceback for bad input."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from .errors import DeckError

        previous = _terminate_like_interrupt()
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
    """


@main.command()
@content_option
@org_option
@verbosity_options
@handle_errors
def check(content: Path, org: Path | None):
    """Validate all content without rendering.

    Every problem is reported, one per line, as FILE:LINE: KEY.PATH: MESSAGE.
    Exits 0 when the content is valid, 1 when it has problems, 2 on usage errors.
    """
    from .content import load_content

    loaded = load_content(content)
    n = sum(len(d.cards) for d in loaded.decks.values())
    say(f"ok: {len(loaded.decks)} decks, {n} cards in {content}")


@main.command("list")
@content_option
@org_option
@click.option("--json", "as_json", is_flag=True, help='Print {"decks": [{"id", "title", "cards": [{"id", "title"}]}]}.')
@verbosity_options
@handle_errors
def list_(content: Path, org: Path | None, as_json: bool):
    """List the decks and their cards."""
    from .content import load_content
    from .markup import plain

    loaded = load_content(content)
    decks = [{"id": d.id, "title": d.title,
              "cards": [{"id": c.id, "title": plain(c.title or c.section or c.text or "")} for c in d.cards]}
             for d in loaded.decks.values()]
    if as_json:
        click.echo(json.dumps({"decks": decks}, ensure_ascii=False, indent=2))
        return
    for d in decks:
        click.echo(f"{d['id']}  {d['title']}  ({len(d['cards'])} cards)")
        for c in d["cards"]:
            click.echo(f"  {c['id']:<32} {c['title']}")


def _offset(ctx, param, value):
    if value is None:
        return (0.0, 0.0)
    try:
        x, y = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("give two numbers in millimetres, e.g. 1.5,-0.5") from None
    return (x, y)


@main.command()
@content_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Where to write the PDFs: <out>/<lang>/.")
@click.option("--deck", "decks", multiple=True, help="Build only this deck (repeatable). Default: all.")
@click.option("--card-size", type=click.Choice(CARD_SIZES), default="a6", show_default=True,
              help="Card trim size: a6 105×148, a7 74×105, poker 63×88, square 120×120 mm.")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True,
              help="Office paper for the .sheets.pdf files.")
@click.option("--duplex", type=click.Choice(("long", "short")), default="long", show_default=True,
              help="How your printer turns the sheet for the backs.")
@click.option("--back-offset", callback=_offset, default=None, metavar="X,Y",
              help="Shift backs on the sheets by X mm right and Y mm up to correct a printer's duplex shift.")
@click.option("--workbook-only", is_flag=True, help="Build only the workbook.")
@click.option("--no-workbook", is_flag=True, help="Build only the card decks.")
@click.option("--workbook-paper", type=click.Choice(("a4", "a5")), default="a4", show_default=True)
@verbosity_options
@handle_errors
def build(content, out, decks, card_size, paper, duplex, back_offset, workbook_only, no_workbook, workbook_paper):
    """Build print-ready PDFs.

    \b
    Per deck, into <out>/<lang>/:
      <deck>.print.pdf   for a print shop: one card per page, front then back, 3 mm bleed
      <deck>.sheets.pdf  for the office printer: N-up sheets with cut marks, backs mirrored
      workbook.pdf       the facilitator workbook
    """
    from .build import Options, build as run
    from .errors import UsageError

    if workbook_only and no_workbook:
        raise UsageError("--workbook-only and --no-workbook exclude each other")
    opts = Options(content=content, out=out, decks=tuple(decks), card_size=card_size, paper=paper, duplex=duplex,
                   back_offset=back_offset, workbook=not no_workbook, cards=not workbook_only,
                   workbook_paper=workbook_paper)

    def progress(result):
        notes = f" ({'; '.join(result.notes)})" if result.notes else ""
        say(f"{result.status:>10}  {result.target.path}  {result.seconds:.1f}s{notes}")

    results = run(opts, progress)
    say(f"done: {len(results)} files in {out}")
