"""Store objects → API shapes. Pages render the same shapes, so the UI shows exactly what the API says."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from linkwatch.analyse.citation import cite
from linkwatch.analyse.view import evidence_rows
from linkwatch.model import Alias, Certainty, Document, Entity, Event, Evidence, MatchOutcome, Relation
from linkwatch.model.certainty import COLOURS
from linkwatch.model.schema import NodeStyle, schema
from linkwatch.resolve.grading import grade
from linkwatch.resolve.places import gazetteer
from linkwatch.store.base import Store
from linkwatch.web import schemas as s


class Lookup:
    """Names for ids and documents for quotes, cached for one request (a relation list names the same
    entities many times). Names come from entity and event stubs: an entity's thousand alias rows or an
    event's quotes are never read to name it; documents come without their text."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._refs: dict[str, s.Ref] = {}
        self._docs: dict[str, Document | None] = {}

    def load(self, ids: Iterable[str]) -> None:
        """Name many ids in two reads."""
        missing = {i for i in ids if i and i not in self._refs}
        if not missing:
            return
        for e in self.store.entity_stubs(missing):
            self._refs[e.id] = s.Ref(id=e.id, name=e.name, type=e.type)
        for v in self.store.event_stubs(missing - set(self._refs)):
            self._refs[v.id] = s.Ref(id=v.id, name=event_label(v), type="event")
        for i in missing - set(self._refs):
            self._refs[i] = s.Ref(id=i, name=i, type="unknown")

    def ref(self, item_id: str) -> s.Ref:
        self.load([item_id])
        return self._refs[item_id]

    def maybe_ref(self, item_id: str | None) -> s.Ref | None:
        return self.ref(item_id) if item_id else None

    def adopt(self, documents: dict[str, Document]) -> None:
        """Documents another reader of this request already has (an IndexedView's citations)."""
        for doc_id, doc in documents.items():
            self._docs.setdefault(doc_id, doc)

    def load_documents(self, ids: Iterable[str]) -> None:
        missing = {i for i in ids if i not in self._docs}
        if not missing:
            return
        stubs = self.store.document_stubs(missing)
        originals = {d.copy_of for d in stubs if d.copy_of} - missing - set(self._docs)
        for d in [*stubs, *self.store.document_stubs(originals)]:
            self._docs[d.id] = Document(d.id, "", "", d.origin, d.url, d.source, d.title, d.published,
                                        copy_of=d.copy_of, ingested_at=d.ingested_at)
        for i in missing:
            self._docs.setdefault(i, None)

    def document(self, doc_id: str) -> Document | None:
        self.load_documents([doc_id])
        return self._docs[doc_id]


def named(store: Store, entity_id: str | None) -> Entity | None:
    """An entity with its distinct names as aliases, without reading a row per mention."""
    if not entity_id:
        return None
    e = next(iter(store.entity_stubs([entity_id])), None)
    if e is None:
        return None
    return replace(e, aliases=[Alias(n) for n in store.alias_names([e.id]).get(e.id, [])])


def coordinates(store: Store, entity: Entity | None) -> tuple[float, float] | None:
    """Where the map puts a place: the coordinates resolution recorded for it, else where the resolver's
    gazetteer (resolve.places) puts its key or names. A place found nowhere is listed beside the map."""
    if entity is None or entity.type != "location":
        return None
    place = store.place(entity.id)
    if place and place.get("lat") is not None and place.get("lon") is not None:
        return float(place["lat"]), float(place["lon"])
    found = gazetteer().locate(entity.key, [entity.name, *(a.name for a in entity.aliases)])
    return (found.lat, found.lon) if found is not None and found.lat is not None and found.lon is not None else None


def place_feature(store: Store, entity: Entity) -> str | None:
    """What kind of place it is (city, region, district, sea, country), as resolution or the gazetteer
    says: the map draws a place known only by its centre differently from a town."""
    place = store.place(entity.id)
    if place and place.get("feature"):
        return str(place["feature"])
    found = gazetteer().locate(entity.key, [entity.name, *(a.name for a in entity.aliases)])
    return found.feature if found is not None else None


