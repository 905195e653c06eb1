"""`linkwatch resolve`, `explain`, `judge` and `entity`: resolution and the analyst's say over it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

from linkwatch.cli.common import db_option, open_existing, settings_for
from linkwatch.model import Judgement, MatchOutcome
from linkwatch.pipeline import Pipeline
from linkwatch.resolve import report
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
def resolve(db: Path, rebuild: bool) -> None:
    """Re-resolve the store: entities, events and relations across all documents, no NLP."""
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
                    pipeline.resolver.resolve(doc, extraction, writer)
                done += 1
            counts = {"resolved documents": done, **pipeline.counts()}
    click.echo(_counts(counts))


@click.command("explain")
@db_option
@click.argument("item")
def explain(db: Path, item: str) -> None:
    """Why an entity holds each of its names and which candidates were turned down (ITEM: an id or
    a name); why an event absorbed each report; how a relation got its grade."""
    with open_existing(db) as store:
        found = report.find(store, item)
        if not found:
            raise click.UsageError(f"nothing matches {item[:200]!r}; {_HINT}")
        for line in report.explain(store, found[0].id):
            click.echo(line)
        if len(found) > 1:
            click.echo("Also matching: " + "; ".join(f.label for f in found[1:]))


def _side(store: Store, query: str, other_entity: str | None) -> tuple[str, str]:
    """(id, label) for one side of a judgement."""
    if store.event(query) is not None or store.entity(query) is not None:
        return query, query
    if LOCAL.fullmatch(query):  # one document's mention, as `explain` lists merged reports
        return query, f"the mention {query}"
    entities = report.find_entities(store, query)
    if not entities:
        raise click.UsageError(f"no entity matches {query[:200]!r}; {_HINT}")
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
def judge(db: Path, verdict: str, a: str, b: str, author: str | None, no_resolve: bool) -> None:
    """Record that A and B are the same, not the same, or that you are unsure; then re-resolve so
    the graph reflects it. A and B: entity or event ids, or names. Judgements survive every rebuild."""
    with open_existing(db, write=True) as store:
        a_id, a_label = _side(store, a, None)
        b_id, b_label = _side(store, b, a_id)
        if a_id == b_id and VERDICTS[verdict] == Judgement.SAME:
            click.echo(f"{a_label} and {b_label} are already one entity")
            return
        with store.transaction() as writer:
            writer.put_judgement(a_id, b_id, VERDICTS[verdict], author)
        click.echo(f"judged {VERDICTS[verdict]}: {a_label} / {b_label}")
        if no_resolve:
            return
        counts = Pipeline(store, settings_for(db)).reresolve()
        click.echo("re-resolved: " + _counts(counts))
        now = report.same_entity(store, a, b)
        if now is not None:
            click.echo(f"{a!r} and {b!r} are now {'one entity' if now else 'separate entities'}")


@click.command("entity")
@db_option
@click.argument("item")
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def entity(db: Path, item: str, as_json: bool) -> None:
    """One entity: canonical name, names by source, affiliations and other relations with their
    evidence and certainty, and merges waiting for a judgement (ITEM: an id or a name)."""
    with open_existing(db) as store:
        found = report.find_entities(store, item)
        if not found:
            raise click.UsageError(f"no entity matches {item[:200]!r}; {_HINT}")
        data = report.entity_report(store, found[0].id)
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for line in report.render_entity(data):
            click.echo(line)
        if len(found) > 1:
            click.echo("Also matching: " + "; ".join(f"{e.name} ({e.id})" for e in found[1:]))
