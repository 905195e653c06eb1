"""STIX 2.1 bundle, built with the `stix2` package; passes `stix2-validator --strict` (docs/stix.md).

Mapping:
- organisations and people → ``threat-actor`` when analyse.classify finds them militant
  (terrorism-designated, front of a designated group, attack claimed; or a firm member of
  such a group), else ``identity`` (organization / individual); the reason goes in the description.
  A threat actor's ``roles`` come from firm claims whose type has a ``stix_role`` in
  linkwatch/schema/relations.yaml (a leader is a director, an attacker an agent, a backer a
  sponsor); ``primary_motivation``, ``sophistication`` and ``resource_level`` are left out:
  news reports of who met whom justify none of them;
- places → ``location`` with country, coordinates and UN M49 region as resolution or the gazetteer
  knows them (export/places.py); a place no gazetteer knows → ``linkwatch-place``, a new SDO
  (STIX's location must have a region, a country or coordinates, and we do not guess);
- events → ``linkwatch-event``, a new SDO (STIX has no meeting or rally object), with its date
  exactly as precise as the sources allow;
- relations and event roles → ``relationship`` of type ``related-to`` (the spec suggests no type
  between these objects that says ours; --strict rejects the others), with our type in
  ``linkwatch_relationship_type`` (the `stix` entry in relations.yaml), ``confidence`` from the
  Admiralty grade (resolve.grading.STIX_CONFIDENCE) and the certainty in words at the head of its
  description;
- one ``note`` per relationship and event: certainty, hedge cues, attribution, every quote with
  its offsets; one ``report`` per article, its URL in ``external_references`` with the SHA-256 of
  the bytes linkwatch ingested;
- linkwatch's own fields ride as top-level properties declared by an extension definition; the
  three extension definitions point at their JSON schemas in docs/stix/.

Ids are deterministic (uuid5 of our ids, stamped as version 4, the form the spec asks of SDOs) and
timestamps come from the store, so re-exporting the same store gives the same bundle byte for byte.
"""
from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any, TextIO

import stix2

from linkwatch.analyse.classify import Verdict, classify
from linkwatch.analyse.view import GraphView, Hop, precision
from linkwatch.export import Format, register
from linkwatch.export.places import PlaceFacts, locate
from linkwatch.model import Certainty, Evidence
from linkwatch.model.dates import valid_or_none
from linkwatch.model.schema import schema
from linkwatch.store.base import Store

NAMESPACE = uuid.UUID("6c7a3c59-3b8e-4c1e-9d33-6b1e4f3a1c55")  # fixed forever: ids must not change between runs
# Where docs/stix/*.json are published; tests/export/test_export_stix.py checks each file the bundle names exists.
SCHEMA_URL = "https://github.com/linkwatch/linkwatch/blob/main/docs/stix"
EPOCH = "2025-01-01T00:00:00.000Z"  # creation time of the producer and extension definitions
MEDIA_TYPE = "application/stix+json;version=2.1"
# From linkwatch/schema/*.yaml; tests/test_schema_meta.py checks they cover every type.
RELATIONSHIP_TYPES: dict[str, str] = {r.name: r.stix for r in schema().relations.values()}
THREAT_ACTOR_ROLES: dict[str, str] = {r.name: r.stix_role for r in schema().relations.values() if r.stix_role}
IDENTITY_CLASS: dict[str, str] = {e.name: e.stix_identity_class for e in schema().entities.values()
                                  if e.stix_identity_class}
LOCATION_TYPES = frozenset(e.name for e in schema().entities.values() if e.stix_object == "location")
GRADE_WORDS = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
               6: "cannot be judged"}
FIRM = (Certainty.ASSERTED, Certainty.REPORTED)  # as analyse.classify: hedged claims give no role
PROPERTIES = ["linkwatch_id", "linkwatch_certainty", "linkwatch_grade", "linkwatch_sources", "linkwatch_cues",
              "linkwatch_role", "linkwatch_classification", "linkwatch_relationship_type", "linkwatch_former"]


def sid(kind: str, key: str) -> str:
    """A stable id: uuid5 of our key, with the version bits of a UUIDv4 (the spec asks SDOs for v4;
    the bits of a SHA-1 are as unpredictable as random ones, and the same key gives the same id)."""
    return f"{kind}--{uuid.UUID(bytes=uuid.uuid5(NAMESPACE, key).bytes, version=4)}"