def event_label(event: Event) -> str:
    label = event.name or event.type.replace("_", " ")
    return f"{label} ({event.date})" if event.date else label


def evidence(e: Evidence, lookup: Lookup) -> s.EvidenceOut:
    doc = lookup.document(e.doc)
    cited = cite(e, doc, lookup.document(doc.copy_of) if doc and doc.copy_of else None)
    return s.EvidenceOut(
        doc=e.doc, start=e.start, end=e.end, quote=e.quote, extractor=e.extractor, certainty=e.certainty,
        cues=list(e.cues), attribution=e.attribution, doc_title=doc.title if doc else None,
        doc_source=doc.source if doc else None, doc_published=cited.published, doc_outlet=cited.outlet,
        citation=cited.text())


QUOTES = 10  # quotes listed per relation in a list of relations; evidence_count says how many there are


def reported(evidence: Iterable[Evidence], lookup: Lookup) -> tuple[str | None, str | None]:
    """The first and last publication dates among the documents behind some evidence: when the fact
    was reported, which is what an analyst dates it by (ingest time is only when we learned it)."""
    dates = sorted(d.published for d in (lookup.document(e.doc) for e in evidence) if d and d.published)
    return (dates[0], dates[-1]) if dates else (None, None)


def relation(r: Relation, lookup: Lookup, with_evidence: bool = True, count: int | None = None,
             span: tuple[str | None, str | None] | None = None) -> s.RelationOut:
    """`span`: when it was reported, if read from the store (Store.reported_spans), else from `r.evidence`."""
    first, last = span if span is not None else reported(r.evidence, lookup)
    return s.RelationOut(
        id=r.id, type=r.type, source=lookup.ref(r.source), target=lookup.ref(r.target),
        certainty=r.certainty, role=r.role, sources=r.sources, grade=r.grade, confidence=r.confidence,
        first_seen=r.first_seen, last_seen=r.last_seen, first_reported=first, last_reported=last,
        evidence=[evidence(e, lookup) for e in r.evidence] if with_evidence else [],
        evidence_count=count if count is not None else len(r.evidence))


def relation_page(store: Store, relations: list[Relation], lookup: Lookup, quotes: int = QUOTES) -> list[s.RelationOut]:
    """Relations read without evidence (a page of Store.relations_page), each with its first quotes (and its
    first denial), the number of quotes in all and when it was first and last reported."""
    ids = [r.id for r in relations]
    counts = store.evidence_counts(relations=ids)
    spans = store.reported_spans(relations=ids)
    lookup.load({x for r in relations for x in (r.source, r.target)})
    samples = {r.id: store.evidence_sample(relation_id=r.id, limit=quotes) for r in relations}
    lookup.load_documents({e.doc for quotes_ in samples.values() for e in quotes_})
    return [relation(replace(r, evidence=samples[r.id]), lookup, count=counts.get(r.id, 0),
                     span=spans.get(r.id, (None, None))) for r in relations]


def entity_summary(e: Entity) -> s.EntitySummary:
    return s.EntitySummary(id=e.id, type=e.type, name=e.name, aliases=alias_names(e), key=e.key)


def alias_names(e: Entity) -> list[str]:
    return list(dict.fromkeys(a.name for a in e.aliases if a.name != e.name))


DOCS_PER_SOURCE = 20  # documents listed per outlet on an entity page


def alias_groups(store: Store, entity_id: str) -> list[s.AliasGroup]:
    """aliases_by_source, read grouped from the store: an entity named in thousands of documents lists the
    first documents of each outlet and counts the rest."""
    groups = store.alias_groups(entity_id, DOCS_PER_SOURCE)
    ordered = sorted(groups, key=lambda g: (g[0] is None, (g[0] or "").casefold()))
    return [s.AliasGroup(source=src, names=names, docs=docs, doc_count=count) for src, names, docs, count in ordered]


