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
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from linkwatch.data import words
from linkwatch.model import SYMMETRIC_RELATIONS, DocExtraction, Document, Evidence, LocalEntity, Relation
from linkwatch.resolve.entities import AFFILIATIONS, EntityResolver, local_id
from linkwatch.resolve.events import EventResolver
from linkwatch.resolve.features import Profile
from linkwatch.resolve.grading import grade
from linkwatch.resolve.judgements import Judgements
from linkwatch.resolve.names import analyse, index_keys, is_generic
from linkwatch.resolve.nodes import canonical_name, mention_type, node_type
from linkwatch.resolve.places import Gazetteer, gazetteer
from linkwatch.resolve.qualified import qualify
from linkwatch.resolve.reconcile import Reconciler
from linkwatch.resolve.regional import regional_key
from linkwatch.resolve.shortforms import separate_short_forms
from linkwatch.settings import Settings
from linkwatch.store.base import Store, Writer
from linkwatch.text import fold, tokens

EQUATED = "linkwatch.aliases.v1"  # the extractor that reads names an article equates (extract/aliases.py)
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
        self.reconciler = Reconciler(store, self.entities)
        self.events = EventResolver(store, self.gazetteer)

    def resolve(self, doc: Document, extraction: DocExtraction, writer: Writer) -> ResolveResult:
        result = ResolveResult()
        self.entities.new_document()
        judgements = Judgements.load(self.store)
        affiliated: dict[str, set[str]] = defaultdict(set)
        for rel in extraction.relations:
            if rel.type in AFFILIATIONS:
                affiliated[rel.source].add(rel.target)
        locals_, extraction = separate_short_forms(self._typed(extraction, affiliated), extraction)
        affiliated = defaultdict(set)  # again: claims made only of a separated short form went with it
        for rel in extraction.relations:
            if rel.type in AFFILIATIONS:
                affiliated[rel.source].add(rel.target)
        locals_ = qualify(locals_, extraction, doc, self.gazetteer)  # "Pakistan's Ministry of Foreign Affairs"
        countries = self._countries(locals_)
        self.entities.notes = {}
        for n, local in enumerate(locals_):  # a name two listed groups share: the document's country decides
            locals_[n], note = regional_key(local, countries, self.gazetteer)
            if note:
                self.entities.notes[local.ref] = note
        local_of = {e.ref: e for e in locals_}
        place_of: dict[str, str] = {}
        # Built once per document, not once per mention: folding every name of the document for each
        # mention made a long article's profiles cost the square of its mentions.
        by_name = {fold(n): r for r, e in local_of.items() for n in [e.name, *e.aliases]}
        seen: dict[str, set[str]] = {"organization": set(), "location": set()}  # global ids resolved so far
        seeds: dict[str, set[str]] = defaultdict(set)  # entity -> the candidates its blocks held
        voted: set[tuple[str, str]] = set()
        for local in self._in_order(locals_, result, affiliated, local_of, by_name, seen, doc, judgements):
            profile = self._profile(local, result.entity_of, affiliated, local_of, by_name, seen)
            # Names the extractor kept apart within this document may be different things (two brothers
            # sharing a family name): none folds into an entity another of them took where the
            # document's names distinguish them.
            siblings: dict[str, list[str]] = {}
            for r, g in result.entity_of.items():
                if local_of[r].type == local.type:
                    siblings.setdefault(g, []).extend([local_of[r].name, *local_of[r].aliases])
            resolved = self.entities.resolve(local, profile, doc, writer, judgements, countries, siblings,
                                             self.settings.canonical_names)
            result.entity_of[local.ref] = resolved.entity_id
            if (resolved.entity_id, local.type) not in voted:  # one vote per document, however many mentions
                voted.add((resolved.entity_id, local.type))
                writer.add_type_vote(resolved.entity_id, local.type)
            seeds[resolved.entity_id] |= resolved.candidates
            if local.type in seen:
                seen[local.type].add(resolved.entity_id)
            if resolved.created:
                result.new_entities.append(resolved.entity_id)
            if resolved.place is not None:
                place_of[resolved.entity_id] = resolved.place.key
            writer.set_local_ref(doc.id, local.ref, resolved.entity_id)  # merges below keep it current
            for eq in local.equated:  # names the document itself equates, with the sentence that does
                writer.add_alias_evidence(resolved.entity_id, eq["name"], eq["as"],
                                          Evidence(doc.id, eq["start"], eq["end"], eq["quote"], EQUATED), eq["cue"])
        # The blocks this document touched are clustered again: what it says may join nodes filed apart.
        merged = self.reconciler.run(seeds, doc, writer, judgements,
                                     {local_id(doc.id, r): g for r, g in result.entity_of.items()})
        result.entity_of = {r: merged.final(g) for r, g in result.entity_of.items()}
        result.new_entities = [g for g in result.new_entities if g not in merged.into]
        place_of = {merged.final(g): k for g, k in place_of.items()}
        writer.add_mentions(doc.id, extraction.mentions, result.entity_of)
        self._settle(set(result.entity_of.values()), writer)

        types = {e.ref: e.type for e in locals_}
        ties: dict[str, set[str]] = defaultdict(set)  # people this document ties to groups, in global ids
        for source, targets in affiliated.items():
            if types.get(source) == "person" and source in result.entity_of:
                ties[result.entity_of[source]] |= {result.entity_of[t] for t in targets if t in result.entity_of}
        self.events.file_affiliations(ties, writer)
        joined: dict[str, str] = {}  # events a report joined: absorbed id -> the id it now is
        moved = list(merged.relations)
        for ev in extraction.events:
            event_id, into, relations = self.events.resolve(ev, result.entity_of, types, place_of, doc, writer,
                                                            judgements)
            joined.update(into)
            moved += relations
            result.event_of[ev.ref] = event_id
            writer.set_local_ref(doc.id, ev.ref, event_id)
        for ref, event_id in result.event_of.items():
            while event_id in joined:
                event_id = joined[event_id]
            result.event_of[ref] = event_id

        self._relations(extraction, result, writer)
        regrade = self.store.existing_relations(moved) if moved else set()  # merges may fold some away
        for rid in dict.fromkeys([*result.new_relations, *result.touched_relations, *regrade]):
            graded = grade(self.store.relation_source_groups(rid))
            writer.update_relation_grade(rid, graded.certainty.value, graded.sources, graded.grade,
                                         graded.confidence, doc.id)
        return result

    def _in_order(self, locals_: list[LocalEntity], result: ResolveResult, affiliated: dict[str, set[str]],
                  local_of: dict[str, LocalEntity], by_name: dict[str, str], seen: dict[str, set[str]],
                  doc: Document, judgements: Judgements) -> Iterator[LocalEntity]:
        """Organisations, places, then people; within a type, what a reference list identifies first,
        then the mentions that match the store best: two mentions of one document wanting one node, the
        closer takes it whatever order the extractor listed them in."""
        for type_ in sorted({e.type for e in locals_}, key=lambda t: ORDER.get(t, 3)):
            group = [e for e in locals_ if e.type == type_]
            unkeyed = [e for e in group if not e.key]
            yield from (e for e in group if e.key)
            if len(unkeyed) > 1 and type_ != "location":  # places: the gazetteer decides most of them
                rank = {e.ref: self.entities.rank(e, self._profile(e, result.entity_of, affiliated, local_of, by_name,
                                                                   seen), doc, judgements) for e in unkeyed}
                unkeyed.sort(key=lambda e: (-rank[e.ref][0], -rank[e.ref][1]))  # ties keep the extractor's order
            yield from unkeyed

    def _typed(self, extraction: DocExtraction, affiliated: dict[str, set[str]]) -> list[LocalEntity]:
        """The document's entities with the type resolution gives them (:func:`nodes.mention_type`): a
        place the model called a person or a group is a place, unless the document has it belong to a
        group or carry a role."""
        countries = self._countries(extraction.entities)
        kinds = {e.ref: e.type for e in extraction.entities}
        places = {fold(n) for e in extraction.entities if e.type == "location" for n in [e.name, *e.aliases]}
        # Twice: a province or country found among the mislabelled names ('Balochistan' as a group) says
        # which country the story is in, and so which 'Quetta' its other mislabelled names mean; and a
        # place said to be a "member" of a mislabelled province belongs to no group.
        for _ in range(2):
            typed = [(e, *mention_type(e, self.gazetteer, countries,
                                       any(kinds.get(t) == "organization" for t in affiliated.get(e.ref, ())), places))
                     for e in extraction.entities]
            countries |= {p.country for _, _, p in typed if p is not None and p.country}
            kinds = {e.ref: type_ for e, type_, _ in typed}
        out = [e if type_ == e.type else replace(e, type=type_) for e, type_, _ in typed]
        return [self._person_named(e, out, countries) for e in out]

    def _person_named(self, local: LocalEntity, locals_: list[LocalEntity], countries: set[str]) -> LocalEntity:
        """A "place" no gazetteer knows that has a full name a person of the same document has ('Luciano
        Marín Arango, better known as Iván Márquez' beside the person 'Iván Márquez') is a person; one
        whose names are all parts of a person's names ('Petro' beside 'Gustavo Petro') is that person: it
        takes the person's name, so it joins the same node."""
        if local.type != "location" or local.key:
            return local
        names = [n for n in dict.fromkeys([local.name, *local.aliases]) if n.strip()]
        if not names or self.gazetteer.lookup(names, countries) is not None:
            return local
        # A person's name the model called a group ('Gustavo Petro' as ORG) counts: no word of it is a group's.
        people = [e for e in locals_ if not e.generic and (e.type == "person" or e.type == "organization" and not e.key
                                                          and 2 <= len(tokens(e.name)) <= 3
                                                          and not any(is_generic(p, "organization") or p in _heads()
                                                                      for p in tokens(e.name)))]
        for person in people:
            theirs = [n for n in dict.fromkeys([person.name, *person.aliases]) if n.strip()]
            full = {analyse(m, "person").parts for m in theirs if len(analyse(m, "person").parts) >= 2}
            if any(analyse(n, "person").parts in full for n in names):
                # 'Luciano Marín Arango, better known as Iván Márquez' as a place, beside the person
                # 'Iván Márquez': a full name the document gives a person names a person.
                return replace(local, type="person")
            if all(any(_part_of(n, m) for m in theirs) for n in names):
                return replace(local, type=person.type, name=person.name,
                               aliases=list(dict.fromkeys([*person.aliases, *names])))
        return local

    def _countries(self, entities: list[LocalEntity]) -> set[str]:
        """The countries a document is about: those it names, and those its places lie in."""
        named = {c for e in entities if e.type == "location"
                 for c in [self.gazetteer.country_of_name(n) for n in [e.name, *e.aliases]] if c}
        found = {p.country for e in entities if e.type == "location" and not e.key
                 for p in [self.gazetteer.lookup([e.name, *e.aliases], named)] if p and p.country}
        return named | found

    def _settle(self, ids: set[str], writer: Writer) -> None:
        """Each touched node's type (reference list, else most documents) and canonical name (the
        spelling most sources use, or the reference list's: the canonical_names setting)."""
        for entity in self.store.entity_stubs(sorted(ids)):
            counts = self.store.name_counts(entity.id)
            names = [n for n, _ in counts]
            type_ = node_type(entity.key, self.store.type_votes(entity.id), names, entity.type)
            place = self.gazetteer.place(entity.key) if entity.key else None
            name = canonical_name(counts, type_, self.entities.reference_name(entity.key, place),
                                  self.settings.canonical_names) or entity.name
            if type_ != entity.type:
                # Filed again under the new type's keys, so the next mention typed that way finds it.
                writer.add_entity_keys(entity.id, {k for n in names for k in index_keys(n, type_)})
            writer.set_entity(entity.id, type_, name)

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


def _heads() -> frozenset[str]:
    return words("names.json", "institution_heads") | words("names.json", "org_words") \
        | words("names.json", "facility_words")


def _part_of(name: str, other: str) -> bool:
    """`name` is `other`, or the parts it has are among `other`'s, in the same order."""
    mine, theirs = analyse(name, "person").parts, analyse(other, "person").parts
    if not mine:
        return False
    it = iter(theirs)
    return all(p in it for p in mine)
