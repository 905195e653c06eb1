"""FollowTheMoney entities (JSON lines), built with the `followthemoney` package.

Mapping (checked against the FtM 4.11 schemata):
- person → Person, organisation → Organization (alias, description = classification;
  topic ``crime.terror`` only for groups the reference list designates), place → Address
  (full name, country and coordinates when the gazetteer is sure), article → Article;
- each relation type → the interval schema its ``ftm`` entry in linkwatch/schema/relations.yaml
  names (member_of → Membership, leader_of → Directorship, relative_of → Family, met_with →
  Associate, the rest → UnknownLink), with the role word in the property it names; a relation
  whose ends do not fit that schema's ranges (an organisation member_of another) → UnknownLink;
- event → Event with date (as precise as known), location and addressEntity; its
  ``organizer``/``involved`` list only actors the sources *assert* took part, because an
  FtM tool shows them as fact. Every role, hedged or not, is also an UnknownLink to the event;
- every link carries the certainty in ``status``, a ``summary`` beginning with the label
  in capitals (REPORTED: ...), the quotes with their cues in ``description``, and ``proof``
  pointing at the Article entities it rests on; a link whose schema has no ``status`` (Family,
  Associate) gets a Note on its two ends that names it and its certainty (``keywords``
  ``certainty:denied``, ``link:<id>``); Documentation ties entities and events to articles.
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from linkwatch.analyse.classify import classify
from linkwatch.analyse.view import GraphView, Hop
from linkwatch.export import Format, register
from linkwatch.export.places import locate
from linkwatch.export.stix import GRADE_WORDS
from linkwatch.model import Certainty
from linkwatch.model.schema import FtmLink, schema
from linkwatch.store.base import Store

# Both maps come from linkwatch/schema/*.yaml (`ftm`); tests/test_schema_meta.py checks they cover every type.
EDGES: dict[str, FtmLink] = {r.name: r.ftm for r in schema().relations.values()}
ENTITY_SCHEMA: dict[str, str] = {e.name: e.ftm for e in schema().entities.values()}
# A link whose ends do not fit its schema's ranges falls back to this one, which takes any two things.
UNKNOWN_LINK = FtmLink("UnknownLink", "subject", "object", "role")


def _make(schema: str, id_: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = id_
    return proxy


def _entity(view: GraphView, eid: str, reason: str | None, designated: bool) -> EntityProxy:
    e = view.entities[eid]
    proxy = _make(ENTITY_SCHEMA.get(e.type, "LegalEntity"), eid)
    if e.type == "location":
        proxy.add("full", e.name)
        place = locate(e, view.places.get(eid))
        proxy.add("country", place.country)
        if place.lat is not None and place.lon is not None:
            proxy.add("latitude", str(place.lat))
            proxy.add("longitude", str(place.lon))
        else:
            proxy.add("summary", "not geocoded")
    else:
        proxy.add("name", e.name)
        proxy.add("alias", view.aliases(eid))
        if reason:
            proxy.add("description", f"linkwatch classification: {reason}")
        if designated:
            proxy.add("topics", "crime.terror")
    return proxy


def _article(view: GraphView, doc_id: str) -> EntityProxy:
    d = view.documents[doc_id]
    proxy = _make("Article", doc_id)
    proxy.add("title", d.title or d.origin)
    proxy.add("fileName", d.origin)
    proxy.add("sourceUrl", d.url)
    proxy.add("publisher", d.source)
    proxy.add("publishedAt", d.published)
    proxy.add("language", d.language)
    if d.copy_of:
        proxy.add("summary", f"near-duplicate copy of {d.copy_of}")
    return proxy


def _summary(view: GraphView, h: Hop) -> str:
    cues = sorted({c for e in h.evidence for c in e.cues})
    return (f"{h.label.upper()}: {view.name(h.source)} {h.type.replace('_', ' ')} {view.name(h.target)}; "
            f"grade {h.grade} ({GRADE_WORDS[h.grade]}), {len(h.sources)} independent source(s)"
            + (f"; cues: {', '.join(cues)}" if cues else ""))


def _evidence_props(view: GraphView, proxy: EntityProxy, h: Hop) -> None:
    """What every link carries so that a hedge is never lost: status, summary, quotes, proof."""
    if proxy.schema.get("status") is not None:  # Family and Associate have none: a Note carries it (_certainty_note)
        proxy.add("status", h.certainty.value)
    proxy.add("summary", _summary(view, h))
    proxy.add("description", "\n".join(view.cite(e) for e in h.evidence))
    docs = [e.doc for e in h.evidence if e.doc in view.documents]
    proxy.add("proof", sorted(set(docs)))
    proxy.add("sourceUrl", sorted({u for u in (view.url(d) for d in docs) if u}))
    proxy.add("publisher", sorted({o for o in (view.documents[d].source for d in docs) if o}))
    proxy.add("namesMentioned", sorted({view.name(h.source), view.name(h.target)}))


def _link(view: GraphView, h: Hop) -> EntityProxy:
    link = EDGES.get(h.type)
    if link is None:
        raise KeyError(f"relation type {h.type!r} has no FollowTheMoney mapping in linkwatch/schema/relations.yaml")
    if link.schema != UNKNOWN_LINK.schema and not (_range(link.schema, link.source) in _schemata(view, h.source)
                                                   and _range(link.schema, link.target) in _schemata(view, h.target)):
        link = UNKNOWN_LINK  # e.g. an organisation member_of another
    proxy = _make(link.schema, h.key)
    proxy.add(link.source, h.source)
    proxy.add(link.target, h.target)
    proxy.add(link.role, h.role or h.type.replace("_", " "))
    if h.ended:
        proxy.add("endDate", h.ended)  # every interval schema has one: the tie ended then
    _evidence_props(view, proxy, h)
    return proxy


def _certainty_note(view: GraphView, h: Hop, link: EntityProxy) -> EntityProxy | None:
    """A link schema without ``status`` (Family, Associate) keeps its certainty in a Note on both ends:
    a tool that shows a denied meeting as an Associate link still finds the denial, as a property, on
    each person. Notes attach to Things only, so the note names the link by id in its own name."""
    if link.schema.get("status") is not None:
        return None
    note = _make("Note", f"certainty:{h.key}")
    note.add("name", f"{h.certainty.value}: {view.name(h.source)} {h.type.replace('_', ' ')} {view.name(h.target)}")
    note.add("entity", [n for n in (h.source, h.target) if n in view.entities])
    note.add("summary", _summary(view, h))
    note.add("description", f"Certainty of the {link.schema.name} link {link.id}: {h.label}.\n"
                            + "\n".join(view.cite(e) for e in h.evidence))
    note.add("keywords", [f"certainty:{h.certainty.value}", f"link:{link.id}"])
    note.add("proof", sorted({e.doc for e in h.evidence if e.doc in view.documents}))
    return note


def _range(schema: str, prop: str) -> str | None:
    found = model.get(schema)
    p = found.get(prop) if found else None
    return p.range.name if p is not None and p.range is not None else None


def _schemata(view: GraphView, node: str) -> set[str]:
    """Every schema the node's FtM entity is, so a link's endpoint ranges can be checked."""
    schema = "Event" if node in view.events else ENTITY_SCHEMA.get(view.type_of(node), "LegalEntity")
    return {s.name for s in model.get(schema).schemata}  # type: ignore[union-attr]


def _event(view: GraphView, vid: str) -> EntityProxy:
    v = view.events[vid]
    proxy = _make("Event", vid)
    proxy.add("name", view.event_label(v))
    proxy.add("date", v.date)
    proxy.add("keywords", v.type)
    if v.location:
        proxy.add("location", view.name(v.location))
        proxy.add("addressEntity", v.location)
    for h in view.by_node.get(vid, []):
        # Only asserted actors, each in the property its type names (organizer, involved); a claim of
        # responsibility names none: it is not presence.
        prop = EDGES[h.type].event_property if h.type in EDGES else None
        if prop and h.target == vid and h.certainty is Certainty.ASSERTED and h.source in view.entities:
            proxy.add(prop, h.source)
    proxy.add("description", "\n".join(view.cite(e) for e in v.evidence))
    proxy.add("proof", sorted({e.doc for e in v.evidence if e.doc in view.documents}))
    return proxy


def _documentation(doc_id: str, thing: str, role: str) -> EntityProxy:
    proxy = _make("Documentation", f"doc:{doc_id}:{thing}")
    proxy.add("document", doc_id)
    proxy.add("entity", thing)
    proxy.add("role", role)
    return proxy


def entities(view: GraphView) -> list[EntityProxy]:
    verdicts = classify(view)
    out = [_article(view, d) for d in view.documents]
    for eid in view.entities:
        v = verdicts.get(eid)
        designated = bool(v and v.militant and v.reason.startswith(("designated", "front of")))
        out.append(_entity(view, eid, v.reason if v else None, designated))
        for doc in sorted({a.doc for a in view.entities[eid].aliases if a.doc and a.doc in view.documents}):
            out.append(_documentation(doc, eid, "named in"))
    for vid in view.events:
        out.append(_event(view, vid))
        for doc in sorted({e.doc for e in view.events[vid].evidence if e.doc in view.documents}):
            out.append(_documentation(doc, vid, "reports the event"))
    for h in view.hops:
        if h.source in view.entities or h.source in view.events:
            link = _link(view, h)
            note = _certainty_note(view, h, link)
            out += [link] if note is None else [link, note]
    return sorted(out, key=lambda p: (p.schema.name, p.id or ""))


def write_ftm(store: Store, out: TextIO) -> int:
    proxies = entities(GraphView.load(store))
    for p in proxies:
        data: dict[str, Any] = p.to_dict()
        data["properties"] = {k: sorted(v) for k, v in sorted(data["properties"].items())}
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
    return len(proxies)


register(Format("ftm", write_ftm, ".ftm.json", "FollowTheMoney entities as JSON lines (Aleph, ftm tools)"))
