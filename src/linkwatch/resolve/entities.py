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
from dataclasses import dataclass, field
from functools import lru_cache

from linkwatch.model import (
    Document,
    Entity,
    Judgement,
    LocalEntity,
    MatchOutcome,
    make_id,
)
from linkwatch.model.graph import Alias
from linkwatch.model.reference import organisation, organisations
from linkwatch.model.schema import schema
from linkwatch.resolve import features as F
from linkwatch.resolve.distinct import distinguishes
from linkwatch.resolve.judgements import Judgements, Side
from linkwatch.resolve.names import (
    NameMatch,
    analyse,
    best_match,
    display_name,
    full_names,
    index_keys,
    is_generic,
    natural_key,
    query_keys,
)
from linkwatch.resolve.nodes import canonical_name
from linkwatch.resolve.places import Gazetteer, Place
from linkwatch.store.base import Store, Writer
from linkwatch.text import fold

AFFILIATIONS = schema().in_family("affiliation")  # filed as "aff:" keys: a conflict keeps two people apart
# The types a recogniser confuses for one another on one name, so a node of one may join a node of the other:
# a person and a group by an identical full name; a person and a "place" no gazetteer knows by a full name
# that matches as a person's does ('Pablo Beltrán' as GPE in one article, PERSON in the next).
CROSS_TYPES: dict[str, tuple[str, ...]] = {"person": ("organization", "location"), "organization": ("person",),
                                           "location": ("person",)}


def cross_type_match(names_a: Iterable[str], type_a: str, names_b: Iterable[str], type_b: str) -> NameMatch | None:
    """How the names of two unlisted nodes of two types a recogniser confuses join, if they do: a person
    and a group by an identical full name (by an identical word when the "person" has no full name at
    all); a person and a place no gazetteer knows by full names matching at the merge score (the place's
    names read as a person's)."""
    if type_b not in CROSS_TYPES.get(type_a, ()):
        return None
    if "location" in (type_a, type_b):
        full_a, full_b = full_names(names_a), full_names(names_b)
        m = best_match(full_a, full_b, "person", acronyms=False) if full_a and full_b else None
        return m if m is not None and m.score >= F.MERGE else None
    names_a, names_b = list(names_a), list(names_b)
    # One word is enough when the "person" has no full name at all: a person is named in full somewhere in
    # a story, a group often by one word ('Reuters' in a photo credit read as a person).
    person_names = names_a if type_a == "person" else names_b
    least = 1 if not full_names(person_names) else 2
    ids_a = {" ".join(analyse(n, "person").parts): n for n in names_a if len(analyse(n, "person").parts) >= least}
    ids_b = {" ".join(analyse(n, "person").parts): n for n in names_b if len(analyse(n, "person").parts) >= least}
    shared = sorted(set(ids_a) & set(ids_b))
    return NameMatch(1.0, "identical", ids_a[shared[0]], ids_b[shared[0]]) if shared else None
# Candidates below this name similarity are not worth a decision row: they only shared a block.
PLAUSIBLE = 0.5
# Relations by which one group descends from or stands for another (the schema's org-link kinds): people
# affiliated with two groups so related are not thereby two people (features.affiliation_conflict).
LINEAGE = tuple(sorted(r.name for r in schema().relations.values() if r.org_link in ("front", "splinter", "merger")))
# ...unless a rule refused a match the spelling alone would suggest: an acronym never seen with its
# expansion, names sharing only generic words, two factions. `explain` says so.
REFUSALS = frozenset({"acronym unseen", "generic", "faction"})


@lru_cache(maxsize=1)
def reference_organisations() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """key → (canonical name, [(alias, source)]) from the organisation reference list."""
    return {o.key: (o.name, [(a.name, a.source) for a in o.aliases]) for o in organisations()}


