"""`deck init-org`: scaffold an organisation profile."""

from __future__ import annotations

from pathlib import Path

import click

from deck.cli.common import content_option, handle_errors, path_hint, say, verbosity_options


@click.command("init-org")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", required=True, help='The organisation\'s name, e.g. "Wijkteam Zuiderhaven".')
@click.option("--slug", default=None, metavar="SLUG",
              help="Name of its output folder (output/<slug>/), lowercase letters and digits joined by hyphens."
                   "  [default: made from --name, e.g. wijkteam-zuiderhaven]")
@content_option
@verbosity_options
@handle_errors
def init_org(folder: Path, name: str, slug: str | None, content: Path):
    """Start an organisation profile in FOLDER.

    Writes a commented organisation.yaml that builds as is. The profile is an overlay on the shared content: leave cards out, add your own, reword
    them, use your name, logo and colours. Refuses to overwrite an existing profile.
    """
    from deck.build.scaffold import init_org as run

    for path in run(folder, name, content, slug):
        say(f"   created  {path}")
    say(f"next: deck check --org {folder}   then   deck build --org {folder}")
    hint = path_hint()
    if hint:
        say(hint)
