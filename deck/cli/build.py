"""`deck build`: every option of a build, mapped onto build.plan.Options."""

from __future__ import annotations

from pathlib import Path

import click

from deck.cli.common import (
    choice,
    content_option,
    count,
    handle_errors,
    parse_offset,
    say,
    verbosity_options,
    warning_line,
)


@click.command()
@content_option
@click.option("--org", "orgs", multiple=True, type=click.Path(path_type=Path), metavar="DIR",
              help="An organisation profile folder to build for (repeatable; a quoted glob such as 'orgs/*' "
                   "builds every profile it matches, each into <out>/<slug>/).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Where to write the PDFs: <out>/<lang>/, or <out>/<slug>/<lang>/ with --org.")
@click.option("--deck", "decks", multiple=True, help="Build only this deck (repeatable). Default: all.")
@click.option("--card-size", default=None, metavar="SIZE",
              help="Card trim size: a6 105×148, a7 74×105, poker 63×88, square 120×120 mm, or your own WxH in mm "
                   "(e.g. 70x120).  [default: card_size in the profile or content.yaml, else a6]")
@click.option("--paper", default="a4", show_default=True, metavar="NAME|FILE",
              help="Office paper for the sheets: a4, a3, letter, sra3-poker, or your own sheet layout YAML file "
                   "(paper, margin, gap, marks, grid; copy deck/data/sheets/a4.yaml to start).")
@click.option("--fold", is_flag=True, default=False,
              help="Also write <deck>.fold.pdf: each card's front and back side by side, printed single-sided, "
                   "folded along the dotted line: the backs line up on any printer.")
@click.option("--fit", is_flag=True, default=False,
              help="Scale the cards on the office sheets (duplex and fold) so more fit on a sheet, e.g. four A6 "
                   "on A4; the scale is printed on the sheet. Print-shop files are never scaled.")
@click.option("--card", "select", multiple=True, metavar="ID",
              help="Build only this card (repeatable), e.g. to replace a lost one; into <deck>.selection.*.pdf.")
@click.option("--only", "only", multiple=True, type=choice(("print", "sheets", "fold", "workbook")),
              help="Build only this kind of file (repeatable): print (print shop), sheets (office, duplex), "
                   "fold (office, fold-over), workbook.")
@click.option("--duplex", type=choice(("long", "short")), default="long", show_default=True,
              help="How your printer turns the sheet for the backs.")
@click.option("--back-offset", callback=parse_offset, default=None, metavar="X,Y",
              help="Shift the backs on the sheets by X mm right and Y mm up (as the back pages show in the PDF) "
                   "to correct a printer's duplex shift; `deck calibrate` prints a sheet that measures it.")
@click.option("--marks", is_flag=True, default=False,
              help="Add crop marks to the .print.pdf files, in a slug outside the 3 mm bleed (most print shops want none).")
@click.option("--workbook-only", is_flag=True, help="Build only the workbook.")
@click.option("--no-workbook", is_flag=True, help="Build only the card decks.")
@click.option("--workbook-paper", type=choice(("a4", "a5")), default="a4", show_default=True,
              help="Page size of workbook.pdf: a4, or a5 for a booklet-sized workbook.")
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
def build(content, orgs, out, decks, card_size, paper, fold, fit, select, only, duplex, back_offset, marks,
          workbook_only, no_workbook, workbook_paper, langs, strict, jobs, force, icc):
    """Build print-ready PDFs; files whose inputs did not change are left as they are.

    \b
    Per deck, into <out>/<lang>/:
      <deck>.print.pdf   for a print shop: PDF/X-4, CMYK, one card per page, front then back,
                         3 mm bleed; checked with `deck preflight` before it is written
      <deck>.sheets.pdf  for the office printer: N-up sheets with cut marks, backs mirrored
      <deck>.fold.pdf    with --fold: front and back side by side, to fold (no duplex needed)
      workbook.pdf       the facilitator workbook

    Office printer: duplex sheets (.sheets.pdf) need a printer that prints both sides and
    turns the sheet the way --duplex says; if its backs drift, measure with `deck calibrate`.
    Fold-over sheets (--fold) print on one side of any printer; fold each card along the
    dotted line, glue or laminate it, then cut: front and back always line up. --fit makes
    the cards a little smaller so more fit on a sheet. Always print at 100 % / actual size.
    """
    from deck.build.workers import fork_server_early, no_workers_reason

    with fork_server_early(jobs):  # the workers' imports start now, beside this process's
        from deck.build.pipeline import build as run
        from deck.build.plan import Options
        from deck.errors import UsageError

        if workbook_only and no_workbook:
            raise UsageError("--workbook-only and --no-workbook exclude each other")
        single = len(orgs) == 1 and not any(c in str(orgs[0]) for c in "*?[")
        opts = Options(content=content, org=orgs[0] if single else None, orgs=() if single else tuple(orgs), out=out,
                       decks=tuple(decks), card_size=card_size, paper=paper, duplex=duplex,
                       fold=fold, fit=fit, select=tuple(select), only=tuple(k.lower() for k in only),
                       back_offset=back_offset, marks=marks, workbook=not no_workbook, cards=not workbook_only,
                       workbook_paper=workbook_paper, strict=strict, jobs=jobs, force=force, icc=icc,
                       **({"langs": tuple(langs)} if langs else {}))

        def progress(result):
            notes = f" ({'; '.join(result.notes)})" if result.notes else ""
            took = f"  {result.seconds:.1f}s" if result.status != "up to date" else ""
            say(f"{result.status:>10}  {result.target.path}{took}{notes}")

        from deck.write.pdf import SLOW_SUBSET_NOTE, harfbuzz_subset_installed

        if not harfbuzz_subset_installed():
            say(SLOW_SUBSET_NOTE)
        why = no_workers_reason() if jobs != 1 else None
        if why:
            say(f"note: {why}")
        # Warnings also with -q.
        results = run(opts, progress, summary=say, warn=lambda problem: say(warning_line(problem), level=-1))
        fresh = sum(r.status == "up to date" for r in results)
        say(f"done: {count(len(results), 'file')} in {out}" + (f" ({fresh} up to date)" if fresh else ""))


