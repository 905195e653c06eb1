"""`linkwatch links | path | timeline | watch | alerts | report`: analysis over a store.

Thin: every command loads a GraphView, calls one analysis function and prints
it as a table (for people) or JSON (for scripts). Hedged claims keep their label
in both: a hop that is not asserted is always printed with [reported],
[unverified] or [denied].
"""
from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from linkwatch.analyse.alerts import compute_alerts
from linkwatch.analyse.links import org_links
from linkwatch.analyse.lookup import EntityLookupError, find_entity
from linkwatch.analyse.network import centrality
from linkwatch.analyse.paths import Path as EvidencePath
from linkwatch.analyse.paths import shortest_paths
from linkwatch.analyse.timeline import timeline as build_timeline
from linkwatch.analyse.view import GraphView
from linkwatch.cli.common import check_date, db_option, open_existing, output_path
from linkwatch.model import Evidence
from linkwatch.store import Store

format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True)


def _lookup(view: GraphView, query: str, types: tuple[str, ...] | None = None) -> str:
    try:
        return find_entity(view, query, types).id
    except EntityLookupError as exc:
        hint = "" if exc.candidates else "; check the spelling, or give an id (`linkwatch links` lists the groups)"
        raise click.UsageError(f"{exc}{hint}") from None


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _table(headers: Sequence[str], rows: list[Sequence[Any]]) -> None:
    cells = [[str(c) if c is not None else "-" for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for r in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _quote(view: GraphView, e: Evidence, indent: str = "      ") -> str:
    """The quote as every surface cites it (analyse.citation), wrapped for a terminal."""
    return textwrap.fill(view.cite(e), width=110, initial_indent=indent, subsequent_indent=indent + "  ")


def _path_lines(view: GraphView, p: EvidencePath, evidence: bool) -> None:
    click.echo(textwrap.fill(f"grade {p.grade} {p.certainty.value}: {p.describe(view)}", width=110,
                             initial_indent="    ", subsequent_indent="      "))
    if evidence:
        seen = set()
        for h in p.hops:
            for e in h.evidence:
                if (e.doc, e.start, e.end) not in seen:
                    seen.add((e.doc, e.start, e.end))
                    click.echo(_quote(view, e))


@click.command("links")
@db_option
@click.argument("org", required=False)
@click.option("--since", callback=check_date, help="only connections the sources date on or after this ISO date")
@click.option("--min-grade", type=click.IntRange(1, 6), help="keep links graded N or better (Admiralty 1 = best)")
@click.option("--paths", "n_paths", type=int, default=1, show_default=True, help="paths to show per link")
@click.option("--evidence/--no-evidence", default=True, show_default=True, help="quote the evidence of shown paths")
@click.option("--centrality", "show_centrality", is_flag=True, help="rank actors by betweenness and degree")
@click.option("--communities", "show_communities", is_flag=True, help="group actors into communities (Louvain)")
@format_option
def links(db: Path, org: str | None, since: str | None, min_grade: int | None, n_paths: int, evidence: bool,
          show_centrality: bool, show_communities: bool, fmt: str) -> None:
    """Links between organisations (optionally only ORG's), with paths, evidence and grades."""
    with open_existing(db) as store:
        view = GraphView.load(store)
        org_id = _lookup(view, org, ("organization",)) if org else None
        found = org_links(view, org_id, since, min_grade)
        scores = centrality(view, communities=show_communities) if show_centrality or show_communities else []
        if fmt == "json":
            out: dict[str, Any] = {"links": [k.to_dict(view, n_paths) for k in found]}
            if scores:
                out["actors"] = [s.to_dict() for s in scores]
            _json(out)
            return
        if not found:
            click.echo("no links between organisations" + (f" for {view.name(org_id)}" if org_id else ""))
        for i, k in enumerate(found, 1):
            first, last = k.seen(view)
            click.echo(f"{i}. {view.name(k.a)} — {view.name(k.b)}: grade {k.grade} (confidence {k.confidence}), "
                       f"{k.certainty.value}, {k.sources} independent source(s), seen {first or '?'} .. "
                       f"{last or '?'}; {', '.join(k.kinds)}; {len(k.paths)} path(s)")
            for p in k.paths[:n_paths]:
                _path_lines(view, p, evidence)
        if scores:
            click.echo("")
            _table(["actor", "type", "degree", "strength", "betweenness", "community"],
                   [(s.name, s.type, s.degree, s.strength, s.betweenness, s.community) for s in scores])


@click.command("path")
@db_option
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=int, default=5, show_default=True)
@click.option("--via-places", is_flag=True, help="allow paths through places (visited, located in)")
@click.option("--include-denied", is_flag=True, help="allow denied hops (shown as [denied])")
@format_option
def path(db: Path, a: str, b: str, limit: int, via_places: bool, include_denied: bool, fmt: str) -> None:
    """Shortest evidence paths between two actors (names, aliases or ids)."""
    with open_existing(db) as store:
        view = GraphView.load(store)
        ida, idb = _lookup(view, a), _lookup(view, b)
        found = shortest_paths(view, ida, idb, limit=limit, include_places=via_places,
                               include_denied=include_denied)
        if fmt == "json":
            _json({"a": ida, "b": idb, "paths": [p.to_dict(view) for p in found]})
            return
        if not found:
            click.echo(f"no path between {view.name(ida)} and {view.name(idb)}")
        for i, p in enumerate(found, 1):
            click.echo(f"{i}. {len(p.hops)} hop(s), {len(p.sources)} source(s)")
            _path_lines(view, p, evidence=True)


@click.command("timeline")
@db_option
@click.argument("entity")
@click.option("--members", is_flag=True, help="for an organisation, also its members' events")
@format_option
def timeline(db: Path, entity: str, members: bool, fmt: str) -> None:
    """ENTITY's events and relations in date order; undated ones listed apart."""
    with open_existing(db) as store:
        view = GraphView.load(store)
        t = build_timeline(view, _lookup(view, entity), include_members=members)
        if fmt == "json":
            _json(t.to_dict(view))
            return
        click.echo(f"Timeline of {view.name(t.entity)}")
        for title, items in (("Dated", t.dated), ("Undated (ordered by first report)", t.undated)):
            click.echo(f"\n{title}:")
            if not items:
                click.echo("  (none)")
            for item in items:
                when = item.date or f"reported {item.reported or '?'}"
                click.echo(textwrap.fill(
                    f"{when:<12} {item.text}; grade {item.grade}, {item.label}, "
                    f"{item.sources} source(s): {', '.join(item.outlets) or '?'}",
                    width=110, subsequent_indent=" " * 15, initial_indent="  "))
                if item.others:
                    click.echo(textwrap.fill("with: " + "; ".join(item.others), width=110,
                                             initial_indent=" " * 15, subsequent_indent=" " * 17))
                for e in item.evidence[:3]:
                    click.echo(_quote(view, e, " " * 15))


@click.group("watch")
def watch() -> None:
    """The watchlist: entities whose new ties raise alerts."""


def _watch_store(db: Path, write: bool = True) -> tuple[Store, GraphView]:
    store = open_existing(db, write=write)
    return store, GraphView.load(store)


@watch.command("add")
@db_option
@click.argument("entity")
@click.option("--note")
def watch_add(db: Path, entity: str, note: str | None) -> None:
    """Watch ENTITY (name, alias or id): alerts flag it, and tell when it turns up with a new group."""
    store, view = _watch_store(db)
    with store:
        eid = _lookup(view, entity)
        with store.transaction() as w:
            w.watch(eid, note)
        click.echo(f"watching {view.name(eid)} ({eid})")


@watch.command("remove")
@db_option
@click.argument("entity")
def watch_remove(db: Path, entity: str) -> None:
    """Stop watching ENTITY."""
    store, view = _watch_store(db)
    with store:
        eid = _lookup(view, entity)
        if eid not in view.watched_ids():
            raise click.UsageError(f"{view.name(eid)} is not on the watchlist")
        with store.transaction() as w:
            w.unwatch(eid)
        click.echo(f"no longer watching {view.name(eid)} ({eid})")


@watch.command("list")
@db_option
@format_option
def watch_list(db: Path, fmt: str) -> None:
    """List watched entities."""
    store, view = _watch_store(db, write=False)
    with store:
        rows = [{**w, "name": view.name(str(w["entity_id"])), "type": view.type_of(str(w["entity_id"]))}
                for w in view.watchlist]
    if fmt == "json":
        _json(rows)
    elif not rows:
        click.echo("the watchlist is empty")
    else:
        _table(["name", "type", "id", "since", "note"],
               [(r["name"], r["type"], r["entity_id"], r["added_at"], r["note"]) for r in rows])


@click.command("alerts")
@db_option
@click.option("--since", required=True, callback=check_date,
              help="ISO date or timestamp (an offset is converted to UTC): report what the store learned from then on")
@click.option("--watched-only", is_flag=True, help="only alerts about watched entities")
@format_option
def alerts(db: Path, since: str, watched_only: bool, fmt: str) -> None:
    """What changed since a time: new links and fronts, grade changes, new sources, watched actors."""
    with open_existing(db) as store:
        view = GraphView.load(store)
        found = [a for a in compute_alerts(store, since, view) if a.watched or not watched_only]
    if fmt == "json":
        _json([a.to_dict(view) for a in found])
        return
    if not found:
        click.echo(f"no alerts since {since}")
    for i, a in enumerate(found, 1):
        star = "* " if a.watched else ""
        click.echo(textwrap.fill(f"{i}. {star}[{a.kind}] {a.title}", width=110, subsequent_indent="     "))
        click.echo(f"     learned {a.at}")
        if a.path:
            click.echo(textwrap.fill(f"path: {a.path}", width=110, initial_indent="     ",
                                     subsequent_indent="       "))
        for e in a.evidence[:4]:
            click.echo(_quote(view, e, "     "))


@click.command("report")
@db_option
@click.option("--entity", help="focus the brief on one actor")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="brief.html (SVG figure inline) or brief.md (PNG figure beside it)")
@click.option("--title", help="title of the brief")
@click.option("--max-links", type=int, default=12, show_default=True)
def report(db: Path, entity: str | None, output: Path, title: str | None, max_links: int) -> None:
    """An analyst brief: key links with grades, a timeline, a network figure and numbered citations."""
    from linkwatch.report import write_brief  # matplotlib loads only when a brief is asked for

    if output.suffix.lower() not in (".html", ".htm", ".md"):
        raise click.UsageError("-o must end in .html or .md")
    output_path(output)
    with open_existing(db) as store:
        view = GraphView.load(store)
        focus = _lookup(view, entity) if entity else None
        written = write_brief(view, output, focus=focus, title=title, max_links=max_links)
    for p in written:
        click.echo(f"wrote {p}", err=True)
