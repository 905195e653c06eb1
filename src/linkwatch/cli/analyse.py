"""`linkwatch links | path | timeline | watch | alerts | report`: analysis over a store.

Thin: every command asks the link index for one answer (analyse.indexed, index_paths, index_timeline,
the recorded alerts) and prints it as a table (for people) or JSON (for scripts); only centrality,
communities and the brief read the whole graph. Hedged claims keep their label in both: a hop that is not
asserted is always printed with [reported], [unverified] or [denied]. Analysis modules are imported when a
command runs, so `--help` costs click and nothing else.
"""
from __future__ import annotations

import getpass
import json
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from linkwatch.cli.common import check_date, db_option, format_option, open_existing, output_path

if TYPE_CHECKING:
    from linkwatch.analyse.paths import Path as EvidencePath
    from linkwatch.analyse.view import GraphView
    from linkwatch.model import Evidence
    from linkwatch.store import Store



def _lookup(store: Store, query: str, types: tuple[str, ...] | None = None) -> str:
    from linkwatch.analyse.lookup import EntityLookupError, find_in_store

    try:
        return find_in_store(store, query, types).id
    except EntityLookupError as exc:
        hint = "" if exc.candidates else "; check the spelling, or give an id (`linkwatch links` lists the groups)"
        raise click.ClickException(f"{exc}{hint}") from None


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


def _more(shown: int, total: int, what: str, exact: bool = True) -> None:
    if total > shown:
        click.echo(f"... {'' if exact else 'at least '}{total - shown} more {what} (--offset {shown})")


@click.command("links")
@db_option
@click.argument("org", required=False)
@click.option("--since", callback=check_date, help="only connections the sources date on or after this ISO date")
@click.option("--min-grade", type=click.IntRange(1, 6), help="keep links graded N or better (Admiralty 1 = best)")
@click.option("--paths", "n_paths", type=int, default=1, show_default=True, help="paths to show per link")
@click.option("--evidence/--no-evidence", default=True, show_default=True, help="quote the evidence of shown paths")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help="links to show (best first)")
@click.option("--offset", type=click.IntRange(0), default=0, help="links to skip")
@click.option("--centrality", "show_centrality", is_flag=True, help="rank actors by betweenness and degree")
@click.option("--communities", "show_communities", is_flag=True, help="group actors into communities (Louvain)")
@format_option
def links(db: Path, org: str | None, since: str | None, min_grade: int | None, n_paths: int, evidence: bool,
          limit: int, offset: int, show_centrality: bool, show_communities: bool, fmt: str) -> None:
    """Links between organisations (optionally only ORG's), with paths, evidence and grades."""
    from linkwatch.analyse.indexed import link_dict, org_links

    with open_existing(db) as store:
        org_id = _lookup(store, org, ("organization",)) if org else None
        view, found, total = org_links(store, org_id, since, min_grade, limit, offset, n_paths)
        scores = []
        if show_centrality or show_communities:
            # Centrality is a question about the whole graph: it reads the whole graph.
            from linkwatch.analyse.network import centrality
            from linkwatch.analyse.view import GraphView

            scores = centrality(GraphView.load(store), communities=show_communities)
        if fmt == "json":
            out: dict[str, Any] = {"links": [link_dict(view, k, n_paths) for k in found], "total": total,
                                   "offset": offset}
            if scores:
                out["actors"] = [s.to_dict() for s in scores]
            _json(out)
            return
        view.need([org_id] if org_id else [])
        if not found:
            click.echo("no links between organisations" + (f" for {view.name(org_id)}" if org_id else ""))
        for i, k in enumerate(found, offset + 1):
            first, last = k.seen(view)
            click.echo(f"{i}. {view.name(k.a)} — {view.name(k.b)}: grade {k.grade} (confidence {k.confidence}), "
                       f"{k.certainty.value}, {k.sources} independent source(s), seen {first or '?'} .. "
                       f"{last or '?'}; {', '.join(k.kinds)}; {k.n_paths} path(s)")
            for p in k.paths[:n_paths]:
                _path_lines(view, p, evidence)
        _more(offset + len(found), total, "links")
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
    from linkwatch.analyse.index_paths import shortest_paths

    with open_existing(db) as store:
        ida, idb = _lookup(store, a), _lookup(store, b)
        found = shortest_paths(store, ida, idb, limit=limit, include_places=via_places,
                               include_denied=include_denied)
        view = found.view
        view.need([ida, idb])
        if fmt == "json":
            _json({"a": ida, "b": idb, "paths": [p.to_dict(view) for p in found.paths], "truncated": found.truncated})
            return
        if not found.paths:
            click.echo(f"no path between {view.name(ida)} and {view.name(idb)}")
        for i, p in enumerate(found.paths, 1):
            click.echo(f"{i}. {len(p.hops)} hop(s), {len(p.sources)} source(s)")
            _path_lines(view, p, evidence=True)
        if found.truncated:
            click.echo("(the search stopped at its limit: longer paths may exist)")


@click.command("timeline")
@db_option
@click.argument("entity")
@click.option("--members", is_flag=True, help="for an organisation, also its members' events")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True, help="items to show")
@click.option("--offset", type=click.IntRange(0), default=0, help="items to skip (dated first, then undated)")
@format_option
def timeline(db: Path, entity: str, members: bool, limit: int, offset: int, fmt: str) -> None:
    """ENTITY's events and relations in date order; undated ones listed apart."""
    from linkwatch.analyse.index_timeline import timeline as build_timeline

    with open_existing(db) as store:
        page = build_timeline(store, _lookup(store, entity), include_members=members, offset=offset, limit=limit)
        view, t = page.view, page.timeline
        if fmt == "json":
            _json({**t.to_dict(view), "total": page.dated + page.undated, "offset": offset})
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
        _more(offset + len(t.dated) + len(t.undated), page.dated + page.undated, "items")


