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
      deck build --lang en       the English edition into output/en/
      deck i18n status           how complete each translation is
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
    if org is not None:
        from .org import load_org
        from .org_merge import effective_decks

        profile = load_org(org, loaded)
        decks = effective_decks(loaded, profile)
        n = sum(len(d.cards) for d in decks)
        say(f"ok: {profile.name}: {len(decks)} decks, {n} cards (output folder {profile.slug}/)")
        return
    n = sum(len(d.cards) for d in loaded.decks.values())
    extra = " and the workbook" if loaded.workbook else ""
    say(f"ok: {len(loaded.decks)} decks, {n} cards{extra} in {content}")


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
    effective = list(loaded.decks.values())
    if org is not None:
        from .org import load_org
        from .org_merge import effective_decks

        effective = effective_decks(loaded, load_org(org, loaded))
    decks = [{"id": d.id, "title": d.title,
              "cards": [{"id": c.id, "title": plain(c.title or c.section or c.text or "")} for c in d.cards]}
             for d in effective]
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
@org_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Where to write the PDFs: <out>/<lang>/, or <out>/<slug>/<lang>/ with --org.")
@click.option("--deck", "decks", multiple=True, help="Build only this deck (repeatable). Default: all.")
@click.option("--card-size", type=click.Choice(CARD_SIZES), default="a6", show_default=True,
              help="Card trim size: a6 105×148, a7 74×105, poker 63×88, square 120×120 mm.")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True,
              help="Office paper for the .sheets.pdf files.")
@click.option("--duplex", type=click.Choice(("long", "short")), default="long", show_default=True,
              help="How your printer turns the sheet for the backs.")
@click.option("--back-offset", callback=_offset, default=None, metavar="X,Y",
              help="Shift the backs on the sheets by X mm right and Y mm up (as the back pages show in the PDF) "
                   "to correct a printer's duplex shift; `deck calibrate` prints a sheet that measures it.")
@click.option("--marks", is_flag=True, default=False,
              help="Add crop marks to the .print.pdf files, in a slug outside the 3 mm bleed (most print shops want none).")
@click.option("--workbook-only", is_flag=True, help="Build only the workbook.")
@click.option("--no-workbook", is_flag=True, help="Build only the card decks.")
@click.option("--workbook-paper", type=click.Choice(("a4", "a5")), default="a4", show_default=True)
@click.option("--lang", "langs", multiple=True, metavar="CODE",
              help="Language to build (repeatable or comma-separated; 'all' = every folder in content/locales/). Default: nl.")
@click.option("--strict", is_flag=True, help="Fail on any missing or stale translation instead of falling back to Dutch.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Make N files at a time.  [default: number of cores]")
@click.option("--force", is_flag=True, help="Rebuild every file, even those that are up to date.")
@click.option("--icc", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="CMYK output profile for the .print.pdf files, e.g. your print shop's FOGRA39 profile."
                   "  [default: the bundled SWOP-like profile]")
@verbosity_options
@handle_errors
def build(content, org, out, decks, card_size, paper, duplex, back_offset, marks, workbook_only, no_workbook,
          workbook_paper, langs, strict, jobs, force, icc):
    """Build print-ready PDFs; files whose inputs did not change are left as they are.

    \b
    Per deck, into <out>/<lang>/:
      <deck>.print.pdf   for a print shop: PDF/X-4, CMYK, one card per page, front then back,
                         3 mm bleed; checked with `deck preflight` before it is written
      <deck>.sheets.pdf  for the office printer: N-up sheets with cut marks, backs mirrored
      workbook.pdf       the facilitator workbook
    """
    from .build import Options, build as run
    from .errors import UsageError

    if workbook_only and no_workbook:
        raise UsageError("--workbook-only and --no-workbook exclude each other")
    opts = Options(content=content, org=org, out=out, decks=tuple(decks), card_size=card_size, paper=paper, duplex=duplex,
                   back_offset=back_offset, marks=marks, workbook=not no_workbook, cards=not workbook_only,
                   workbook_paper=workbook_paper, strict=strict, jobs=jobs, force=force, icc=icc,
                   **({"langs": tuple(langs)} if langs else {}))

    def progress(result):
        notes = f" ({'; '.join(result.notes)})" if result.notes else ""
        took = f"  {result.seconds:.1f}s" if result.status != "up to date" else ""
        say(f"{result.status:>10}  {result.target.path}{took}{notes}")

    results = run(opts, progress)
    fresh = sum(r.status == "up to date" for r in results)
    say(f"done: {len(results)} files in {out}" + (f" ({fresh} up to date)" if fresh else ""))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@verbosity_options
