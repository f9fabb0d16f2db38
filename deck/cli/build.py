"""`deck build`: every option of a build, mapped onto build.plan.Options."""

from __future__ import annotations

from pathlib import Path

import click

from deck.cli.common import (
    CARD_SIZES,
    PAPERS,
    content_option,
    handle_errors,
    org_option,
    parse_offset,
    say,
    verbosity_options,
)


@click.command()
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
@click.option("--back-offset", callback=parse_offset, default=None, metavar="X,Y",
              help="Shift the backs on the sheets by X mm right and Y mm up (as the back pages show in the PDF) "
                   "to correct a printer's duplex shift; `deck calibrate` prints a sheet that measures it.")
@click.option("--marks", is_flag=True, default=False,
              help="Add crop marks to the .print.pdf files, in a slug outside the 3 mm bleed (most print shops want none).")
@click.option("--workbook-only", is_flag=True, help="Build only the workbook.")
@click.option("--no-workbook", is_flag=True, help="Build only the card decks.")
@click.option("--workbook-paper", type=click.Choice(("a4", "a5")), default="a4", show_default=True)
@click.option("--lang", "langs", multiple=True, metavar="CODE",
              help="Language to build (repeatable or comma-separated; 'all' = every folder in content/locales/). "
                   "Default: the content's own language (`language` in content.yaml).")
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
    from deck.build.pipeline import build as run
    from deck.build.plan import Options
    from deck.errors import UsageError

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


