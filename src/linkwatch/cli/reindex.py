"""`linkwatch reindex`: rebuild the full-text search index from the store's tables."""
from __future__ import annotations

from pathlib import Path

import click

from linkwatch.cli.common import db_option, echo_json, format_option, open_existing


@click.command("reindex")
@db_option
@format_option
def reindex(db: Path, fmt: str) -> None:
    """Rebuild the search index (document text, entity names and aliases) from the tables.

    Ingest keeps the index current; run this after restoring a store from a backup or changing it
    with other tools, when search misses what the store holds."""
    from linkwatch.store.search import rebuild_index

    with open_existing(db) as store:
        if not rebuild_index(store):
            raise click.ClickException(f"the store at {db} has no full-text index to rebuild")
        counts = store.counts()
    if fmt == "json":
        echo_json({"documents": counts["documents"], "entities": counts["entities"]})
    else:
        click.echo(f"search index rebuilt: {counts['documents']} documents, {counts['entities']} entities")