@handle_errors
def preflight(files):
    """Check PDF files against what print shops require.

    \b
    Checks: TrimBox and BleedBox on every page with at least 3 mm bleed, and no ArtBox beside the
    TrimBox; a PDF/X output intent (/GTS_PDFX) with an embedded CMYK profile and an
    OutputConditionIdentifier; PDF/X identification in the XMP metadata; /Trapped set to True or
    False; no RGB or Lab colour anywhere (content streams, forms, patterns, shadings, images,
    Type 3 glyphs, transparency groups); total ink at most 300 %, in colours and in image pixels;
    transparency only with a declared blending colour space; no /Interpolate on images; fonts
    embedded; images at 300 ppi or more at their placed size; text at least 5 mm inside the trim;
    no lines thinner than 0.25 pt. Warns (without failing) about text under 9 pt in a screened
    tint or in more than one ink, and white text under 9 pt on a 3- or 4-colour area.
    Prints one line per problem as FILE: page N: PROBLEM. Exits 0 when every file passes, 1 otherwise.
    """
    from .errors import display_path
    from .preflight import preflight_split

    failed = 0
    for path in files:
        errors, warnings = preflight_split(path, display_path(path))
        for line in errors + warnings:
            click.echo(line)
        failed += bool(errors)
        if not errors:
            say(f"ok: {display_path(path)}", 1)
    if failed:
        say(f"{failed} of {len(files)} file{'s' if len(files) != 1 else ''} failed preflight")
        sys.exit(1)
    say(f"ok: {len(files)} file{'s' if len(files) != 1 else ''} passed preflight")


@main.command()
@click.argument("deck")
@content_option
@org_option
@click.option("--lang", default="nl", show_default=True, help="Language of the cards.")
@click.option("--card-size", type=click.Choice(CARD_SIZES), default="a6", show_default=True)
@click.option("--dpi", type=int, default=150, show_default=True, help="Resolution of the PNG files.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the PNG files. Default: output/<lang>/preview/<deck>/.")
@verbosity_options
@handle_errors
def preview(deck, content, org, lang, card_size, dpi, out):
    """Write PNG previews of a deck: every card front and back, and contact.png with all fronts.

    The cards are cut at the trim and shown in their screen (RGB) colours.
    """
    from .build import Options
    from .preview import preview as run

    opts = Options(content=content, langs=(lang,), org=org, card_size=card_size, workbook=False)
    written = run(opts, deck, out, dpi)
    say(f"done: {len(written)} PNG files in {written[-1].parent}")


@main.command()
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True,
              help="The paper you print the .sheets.pdf files on.")
@click.option("--duplex", type=click.Choice(("long", "short")), default="long", show_default=True,
              help="How your printer turns the sheet (as for deck build).")
@click.option("--card-size", type=click.Choice(CARD_SIZES), default="a6", show_default=True,
              help="The card size you build, so the sheet has the same orientation as your card sheets.")
@click.option("--back-offset", callback=_offset, default=None, metavar="X,Y",
              help="Shift the back like deck build would, to check a correction: the red lines should then fall on 0.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("calibration.pdf"),
              show_default=True, help="The PDF to write.")
@verbosity_options
@handle_errors
def calibrate(paper, duplex, card_size, back_offset, out):
    """Write a duplex calibration sheet to measure your printer's --back-offset.

    \b
    Print both pages on one sheet, duplex, exactly like your card sheets. Hold the sheet to
    the light: red lines on the back cross the rulers on the front. The numbers they cross
    are X (top and bottom rulers) and Y (left and right rulers); build with
      deck build --back-offset X,Y
    """
    from .calibrate import write_calibration
    from .errors import UsageError

    if out.is_dir():
        raise UsageError(f"--out {out} is a folder: give a file name such as calibration.pdf")
    sheet = write_calibration(out, paper, duplex, card_size, back_offset)
    shape = "landscape" if sheet.paper_w > sheet.paper_h else "portrait"
    say(f"wrote {out} ({paper.upper()} {shape}, {duplex}-edge duplex): print it duplex and hold it to the light")


@main.command("init-org")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", required=True, help='The organisation\'s name, e.g. "Wijkteam Zuiderhaven".')
@content_option
@verbosity_options
@handle_errors
def init_org(folder: Path, name: str, content: Path):
    """Start an organisation profile in FOLDER.

    Writes a commented organisation.yaml that builds as is. The profile is an overlay on the shared content: leave cards out, add your own, reword
    them, use your name, logo and colours. Refuses to overwrite an existing profile.
    """
    from .org_init import init_org as run

    for path in run(folder, name, content):
        say(f"   created  {path}")
    say(f"next: deck check --org {folder}   then   deck build --org {folder}")


from .cli_i18n import i18n  # noqa: E402 (the group registers itself below)

main.add_command(i18n)
