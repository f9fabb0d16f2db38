"""The library entry point: load and validate, plan, then run every output of a build."""

from __future__ import annotations

import glob
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from deck.build.plan import Options, Result, check_options, check_selection, plan
from deck.errors import BuildError, DeckError, Problem, UsageError, display_path
from deck.files import check_out_dir, clean_stale_temporaries
from deck.limits import time_limit_seconds
from deck.load.content import load_content
from deck.model.organisation import ORG_FILE


@dataclass
class OrgFailure:
    """An organisation whose profile did not load: its folder and the error, for the summary."""

    folder: Path
    error: DeckError


class OrganisationsFailed(BuildError):
    """One or more organisations failed (profile or outputs); the others were built."""

    def __init__(self, lines: list[str], results: list[Result], summary: list[str]):
        super().__init__("\n".join(lines))
        self.results = results
        self.summary = summary

    def lines(self) -> list[str]:
        """Every message, then the summary: one line per organisation."""
        return str(self).splitlines() + self.summary


@dataclass
class Summary:
    """What one organisation's outputs came to."""

    name: str
    built: int = 0
    fresh: int = 0
    failed: list[str] = field(default_factory=list)  # labels of files not written
    error: str = ""  # the first message of its failure

    def line(self) -> str:
        if self.error:
            return f"{self.name}: failed: {self.error}"
        return f"{self.name}: {self.built} built, {self.fresh} up to date"


def organisation_folders(patterns: tuple[Path, ...]) -> list[Path]:
    """The profile folders named by ``--org`` values; a value with * ? [ is a glob over folders with a profile."""
    folders: list[Path] = []
    for pattern in patterns:
        text = str(pattern)
        if any(c in text for c in "*?["):
            found = sorted(Path(p) for p in glob.glob(text) if (Path(p) / ORG_FILE).is_file())
            if not found:
                raise UsageError(f"--org {text}: no folder with an {ORG_FILE} matches")
            folders += found
        else:
            folders.append(Path(text))
    return list(dict.fromkeys(folders))


def build(opts: Options, progress: Callable[[Result], None] | None = None,
          summary: Callable[[str], None] | None = None, warn: Callable[[Problem], None] | None = None) -> list[Result]:
    """Validate the content and write every planned output that is not up to date.

    Outputs are made in parallel (``opts.jobs``); every failure is reported in one DeckError.
    With several organisations (``opts.orgs``) the shared content is loaded once, every
    organisation's outputs share one worker pool, and a failing organisation does not stop the others;
    ``summary`` then receives one line per organisation. ``warn`` receives each likely mistake in the
    content and profiles that `deck check` also shows (valid, so the build goes on).
    """
    from deck.build.runner import run
    from deck.load.language import resolve_languages
    from deck.load.organisation import load_org

    check_options(opts)
    seconds = time_limit_seconds(opts.time_limit)
    content = load_content(opts.content)
    folders = organisation_folders(opts.orgs + ((opts.org,) if opts.org is not None else ()))
    many = len(folders) > 1 or bool(opts.orgs)
    orgs, failures = {}, []
    for folder in folders:
        try:
            # The logo must print sharp at the card size built (the organisation's own when --card-size is not given).
            org = load_org(folder, content, opts.card_size or content.project.card_size or "a6")
        except DeckError as error:
            if not many:
                raise
            failures.append(OrgFailure(folder, error))
            continue
        if org.slug in orgs:
            raise UsageError(f"{display_path(folder)} and {display_path(orgs[org.slug].folder)} both build into "
                             f"'{org.slug}/': give one of them another slug")
        orgs[org.slug] = org
    if warn is not None:
        for problem in content.warnings + [w for org in orgs.values() for w in org.warnings]:
            warn(problem)
    opts = replace(opts, langs=resolve_languages(content.root, content.project.language, opts.langs),
                   time_limit=seconds)
    targets = []
    for org in (orgs.values() if folders else [None]):
        org_opts = replace(opts, card_size=opts.card_size or (org.card_size if org is not None else None)
                           or content.project.card_size or "a6")
        if opts.select:
            check_selection(content, org_opts, org)
        check_out_dir(opts.out, opts.content, [org.folder] if org is not None else [])
        targets += plan(content, org_opts, org=org)
    clean_stale_temporaries({t.path.parent for t in targets})
    if not many:
        return run(content, targets, opts, progress, orgs)
    try:
        results = run(content, targets, opts, progress, orgs)
        errors: list[str] = []
    except DeckError as error:
        results, errors = getattr(error, "results", []), error.lines()
    lines = summarise(results, orgs, failures)
    if failures or errors:
        messages = [line for f in failures for line in f.error.lines()] + errors
        raise OrganisationsFailed(messages, results, lines)
    for line in lines:
        if summary is not None:
            summary(line)
    return results


def summarise(results: list[Result], orgs: dict, failures: list[OrgFailure]) -> list[str]:
    """One line per organisation: built, up to date, or failed with its first message."""
    rows = {slug: Summary(org.name) for slug, org in orgs.items()}
    for result in results:
        row = rows.get(result.target.org)
        if row is None:
            continue
        if result.status == "built":
            row.built += 1
        elif result.status == "up to date":
            row.fresh += 1
        else:
            row.failed.append(result.target.label)
    for row in rows.values():
        if row.failed:
            row.error = f"{len(row.failed)} file{'s' if len(row.failed) != 1 else ''} not written ({row.failed[0]}, …)" \
                if len(row.failed) > 1 else f"{row.failed[0]} not written"
    lines = [row.line() for row in rows.values()]
    lines += [f"{display_path(f.folder)}: failed: {f.error.lines()[0]}" for f in failures]
    return lines
