"""`linkwatch search`: what the store holds under a name in any spelling, an outlet or some words."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from linkwatch.cli.common import db_option, open_existing


@click.command("search")
@db_option
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200), help="at most this many of each kind")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def search(db: Path, query: str, limit: int, fmt: str) -> None:
    """Entities whose names match QUERY in any spelling (with the alias that matched), the events
    they took part in, and documents by words or outlet. Nothing found is an empty answer (exit 0)."""
    from linkwatch.store.search import search as run_search

    with open_existing(db) as store:
        found = run_search(store, query, limit)
    if fmt == "json":
        data = {"query": query, "entities": [asdict(e) for e in found.entities],
                "events": [asdict(v) for v in found.events],
                "documents": [{**asdict(d), "snippet": "".join(t for t, _ in d.snippet)} for d in found.documents]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not (found.entities or found.events or found.documents):
        click.echo(f"nothing matches {query[:200]!r}")
        return
    for e in found.entities:
        how = f"  matched {e.matched!r}" if e.matched else ""
        how += " (another spelling)" if e.how == "spelling" else ""
        click.echo(f"{e.type:13} {e.name}{how}  [{e.id}]")
    for v in found.events:
        where = f" at {v.place}" if v.place else ""
        click.echo(f"{'event':13} {v.date or 'undated'} {v.type}{where}: {', '.join(v.actors[:5])}  [{v.id}]")
    for d in found.documents:
        click.echo(f"{'document':13} {d.published or '-'} {d.source or '-'}: {d.title or d.id}  [{d.id}]")
