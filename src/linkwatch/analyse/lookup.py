"""Find an entity from what an analyst types: an id, a name, an alias, or a near miss of one.

Order of trust: exact id, then exact (folded) name or alias, then a name that
contains the query as whole words ("Zaheer" → "Naji Zaheer"), then fuzzy
similarity. A query that fits several entities equally well is an error that
lists them, never a silent pick.
"""
from __future__ import annotations

from rapidfuzz import fuzz

from linkwatch.analyse.view import GraphView
from linkwatch.model import Alias, Entity
from linkwatch.model.schema import schema
from linkwatch.store.base import Store
from linkwatch.text import fold

# WRatio on folded names; 85 accepts "Lashkar-e-Tayyiba" for "Lashkar e Taiba" and
# "Qaddoumi" for "Qadoumi", and rejects "Hamas" for "Hamza" (tried on the seed names).
FUZZY_THRESHOLD = 85.0


class EntityLookupError(LookupError):
    """No entity, or several equally good ones; `candidates` lists them."""

    def __init__(self, message: str, candidates: list[Entity] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


def find_entity(view: GraphView, query: str, types: tuple[str, ...] | None = None) -> Entity:
    pool = [e for e in view.entities.values() if types is None or e.type in types]
    if query in view.entities and view.entities[query] in pool:
        return view.entities[query]
    q = fold(query)
    if not q:
        raise EntityLookupError(f"empty name {query!r}")
    for tier in (_exact, _words, _fuzzy):
        found = tier(pool, q)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"{e.name} ({e.type}, {e.id})" for e in found[:8])
            raise EntityLookupError(f"{query!r} is ambiguous: {names}; pass an id", found)
    kinds = "/".join(types) if types else "entity"
    raise EntityLookupError(f"no {kinds} matches {query!r}")


SCAN_LIMIT = 20_000  # entities a store may hold for a lookup to try every one of them


def find_in_store(store: Store, query: str, types: tuple[str, ...] | None = None) -> Entity:
    """find_entity without loading the graph: every entity in a store small enough to scan, else the
    candidates its full-text index and its blocking keys give for the query (a near miss that shares
    neither a word nor a spelling key with any name is not found in a large store)."""
    direct = store.entity_stubs([query])
    if direct and (types is None or direct[0].type in types):
        return _with_names(store, direct)[0]
    if store.entity_count() <= SCAN_LIMIT:
        pool = [e for t in (types or (None,)) for e in store.entities_page(t, 0, SCAN_LIMIT)]
    else:
        from linkwatch.resolve.names import query_keys
        from linkwatch.store.search import search

        ids = {e.id for e in search(store, query, 200).entities}
        ids |= set(store.entity_ids_by_keys({k for t in (types or schema().entity_types) for k in query_keys(query, t)}))
        pool = [e for e in _with_names(store, store.entity_stubs(ids)) if types is None or e.type in types]
    return find_entity(GraphView({e.id: e for e in pool}, {}, {}, {}, []), query, types)


def _with_names(store: Store, entities: list[Entity]) -> list[Entity]:
    names = store.alias_names(e.id for e in entities)
    return [Entity(e.id, e.type, e.name, [Alias(n) for n in names.get(e.id, [])], e.key, e.first_seen)
            for e in entities]


def _names(e: Entity) -> set[str]:
    return {fold(n) for n in [e.name, *(a.name for a in e.aliases)] if fold(n)}


def _exact(pool: list[Entity], q: str) -> list[Entity]:
    by_name = [e for e in pool if fold(e.name) == q]
    return by_name or [e for e in pool if q in _names(e)]


def _words(pool: list[Entity], q: str) -> list[Entity]:
    return [e for e in pool if any(f" {q} " in f" {n} " for n in _names(e))]


def _fuzzy(pool: list[Entity], q: str) -> list[Entity]:
    scored = [(max(fuzz.WRatio(q, n) for n in _names(e)), e) for e in pool if _names(e)]
    scored = [(s, e) for s, e in scored if s >= FUZZY_THRESHOLD]
    if not scored:
        return []
    best = max(s for s, _ in scored)
    return [e for s, e in scored if s == best]
