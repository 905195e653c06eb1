"""Full-text search over documents (title, text) and entity names (name + aliases): SQLite FTS5 here, the
PostgreSQL store's tsvector and trigram indexes in ``pg_search.py``.

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

from linkwatch.store.base import Store
from linkwatch.store.tables import SEARCH_REBUILD, statements
from linkwatch.text import fold

# \x02 / \x03 mark hits inside snippets; they are control characters that
# cleaned article text does not use, and the marked text is escaped later anyway.
HIT_START, HIT_END = "\x02", "\x03"


MAX_TERMS = 16  # a search box query, not a document: longer input is cut rather than refused
MAX_TERM_CHARS = 64
MAX_LIMIT = 200


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


@dataclass
class SearchResults:
    query: str
    match: str | None  # the FTS5 expression actually run, None when the query had no searchable words
    documents: list[DocumentHit] = field(default_factory=list)
    entities: list[EntityHit] = field(default_factory=list)


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
        return _scan(store, query, limit, results)
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
    return results


def _postgresql(store: Store, query: str, limit: int, results: SearchResults) -> SearchResults:
    """The PostgreSQL store's own full-text and trigram indexes (pg_search.py)."""
    from linkwatch.store import pg_search

    db = store.connection.raw  # type: ignore[attr-defined]
    terms = pg_search.words(query, MAX_TERMS, MAX_TERM_CHARS)
    results.documents = [DocumentHit(r[0], r[1], r[2], r[3], _parts(r[5] or ""), float(r[4]))
                         for r in pg_search.search_documents(db, terms, limit, HIT_START, HIT_END)]
    results.entities = [EntityHit(*r) for r in pg_search.search_entities(db, terms, query.strip()[:200], limit)]
    return results


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