def aliases_by_source(e: Entity) -> list[s.AliasGroup]:
    """Which outlet (or reference list) called the entity what: the analyst's first check on a merge."""
    groups: dict[str | None, tuple[dict[str, None], dict[str, None]]] = {}
    for a in e.aliases:
        names, docs = groups.setdefault(a.source, ({}, {}))
        names[a.name] = None
        if a.doc:
            docs[a.doc] = None
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, (kv[0] or "").casefold()))
    return [s.AliasGroup(source=src, names=list(n), docs=list(d)) for src, (n, d) in ordered]


def event_summary(v: Event, lookup: Lookup) -> s.EventSummary:
    return s.EventSummary(id=v.id, type=v.type, name=v.name, date=v.date, location=lookup.maybe_ref(v.location))


EVENTS_SHOWN = 50  # events listed on an entity page; event_count says how many there are


def entity_detail(store: Store, e: Entity, limit: int = 50, offset: int = 0) -> s.EntityOut:
    """One entity with its names by source, a page of its relations (best graded first), its first events
    and the merges proposed for it: each list read as a page, whatever the entity's size."""
    lookup = Lookup(store)
    page = store.relations_page(e.id, None, offset, limit)
    events = store.entity_events(e.id, 0, EVENTS_SHOWN)
    lookup.load({v.location for v in events if v.location})
    names = store.alias_names([e.id]).get(e.id, [])
    return s.EntityOut(
        id=e.id, type=e.type, name=e.name, aliases=[n for n in names if n != e.name], key=e.key,
        first_seen=e.first_seen, first_reported=store.entity_first_reported(e.id),
        aliases_by_source=alias_groups(store, e.id),
        relations=relation_page(store, page, lookup), relation_count=store.relation_count(e.id),
        relations_offset=offset, events=[event_summary(v, lookup) for v in events],
        event_count=store.entity_event_count(e.id), proposals=proposals(store, e), watched=store.is_watched(e.id))


# Pairs asking for an analyst first; an outcome resolution does not write (an old or hand-made row) sorts with them.
OUTCOME_ORDER: dict[str, int] = {MatchOutcome.UNSURE: 0, MatchOutcome.DIFFERENT: 1, MatchOutcome.SAME: 2}
MAX_PROPOSALS = 60


def proposals(store: Store, e: Entity) -> list[s.Proposal]:
    """Resolution's decisions about this entity, the ones asking for an analyst first.

    The resolver records a decision per candidate: "unsure" pairs it wants an analyst
    to settle, "different" pairs it kept apart, and "same" for every mention it folded
    in (named "<doc>#<ref>"), which an analyst may split off with "not-same".
    """
    judged = {(j["a"], j["b"]): j["judgement"] for j in store.judgements()}
    out = []
    # Outcome by outcome, best score first, at most MAX_PROPOSALS each: an entity that folded in thousands
    # of mentions has thousands of "same" decisions, and the page shows the ones asking for an analyst first.
    decided = store.decisions_ranked(e.id, "entity", [None, MatchOutcome.DIFFERENT, MatchOutcome.SAME], MAX_PROPOSALS)
    others = {x["b"] if x["a"] == e.id else x["a"] for x in decided}
    stubs = {x.id: x for x in store.entity_stubs(others)}
    for d in decided:
        other = d["b"] if d["a"] == e.id else d["a"]
        features = d.get("features") or {}
        other_entity = stubs.get(other)
        doc = other.split("#", 1)[0] if "#" in other else None
        if other_entity is not None:
            label = other_entity.name
        else:
            names = features.get("names")
            label = " / ".join(str(n) for n in names) if isinstance(names, list) and names else other
        out.append(s.Proposal(
            other=s.Ref(id=other_entity.id, name=other_entity.name, type=other_entity.type) if other_entity else None,
            other_id=other, other_label=label, other_doc=doc, kind=d["kind"], outcome=d["outcome"],
            score=d.get("score"), features=features,
            judgement=judged.get(tuple(sorted((e.id, other)))),  # type: ignore[arg-type]
        ))
    out.sort(key=lambda p: (OUTCOME_ORDER.get(p.outcome, 0), -(p.score or 0), p.other_label))
    return out[:MAX_PROPOSALS]


