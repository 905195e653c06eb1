"""Full-text search over documents (title, text) and entity names (name + aliases), with SQLite FTS5.

Two FTS5 tables, kept in sync with the graph by triggers:

- ``doc_fts``: an *external-content* table over ``documents`` (the text is not
  stored twice). It is keyed by ``documents.seq``, not the implicit rowid,
  because VACUUM may renumber implicit rowids and would silently desynchronise
  the index.
- ``entity_fts``: one row per entity holding its name and its distinct aliases,
  keyed by ``entity_search.n`` (an INTEGER PRIMARY KEY, so VACUUM keeps it) that
  maps to the entity id; triggers find an entity's row through that index.

Why this is created here and not as a migration: ``SQLiteStore._migrate`` splits
migrations on ``;``, which cuts trigger bodies (``BEGIN ...; END``) in half. Until
the migration runner splits with :func:`sqlite3.complete_statement`, the schema
below is created idempotently by :func:`ensure_index` (the web app calls it at
start-up). Triggers are stored in the database file, so once created they also
keep the index current for ``linkwatch ingest`` runs outside the web app.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from linkwatch.store.base import Store

# Bump when the DDL below changes: ensure_index drops and rebuilds an index of another version.
INDEX_VERSION = 2

# \x02 / \x03 mark hits inside snippets; they are control characters that
# cleaned article text does not use, and the marked text is escaped later anyway.
HIT_START, HIT_END = "\x02", "\x03"

SCHEMA = """
CREATE TABLE IF NOT EXISTS search_meta (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5(
    title, text, content='documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS doc_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO doc_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS doc_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO doc_fts(doc_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS doc_fts_update AFTER UPDATE OF title, text, seq ON documents BEGIN
    INSERT INTO doc_fts(doc_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO doc_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TABLE IF NOT EXISTS entity_search (n INTEGER PRIMARY KEY, entity_id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE IF NOT EXISTS entity_fts USING fts5(
    name, aliases, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS entity_fts_insert AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO entity_search(entity_id) VALUES (new.id);
    INSERT INTO entity_fts(rowid, name, aliases)
        VALUES ((SELECT n FROM entity_search WHERE entity_id = new.id), new.name, '');
END;
CREATE TRIGGER IF NOT EXISTS entity_fts_rename AFTER UPDATE OF name ON entities
WHEN old.name IS NOT new.name BEGIN
    UPDATE entity_fts SET name = new.name WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = new.id);
END;
CREATE TRIGGER IF NOT EXISTS entity_fts_delete AFTER DELETE ON entities BEGIN
    DELETE FROM entity_fts WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = old.id);
    DELETE FROM entity_search WHERE entity_id = old.id;
END;
CREATE TRIGGER IF NOT EXISTS entity_fts_alias_insert AFTER INSERT ON aliases
WHEN NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = new.entity_id AND a.name = new.name
                 AND a.rowid <> new.rowid) BEGIN
    UPDATE entity_fts SET aliases = aliases || ' | ' || new.name
    WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = new.entity_id);
END;
CREATE TRIGGER IF NOT EXISTS entity_fts_alias_delete AFTER DELETE ON aliases
WHEN NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = old.entity_id AND a.name = old.name) BEGIN
    UPDATE entity_fts SET aliases = COALESCE(
        (SELECT group_concat(n, ' | ') FROM (SELECT DISTINCT name AS n FROM aliases WHERE entity_id = old.entity_id)), '')
    WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = old.entity_id);
END;
"""

_DROP = """
DROP TRIGGER IF EXISTS doc_fts_insert; DROP TRIGGER IF EXISTS doc_fts_delete; DROP TRIGGER IF EXISTS doc_fts_update;
DROP TRIGGER IF EXISTS entity_fts_insert; DROP TRIGGER IF EXISTS entity_fts_rename;
DROP TRIGGER IF EXISTS entity_fts_delete; DROP TRIGGER IF EXISTS entity_fts_alias_insert;
DROP TRIGGER IF EXISTS entity_fts_alias_delete;
DROP TABLE IF EXISTS doc_fts; DROP TABLE IF EXISTS entity_fts; DROP TABLE IF EXISTS entity_search;
"""

_REBUILD = """
INSERT INTO doc_fts(doc_fts) VALUES ('rebuild');
DELETE FROM entity_fts;
DELETE FROM entity_search;
INSERT INTO entity_search(entity_id) SELECT id FROM entities ORDER BY id;
INSERT INTO entity_fts(rowid, name, aliases)
    SELECT s.n, e.name, COALESCE((SELECT group_concat(n, ' | ') FROM
        (SELECT DISTINCT name AS n FROM aliases WHERE entity_id = e.id)), '')
    FROM entities e JOIN entity_search s ON s.entity_id = e.id;
"""

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


def ensure_index(store: Store) -> bool:
    """Create (or upgrade) the search index and its triggers. Returns True if it (re)built the index.

    Idempotent and cheap when the index is current, so callers may call it on every start.
    """
    db = _connection(store)
    if db is None:
        return False  # another backend brings its own search
    have = db.execute("SELECT name FROM sqlite_master WHERE name = 'search_meta'").fetchone()
    version = None
    if have:
        row = db.execute("SELECT version FROM search_meta WHERE name = 'fts'").fetchone()
        version = row[0] if row else None
    if version == INDEX_VERSION:
        return False
    db.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(_DROP + SCHEMA + _REBUILD):
            db.execute(statement)
        db.execute("INSERT OR REPLACE INTO search_meta(name, version) VALUES ('fts', ?)", (INDEX_VERSION,))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return True


def rebuild_index(store: Store) -> None:
    """Repopulate both indexes from the tables (e.g. after restoring a database by hand)."""
    db = _connection(store)
    if db is None:
        return
    ensure_index(store)
    db.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(_REBUILD):
            db.execute(statement)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split SQL into complete statements; unlike str.split(';') this keeps trigger bodies whole."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s.rstrip(";").strip()]


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
    db = _connection(store)
    if db is None:
        return _scan(store, query, limit, results)
    ensure_index(store)
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


def _scan(store: Store, query: str, limit: int, results: SearchResults) -> SearchResults:
    """Backends without FTS5: a case-insensitive substring scan, so search still works, slowly."""
    terms = [t.casefold() for t in re.findall(r"\w+", query)][:MAX_TERMS]

    def hit(*texts: Any) -> bool:
        hay = " ".join(str(t) for t in texts if t).casefold()
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