def ts(value: str | None) -> str:
    """Store timestamps carry microseconds; STIX tools expect milliseconds. A date is its first
    instant. A stored value that is no real date (an old store, a hand edit) becomes EPOCH rather
    than failing the whole bundle: the export must never break on one bad row."""
    when = valid_or_none(value)
    if when is None:
        return EPOCH
    if len(when) <= 10:
        return (when + "-01-01"[len(when) - 4:]) + "T00:00:00.000Z"
    return when[:23] + "Z"


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
PLACE_EXT = sid("extension-definition", "extension:linkwatch-place")
PROPS_EXT = sid("extension-definition", "extension:linkwatch-properties")
PROPS = {PROPS_EXT: {"extension_type": "toplevel-property-extension"}}


def _common(created: str | None, modified: str | None = None) -> dict[str, Any]:
    c = ts(created)
    return {"created": c, "modified": max(c, ts(modified or created)), "created_by_ref": PRODUCER,
            "allow_custom": True}


def _definitions() -> list[Any]:
    # The producer names itself as creator: STIX's interoperability rules want every object's
    # created_by_ref to lead to an identity that has one.
    producer = stix2.v21.Identity(id=PRODUCER, name="linkwatch", identity_class="system", created=EPOCH,
                                  modified=EPOCH, created_by_ref=PRODUCER,
                                  description="Evidence-backed link analysis of open-source news")
    common = {"created_by_ref": PRODUCER, "created": EPOCH, "modified": EPOCH, "version": "1.0"}
    event = stix2.v21.ExtensionDefinition(
        id=EVENT_EXT, name="linkwatch-event", schema=f"{SCHEMA_URL}/linkwatch-event.json",
        extension_types=["new-sdo"], description="A meeting, rally, conference, visit or attack reported in the news; "
        "date is ISO 8601 at the precision the sources allow (2025, 2025-02 or 2025-02-05).", **common)
    place = stix2.v21.ExtensionDefinition(
        id=PLACE_EXT, name="linkwatch-place", schema=f"{SCHEMA_URL}/linkwatch-place.json",
        extension_types=["new-sdo"], description="A place named in the news that no gazetteer linkwatch has can "
        "put in a country, a region or at coordinates (a STIX location needs one of them).", **common)
    props = stix2.v21.ExtensionDefinition(
        id=PROPS_EXT, name="linkwatch-properties", schema=f"{SCHEMA_URL}/linkwatch-properties.json",
        extension_types=["toplevel-property-extension"], extension_properties=PROPERTIES,
        description="linkwatch's id, certainty label (asserted/reported/unverified/denied), Admiralty grade, "
                    "independent-source count, hedge cues, role word, classification reason, relation type, and whether the tie has ended (former).",
        **common)
    return [producer, event, place, props]


def _place(e_name: str, eid: str, facts: PlaceFacts, common: dict[str, Any]) -> Any:
    if not facts.known:
        obj = {"type": "linkwatch-place", "spec_version": "2.1", "id": sid("linkwatch-place", eid), "name": e_name,
               "description": "Named in the news; no gazetteer linkwatch has knows where it is.",
               "linkwatch_id": eid, **{k: v for k, v in common.items() if k != "allow_custom"},
               "extensions": {PLACE_EXT: {"extension_type": "new-sdo"}, **PROPS}}
        return obj
    where: dict[str, Any] = {}
    if facts.country:
        where["country"] = facts.country
    if facts.region:
        where["region"] = facts.region
    if facts.lat is not None and facts.lon is not None:
        where.update(latitude=facts.lat, longitude=facts.lon)
    described = {"resolution": "placed by linkwatch's resolver", "gazetteer": "placed by linkwatch's gazetteer"}
    return stix2.v21.Location(id=sid("location", eid), name=e_name, linkwatch_id=eid, extensions=PROPS,
                              description=f"{(facts.feature or 'place').capitalize()}, "
                                          f"{described.get(facts.source or '', 'placed')}.", **where, **common)


def _roles(view: GraphView, eid: str) -> list[str] | None:
    roles = {THREAT_ACTOR_ROLES[h.type] for h in view.by_node.get(eid, [])
             if h.source == eid and h.type in THREAT_ACTOR_ROLES and h.certainty in FIRM}
    return sorted(roles) or None


