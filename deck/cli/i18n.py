"""`deck i18n`: the translation workflow commands (extract, update, status, check)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deck.cli.common import State, content_option, handle_errors, say, verbosity_options


@click.group()
def i18n():
    """Translations: content/locales/<code>/ holds language.yaml, content.po and messages.po.

    \b
    Workflow:
      deck i18n update           after changing Dutch text: refresh the .pot templates and
                                 merge them into every language by key (changed Dutch -> fuzzy)
      (translate the .po files in Poedit, Weblate or a text editor)
      deck i18n check            validate the translation files
      deck i18n status           translated / stale / missing / obsolete per language
    """


@i18n.command("extract")
@content_option
@verbosity_options
@handle_errors
def i18n_extract(content: Path):
    """Write the templates content/locales/templates/{content,messages}.pot from content and templates."""
    from deck.i18n.workflow import extract

    for path, written in extract(content):
        say(f"{'written' if written else 'up to date':>10}  {path}")


@i18n.command("update")
@content_option
@click.option("--lang", "langs", multiple=True, metavar="CODE", help="Only this language (repeatable). Default: all.")
@verbosity_options
@handle_errors
def i18n_update(content: Path, langs: tuple[str, ...]):
    """Merge today's Dutch into every language's PO files, by key.

    \b
    Unchanged Dutch: translation kept.   Changed Dutch: translation kept, marked fuzzy,
    the earlier Dutch recorded (#| msgid).   New string: empty entry.   Removed: obsolete (#~).
    """
    from deck.i18n.workflow import update

    for path, written in update(content, langs):
        say(f"{'written' if written else 'up to date':>10}  {path}")


@i18n.command("status")
@content_option
@click.option("--lang", "langs", multiple=True, metavar="CODE", help="Only this language (repeatable). Default: all.")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Exit 1 if a language has fewer than PERCENT % of its strings translated and up to date.")
@verbosity_options
@handle_errors
def i18n_status(content: Path, langs: tuple[str, ...], fail_under: float | None):
    """Per language: translated, stale, missing and obsolete strings against today's Dutch.

    Stale strings are listed with the Dutch they were translated from and today's Dutch;
    -v also lists the missing and obsolete keys. Exits 0 unless --fail-under is not met.
    """
    from deck.i18n.catalog import excerpt_change
    from deck.i18n.workflow import status

    results = status(content, langs)
    if not results:
        click.echo("no translations: add a folder content/locales/<code>/ with a language.yaml")
    under = []
    for st in results:
        click.echo(f"{st.code} ({st.name})")
        click.echo(f"  {'':<12} {'translated':>10} {'stale':>6} {'missing':>8} {'obsolete':>9} {'done':>8}")
        for name, t in list(st.files.items()) + [("total", st.total)]:
            shown = f"{name}.po" if name != "total" else name
            click.echo(f"  {shown:<12} {len(t.translated):>10} {len(t.stale):>6} {len(t.missing):>8}"
                       f" {len(t.obsolete):>9} {_percent(t.percent):>8}")
        total = st.total
        for key, before, now in total.stale:
            was, now = excerpt_change(before, now)
            click.echo(f"  stale    {key}\n           was: {was}\n           now: {now}")
        if State.verbosity > 0:
            for key in total.missing:
                click.echo(f"  missing  {key}")
            for key in total.obsolete:
                click.echo(f"  obsolete {key}")
        if fail_under is not None and total.percent < fail_under:
            under.append(f"{st.code} is {_percent(total.percent)} done, under --fail-under {fail_under:g} %")
    if under:
        for line in under:
            click.echo(line, err=True)
        sys.exit(1)


def _percent(p: float) -> str:
    # Rounded down: a language shows 100 % only when it is complete.
    return f"{int(p * 10) / 10:g} %"


@i18n.command("check")
@content_option
@verbosity_options
@handle_errors
def i18n_check(content: Path):
    """Validate the translation files: syntax, unknown keys, placeholders and markup parity.

    Every problem is reported as FILE:LINE: KEY: MESSAGE; exits 1 if there are any.
    """
    from deck.errors import ContentError
    from deck.i18n.workflow import check

    problems = check(content)
    if problems:
        raise ContentError(problems)
    say(f"ok: translations in {content / 'locales'} are valid")