@lru_cache(maxsize=4096)
def reference_match_names(key: str | None) -> tuple[str, ...]:
    """The names the organisation list gives a listed group that are specific enough to find it by: every
    name of a node is one of its keys, and a document that spells a listed alias its own way ('Ahl
    al-Sunnah wa al Jamma'ah' for the list's 'Ahl al-Sunna wa al-Jamaa') names the listed group. Only names
    with two words that are not generic ('Islamic State of Iraq' has one) and not guessed from initials:
    an alias like 'The Youth' or 'Islamic Army' would claim every group so called. A name the list gives
    two groups ('Islamic State Central Africa Province', an a.k.a. of its Mozambique and its Congo entries)
    names neither alone."""
    org = organisation(key) if key and key.startswith("org:") else None
    if org is None:
        return ()
    out = []
    for name, derived in [(org.name, False), *((a.name, a.derived) for a in org.aliases)]:
        parts = analyse(name, "organization").parts
        if not derived and sum(1 for p in parts if not is_generic(p, "organization")) >= 2 \
                and len(_listed_under().get(fold(name), ())) == 1:
            out.append(name)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _listed_under() -> dict[str, set[str]]:
    """Each folded name on the organisation list, with the organisations it names."""
    out: dict[str, set[str]] = {}
    for o in organisations():
        for n in o.names():
            out.setdefault(fold(n), set()).add(o.id)
    return out


@dataclass
class Resolved:
    entity_id: str
    created: bool
    place: Place | None = None
    candidates: set[str] = field(default_factory=set)  # the entities its blocks held: reconciliation's seeds


def local_id(doc_id: str, ref: str) -> str:
    """How decisions name a mention before (or instead of) a global entity."""
    return f"{doc_id}#{ref}"