def _entity(view: GraphView, eid: str, verdict: Verdict | None) -> Any:
    e = view.entities[eid]
    common = _common(e.first_seen)
    if e.type in LOCATION_TYPES:
        return _place(e.name, eid, locate(e, view.places.get(eid)), common)
    base = {"name": e.name, "linkwatch_id": e.id, "extensions": PROPS, **common}
    aliases = view.aliases(eid)
    if verdict and verdict.militant:
        designated = verdict.reason.startswith(("designated", "front of"))
        return stix2.v21.ThreatActor(id=sid("threat-actor", e.id), **base, aliases=aliases or None,
                                     threat_actor_types=["terrorist" if designated else "unknown"],
                                     roles=_roles(view, eid),
                                     description=f"Classified as militant: {verdict.reason}.",
                                     linkwatch_classification=verdict.reason)
    cls = IDENTITY_CLASS.get(e.type, "unknown")
    return stix2.v21.Identity(id=sid("identity", e.id), **base, identity_class=cls,
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
        raise KeyError(f"relation type {h.type!r} has no STIX name in linkwatch/schema/relations.yaml")
    rel = stix2.v21.Relationship(
        id=sid("relationship", h.key), relationship_type="related-to", source_ref=refs[h.source],
        target_ref=refs[h.target], description=f"{headline}. {detail}", confidence=h.confidence,
        labels=[f"certainty-{h.certainty.value}"], extensions=PROPS, linkwatch_id=h.key,
        linkwatch_relationship_type=RELATIONSHIP_TYPES[h.type],
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


def _ref(view: GraphView, doc_id: str) -> dict[str, Any]:
    """An article as an external reference. A URL goes with the SHA-256 of the bytes linkwatch ingested
    from it (the page may have changed since), as the spec asks of a reference that has a URL."""
    d = view.documents[doc_id]
    ref: dict[str, Any] = {"source_name": d.source or d.origin, "external_id": d.id}
    if d.url:
        ref.update(url=d.url, hashes={"SHA-256": d.raw_sha256})
    return ref


def _refs(view: GraphView, evidence: tuple[Evidence, ...] | list[Evidence]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for e in evidence:
        d = view.documents.get(e.doc)
        if d and d.url:
            out[d.url] = _ref(view, e.doc)
    return list(out.values())


def _event(view: GraphView, vid: str, refs: dict[str, str]) -> list[Any]:
    v = view.events[vid]
    obj = {"type": "linkwatch-event", "spec_version": "2.1", "id": refs[vid], **_common(v.first_seen),
           "name": view.event_label(v), "event_type": v.type, "linkwatch_id": v.id,
           "extensions": {EVENT_EXT: {"extension_type": "new-sdo"}, **PROPS}}
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
        refs[eid] = obj["id"]
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
        external_references=[_ref(view, doc_id)], extensions=PROPS, linkwatch_id=d.id, **_common(d.ingested_at))


COMMON_ORDER = ("type", "spec_version", "id", "created_by_ref", "created", "modified")


def _ordered(o: dict[str, Any]) -> dict[str, Any]:
    if o["type"].startswith("linkwatch-"):
        head = [k for k in COMMON_ORDER if k in o]
        rest = sorted(k for k in o if k not in COMMON_ORDER and not k.startswith("linkwatch_"))
    else:
        head, rest = [k for k in o if not k.startswith("linkwatch_")], []
    return {k: o[k] for k in [*head, *rest, *sorted(k for k in o if k.startswith("linkwatch_"))]}


def write_stix(store: Store, out: TextIO) -> int:
    objects = bundle(GraphView.load(store))
    ids = sorted(o["id"] for o in objects)
    b = stix2.v21.Bundle(id=sid("bundle", "\n".join(ids)), objects=objects, allow_custom=True)
    data = json.loads(b.serialize(pretty=True))
    # stix2 orders the spec's properties but not custom ones, nor the properties of our own objects
    # (their order can change with the values): put the common ones first, then the rest sorted, and
    # linkwatch_* last, so the same store always gives the same file.
    data["objects"] = [_ordered(o) for o in data["objects"]]
    out.write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")
    return len(objects)


register(Format("stix", write_stix, ".json", "STIX 2.1 bundle (threat actors, identities, events, relationships, "
                "notes, reports)", media_type=MEDIA_TYPE))