@click.group("watch")
def watch() -> None:
    """The watchlist: entities whose new ties raise alerts."""


def _names(store: Store, ids: list[str]) -> dict[str, tuple[str, str]]:
    return {e.id: (e.name, e.type) for e in store.entity_stubs(ids)}


@watch.command("add")
@db_option
@click.argument("entity")
@click.option("--note")
def watch_add(db: Path, entity: str, note: str | None) -> None:
    """Watch ENTITY (name, alias or id): alerts flag it, and tell when it turns up with a new group."""
    with open_existing(db, write=True) as store:
        eid = _lookup(store, entity)
        with store.transaction() as w:
            w.watch(eid, note)
        click.echo(f"watching {_names(store, [eid])[eid][0]} ({eid})")


@watch.command("remove")
@db_option
@click.argument("entity")
def watch_remove(db: Path, entity: str) -> None:
    """Stop watching ENTITY."""
    with open_existing(db, write=True) as store:
        eid = _lookup(store, entity)
        name = _names(store, [eid])[eid][0]
        if not store.is_watched(eid):
            raise click.ClickException(f"{name} is not on the watchlist")
        with store.transaction() as w:
            w.unwatch(eid)
        click.echo(f"no longer watching {name} ({eid})")


@watch.command("list")
@db_option
@format_option
def watch_list(db: Path, fmt: str) -> None:
    """List watched entities."""
    with open_existing(db) as store:
        listed = store.watchlist()
        names = _names(store, [str(w["entity_id"]) for w in listed])
        rows = [{**w, "name": names.get(str(w["entity_id"]), (str(w["entity_id"]), "unknown"))[0],
                 "type": names.get(str(w["entity_id"]), ("", "unknown"))[1]} for w in listed]
    if fmt == "json":
        _json(rows)
    elif not rows:
        click.echo("the watchlist is empty")
    else:
        _table(["name", "type", "id", "since", "note"],
               [(r["name"], r["type"], r["entity_id"], r["added_at"], r["note"]) for r in rows])


def default_analyst() -> str:
    """Who reads the alerts: $LINKWATCH_ANALYST, else the login name."""
    try:
        fallback = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container's numeric user)
        fallback = "analyst"
    return os.environ.get("LINKWATCH_ANALYST") or fallback


@click.command("alerts")
@db_option
@click.option("--since", callback=check_date,
              help="ISO date or timestamp (an offset is converted to UTC): only what the store learned from then on")
@click.option("--unseen", is_flag=True, help="only alerts the analyst has not marked seen")
@click.option("--analyst", default=default_analyst, show_default="$LINKWATCH_ANALYST or the login name",
              help="whose seen marks --unseen and --mark-seen use")
@click.option("--mark-seen", is_flag=True, help="mark the alerts shown as seen by the analyst")
@click.option("--watched-only", is_flag=True, help="only alerts about watched entities")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@format_option
def alerts(db: Path, since: str | None, unseen: bool, analyst: str, mark_seen: bool, watched_only: bool, limit: int,
           offset: int, fmt: str) -> None:
    """What the store learned: new links and fronts, grade changes, new sources, watched actors; recorded
    as it was learned, watched entities first."""
    from linkwatch.analyse.feed import read_alerts

    with open_existing(db, write=mark_seen) as store:
        feed = read_alerts(store, since=since, analyst=analyst, unseen=unseen, watched_only=watched_only,
                           limit=limit, offset=offset)
        if mark_seen and feed.alerts:
            with store.transaction() as w:
                w.mark_alerts_seen(analyst, [a.id for a in feed.alerts if a.id is not None])
    view = feed.view
    if fmt == "json":
        _json([feed.to_dict(a) for a in feed.alerts])
        return
    if not feed.alerts:
        click.echo("no alerts" + (f" since {since}" if since else "") + (f" unseen by {analyst}" if unseen else ""))
    for i, a in enumerate(feed.alerts, offset + 1):
        star = "* " if a.watched else ""
        click.echo(textwrap.fill(f"{i}. {star}[{a.kind}] {a.title}", width=110, subsequent_indent="     "))
        click.echo(f"     learned {a.at}")
        if a.path:
            click.echo(textwrap.fill(f"path: {a.path}", width=110, initial_indent="     ",
                                     subsequent_indent="       "))
        for e in feed.evidence(a)[:4]:
            click.echo(_quote(view, e, "     "))
    _more(offset + len(feed.alerts), feed.total, "alerts", feed.total_exact)


@click.command("report")
@db_option
@click.option("--entity", help="focus the brief on one actor")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="brief.html (SVG figure inline) or brief.md (PNG figure beside it)")
@click.option("--title", help="title of the brief")
@click.option("--max-links", type=int, default=12, show_default=True)
def report(db: Path, entity: str | None, output: Path, title: str | None, max_links: int) -> None:
    """An analyst brief: key links with grades, a timeline, a network figure and numbered citations."""
    from linkwatch.analyse.view import GraphView
    from linkwatch.report import write_brief  # matplotlib loads only when a brief is asked for

    if output.suffix.lower() not in (".html", ".htm", ".md"):
        raise click.UsageError("-o must end in .html or .md")
    output_path(output)
    with open_existing(db) as store:
        focus = _lookup(store, entity) if entity else None
        view = GraphView.load(store)
        written = write_brief(view, output, focus=focus, title=title, max_links=max_links)
    for p in written:
        click.echo(f"wrote {p}", err=True)
