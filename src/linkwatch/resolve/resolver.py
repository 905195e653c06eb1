"""Resolution: fold one document's local entities, events and relations into the global graph.

This first version matches entities by reference key or folded name only and
never merges events across documents; the matching module replaces both.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from linkwatch.model import DocExtraction, Document, Entity, Event, Relation, fold, make_id
from linkwatch.model.graph import Alias
from linkwatch.resolve.grading import grade
from linkwatch.settings import Settings
from linkwatch.store.base import Store, Writer


@dataclass
class ResolveResult:
    entity_of: dict[str, str] = field(default_factory=dict)  # local ref -> global entity id
    event_of: dict[str, str] = field(default_factory=dict)  # local ref -> global event id
    new_relations: list[str] = field(default_factory=list)
    touched_relations: list[str] = field(default_factory=list)


class Resolver:
    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()

    def resolve(self, doc: Document, extraction: DocExtraction, writer: Writer) -> ResolveResult:
        result = ResolveResult()
        for local in extraction.entities:
            keys = [local.key] if local.key else []
            keys += [f"name:{local.type}:{fold(n)}" for n in [local.name, *local.aliases] if fold(n)]
            found = [e for e in self.store.entities_by_keys(keys) if e.type == local.type]
            entity_id = found[0].id if found else make_id("e", local.type, local.key or fold(local.name))
            name = found[0].name if found else local.name
            aliases = [Alias(n, doc.id, doc.source) for n in {local.name, *local.aliases}]
            writer.upsert_entity(Entity(entity_id, local.type, name, aliases, key=local.key))
            writer.add_entity_keys(entity_id, keys)
            writer.set_local_ref(doc.id, local.ref, entity_id)
            result.entity_of[local.ref] = entity_id
        writer.add_mentions(doc.id, extraction.mentions, result.entity_of)
        for ev in extraction.events:
            event_id = make_id("v", doc.id, ev.ref)
            writer.upsert_event(Event(
                event_id, ev.type, ev.date, result.entity_of.get(ev.location or ""),
                [result.entity_of[p] for p in ev.participants if p in result.entity_of],
                [result.entity_of[o] for o in ev.organizers if o in result.entity_of],
                ev.name, ev.evidence))
            writer.set_local_ref(doc.id, ev.ref, event_id)
            result.event_of[ev.ref] = event_id
        refs = {**result.entity_of, **result.event_of}
        for rel in extraction.relations:
            source, target = refs.get(rel.source), refs.get(rel.target)
            if not source or not target or source == target:
                continue
            rid = Relation.make_id(rel.type, source, target)
            if rel.type in ("relative_of", "met_with", "allied_with") and target < source:
                source, target = target, source
            created = writer.add_relation(Relation(rid, rel.type, source, target, rel.certainty, rel.evidence,
                                                   role=rel.role))
            (result.new_relations if created else result.touched_relations).append(rid)
        for rid in {*result.new_relations, *result.touched_relations}:
            g = grade(self.store.relation_sources(rid))
            writer.update_relation_grade(rid, g.certainty.value, g.sources, g.grade, g.confidence, doc.id)
        return result
