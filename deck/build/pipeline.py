"""The library entry point: load and validate, plan, then run every output of a build."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from deck.build.plan import Options, Result, check_options, plan
from deck.files import check_out_dir, clean_stale_temporaries
from deck.limits import time_limit_seconds
from deck.load.content import load_content


def build(opts: Options, progress: Callable[[Result], None] | None = None) -> list[Result]:
    """Validate the content and write every planned output that is not up to date.

    Outputs are made in parallel (``opts.jobs``); every failure is reported in one DeckError.
    """
    from deck.build.runner import run

    check_options(opts)
    seconds = time_limit_seconds(opts.time_limit)
    content = load_content(opts.content)
    org = None
    if opts.org is not None:
        from deck.load.organisation import load_org

        org = load_org(opts.org, content, opts.card_size)  # the logo must print sharp at this card size
    from deck.load.language import resolve_languages

    opts = replace(opts, langs=resolve_languages(content.root, content.project.language, opts.langs))
    check_out_dir(opts.out, opts.content, [org.folder] if org is not None else [])
    targets = plan(content, opts, org=org)
    clean_stale_temporaries({t.path.parent for t in targets})
    return run(content, targets, replace(opts, time_limit=seconds), progress, org)
