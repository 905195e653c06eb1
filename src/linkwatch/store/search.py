"""Search: documents (title, text, outlet), entities by any spelling of their names, and the events
they took part in, grouped and ranked, with what matched marked.

Words are found with SQLite FTS5 (on the PostgreSQL store, its tsvector and trigram indexes: ``pg_search.py``);
names are also found the way resolution finds them: the query's
blocking keys (consonant skeletons, acronyms, folded forms from ``linkwatch.resolve.names``) look
candidates up in ``entity_keys``, and the name matcher keeps those whose names match the query
("Nazi Zahir" finds the node named "Naji Zaheer"). Every step reads an index, so a search costs
about what it returns.

Two FTS5 tables, kept in sync with the graph by triggers:

- ``doc_fts``: an *external-content* table over ``documents`` (the text is not
  stored twice). It is keyed by ``documents.seq``, not the implicit rowid,
  because VACUUM may renumber implicit rowids and would silently desynchronise
  the index.
- ``entity_fts``: one row per entity holding its name and its distinct aliases,
  keyed by ``entity_search.n`` (an INTEGER PRIMARY KEY, so VACUUM keeps it) that
  maps to the entity id; triggers find an entity's row through that index.

The tables and triggers are migration 3 in ``tables.py``.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from linkwatch.model.schema import schema
from linkwatch.store.base import Store
from linkwatch.store.tables import SEARCH_REBUILD, statements
from linkwatch.text import fold

# \x02 / \x03 mark hits inside snippets; they are control characters that
# cleaned article text does not use, and the marked text is escaped later anyway.
HIT_START, HIT_END = "\x02", "\x03"


MAX_TERMS = 16  # a search box query, not a document: longer input is cut rather than refused
MAX_TERM_CHARS = 64
MAX_LIMIT = 200
MAX_NAME_QUERY = 120  # longer input is words to find, not a name to match
MAX_CANDIDATES = 200  # per entity type: a name block bigger than this is a common word, not a name
MAX_NAME_PARTS = 4
MIN_NAME_SCORE = 0.75  # mean part similarity: "Nazi"/"Naji" is 0.78, "Zahir"/"Zaheer" 0.92
MAX_EVENT_SOURCES = 5  # events are listed for the best few matched entities


@dataclass
class DocumentHit:
    id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: list[tuple[str, bool]]  # (text, is_hit) parts, unescaped: the renderer escapes
    rank: float


@dataclass
class EntityHit:
    id: str
    type: str
    name: str
    aliases: list[str]
    rank: float
    matched: str = ""  # the name or alias that matched, when it is not the entity's name
    how: str = "words"  # words (full text) / spelling (the name matcher, across spellings)


@dataclass
class EventHit:
    id: str
    type: str
    date: str | None
    name: str | None
    place: str | None
    actors: list[str]  # names of the matched entities that took part, then the others
    via: str  # the matched entity that brought the event in


@dataclass
class SearchResults:
    query: str
    match: str | None  # the FTS5 expression actually run, None when the query had no searchable words
    documents: list[DocumentHit] = field(default_factory=list)
    entities: list[EntityHit] = field(default_factory=list)
    events: list[EventHit] = field(default_factory=list)


def _connection(store: Store) -> sqlite3.Connection | None:
    db = getattr(store, "db", None)
    return db if isinstance(db, sqlite3.Connection) else None


def rebuild_index(store: Store) -> bool:
    """Repopulate both indexes from the tables (e.g. after restoring a database by hand, or editing
    it outside linkwatch, which the triggers do not see); `linkwatch reindex` runs it. False when the
    store has no full-text index (not SQLite)."""
    if getattr(store, "dialect", "sqlite") == "postgresql":
        return True  # expression indexes (pg_tables.py): always in step with the tables, nothing to rebuild
    db = _connection(store)
    if db is None:
        return False
    db.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements(SEARCH_REBUILD):
            db.execute(statement)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return True


def to_match(query: str, *, prefix: bool = True) -> str | None:
    """Turn what a user typed into a safe FTS5 expression.

    Only runs of word characters survive, each is quoted as an FTS5 string (so
    ``AND``, ``NEAR``, ``*``, ``:``, quotes and parentheses in the input are
    plain text, never syntax), and the terms are ANDed. The last term is a
    prefix, so results come while typing. Returns None when nothing is left.
    """
    terms = [t[:MAX_TERM_CHARS] for t in re.findall(r"\w+", query)][:MAX_TERMS]
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if prefix:
        quoted[-1] += "*"
    return " AND ".join(quoted)


def _parts(snippet: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{HIT_START}{HIT_END}]", snippet)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return parts


def search(store: Store, query: str, limit: int = 20) -> SearchResults:
    """Documents and entities matching `query`, best first (BM25), at most `limit` of each."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    match = to_match(query)
    results = SearchResults(query=query, match=match)
    if match is None:
        return results
    if getattr(store, "dialect", "sqlite") == "postgresql":
        return _postgresql(store, query, limit, results)
    db = _connection(store)
    if db is None:
        results = _scan(store, query, limit, results)
        if isinstance(store, Store):
            results.entities = _with_spellings(store, query, results.entities, limit)
        return results
    doc_rows = db.execute(
        "SELECT d.id, d.title, d.source, d.published, bm25(doc_fts, 4.0, 1.0) AS rank,"
        " snippet(doc_fts, -1, ?, ?, '…', 24) AS snip"
        " FROM doc_fts JOIN documents d ON d.seq = doc_fts.rowid"
        " WHERE doc_fts MATCH ? ORDER BY rank LIMIT ?",
        (HIT_START, HIT_END, "{title text}: (" + match + ")", limit)).fetchall()
    results.documents = [DocumentHit(r[0], r[1], r[2], r[3], _parts(r[5] or ""), float(r[4])) for r in doc_rows]
    ent_rows = db.execute(
        "SELECT e.id, e.type, e.name, entity_fts.aliases, bm25(entity_fts, 4.0, 1.0) AS rank"
        " FROM entity_fts JOIN entity_search s ON s.n = entity_fts.rowid JOIN entities e ON e.id = s.entity_id"
        " WHERE entity_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit)).fetchall()
    results.entities = [
        EntityHit(r[0], r[1], r[2], [a for a in (r[3] or "").split(" | ") if a and a != r[2]], float(r[4]))
        for r in ent_rows]
    results.entities = _with_spellings(store, query, results.entities, limit)
    results.documents = _from_outlet(db, query, results.documents, limit)
    results.events = _events(db, results.entities, limit)
    return results


def _postgresql(store: Store, query: str, limit: int, results: SearchResults) -> SearchResults:
    """The PostgreSQL store's own full-text and trigram indexes (pg_search.py)."""
    from linkwatch.store import pg_search

    db = store.connection.raw  # type: ignore[attr-defined]
    terms = pg_search.words(query, MAX_TERMS, MAX_TERM_CHARS)
    results.documents = [DocumentHit(r[0], r[1], r[2], r[3], _parts(r[5] or ""), float(r[4]))
                         for r in pg_search.search_documents(db, terms, limit, HIT_START, HIT_END)]
    found = [EntityHit(*r) for r in pg_search.search_entities(db, terms, query.strip()[:200], limit)]
    words, close = [h for h in found if h.rank <= 0], [h for h in found if h.rank > 0]
    for h in close:
        h.how = "spelling"
    # As on SQLite: the word hits, then names across spellings (resolution's keys), then pg_trgm's close
    # spellings; documents from an outlet the query names; the events of what was found. The last two are
    # SQLite's SQL, run through the store's dialect-aware connection.
    spelled = _with_spellings(store, query, words, limit)
    seen = {h.id for h in spelled}
    results.entities = (spelled + [h for h in close if h.id not in seen])[:limit]
    conn = store.db  # type: ignore[attr-defined]
    results.documents = _from_outlet(conn, query, results.documents, limit)
    results.events = _events(conn, results.entities, limit)
    return results


def _with_spellings(store: Store, query: str, hits: list[EntityHit], limit: int) -> list[EntityHit]:
    """Entities whose names match `query` across spellings, after the full-text hits (which matched
    the words as typed), best match first.

    Each part of the query looks up the entities holding a part of the same consonant skeleton (the
    blocking keys resolution files names under); a candidate scores the mean, over the query's parts,
    of its best part similarity, so "Nazi Zahir" finds "Naji Zaheer" and "Hafeez Saeed" finds "Hafiz
    Muhammad Saeed". Looser than resolution's matcher on purpose: a search shows candidates to a
    reader, it does not merge them."""
    # Imported here: the name analysis loads transliteration tables that plain full-text search never needs.
    from linkwatch.resolve.names import analyse, part_similarity, query_keys

    if len(query) > MAX_NAME_QUERY:
        return hits
    seen = {h.id for h in hits}
    # Every part's keys for every type read at once, then the candidates' names and types at once: a search is
    # three reads whatever the query's length (a round trip each on a server store).
    parts_of = {kind: analyse(query, kind).parts[:MAX_NAME_PARTS] for kind in schema().entity_types}
    wanted = {kind: {part: query_keys(part, kind) for part in dict.fromkeys(parts)} for kind, parts in parts_of.items()}
    filed = store.entities_under_keys({k for parts in wanted.values() for keys in parts.values() for k in keys})
    chosen: dict[str, list[str]] = {}
    for kind, keys_of in wanted.items():
        votes: dict[str, int] = {}
        for keys in keys_of.values():
            for i in sorted({i for k in keys for i in filed.get(k, ())})[:MAX_CANDIDATES]:
                votes[i] = votes.get(i, 0) + 1
        # Entities found by most of the query's parts first: a common part alone fills no list.
        chosen[kind] = sorted((i for i in votes if i not in seen), key=lambda i: -votes[i])[:MAX_CANDIDATES]
    every = {i for ids in chosen.values() for i in ids}
    names = store.alias_names(every) if every else {}
    stubs = {e.id: e for e in store.entity_stubs(every)} if every else {}
    scored: list[tuple[float, EntityHit]] = []
    for kind, ids in chosen.items():
        parts = parts_of[kind]
        for stub in (stubs[i] for i in sorted(ids) if i in stubs):
            if stub.type != kind:
                continue
            spelled = list(dict.fromkeys([stub.name, *names.get(stub.id, [])]))
            score, best = max((_spelling_score(parts, analyse(n, kind).parts, part_similarity), n) for n in spelled)
            if score >= MIN_NAME_SCORE:
                scored.append((score, EntityHit(stub.id, stub.type, stub.name, spelled[1:], -score,
                                                matched=best if best != stub.name else "", how="spelling")))
    scored.sort(key=lambda x: (-x[0], x[1].name))
    for h in hits:  # a full-text hit on an alias: say which
        if not all(t in fold(h.name) for t in fold(query).split()):
            h.matched = next((a for a in h.aliases if all(t in fold(a) for t in fold(query).split())), "")
    return (hits + [h for _, h in scored])[:limit]


def _spelling_score(query: tuple[str, ...], name: tuple[str, ...], similar: Any) -> float:
    if not name:
        return 0.0
    return sum(max(similar(q, n) for n in name) for q in query) / len(query)


def _from_outlet(db: sqlite3.Connection, query: str, hits: list[DocumentHit], limit: int) -> list[DocumentHit]:
    """Documents from an outlet named by the query ("Reuters", "dawn"), the latest ingested first, after
    the documents whose words matched (an index range: migration 12)."""
    seen = {h.id for h in hits}
    rows = db.execute(
        "SELECT id, title, source, published FROM documents WHERE lower(source) = lower(?)"
        " ORDER BY seq DESC LIMIT ?", (query.strip(), limit)).fetchall()
    extra = [DocumentHit(r[0], r[1], r[2], r[3], [], 0.0) for r in rows if r[0] not in seen]
    return (hits + extra)[:limit] if extra else hits


def _events(db: sqlite3.Connection, entities: list[EntityHit], limit: int) -> list[EventHit]:
    """Events the matched entities took part in or that happened at a matched place, newest first."""
    if not entities:
        return []
    top = [e.id for e in entities[:MAX_EVENT_SOURCES]]
    marks = ",".join("?" * len(top))
    rows = db.execute(
        f"SELECT ev.id, ev.type, ev.date, ev.name, ev.location_id, r.entity_id FROM event_roles r"  # noqa: S608
        f" JOIN events ev ON ev.id = r.event_id WHERE r.entity_id IN ({marks})"
        f" UNION SELECT ev.id, ev.type, ev.date, ev.name, ev.location_id, ev.location_id FROM events ev"
        f" WHERE ev.location_id IN ({marks}) ORDER BY 3 DESC LIMIT ?", (*top, *top, limit * 4)).fetchall()
    chosen: dict[str, tuple[Any, ...]] = {}
    for r in rows:
        chosen.setdefault(r[0], tuple(r))
    picked = list(chosen.values())[:limit]
    if not picked:
        return []
    ids = [r[0] for r in picked]
    marks = ",".join("?" * len(ids))
    actors: dict[str, list[str]] = {}
    for ev_id, name in db.execute(
            f"SELECT r.event_id, e.name FROM event_roles r JOIN entities e ON e.id = r.entity_id"  # noqa: S608
            f" WHERE r.event_id IN ({marks}) ORDER BY e.name", ids):
        actors.setdefault(ev_id, []).append(name)
    place_ids = sorted({r[4] for r in picked if r[4]})
    places = dict(db.execute(f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(place_ids))})",  # noqa: S608
                             place_ids).fetchall()) if place_ids else {}
    name_of = {e.id: e.name for e in entities}
    out = []
    for r in picked:
        names = list(dict.fromkeys(actors.get(r[0], [])))
        first = [n for n in names if n in name_of.values()]
        out.append(EventHit(r[0], r[1], r[2], r[3], places.get(r[4]), first + [n for n in names if n not in first],
                            name_of.get(r[5], "")))
    return out


def _scan(store: Store, query: str, limit: int, results: SearchResults) -> SearchResults:
    """Backends without FTS5: a substring scan over folded text (case, accents and punctuation
    ignored, as FTS5's unicode61 tokenizer ignores them), so search still works, slowly."""
    terms = fold(query).split()[:MAX_TERMS]

    def hit(*texts: Any) -> bool:
        hay = fold(" ".join(str(t) for t in texts if t))
        return all(t in hay for t in terms)

    for doc in store.documents():
        if hit(doc.title, doc.text):
            results.documents.append(DocumentHit(doc.id, doc.title, doc.source, doc.published,
                                                 [(doc.text[:200], False)], 0.0))
            if len(results.documents) >= limit:
                break
    for ent in store.entities():
        names = list(dict.fromkeys(a.name for a in ent.aliases if a.name != ent.name))
        if hit(ent.name, *names):
            results.entities.append(EntityHit(ent.id, ent.type, ent.name, names, 0.0))
            if len(results.entities) >= limit:
                break
    return results