class EntityResolver:
    def __init__(self, store: Store, gazetteer: Gazetteer) -> None:
        self.store = store
        self.gazetteer = gazetteer
        # Rankings of this document's mentions, kept while valid: per mention and profile, its blocks, its
        # plausible candidates scored, and every node its blocks held.
        self._scored: dict[object, tuple[set[str], list[tuple[float, Entity, F.Comparison, Judgement | None]],
                                         frozenset[str]]] = {}
        self._met: frozenset[str] = frozenset()  # the nodes the last scored mention's blocks held
        self.notes: dict[str, str] = {}  # this document's refs whose reference key the resolver changed, and why

    # profiles ---------------------------------------------------------------
    def profile(self, entity: Entity, names: list[str], keys: list[str]) -> F.Profile:
        """A stored entity's profile: its distinct names, and the affiliations and context earlier
        documents filed it under (keys, not relation rows: the cost must not grow with mentions)."""
        return F.Profile(
            id=entity.id, type=entity.type, names=[entity.name, *names, *reference_match_names(entity.key)],
            key=entity.key,
            affiliations={k[4:] for k in keys if k.startswith("aff:")},
            orgs={k[8:] for k in keys if k.startswith("ctx:org:")},
            places={k[10:] for k in keys if k.startswith("ctx:place:")},
            roles={k[5:] for k in keys if k.startswith("role:")})

    @staticmethod
    def side(entity: Entity, keys: Iterable[str] = ()) -> Side:
        return Side.of([entity.id, *(k[3:] for k in keys if k.startswith("id:"))], [entity.name])

    # resolution ---------------------------------------------------------------
    def resolve(self, local: LocalEntity, profile: F.Profile, doc: Document, writer: Writer,
                judgements: Judgements, countries: set[str], siblings: dict[str, list[str]] | None = None,
                canonical: str = "sources") -> Resolved:
        """Fold `local` into an existing entity or create one. `siblings`: the entities other local
        entities of the same document resolved to, with the names the document gave them; `local` joins
        none of them when the document's names distinguish the two (only an analyst's `same` does)."""
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
        me = self._me(local, doc, key)

        chosen: Entity | None = None
        candidates: set[str] = set()
        if key:
            found = [e for e in self._stubs(self.store.entity_ids_by_keys([f"ref:{key}"])) if e.type == local.type]
            chosen = found[0] if found else None
            if chosen is not None:
                record: dict[str, object] = {"reference": key, "names": names, "doc": doc.id,
                                             "features": {"same_reference": 1.0}}
                if local.ref in self.notes:
                    record["note"] = self.notes[local.ref]
                writer.record_decision("entity", chosen.id, local_id(doc.id, local.ref), MatchOutcome.SAME, 1.0,
                                       record)
            # Nodes filed without a reference identity under these names (a document that wrote the
            # group's acronym where the list has none): reconciliation compares them with this one.
            # A node created now is compared with those filed under its listed names too.
            listed = list(reference_match_names(key)) if not chosen else []
            candidates = {c.id for c in self._candidates(local, names + listed, judgements, me) if not c.key}
        else:
            chosen = self._match(local, profile, names, doc, writer, judgements, me, siblings or {}, candidates)
            if chosen is None and local.type in CROSS_TYPES:
                chosen = self._other_type(local, names, doc, writer)

        type_ = chosen.type if chosen is not None else local.type
        if chosen is not None:
            entity_id, created, name = chosen.id, False, chosen.name  # settled once the document is in
        else:
            taken = bool(self._stubs([proposed]))
            entity_id = fallback if taken and not key else proposed
            created = True
            name = canonical_name([(n, 1) for n in names], type_, self.reference_name(key, place), canonical) \
                or display_name(local.name, type_)
        aliases = [Alias(n, doc.id, doc.source) for n in names]
        writer.upsert_entity(Entity(entity_id, type_, name, aliases, key=key))
        keys = {k for n in names for k in index_keys(n, type_)}
        if created and key:
            keys |= {k for n in reference_match_names(key) for k in index_keys(n, type_)}
        keys |= {f"ctx:org:{o}" for o in profile.orgs} | {f"ctx:place:{p}" for p in profile.places}
        keys |= {f"role:{r}" for r in profile.roles} | {f"aff:{o}" for o in profile.affiliations}
        if key:
            keys.add(f"ref:{key}")
        if entity_id != proposed:
            keys.add(f"id:{proposed}")  # judgements naming the id this mention would have had still find it
        writer.add_entity_keys(entity_id, keys)
        if created and key and local.ref in self.notes:  # why the node carries this key, for `explain`
            writer.record_decision("entity", entity_id, local_id(doc.id, local.ref), MatchOutcome.SAME, 1.0,
                                   {"reference": key, "names": names, "doc": doc.id, "note": self.notes[local.ref],
                                    "features": {"same_reference": 1.0}})
        self._forget(entity_id, keys)
        if place is not None and created:
            writer.put_place(entity_id, place.key, place.name, place.geonames_id, place.lat, place.lon,
                             place.country, place.admin1, place.feature)
        return Resolved(entity_id, created, place, candidates - {entity_id})

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

    def rank(self, local: LocalEntity, profile: F.Profile, doc: Document,
             judgements: Judgements) -> tuple[float, float]:
        """How well `local` matches the store's best candidate. The resolver takes one type's mentions
        of a document best-matched first, so which of two mentions takes a node (and which is then kept
        apart from it) does not depend on the order the extractor listed them in."""
        if local.key:
            return 2.0, 1.0
        names = list(dict.fromkeys(n for n in [local.name, *local.aliases] if n and n.strip()))
        scored = self._score(local, profile, names, judgements, self._me(local, doc, local.key))
        return (scored[0][0], scored[0][2].match.score) if scored else (0.0, 0.0)  # the score, then the name

    def _me(self, local: LocalEntity, doc: Document, key: str | None) -> Side:
        """How judgements may name this mention: by the id it would get, or "<doc>#<ref>" as `explain` shows it."""
        natural = key or natural_key(display_name(local.name, local.type), local.type)
        return Side.of([make_id("e", local.type, natural), make_id("e", local.type, natural, doc.id, local.ref),
                        local_id(doc.id, local.ref)], [display_name(local.name, local.type)])

    def _score(self, local: LocalEntity, profile: F.Profile, names: list[str], judgements: Judgements,
               me: Side) -> list[tuple[float, Entity, F.Comparison, Judgement | None]]:
        """Every plausible candidate with its comparison, best first (read-only; cached per mention and
        profile, as the resolver ranks a document's mentions before resolving them)."""
        cache_key = (me, tuple(names), _frozen(profile))
        if cache_key in self._scored:
            self._met = self._scored[cache_key][2]
            return self._scored[cache_key][1]
        blocks = {k for n in names for k in query_keys(n, local.type)}
        candidates = self._candidates(local, names, judgements, me)
        scored: list[tuple[float, Entity, F.Comparison, Judgement | None]] = []
        names_of = self.store.alias_names([c.id for c in candidates]) if candidates else {}
        # A candidate's context keys grow with every document naming it; the features only need the
        # ones this mention has too (shared context, role, affiliation), whether it has any affiliation
        # at all (a conflict), and the ids it absorbed (judgements). The profile built from these keys
        # scores exactly as one built from all of them.
        mine = ({f"aff:{o}" for o in profile.affiliations} | {f"ctx:org:{o}" for o in profile.orgs}
                | {f"ctx:place:{p}" for p in profile.places} | {f"role:{r}" for r in profile.roles})
        keys_of = self.store.entity_keys_by_id([c.id for c in candidates], ("aff:", "id:"), mine) if candidates else {}
        for cand in candidates:
            keys = keys_of.get(cand.id, [])
            theirs = self.profile(cand, names_of.get(cand.id, []), keys)
            if profile.affiliations and theirs.affiliations and not profile.affiliations & theirs.affiliations:
                theirs.lineage = self._lineage(profile.affiliations, theirs.affiliations)
            cmp = F.compare(profile, theirs)
            verdict = judgements.verdict(me, self.side(cand, keys)) if judgements else None
            if verdict is not None:
                cmp.outcome = verdict.judgement.outcome
            if cmp.match.score < PLAUSIBLE and verdict is None and cmp.match.kind not in REFUSALS:
                continue
            judged_same = verdict is not None and verdict.judgement == Judgement.SAME
            # A judged `same` outranks any score; then the score decides, and between scores clipped at
            # 1.0, the closer name.
            scored.append((2.0 if judged_same else cmp.score, cand, cmp, verdict.judgement if verdict else None))
        scored.sort(key=lambda t: (-t[0], -t[2].match.score, t[1].id))
        self._met = frozenset(c.id for c in candidates)
        self._scored[cache_key] = (blocks, scored, self._met)
        return scored

    def _lineage(self, mine: set[str], theirs: set[str]) -> set[str]:
        """Those of `theirs` that split from, front for or merged with one of `mine`, or the other way round."""
        pairs = [(x, t, y) for x in mine for y in theirs for t in LINEAGE]
        pairs += [(y, t, x) for x, t, y in pairs]
        return {o for s, _, t in self.store.relation_ids_between(pairs) for o in (s, t) if o in theirs}

    def new_document(self) -> None:
        """Rankings are kept within one document only."""
        self._scored = {}

    def _forget(self, entity_id: str, keys: set[str]) -> None:
        """A ranking read before `entity_id` was written is stale if that entity is among its candidates
        or now shares one of its blocks."""
        self._scored = {k: v for k, v in self._scored.items()
                        if not v[0] & keys and all(c.id != entity_id for _, c, _, _ in v[1])}

    def _match(self, local: LocalEntity, profile: F.Profile, names: list[str], doc: Document, writer: Writer,
               judgements: Judgements, me: Side, siblings: dict[str, list[str]], seen: set[str]) -> Entity | None:
        scored = self._score(local, profile, names, judgements, me)
        # Reconciliation compares the node this mention joins with every node its blocks held: the
        # mention's one name may score low against a node that another name of its node matches, and
        # blocks are not symmetric in such pairs ('Mozambican forces' and "Mozambique's defence forces"
        # share no block; "Mozambique's Armed Forces" shares one with each).
        seen |= self._met
        if not scored:
            return None
        kept_apart: set[str] = set()
        for _, cand, cmp, judged in scored:
            if cand.id in siblings and cmp.outcome != MatchOutcome.DIFFERENT and judged != Judgement.SAME \
                    and distinguishes(names, siblings[cand.id], local.type, one_document=True):
                cmp.outcome = MatchOutcome.DIFFERENT
                kept_apart.add(cand.id)
        best = next(((c, cmp, j) for _, c, cmp, j in scored if cmp.outcome == MatchOutcome.SAME), None)
        me_id = local_id(doc.id, local.ref)
        chosen = best[0] if best else None
        hint: str | None = chosen.id if chosen else None  # the id every other decision points at
        for _, cand, cmp, judged in scored:
            record = {**cmp.features(), "local": me_id, "doc": doc.id, "names": names}
            if judged:
                record["judgement"] = judged
            if cand.id in kept_apart:
                record["note"] = (f"kept apart: the same document names it {siblings[cand.id][0]!r}, a different "
                                  "name for a different one")
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
        reverse), or a person's full name this mention gives a place no gazetteer knows (or the reverse):
        named-entity recognisers disagree on such names from one article to the next, and a full name of
        two or more parts is specific enough to join them (:func:`cross_type_match`). The stored type stays
        until the node's documents outvote it."""
        for other in CROSS_TYPES[local.type]:
            keys = set()
            least = 1 if "location" not in (local.type, other) else 2  # one-word names: cross_type_match says
            for n in names:
                form = analyse(n, other)
                if len(form.parts) >= least:
                    keys.add(f"n:{other}:{' '.join(form.parts)}")
                    if "location" in (local.type, other):
                        keys |= query_keys(n, other)
            stubs = [e for e in self._stubs(self.store.entity_ids_by_keys(keys)) if e.type == other and not e.key]
            theirs = self.store.alias_names([e.id for e in stubs]) if stubs else {}
            found = [(e, m) for e in stubs
                     for m in [cross_type_match(names, local.type, [e.name, *theirs.get(e.id, [])], other)] if m]
            if len(found) != 1:
                continue
            chosen, m = found[0]
            how = "identical full name" if m.kind == "identical" else f"full names match ({m.describe()})"
            writer.record_decision("entity", chosen.id, local_id(doc.id, local.ref), MatchOutcome.SAME, m.score,
                                   {"names": names, "doc": doc.id, "kind": "type conflict",
                                    "note": f"named as {local.type} here, as {other} before: {how}",
                                    "features": {"name_similarity": m.score}})
            return chosen
        return None

    def _new_id_hint(self, local: LocalEntity, doc: Document) -> str:
        """The id a mention that matched nobody will get (decided before it is written)."""
        natural = natural_key(display_name(local.name, local.type), local.type)
        proposed = make_id("e", local.type, natural)
        taken = bool(self._stubs([proposed]))
        return make_id("e", local.type, natural, doc.id, local.ref) if taken else proposed

    # names ---------------------------------------------------------------------
    @staticmethod
    def reference_name(key: str | None, place: Place | None) -> str | None:
        """The name the reference list or gazetteer gives the thing, if it is listed."""
        if place is not None:
            return place.name
        if key and key in reference_organisations():
            return reference_organisations()[key][0]
        return None


def _frozen(profile: F.Profile) -> tuple[object, ...]:
    return (profile.type, tuple(profile.names), profile.key, frozenset(profile.affiliations),
            frozenset(profile.orgs), frozenset(profile.places), frozenset(profile.roles))
