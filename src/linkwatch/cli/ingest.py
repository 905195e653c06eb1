"""`linkwatch ingest`: read articles from files, folders, URLs, feeds and manifests into the store."""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from linkwatch.cli.common import check_date, check_writable, db_option, echo_json, format_option, settings_for


@click.command("ingest")
@click.argument("inputs", nargs=-1, metavar="[INPUTS]...")
@click.option("--manifest", "manifests", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="JSON Lines file, one document a line (repeatable)")
@db_option
@click.option("--published", callback=check_date, metavar="DATE",
              help="publication date (ISO 8601) for inputs that do not say")
@click.option("--source", metavar="NAME", help="outlet or publisher of the inputs, e.g. 'News of Kashmir'")
@click.option("--allow-private", is_flag=True, default=False,
              help="allow URLs on private, loopback and link-local addresses (testing only)")
@click.option("--allow-dir", "allow_dirs", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="a folder manifest lines may name files in, besides the manifest's own (repeatable)")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="where documents are normalised and extracted: this process, or Ray workers (pip install "
                   "'linkwatch[ray]'); resolution and storage stay here either way")
@click.option("--address", metavar="ADDR", help="the Ray cluster to use (ray://host:10001, auto); "
                                                "default: a local one started for the run")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="Ray workers, each with the spaCy model loaded once")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
@format_option
def ingest(inputs: Sequence[str], manifests: Sequence[Path], db: Path, published: str | None,
           source: str | None, allow_private: bool, allow_dirs: Sequence[Path], engine: str,
           address: str | None, workers: int, quiet: bool, fmt: str) -> None:
    """Add articles to the store and extract what they say.

    INPUTS are files, folders (read recursively: .txt, .html, .xml, .rss, ...),
    http(s) URLs of articles, or RSS/Atom feeds (as files or URLs; each entry's
    link is fetched). Each failure is reported as `error: ORIGIN: MESSAGE` and
    the rest still go in; the exit code is 1 if anything failed.
    """
    if not inputs and not manifests:
        raise click.UsageError("give at least one file, folder, URL, or --manifest FILE")
    settings = settings_for(db, allow_private=True if allow_private else None)
    if engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise click.ClickException("--engine ray needs Ray: pip install 'linkwatch[ray]'") from None
    elif address:
        raise click.UsageError("--address names a Ray cluster: give it with --engine ray")
    check_writable(Path(settings.db))  # before reading anything: a read-only store would waste the whole run
    # Imported here so `linkwatch --help` does not pay for the readers, the resolver and NLP imports.
    from tqdm import tqdm

    from linkwatch.ingest import expected_count, read_inputs
    from linkwatch.model.errors import InputError
    from linkwatch.pipeline import Pipeline
    from linkwatch.store import open_store

    items = read_inputs(list(inputs), settings=settings, published=published, source=source,
                        manifests=list(manifests), allow_dirs=list(allow_dirs))
    failed = 0
    # With a total, the bar shows how far it is and an ETA; a feed's length is unknown until fetched.
    total = expected_count(list(inputs), list(manifests))
    with tqdm(desc="ingest", unit="doc", total=total, file=sys.stderr, disable=quiet or not sys.stderr.isatty(),
              leave=False) as bar:

        def progress(result: Any) -> None:
            nonlocal failed
            bar.update(1)
            for note in getattr(result, "notes", ()):
                tqdm.write(f"note: {result.origin}: {note}", file=sys.stderr)
            error = getattr(result, "error", None)
            if isinstance(error, InputError):
                failed += 1
                # tqdm.write keeps the message from being drawn over by the bar.
                tqdm.write(f"error: {error.origin}: {error.message}", file=sys.stderr)

        with open_store(settings.db) as store:
            if engine == "ray":
                from linkwatch import ray_engine

                summary = ray_engine.run(Pipeline(store, settings), items, address=address, workers=workers,
                                         progress=progress)
            else:
                summary = Pipeline(store, settings).run(items, progress=progress)
    # Failures the pipeline reported without calling back (none today) are printed too.
    for error in summary.failed[failed:]:
        click.echo(f"error: {error.origin}: {error.message}", err=True)
    if fmt == "json":
        echo_json(_summary_data(summary))
    else:
        click.echo(_summary_line(summary))
    if summary.failed:
        sys.exit(1)


def _summary_data(summary: Any) -> dict[str, Any]:
    return {"added": summary.added, "copies": summary.copies, "duplicates": summary.duplicates,
            "failed": [{"origin": e.origin, "error": e.message} for e in summary.failed],
            "noted": [{"origin": r.origin, "notes": list(r.notes)} for r in getattr(summary, "results", ())
                      if getattr(r, "notes", ())],
            "store": dict(getattr(summary, "found", None) or {})}


def _summary_line(summary: Any) -> str:
    # Near-duplicate copies are added (marked as copies of their original); exact duplicates are skipped.
    line = (f"added {summary.added} ({summary.copies} near-duplicate copies), "
            f"skipped {summary.duplicates} duplicates, failed {len(summary.failed)}")
    noted = sum(1 for r in getattr(summary, "results", ()) if getattr(r, "notes", ()))
    if noted:
        line += f", {noted} with notes (encoding guessed or damaged, or text truncated: see above)"
    found = getattr(summary, "found", None) or {}
    parts = [f"{found[k]} {k}" for k in ("entities", "events", "relations") if k in found]
    if parts:
        line += "; the store now holds " + ", ".join(parts)
    return line
