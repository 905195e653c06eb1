"""Entity resolution: one document's local entity → one global entity.

1. A reference key (``org:<id>`` from the organisation list, ``geonames:<id>`` /
   ``place:<slug>`` from the gazetteer) is trusted: the entity filed under it is the one.
2. Otherwise candidates come from blocking keys (``entity_keys``: consonant skeletons
   of name parts and part pairs, acronyms, exact folded names), so the cost of a
   look-up depends on the block, not on the size of the store.
3. Each candidate is scored by the features in :mod:`features`; analyst judgements
   override the score. The best candidate at or above the merge threshold wins; every
   scored candidate gets a decision row with its features, so ``linkwatch explain``
   can say why an alias is in an entity and why other candidates were not.
4. A new entity's id derives from its natural key (reference key, or folded name),
   so replaying the same documents in the same order gives the same ids.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from linkwatch.model import Document, Entity, Judgement, LocalEntity, MatchOutcome, make_id
from linkwatch.model.graph import Alias
from linkwatch.model.reference import organisations
from linkwatch.model.schema import schema
from linkwatch.resolve import features as F
from linkwatch.resolve.judgements import Judgements, Side
from linkwatch.resolve.names import analyse, display_name, index_keys, natural_key, query_keys
from linkwatch.resolve.places import Gazetteer, Place
from linkwatch.store.base import Store, Writer

AFFILIATIONS = schema().in_family("affiliation")  # filed as "aff:" keys: a conflict keeps two people apart
CROSS_TYPES = {"person": "organization", "organization": "person"}
# Candidates below this name similarity are not worth a decision row: they only shared a block.
PLAUSIBLE = 0.5


@lru_cache(maxsize=1)
def reference_organisations() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """key → (canonical name, [(alias, source)]) from the organisation reference list."""
    return {o.key: (o.name, [(a.name, a.source) for a in o.aliases]) for o in organisations()}


@dataclass
class Resolved:
    entity_id: str
    created: bool
    place: Place | None = None


def local_id(doc_id: str, ref: str) -> str:
    """How decisions name a mention before (or instead of) a global entity."""
    return f"{doc_id}#{ref}"


class EntityResolver:
    def __init__(self, store: Store, gazetteer: Gazetteer) -> None:
        self.store = store
        self.gazetteer = gazetteer

    # profiles ---------------------------------------------------------------
    def profile(self, entity: Entity, names: list[str], keys: list[str]) -> F.Profile:
        """A stored entity's profile: its distinct names, and the affiliations and context earlier
        documents filed it under (keys, not relation rows: the cost must not grow with mentions)."""
        return F.Profile(
            id=entity.id, type=entity.type, names=[entity.name, *names], key=entity.key,
            affiliations={k[4:] for k in keys if k.startswith("aff:")},
            orgs={k[8:] for k in keys if k.startswith("ctx:org:")},
            places={k[10:] for k in keys if k.startswith("ctx:place:")},
            roles={k[5:] for k in keys if k.startswith("role:")})

    @staticmethod
    def side(entity: Entity, keys: Iterable[str] = ()) -> Side:
        return Side.of([entity.id, *(k[3:] for k in keys if k.startswith("id:"))], [entity.name])

    # resolution ---------------------------------------------------------------
    def resolve(self, local: LocalEntity, profile: F.Profile, doc: Document, writer: Writer,
                judgements: Judgements, countries: set[str], siblings: frozenset[str] = frozenset()) -> Resolved:
        """Fold `local` into an existing entity or create one. `siblings` are the entities other local
        entities of the same document resolved to: only an analyst's `same` may join `local` to one."""
        names = list(dict.fromkeys(n for n in [local.name, *local.aliases] if n and n.strip()))
        if local.generic:
            return self._generic(local, names, doc, writer)
        place = None
        key = local.key
        if local.type == "location":
            place = self.gazetteer.place(key) if key else self.gazetteer.lookup(names, countries)
            key = place.key if place else key
        profile.key = key
        natural = key or natural_key(display_name(local.name, local.type), local.type)
        proposed = make_id("e", local.type, natural)
        fallback = make_id("e", local.type, natural, doc.id, local.ref)  # when `proposed` is someone else's
        # Judgements may name this mention by the id it would get, or by "<doc>#<ref>" as `explain` shows it.
        me = Side.of([proposed, fallback, local_id(doc.id, local.ref)], [display_name(local.name, local.type)])

        chosen: Entity | None = None
        if key:
            found = [e for e in self._stubs(self.store.entity_ids_by_keys([f"ref:{key}"])) if e.type == local.type]
            chosen = found[0] if found else None
            if chosen is not None:
                writer.record_decision("entity", chosen.id, local_id(doc.id, local.ref), MatchOutcome.SAME, 1.0,
                                       {"reference": key, "names": names, "doc": doc.id,
                                        "features": {"same_reference": 1.0}})
        else:
            chosen = self._match(local, profile, names, doc, writer, judgements, me, siblings)
            if chosen is None and local.type in CROSS_TYPES:
                chosen = self._other_type(local, names, doc, writer)

        type_ = chosen.type if chosen is not None else local.type
        if chosen is not None:
            entity_id, created = chosen.id, False
            name = self._better_name(chosen.name, names, type_, key)
        else:
            taken = bool(self._stubs([proposed]))
            entity_id = fallback if taken and not key else proposed
            created, name = True, self._canonical(names, type_, key, place)
        aliases = [Alias(n, doc.id, doc.source) for n in names]
        writer.upsert_entity(Entity(entity_id, type_, name, aliases, key=key))
        keys = {k for n in names for k in index_keys(n, type_)}
        keys |= {f"ctx:org:{o}" for o in profile.orgs} | {f"ctx:place:{p}" for p in profile.places}
        keys |= {f"role:{r}" for r in profile.roles} | {f"aff:{o}" for o in profile.affiliations}
        if key:
            keys.add(f"ref:{key}")
        if entity_id != proposed:
            keys.add(f"id:{proposed}")  # judgements naming the id this mention would have had still find it
        writer.add_entity_keys(entity_id, keys)
        if place is not None and created:
            writer.put_place(entity_id, place.key, place.name, place.geonames_id, place.lat, place.lon,
                             place.country, place.admin1, place.feature)
        return Resolved(entity_id, created, place)

    @staticmethod
    def _generic(local: LocalEntity, names: list[str], doc: Document, writer: Writer) -> Resolved:
        """A group the text does not name ('unidentified gunmen') is its document's own: its id comes from the
        document and ref, and it is filed under no name key, so it neither finds nor is found by another
        entity ('the gunmen' of two articles are not one group, nor are 'jihadists' the named group)."""
        entity_id = make_id("e", local.type, "generic", doc.id, local.ref)
        writer.upsert_entity(Entity(entity_id, local.type, local.name, [Alias(n, doc.id, doc.source) for n in names],
                                    generic=True))
        return Resolved(entity_id, True, None)

    def _candidates(self, local: LocalEntity, names: list[str], judgements: Judgements,
                    me: Side) -> list[Entity]:
        keys = {k for n in names for k in query_keys(n, local.type)}
        found = {e.id: e for e in self._stubs(self.store.entity_ids_by_keys(keys)) if e.type == local.type}
        for other_id, other_name in judgements.partners(me):
            for e in self._find(other_id, other_name, local.type):
                found.setdefault(e.id, e)
        return list(found.values())

    def _find(self, entity_id: str, name: str | None, type_: str) -> list[Entity]:
        """An entity an analyst named, by id, by an id it absorbed, or by its name."""
        found = self._stubs([entity_id]) or self._stubs(self.store.entity_ids_by_keys([f"id:{entity_id}"]))
        if not found and name:
            found = self._stubs(self.store.entity_ids_by_keys([f"n:{type_}:{natural_key(name, type_)}"]))
        return [e for e in found if e.type == type_]

    def _stubs(self, ids: Iterable[str]) -> list[Entity]:
        ids = list(ids)
        return self.store.entity_stubs(ids) if ids else []

    def _match(self, local: LocalEntity, profile: F.Profile, names: list[str], doc: Document, writer: Writer,
               judgements: Judgements, me: Side, siblings: frozenset[str] = frozenset()) -> Entity | None:
        candidates = self._candidates(local, names, judgements, me)
        if not candidates:
            return None
        scored: list[tuple[float, Entity, F.Comparison, Judgement | None]] = []
        kept_apart: set[str] = set()
        names_of = self.store.alias_names([c.id for c in candidates])
        # A candidate's context keys grow with every document naming it; the features only need the
        # ones this mention has too (shared context, role, affiliation), whether it has any affiliation
        # at all (a conflict), and the ids it absorbed (judgements). The profile built from these keys
        # scores exactly as one built from all of them.
        mine = ({f"aff:{o}" for o in profile.affiliations} | {f"ctx:org:{o}" for o in profile.orgs}
                | {f"ctx:place:{p}" for p in profile.places} | {f"role:{r}" for r in profile.roles})
        keys_of = self.store.entity_keys_by_id([c.id for c in candidates], ("aff:", "id:"), mine)
        for cand in candidates:
            keys = keys_of.get(cand.id, [])
            cmp = F.compare(profile, self.profile(cand, names_of.get(cand.id, []), keys))
            verdict = judgements.verdict(me, self.side(cand, keys)) if judgements else None
            if verdict is not None:
                cmp.outcome = verdict.judgement.outcome
            if cmp.match.score < PLAUSIBLE and verdict is None:
                continue
            judged_same = verdict is not None and verdict.judgement == Judgement.SAME
            if cand.id in siblings and cmp.outcome != MatchOutcome.DIFFERENT and not judged_same:
                cmp.outcome = MatchOutcome.DIFFERENT
                kept_apart.add(cand.id)
            # A judged `same` outranks any score; then the score decides.
            rank = 2.0 if judged_same else cmp.score
            scored.append((rank, cand, cmp, verdict.judgement if verdict else None))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        best = next(((c, cmp, j) for _, c, cmp, j in scored if cmp.outcome == MatchOutcome.SAME), None)
        me_id = local_id(doc.id, local.ref)
        chosen = best[0] if best else None
        hint: str | None = chosen.id if chosen else None  # the id every other decision points at
        for _, cand, cmp, judged in scored:
            record = {**cmp.features(), "local": me_id, "doc": doc.id, "names": names}
            if judged:
                record["judgement"] = judged
            if cand.id in kept_apart:
                record["note"] = "kept apart: another name in the same document already resolved to it"
            if chosen is not None and cand.id == chosen.id:
                writer.record_decision("entity", cand.id, me_id, MatchOutcome.SAME, cmp.score, record)
                continue
            outcome = cmp.outcome
            if outcome == MatchOutcome.SAME:  # scored high, but another candidate was better: ask an analyst
                outcome, record["note"] = MatchOutcome.UNSURE, "another candidate scored higher"
            record["resolved_to"] = chosen.id if chosen else None
            hint = hint or self._new_id_hint(local, doc)  # one look-up per mention, not per candidate
            writer.record_decision("entity", cand.id, hint, outcome, cmp.score, record)
        return chosen

    def _other_type(self, local: LocalEntity, names: list[str], doc: Document, writer: Writer) -> Entity | None:
        """The same full name already filed as a person when this mention says organisation (or the
        reverse): named-entity recognisers disagree on such names from one article to the next, and a
        full name of two or more parts is specific enough to join them. The stored type stays."""
        other = CROSS_TYPES[local.type]
        keys = set()
        for n in names:
            form = analyse(n, other)
            if len(form.parts) >= 2:
                keys.add(f"n:{other}:{' '.join(form.parts)}")
        found = [e for e in self._stubs(self.store.entity_ids_by_keys(keys)) if e.type == other and not e.key]
        if len(found) != 1:
            return None
        writer.record_decision("entity", found[0].id, local_id(doc.id, local.ref), MatchOutcome.SAME, 1.0,
                               {"names": names, "doc": doc.id, "kind": "type conflict",
                                "note": f"named as {local.type} here, as {other} before: identical full name",
                                "features": {"name_similarity": 1.0}})
        return found[0]

    def _new_id_hint(self, local: LocalEntity, doc: Document) -> str:
        """The id a mention that matched nobody will get (decided before it is written)."""
        natural = natural_key(display_name(local.name, local.type), local.type)
        proposed = make_id("e", local.type, natural)
        taken = bool(self._stubs([proposed]))
        return make_id("e", local.type, natural, doc.id, local.ref) if taken else proposed

    # names ---------------------------------------------------------------------
    @staticmethod
    def _canonical(names: list[str], type_: str, key: str | None, place: Place | None) -> str:
        if place is not None:
            return place.name
        if key and key in reference_organisations():
            return reference_organisations()[key][0]
        return max((display_name(n, type_) for n in names), key=lambda n: _name_rank(n, type_))

    @staticmethod
    def _better_name(current: str, names: list[str], type_: str, key: str | None) -> str:
        """Keep the canonical name unless a fuller one turns up (a full name over a surname)."""
        if key:
            return current  # reference names and gazetteer names are canonical already
        best = current
        for n in names:
            shown = display_name(n, type_)
            if _name_rank(shown, type_) > _name_rank(best, type_):
                best = shown
        return best


def _name_rank(name: str, type_: str) -> tuple[int, int]:
    """Prefer names that are not acronyms, then names with more parts; on a tie the name
    already chosen stays (canonical names should not flip with every new spelling)."""
    form = analyse(name, type_)
    acronym = name.isupper() or (len(name) <= 6 and sum(ch.isupper() for ch in name) >= 2)
    return (0 if acronym else 1, len(form.parts))