def sort_relations(relations: Iterable[Relation]) -> list[Relation]:
    """Best-graded first: the claims an analyst can lean on come before the rumours."""
    return sorted(relations, key=lambda r: (r.grade or 7, -r.sources, r.type, r.id))


EVENT_QUOTES = 200  # quotes listed on an event page
# Event fields that list actors, and the relation type each stands for (relations.yaml event_role).
ROLE_TYPES = {r.event_role: r.name for r in schema().relations.values() if r.event_role}


def actor_claims(store: Store, v: Event, rels: list[Relation], lookup: Lookup,
                 quotes: list[Evidence]) -> list[s.ActorClaim]:
    """Everyone with a part in the event, each with the certainty of that part: a relation's own, or,
    for an actor only the event lists, the event's evidence graded as the resolver grades a relation (the
    link index keeps that grade as the role's hop; `quotes`, a page of the evidence, when it has none)."""
    out = [s.ActorClaim(actor=lookup.ref(r.source), type=r.type, certainty=r.certainty, grade=r.grade or 6,
                        sources=r.sources, relation=r.id, role=r.role)
           for r in rels if r.target == v.id and r.source != v.id]
    covered = {(c.actor.id, c.type) for c in out}
    listed = [(a, ROLE_TYPES[f]) for f, members in (("organizers", v.organizers), ("participants", v.participants))
              if f in ROLE_TYPES for a in members]
    missing = [key for key in listed if key not in covered]
    if missing:
        hops = store.hop_rows(f"role:{a}:{t}:{v.id}" for a, t in missing)
        g = None
        for a, t in missing:
            h = hops.get(f"role:{a}:{t}:{v.id}")
            if h is not None:
                out.append(s.ActorClaim(actor=lookup.ref(a), type=t, certainty=Certainty(h.certainty), grade=h.grade,
                                        sources=h.sources))
                continue
            if g is None:
                docs = {e.doc: d for e in quotes if (d := lookup.document(e.doc)) is not None}
                g = grade(evidence_rows(quotes, docs))
            out.append(s.ActorClaim(actor=lookup.ref(a), type=t, certainty=g.certainty, grade=g.grade,
                                    sources=g.sources))
    for c in out:
        c.event_role = schema().relations[c.type].event_role if c.type in schema().relations else None
    return sorted(out, key=lambda c: (-c.certainty.strength, c.grade, c.actor.name))


def event_detail(store: Store, v: Event, coordinates: tuple[float, float] | None) -> s.EventOut:
    """The event (`v` without its evidence: it is read here, a page of it), who took part and its relations."""
    lookup = Lookup(store)
    lookup.load([*v.participants, *v.organizers])
    quotes = store.evidence_page(event_id=v.id, limit=EVENT_QUOTES)
    lookup.load_documents(e.doc for e in quotes)
    rels = store.relation_stubs_at([v.id])
    return s.EventOut(
        **event_summary(v, lookup).model_dump(),
        participants=[lookup.ref(p) for p in v.participants], organizers=[lookup.ref(o) for o in v.organizers],
        actors=actor_claims(store, v, rels, lookup, quotes),
        evidence=[evidence(e, lookup) for e in quotes],
        relations=relation_page(store, rels, lookup),
        first_seen=v.first_seen, first_reported=store.reported_spans(events=[v.id]).get(v.id, (None, None))[0],
        coordinates=coordinates)


def document_summary(d: Document) -> s.DocumentSummary:
    return s.DocumentSummary(
        id=d.id, title=d.title, source=d.source, url=d.url, published=d.published, language=d.language,
        copy_of=d.copy_of, similarity=d.similarity, ingested_at=d.ingested_at)


