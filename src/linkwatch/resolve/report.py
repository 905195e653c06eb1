"""What resolution did, in words: `linkwatch explain` and `linkwatch entity` read from here.

Everything comes from the store: decisions (with their feature values), judgements,
aliases with their documents, relations with their evidence. Feature explanations
are the feature functions' docstrings.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from linkwatch.model import ENTITY_TYPES, Alias, Entity, make_id
from linkwatch.resolve import events as event_features
from linkwatch.resolve.entities import reference_organisations
from linkwatch.resolve.features import EXPLANATIONS as ENTITY_EXPLANATIONS
from linkwatch.resolve.grading import LABELS, grade
from linkwatch.resolve.names import best_match, display_name, natural_key, query_keys
from linkwatch.resolve.places import gazetteer
from linkwatch.store.base import Store

TYPES = ENTITY_TYPES  # a name is looked up as each kind of entity


@dataclass
class Found:
    """What a user typed, resolved to a stored item (or to the id a name would get)."""

    id: str
    kind: str  # entity / event / relation / name
    label: str


SCAN_LIMIT = 20_000  # entities a store may hold for a near-miss name to be tried against every one


def _named(store: Store, ids: list[str]) -> list[Entity]:
    """Entities with their distinct names as aliases: an entity named in thousands of documents has a
    few names but thousands of alias rows, and matching a name needs only the names."""
    stubs = store.entity_stubs(ids)
    names = store.alias_names(e.id for e in stubs)
    return [Entity(e.id, e.type, e.name, [Alias(n) for n in names.get(e.id, [])], e.key, e.first_seen) for e in stubs]


def find_entities(store: Store, query: str, limit: int = 5) -> list[Entity]:
    """Entities by id, else by name: blocking keys first (spelling variants), then fuzzy."""
    direct = _named(store, [query])
    if direct:
        return direct
    absorbed = store.entity_ids_by_keys([f"id:{query}"])
    if absorbed:
        return _named(store, absorbed)
    found = {e.id: e for t in TYPES for e in _named(store, store.entity_ids_by_keys(query_keys(query, t)))
             if e.type == t}
    scored = sorted(((best_match([query], [e.name, *(a.name for a in e.aliases)], e.type).score, e)
                     for e in found.values()), key=lambda t: (-t[0], t[1].id))
    good = [e for s, e in scored if s >= 0.85]
    if good or store.entity_count() > SCAN_LIMIT:
        return good[:limit]
    everyone = store.entities_page(None, 0, SCAN_LIMIT)
    names = {e.id: " | ".join([e.name, *(a.name for a in e.aliases)]) for e in everyone}
    hits = process.extract(query, names, scorer=fuzz.partial_ratio, limit=limit, score_cutoff=85)
    by_id = {e.id: e for e in everyone}
    return [by_id[k] for _, _, k in hits]


def find(store: Store, query: str) -> list[Found]:
    """Anything `explain` or `judge` can take: an entity, event or relation id, or a name."""
    if store.event(query) is not None:
        return [Found(query, "event", f"event {query}")]
    if store.relation(query) is not None:
        return [Found(query, "relation", f"relation {query}")]
    return [Found(e.id, "entity", f"{e.name} ({e.type}, {e.id})") for e in find_entities(store, query)]


def name_id(name: str, type_: str) -> str:
    """The id a mention called `name` would be given: a judgement can name a mention that was
    merged into the wrong entity, and take it out on the next resolution."""
    return make_id("e", type_, natural_key(display_name(name, type_), type_))


def _features(values: dict[str, Any], explanations: dict[str, str]) -> Iterator[str]:
    for name, value in values.items():
        if value:
            text = " ".join(explanations.get(name, "").split())
            yield f"      {name} = {value}: {text}"


def _name(store: Store, item_id: str) -> str:
    """An entity or event as a reader recognises it, with its id for follow-up commands."""
    e = next(iter(store.entity_stubs([item_id])), None)
    if e is not None:
        return f"{e.name} ({item_id})"
    v = next(iter(store.event_stubs([item_id])), None)
    if v is not None:
        place = next(iter(store.entity_stubs([v.location])), None) if v.location else None
        label = " ".join(x for x in (v.type, repr(v.name) if v.name else "",
                                     f"in {place.name}" if place else "", v.date or "undated") if x)
        return f"{label} ({item_id})"
    return item_id


def explain(store: Store, item_id: str) -> list[str]:
    """Why an entity holds each of its names, which candidates were turned down and why;
    or why an event absorbed each report; or how a relation got its grade."""
    if store.relation(item_id) is not None:
        return explain_relation(store, item_id)
    if store.event(item_id) is not None:
        return _explain_decisions(store, item_id, "event", event_features.EXPLANATIONS,
                                  [f"Event {item_id}"])
    entity = store.entity(item_id)
    if entity is None:
        return [f"nothing called {item_id} in the store"]
    lines = [f"Entity {entity.name} ({entity.type}, {entity.id})" + (f", reference key {entity.key}" if entity.key
                                                                      else "")]
    return _explain_decisions(store, item_id, "entity", ENTITY_EXPLANATIONS, lines)


def _explain_decisions(store: Store, item_id: str, kind: str, explanations: dict[str, str],
                       lines: list[str]) -> list[str]:
    decisions = store.decisions(item_id, kind=kind)
    merged = [d for d in decisions if d["a"] == item_id and d["outcome"] == "same"]
    merged_docs = {d["b"].split("#")[0] for d in merged}
    if kind == "entity":
        entity = store.entity(item_id)
        assert entity is not None
        lines.append("Names, and why each is here:")
        for alias in entity.aliases:
            where = alias.doc or "reference list"
            why = "merged (see below)" if alias.doc in merged_docs else "named in the document that created it"
            lines.append(f"  {alias.name!r} in {where}" + (f" [{alias.source}]" if alias.source else "") + f": {why}")
    lines.append("Merged reports:" if merged else "Merged reports: none (every name came from one document)")
    for d in merged:
        f = d["features"]
        how = f.get("name_match") or (f"reference key {f['reference']}" if f.get("reference") else "")
        lines.append(f"  {d['b']} score {d['score']}" + (f" - {how}" if how else "")
                     + (f" (analyst judgement: {f['judgement']})" if f.get("judgement") else ""))
        lines += list(_features(f.get("features", {}), explanations))
    others = [d for d in decisions if d["outcome"] != "same"]
    if others:
        lines.append("Candidates not merged:")
    for d in others:
        other = d["b"] if d["a"] == item_id else d["a"]
        f = d["features"]
        lines.append(f"  {_name(store, other)}: {d['outcome']} at score {d['score']}"
                     + (f" - {f['name_match']}" if f.get("name_match") else "")
                     + (f" (analyst judgement: {f['judgement']})" if f.get("judgement") else "")
                     + (f" ({f['note']})" if f.get("note") else ""))
        lines += list(_features(f.get("features", {}), explanations))
    judged = [j for j in store.judgements() if item_id in (j["a"], j["b"])]
    for j in judged:
        lines.append(f"Judgement: {j['judgement']} {j['a']} ({j.get('a_name')}) / {j['b']} ({j.get('b_name')})"
                     + (f" by {j['author']}" if j.get("author") else ""))
    return lines


def explain_relation(store: Store, relation_id: str) -> list[str]:
    r = store.relation(relation_id)
    assert r is not None
    g = grade(store.relation_sources(relation_id))
    lines = [f"Relation {r.type}: {_name(store, r.source)} -> {_name(store, r.target)}",
             f"  certainty {g.certainty.value}; {g.sources} independent source(s); grade {g.grade} "
             f"({LABELS[g.grade]}); STIX confidence {g.confidence}" + ("; DENIED by a source" if g.denied else "")]
    for e in r.evidence:
        doc = store.document(e.doc)
        outlet = doc.source if doc and doc.source else e.doc
        copy = f", copy of {doc.copy_of}" if doc and doc.copy_of else ""
        lines.append(f"  [{e.certainty.value}] {outlet}{copy}: \"{e.quote}\"")
    return lines


def entity_report(store: Store, entity_id: str, limit: int | None = None, offset: int = 0,
                  quotes: int | None = None) -> dict[str, Any]:
    """Everything `linkwatch entity` shows, as data: `limit` relations from `offset` on (best graded first),
    each with its first `quotes` quotes (None: all), and how many there are in all."""
    found = _named(store, [entity_id])
    if not found:
        raise KeyError(entity_id)
    entity = found[0]
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, doc, name in store.alias_sources(entity_id):
        label = source or (f"document {doc}" if doc else "reference list")
        if name not in by_source[label]:
            by_source[label].append(name)
    reference: list[tuple[str, str]] = []
    if entity.key and entity.key in reference_organisations():
        reference = reference_organisations()[entity.key][1]
    elif entity.key and entity.key.startswith("place:"):
        g = gazetteer()
        reference = [(a.name, g.alias_source(entity.key, a.name) or "") for a in entity.aliases
                     if g.alias_source(entity.key, a.name)]
    relations = []
    page = store.relations_page(entity_id, None, offset, limit if limit is not None else 1_000_000_000)
    counts = store.evidence_counts(relations=[r.id for r in page])
    for r in page:
        other = r.target if r.source == entity_id else r.source
        evidence = (store.evidence_page(relation_id=r.id) if quotes is None
                    else store.evidence_sample(relation_id=r.id, limit=quotes))
        relations.append({"id": r.id, "type": r.type, "direction": "out" if r.source == entity_id else "in",
                          "other": _name(store, other),
                          "certainty": r.certainty.value, "grade": r.grade, "sources": r.sources,
                          "evidence": [(e.certainty.value, e.doc, e.quote) for e in evidence],
                          "quotes": counts.get(r.id, 0)})
    judged = {frozenset((j["a"], j["b"])) for j in store.judgements()}
    proposals = [{"other": _name(store, d["b"] if d["a"] == entity_id else d["a"]), "score": d["score"],
                  "why": d["features"].get("name_match", "")}
                 for d in store.decisions_ranked(entity_id, "entity", ["unsure"], MAX_PROPOSALS)
                 if frozenset((d["a"], d["b"])) not in judged]
    return {"id": entity.id, "type": entity.type, "name": entity.name, "key": entity.key,
            "place": store.place(entity_id), "aliases": dict(by_source), "reference_aliases": reference,
            "relations": relations, "relation_count": store.relation_count(entity_id), "offset": offset,
            "proposals": proposals}


MAX_PROPOSALS = 60  # merges waiting for a judgement listed per entity, best score first


def render_entity(report: dict[str, Any]) -> list[str]:
    lines = [f"{report['name']} ({report['type']}, {report['id']})" + (f"  key {report['key']}" if report["key"]
                                                                         else "")]
    place = report.get("place")
    if place:
        lines.append(f"  place: {place['feature']} {place['country'] or ''} {place['admin1'] or ''}"
                     f" at {place['lat']}, {place['lon']}")
    lines.append("Names by source:")
    for source, names in report["aliases"].items():
        lines.append(f"  {source}: {', '.join(names)}")
    if report["reference_aliases"]:
        lines.append("Names in reference lists:")
        for name, source in report["reference_aliases"][:30]:
            lines.append(f"  {name} ({source})")
    lines.append("Relations:" if report["relations"] else "Relations: none")
    for r in report["relations"]:
        arrow = "->" if r["direction"] == "out" else "<-"
        lines.append(f"  {r['type']} {arrow} {r['other']}: {r['certainty']}, grade {r['grade']}, "
                     f"{r['sources']} source(s)")
        for certainty, doc, quote in r["evidence"]:
            lines.append(f"    [{certainty}] {doc}: \"{quote}\"")
        if r.get("quotes", 0) > len(r["evidence"]):
            lines.append(f"    ... {r['quotes'] - len(r['evidence'])} more quote(s) (linkwatch explain {r['id']})")
    shown = report.get("offset", 0) + len(report["relations"])
    if report.get("relation_count", 0) > shown:
        lines.append(f"  ... {report['relation_count'] - shown} more relation(s) (--offset {shown})")
    if report["proposals"]:
        lines.append("Proposed merges waiting for a judgement (linkwatch judge same|not-same A B):")
        for p in report["proposals"]:
            lines.append(f"  {p['other']} score {p['score']}: {p['why']}")
    return lines


def same_entity(store: Store, a: str, b: str) -> bool | None:
    """After a judgement: are A and B one entity now? None when either is gone entirely."""
    ea, eb = find_entities(store, a, 1), find_entities(store, b, 1)
    if not ea or not eb:
        return None
    return ea[0].id == eb[0].id

