"""Resolution: fold one document's local entities, events and relations into the global graph.

Called once per document, inside that document's transaction (``Pipeline._flush``),
and again for every stored extraction by ``Pipeline.reresolve``. Order matters:

1. organisations and places first (reference keys and the gazetteer decide them), so
2. people can be compared with their affiliations and the groups and places around them;
3. events, whose participants and place are then global ids;
4. relations, which after steps 1-3 land on one id per fact, collecting every quote;
   each touched relation is graded again over all its evidence, as the store summarises
   it (one row per outlet and label: :meth:`Store.relation_source_groups`).

Every look-up goes through an index (entity_keys, event_keys, relations by entity), and
reads what the comparison needs rather than everything an entity or event has gathered
(stubs without aliases or evidence, the context keys a mention could share, distinct
names), so adding a document costs about the same in a store of 1,000 or 10,000
documents (benchmarks/incremental.py).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from linkwatch.model import SYMMETRIC_RELATIONS, DocExtraction, Document, LocalEntity, Relation
from linkwatch.resolve.entities import AFFILIATIONS, EntityResolver
from linkwatch.resolve.events import EventResolver
from linkwatch.resolve.features import Profile
from linkwatch.resolve.grading import grade
from linkwatch.resolve.judgements import Judgements
from linkwatch.resolve.places import Gazetteer, gazetteer
from linkwatch.settings import Settings
from linkwatch.store.base import Store, Writer
from linkwatch.text import fold

# Organisations and places are settled before people, whose comparison uses them.
ORDER = {"organization": 0, "location": 1, "person": 2}


@dataclass
class ResolveResult:
    entity_of: dict[str, str] = field(default_factory=dict)  # local ref -> global entity id
    event_of: dict[str, str] = field(default_factory=dict)  # local ref -> global event id
    new_relations: list[str] = field(default_factory=list)
    touched_relations: list[str] = field(default_factory=list)
    new_entities: list[str] = field(default_factory=list)


class Resolver:
    def __init__(self, store: Store, settings: Settings | None = None, places: Gazetteer | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.gazetteer = places or gazetteer()
        self.entities = EntityResolver(store, self.gazetteer)
        self.events = EventResolver(store, self.gazetteer)

    def resolve(self, doc: Document, extraction: DocExtraction, writer: Writer) -> ResolveResult:
        result = ResolveResult()
        judgements = Judgements.load(self.store)
        local_of = {e.ref: e for e in extraction.entities}
        countries = {c for e in extraction.entities if e.type == "location"
                     for c in [self.gazetteer.country_of_name(n) for n in [e.name, *e.aliases]] if c}
        affiliated: dict[str, set[str]] = defaultdict(set)
        for rel in extraction.relations:
            if rel.type in AFFILIATIONS:
                affiliated[rel.source].add(rel.target)
        place_of: dict[str, str] = {}
        # Built once per document, not once per mention: folding every name of the document for each
        # mention made a long article's profiles cost the square of its mentions.
        by_name = {fold(n): r for r, e in local_of.items() for n in [e.name, *e.aliases]}
        seen: dict[str, set[str]] = {"organization": set(), "location": set()}  # global ids resolved so far
        for local in sorted(extraction.entities, key=lambda e: ORDER.get(e.type, 3)):
            profile = self._profile(local, result.entity_of, affiliated, local_of, by_name, seen)
            # Names the extractor kept apart within this document are different things (two brothers
            # sharing a family name): none may fold into an entity another of them already took.
            siblings = frozenset(g for r, g in result.entity_of.items() if local_of[r].type == local.type)
            resolved = self.entities.resolve(local, profile, doc, writer, judgements, countries, siblings)
            result.entity_of[local.ref] = resolved.entity_id
            if local.type in seen:
                seen[local.type].add(resolved.entity_id)
            if resolved.created:
                result.new_entities.append(resolved.entity_id)
            if resolved.place is not None:
                place_of[resolved.entity_id] = resolved.place.key
            writer.set_local_ref(doc.id, local.ref, resolved.entity_id)
        writer.add_mentions(doc.id, extraction.mentions, result.entity_of)

        types = {e.ref: e.type for e in extraction.entities}
        for ev in extraction.events:
            event_id = self.events.resolve(ev, result.entity_of, types, place_of, doc, writer, judgements)
            result.event_of[ev.ref] = event_id
            writer.set_local_ref(doc.id, ev.ref, event_id)

        self._relations(extraction, result, writer)
        for rid in dict.fromkeys([*result.new_relations, *result.touched_relations]):
            g = grade(self.store.relation_source_groups(rid))
            writer.update_relation_grade(rid, g.certainty.value, g.sources, g.grade, g.confidence, doc.id)
        return result

    @staticmethod
    def _profile(local: LocalEntity, entity_of: dict[str, str], affiliated: dict[str, set[str]],
                 local_of: dict[str, LocalEntity], by_name: dict[str, str], seen: dict[str, set[str]]) -> Profile:
        """The mention's context, in global ids of things already resolved in this document
        (`seen`: the organisations and places among them; `by_name`: local refs by folded name)."""
        orgs = set(seen["organization"])
        places = set(seen["location"])
        for kind, values in (local.context or {}).items():
            for value in values:
                ref = value if value in local_of else by_name.get(fold(value))
                if ref is None or ref not in entity_of:
                    continue
                if local_of[ref].type == "organization" or kind.startswith("org"):
                    orgs.add(entity_of[ref])
                elif local_of[ref].type == "location":
                    places.add(entity_of[ref])
        return Profile(
            id=None, type=local.type, names=[local.name, *local.aliases],
            affiliations={entity_of[t] for t in affiliated.get(local.ref, ()) if t in entity_of},
            orgs=orgs, places=places, roles={r.casefold() for r in local.roles if r})

    def _relations(self, extraction: DocExtraction, result: ResolveResult, writer: Writer) -> None:
        refs = {**result.entity_of, **result.event_of}
        for rel in extraction.relations:
            source, target = refs.get(rel.source), refs.get(rel.target)
            if not source or not target or source == target:
                continue  # an endpoint extraction could not name, or two mentions of one thing
            rid = Relation.make_id(rel.type, source, target)
            if rel.type in SYMMETRIC_RELATIONS and target < source:
                source, target = target, source
            created = writer.add_relation(Relation(rid, rel.type, source, target, rel.certainty, rel.evidence,
                                                   role=rel.role, former=rel.former, ended=rel.ended))
            (result.new_relations if created else result.touched_relations).append(rid)