def document_detail(store: Store, d: Document) -> s.DocumentOut:
    """The document with every claim it supports, found through its own evidence rows."""
    lookup = Lookup(store)
    mentions = store.mentions(d.id)
    claims: list[s.DocClaim] = []
    rows = store.document_evidence(d.id)
    relations = {r.id: r for r in store.relation_stubs({rid for rid, _, _ in rows if rid})}
    events = {v.id: v for v in store.event_stubs({vid for _, vid, _ in rows if vid})}
    lookup.load({x for r in relations.values() for x in (r.source, r.target)} | {v.location for v in events.values()
                                                                                if v.location})
    seen: set[tuple[str | None, int, int]] = set()
    for rid, vid, e in rows:
        if rid in relations and (rid, e.start, e.end) not in seen:
            seen.add((rid, e.start, e.end))
            claims.append(s.DocClaim(start=e.start, end=e.end, quote=e.quote, certainty=e.certainty,
                                     cues=list(e.cues), relation=relation(relations[rid], lookup, with_evidence=False)))
        elif vid in events and (vid, e.start, e.end) not in seen:
            seen.add((vid, e.start, e.end))
            claims.append(s.DocClaim(start=e.start, end=e.end, quote=e.quote, certainty=e.certainty,
                                     cues=list(e.cues), event=event_summary(events[vid], lookup)))
    claims.sort(key=lambda c: (c.start, c.end))
    return s.DocumentOut(
        **document_summary(d).model_dump(), text=d.text, origin=d.origin, claims=claims,
        mentions=[s.MentionOut(start=m["start"], end=m["end"], text=m["text"], type=m["type"],
                               entity=m.get("entity_id")) for m in mentions])


def segments(text: str, spans: Iterable[tuple[int, int]], mark: tuple[int, int] | None) -> list[dict[str, object]]:
    """Cut `text` at every span boundary so overlapping quotes render without nesting tags.

    Each segment says whether it lies in some evidence quote and in the span the
    analyst followed a link to (`mark`). The template escapes each segment's text.
    """
    n = len(text)
    clean = [(max(0, a), min(n, b)) for a, b in spans if 0 <= a < b <= n]
    cuts = {0, n}
    for a, b in clean + ([mark] if mark else []):
        cuts.update((a, b))
    points = sorted(cuts)
    out: list[dict[str, object]] = []
    first_mark = True
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        in_quote = any(x <= a and b <= y for x, y in clean)
        marked = bool(mark and mark[0] <= a and b <= mark[1])
        out.append({"text": text[a:b], "quote": in_quote, "mark": marked, "anchor": marked and first_mark})
        if marked:
            first_mark = False
    return out


def _style(n: NodeStyle) -> s.NodeStyleOut:
    return s.NodeStyleOut(shape=n.shape, colour=n.colour, width=n.width)


def schema_out() -> s.SchemaOut:
    """linkwatch/schema/*.yaml as the API serves it (the link chart builds its styles and legend from it)."""
    sc = schema()
    return s.SchemaOut(
        entities=[s.EntityTypeOut(name=e.name, label=e.label, plural=e.plural, description=e.description,
                                  chart=_style(e.chart),
                                  kinds=[s.KindOut(name=k.name, label=k.label, description=k.description,
                                                   colour=k.colour) for k in e.kinds])
                  for e in sc.entities.values()],
        certainties=[s.CertaintyOut(name=c, colour=COLOURS[c], hedged=c is not Certainty.ASSERTED)
                     for c in Certainty],
        events=[s.EventTypeOut(name=e.name, label=e.label, description=e.description, family=e.family,
                               generic=e.generic) for e in sc.events.values()],
        event_chart=_style(sc.event_chart),
        relations=[s.RelationTypeOut(name=r.name, label=r.label, description=r.description, source=list(r.source),
                                     target=list(r.target), symmetric=r.symmetric, family=r.family,
                                     org_link=r.org_link, links_organisations=r.links_organisations, stix=r.stix,
                                     ftm=r.ftm.schema) for r in sc.relations.values()])

