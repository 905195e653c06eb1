"""`linkwatch ingest`: read articles from files, folders, URLs, feeds and manifests into the store."""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from linkwatch.cli.common import db_option, settings_for


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from linkwatch.ingest.meta import is_iso_date

    if value is not None and not is_iso_date(value):
        raise click.BadParameter(f"not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return value


@click.command("ingest")
@click.argument("inputs", nargs=-1, metavar="[INPUTS]...")
@click.option("--manifest", "manifests", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="JSON Lines file, one document a line (repeatable)")
@db_option
@click.option("--published", callback=_check_date, metavar="DATE",
              help="publication date (ISO 8601) for inputs that do not say")
@click.option("--source", metavar="NAME", help="outlet or publisher of the inputs, e.g. 'News of Kashmir'")
@click.option("--allow-private", is_flag=True, default=False,
              help="allow URLs on private, loopback and link-local addresses (testing only)")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
def ingest(inputs: Sequence[str], manifests: Sequence[Path], db: Path, published: str | None,
           source: str | None, allow_private: bool, quiet: bool) -> None:
    """Add articles to the store and extract what they say.

    INPUTS are files, folders (read recursively: .txt, .html, .xml, .rss, ...),
    http(s) URLs of articles, or RSS/Atom feeds (as files or URLs; each entry's
    link is fetched). Each failure is reported as `error: ORIGIN: MESSAGE` and
    the rest still go in; the exit code is 1 if anything failed.
    """
    if not inputs and not manifests:
        raise click.UsageError("give at least one file, folder, URL, or --manifest FILE")
    settings = settings_for(db, allow_private=True if allow_private else None)
    # Imported here so `linkwatch --help` does not pay for the readers, the resolver and NLP imports.
    from tqdm import tqdm

    from linkwatch.ingest import read_inputs
    from linkwatch.ingest.errors import InputError
    from linkwatch.pipeline import Pipeline
    from linkwatch.store import open_store

    items = read_inputs(list(inputs), settings=settings, published=published, source=source,
                        manifests=list(manifests))
    failed = 0
    with tqdm(desc="ingest", unit="doc", file=sys.stderr, disable=quiet or not sys.stderr.isatty(),
              leave=False) as bar:

        def progress(result: Any) -> None:
            nonlocal failed
            bar.update(1)
            error = getattr(result, "error", None)
            if isinstance(error, InputError):
                failed += 1
                # tqdm.write keeps the message from being drawn over by the bar.
                tqdm.write(f"error: {error.origin}: {error.message}", file=sys.stderr)

        with open_store(settings.db) as store:
            summary = Pipeline(store, settings).run(items, progress=progress)
    # Failures the pipeline reported without calling back (none today) are printed too.
    for error in summary.failed[failed:]:
        click.echo(f"error: {error.origin}: {error.message}", err=True)
    click.echo(_summary_line(summary))
    if summary.failed:
        sys.exit(1)


def _summary_line(summary: Any) -> str:
    # Near-duplicate copies are added (marked as copies of their original); exact duplicates are skipped.
    line = (f"added {summary.added} ({summary.copies} near-duplicate copies), "
            f"skipped {summary.duplicates} duplicates, failed {len(summary.failed)}")
    found = getattr(summary, "found", None) or {}
    parts = [f"{found[k]} {k}" for k in ("entities", "events", "relations") if k in found]
    if parts:
        line += "; the store now holds " + ", ".join(parts)
    return line
