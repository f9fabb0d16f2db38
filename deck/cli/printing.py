"""`deck preflight`, `deck preview` and `deck calibrate`: checks and proofs for printing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deck.cli.common import (
    CARD_SIZES,
    choice,
    content_option,
    count,
    handle_errors,
    org_option,
    parse_offset,
    say,
    verbosity_options,
)


@click.command()
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
    from deck.errors import DeckError, display_path
    from deck.preflight.check import preflight_split

    failed = 0
    for path in files:
        try:  # every file gets its own verdict, whatever happened to the one before
            errors, warnings = preflight_split(path, display_path(path))
        except DeckError as exc:
            errors, warnings = [f"{display_path(path)}: {line}" for line in exc.lines()], []
        for line in errors + warnings:
            click.echo(line)
        failed += bool(errors)
        if not errors:
            say(f"ok: {display_path(path)}")
    if failed:
        say(f"{failed} of {len(files)} file{'s' if len(files) != 1 else ''} failed preflight")
        sys.exit(1)
    say(f"ok: {len(files)} file{'s' if len(files) != 1 else ''} passed preflight")


@click.command()
@click.argument("deck")
@content_option
@org_option
@click.option("--lang", default=None, metavar="CODE", help="Language of the cards.  [default: the content's own language]")
@click.option("--card-size", type=choice(CARD_SIZES), default="a6", show_default=True,
              help="The card size to preview (as for deck build).")
@click.option("--dpi", type=int, default=150, show_default=True, help="Resolution of the PNG files.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the PNG files. Default: output/<lang>/preview/<deck>/, "
                   "with --org output/<slug>/<lang>/preview/<deck>/.")
@verbosity_options
@handle_errors
def preview(deck, content, org, lang, card_size, dpi, out):
    """Write PNG previews of a deck: every card front and back, and contact.png with all fronts.

    The cards are cut at the trim and shown in their screen (RGB) colours. With --org the
    previews show the organisation's deck as its build makes it: its cards, order, colours and logo.
    """
    from deck.build.plan import Options
    from deck.build.preview import preview as run

    opts = Options(content=content, langs=(lang,) if lang is not None else (), org=org, card_size=card_size, workbook=False)
    written = run(opts, deck, out, dpi)
    say(f"done: {count(len(written), 'PNG file')} in {written[-1].parent}")


@click.command()
@click.option("--paper", default="a4", show_default=True, metavar="NAME|FILE",
              help="The paper you print the .sheets.pdf files on: a4, a3, letter, or your own sheet layout YAML file.")
@click.option("--duplex", type=choice(("long", "short")), default="long", show_default=True,
              help="How your printer turns the sheet (as for deck build).")
@click.option("--card-size", type=choice(CARD_SIZES), default="a6", show_default=True,
              help="The card size you build, so the sheet has the same orientation as your card sheets.")
@click.option("--back-offset", callback=parse_offset, default=None, metavar="X,Y",
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
    from deck.build.calibrate import write_calibration
    from deck.errors import UsageError

    if out.is_dir():
        raise UsageError(f"--out {out} is a folder: give a file name such as calibration.pdf")
    sheet = write_calibration(out, paper, duplex, card_size, back_offset)
    shape = "landscape" if sheet.paper_w > sheet.paper_h else "portrait"
    say(f"wrote {out} ({sheet.paper_name} {shape}, {duplex}-edge duplex): print it duplex and hold it to the light")


