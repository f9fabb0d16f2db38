"""`deck check` and `deck list`: validate the content and show what it holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from deck.cli.common import (
    CARD_SIZES,
    choice,
    content_option,
    count,
    handle_errors,
    org_option,
    say,
    verbosity_options,
    warning_line,
)


@click.command()
@content_option
@org_option
@click.option("--card-size", type=choice(CARD_SIZES), default="a6", show_default=True,
              help="The card size you build: with --org, the logo must print sharp (300 ppi) at this size.")
@verbosity_options
@handle_errors
def check(content: Path, org: Path | None, card_size: str):
    """Validate all content without rendering.

    Every problem is reported, one per line, as FILE:LINE: KEY.PATH: MESSAGE.
    Exits 0 when the content is valid, 1 when it has problems, 2 on usage errors.
    """
    from deck.load.content import load_content

    loaded = load_content(content)
    if org is not None:
        from deck.load.organisation import load_org
        from deck.merge import effective_decks

        profile = load_org(org, loaded, card_size)
        decks = effective_decks(loaded, profile)
        n = sum(len(d.cards) for d in decks)
        warned = _warn(loaded.warnings + profile.warnings)
        say(f"ok: {profile.name}: {count(len(decks), 'deck')}, {count(n, 'card')} (output folder {profile.slug}/){warned}")
        return
    n = sum(len(d.cards) for d in loaded.decks.values())
    extra = " and the workbook" if loaded.workbook else ""
    say(f"ok: {count(len(loaded.decks), 'deck')}, {count(n, 'card')}{extra} in {content}{_warn(loaded.warnings)}")


def _warn(warnings: list) -> str:
    """Print each warning as FILE:LINE: warning: KEY.PATH: MESSAGE; return a note for the closing line."""
    for w in warnings:
        click.echo(warning_line(w), err=True)
    n = len(warnings)
    return f", {n} warning{'s' if n != 1 else ''}" if n else ""


@click.command("list")
@content_option
@org_option
@click.option("--lang", default=None, metavar="CODE",
              help="Show the titles in this language (untranslated ones in the content's own). "
                   "Default: the content's own language, or the organisation's.")
@click.option("--json", "as_json", is_flag=True, help='Print {"decks": [{"id", "title", "cards": [{"id", "title"}]}]}.')
@verbosity_options
@handle_errors
def list_(content: Path, org: Path | None, lang: str | None, as_json: bool):
    """List the decks and their cards."""
    from deck.errors import UsageError
    from deck.load.content import load_content
    from deck.load.language import resolve_languages
    from deck.merge import effective_deck
    from deck.render.markup import plain

    loaded = load_content(content)
    if lang is not None:
        codes = resolve_languages(loaded.root, loaded.project.language, (lang,))
        if len(codes) != 1:
            raise UsageError(f"--lang {lang}: give one language for the list, e.g. --lang {codes[-1]}")
        lang = codes[0]
    effective = [effective_deck(loaded, d, lang).deck if lang else loaded.decks[d] for d in loaded.decks]
    if org is not None:
        from deck.load.organisation import load_org
        from deck.merge import effective_decks

        effective = effective_decks(loaded, load_org(org, loaded), lang)
    decks = [{"id": d.id, "title": d.title,
              "cards": [{"id": c.id, "title": plain(c.title or c.section or c.text or "")} for c in d.cards]}
             for d in effective]
    if as_json:
        click.echo(json.dumps({"decks": decks}, ensure_ascii=False, indent=2))
        return
    for d in decks:
        click.echo(f"{d['id']}  {d['title']}  ({count(len(d['cards']), 'card')})")
        for c in d["cards"]:
            click.echo(f"  {c['id']:<32} {c['title']}")


