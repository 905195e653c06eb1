"""`linkwatch resolve`, `explain`, `judge` and `entity`: resolution and the analyst's say over it."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from linkwatch.cli.common import db_option, echo_json, format_option, open_existing, settings_for
from linkwatch.model import Judgement, MatchOutcome

if TYPE_CHECKING:
    from linkwatch.store.base import Store

LOCAL = re.compile(r"d[0-9a-f]{16}#\S+")
_HINT = "check the spelling, or give an id (`linkwatch links` lists the groups, `explain` takes any id)"
# Every judgement by its own name, and "different" (the word decisions use) for not-same.
VERDICTS = {**{j.value: j for j in Judgement}, MatchOutcome.DIFFERENT.value: Judgement.NOT_SAME}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in counts.items())


@click.command("resolve")
@db_option
@click.option("--rebuild/--pending", default=True, show_default=True,
              help="rebuild the whole graph from the stored extractions (applying every judgement), "
                   "or only resolve documents not resolved yet")
@format_option
def resolve(db: Path, rebuild: bool, fmt: str) -> None:
    """Re-resolve the store: entities, events and relations across all documents, no NLP."""
    from linkwatch.pipeline import Pipeline

    with open_existing(db, write=True) as store:
        pipeline = Pipeline(store, settings_for(db))
        if rebuild:
            counts = pipeline.reresolve()
        else:
            done = 0
            for extraction in store.extractions():
                refs = [e.ref for e in extraction.entities] + [v.ref for v in extraction.events]
                doc = store.document(extraction.doc)
                if doc is None or not refs or store.global_id(doc.id, refs[0]) is not None:
                    continue
                with store.transaction() as writer:
                    pipeline.resolve(doc, extraction, writer)
                done += 1
            counts = {"resolved documents": done, **pipeline.counts()}
    if fmt == "json":
        echo_json(counts)
    else:
        click.echo(_counts(counts))


@click.command("explain")
@db_option
@click.argument("item")
@format_option
def explain(db: Path, item: str, fmt: str) -> None:
    """Why an entity holds each of its names and which candidates were turned down (ITEM: an id or
    a name); why an event absorbed each report; how a relation got its grade."""
    from linkwatch.resolve import report

    with open_existing(db) as store:
        found = report.find(store, item)
        if not found:
            raise click.ClickException(f"nothing matches {item[:200]!r}; {_HINT}")
        if fmt == "json":
            # The explanation as printed, and the decisions it is drawn from (each with its features).
            echo_json({"id": found[0].id, "explanation": report.explain(store, found[0].id),
                       "decisions": store.decisions(found[0].id),
                       "also_matching": [f.label for f in found[1:]]})
            return
        for line in report.explain(store, found[0].id):
            click.echo(line)
        if len(found) > 1:
            click.echo("Also matching: " + "; ".join(f.label for f in found[1:]))


def _side(store: Store, query: str, other_entity: str | None) -> tuple[str, str]:
    """(id, label) for one side of a judgement."""
    from linkwatch.resolve import report

    if store.event(query) is not None or store.entity(query) is not None:
        return query, query
    if LOCAL.fullmatch(query):  # one document's mention, as `explain` lists merged reports
        return query, f"the mention {query}"
    entities = report.find_entities(store, query)
    if not entities:
        raise click.ClickException(f"no entity matches {query[:200]!r}; {_HINT}")
    best = entities[0]
    if best.id == other_entity and report.name_id(query, best.type) != report.name_id(best.name, best.type):
        # Both names sit in one entity: the judgement is about the mentions called `query`.
        return report.name_id(query, best.type), f"mentions named {query!r}"
    return best.id, f"{best.name} ({best.id})"


@click.command("judge")
@db_option
@click.argument("verdict", type=click.Choice(sorted(VERDICTS)))
@click.argument("a")
@click.argument("b")
@click.option("--author", help="who judged (kept with the judgement)")
@click.option("--no-resolve", is_flag=True, help="store the judgement without re-resolving now")
@format_option
def judge(db: Path, verdict: str, a: str, b: str, author: str | None, no_resolve: bool, fmt: str) -> None:
    """Record that A and B are the same, not the same, or that you are unsure; then re-resolve so
    the graph reflects it. A and B: entity or event ids, or names. Judgements survive every rebuild."""
    from linkwatch.pipeline import Pipeline
    from linkwatch.resolve import report

    out: dict[str, object] = {"verdict": str(VERDICTS[verdict])}
    lines: list[str] = []
    with open_existing(db, write=True) as store:
        a_id, a_label = _side(store, a, None)
        b_id, b_label = _side(store, b, a_id)
        out.update(a=a_id, b=b_id)
        if a_id == b_id and VERDICTS[verdict] == Judgement.SAME:
            lines.append(f"{a_label} and {b_label} are already one entity")
            out["recorded"] = False
        else:
            with store.transaction() as writer:
                writer.put_judgement(a_id, b_id, VERDICTS[verdict], author)
            out["recorded"] = True
            lines.append(f"judged {VERDICTS[verdict]}: {a_label} / {b_label}")
            if not no_resolve:
                counts = Pipeline(store, settings_for(db)).reresolve()
                out["resolved"] = counts
                lines.append("re-resolved: " + _counts(counts))
                now = report.same_entity(store, a, b)
                out["same_entity"] = now
                if now is not None:
                    lines.append(f"{a!r} and {b!r} are now {'one entity' if now else 'separate entities'}")
    if fmt == "json":
        echo_json(out)
    else:
        for line in lines:
            click.echo(line)


@click.command("entity")
@db_option
@click.argument("item")
@format_option
@click.option("--json", "as_json", is_flag=True, hidden=True, help="the same as --format json (kept for scripts)")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help="relations to show")
@click.option("--offset", type=click.IntRange(0), default=0, help="relations to skip (best graded come first)")
@click.option("--quotes", type=click.IntRange(0), default=10, show_default=True, help="quotes to show per relation")
def entity(db: Path, item: str, fmt: str, as_json: bool, limit: int, offset: int, quotes: int) -> None:
    """One entity: canonical name, names by source, affiliations and other relations with their
    evidence and certainty, and merges waiting for a judgement (ITEM: an id or a name)."""
    from linkwatch.resolve import report

    with open_existing(db) as store:
        found = report.find_entities(store, item)
        if not found:
            raise click.ClickException(f"no entity matches {item[:200]!r}; {_HINT}")
        data = report.entity_report(store, found[0].id, limit, offset, quotes)
        if as_json or fmt == "json":
            echo_json(data)
            return
        for line in report.render_entity(data):
            click.echo(line)
        if len(found) > 1:
            click.echo("Also matching: " + "; ".join(f"{e.name} ({e.id})" for e in found[1:]))
