"""Merging two entities or two events in the SQLite store (``SQLiteWriter.merge_entities``/``merge_events``).

Reconciliation (``resolve/reconcile.py``) finds, after a document is resolved, that two nodes are one
thing. Everything that named the absorbed node then names the survivor: aliases and name counts, keys
(its own, and other entities' context keys pointing at it), mentions and local refs, event roles and
places, relations (whose ids derive from their endpoints, so a relation moves to a new id, or joins the
relation already there, with its evidence, grading summary and history), decisions and the watchlist.
The absorbed id stays findable as the survivor's ``id:`` key, for judgements that name it. Every look-up
goes through an index on the absorbed id, so a merge costs what the absorbed node holds.
"""
from __future__ import annotations

import sqlite3

from linkwatch.model import SYMMETRIC_RELATIONS, Relation
from linkwatch.store.sql_writer import now

# Keys of other entities that name an entity by id: organisations and places seen around them, groups
# they belong to (resolve/entities.py files them).
_POINTING = ("ctx:org:", "ctx:place:", "aff:")


def merge_entities(db: sqlite3.Connection, keep: str, gone: str) -> list[str]:
    """Fold entity `gone` into `keep`; returns the relations whose evidence changed (to grade again)."""
    if keep == gone:
        return []
    db.execute("INSERT OR IGNORE INTO aliases(entity_id, name, doc_id, source)"
               " SELECT ?, name, doc_id, source FROM aliases WHERE entity_id = ?", (keep, gone))
    db.execute("INSERT INTO entity_names(entity_id, name, docs) SELECT ?, name, docs FROM entity_names"
               " WHERE entity_id = ? ORDER BY rowid"
               " ON CONFLICT(entity_id, name) DO UPDATE SET docs = (SELECT COUNT(DISTINCT a.doc_id) FROM aliases a"
               " WHERE a.entity_id = excluded.entity_id AND a.name = excluded.name)", (keep, gone))
    db.execute("INSERT INTO entity_types(entity_id, type, docs) SELECT ?, type, docs FROM entity_types"
               " WHERE entity_id = ? ON CONFLICT(entity_id, type) DO UPDATE SET docs = entity_types.docs + excluded.docs",
               (keep, gone))
    db.execute("INSERT OR IGNORE INTO alias_evidence(entity_id, name, equated, doc_id, start, \"end\", quote, cue)"
               " SELECT ?, name, equated, doc_id, start, \"end\", quote, cue FROM alias_evidence WHERE entity_id = ?",
               (keep, gone))
    db.execute("INSERT OR IGNORE INTO entity_keys(key, entity_id) SELECT key, ? FROM entity_keys WHERE entity_id = ?",
               (keep, gone))
    db.execute("INSERT OR IGNORE INTO entity_keys(key, entity_id) VALUES (?, ?)", (f"id:{gone}", keep))
    for prefix in _POINTING:
        db.execute("INSERT OR IGNORE INTO entity_keys(key, entity_id) SELECT ?, entity_id FROM entity_keys"
                   " WHERE key = ? AND entity_id <> ?", (prefix + keep, prefix + gone, keep))
        db.execute("DELETE FROM entity_keys WHERE key = ?", (prefix + gone,))
    db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (keep, gone))
    db.execute("UPDATE local_refs SET global_id = ? WHERE global_id = ?", (keep, gone))
    # Portable forms of SQLite's UPDATE OR IGNORE / OR REPLACE (the PostgreSQL store runs this SQL too):
    # a row moves only where the survivor has none like it.
    for table in ("places", "watchlist"):
        db.execute(f"UPDATE {table} SET entity_id = ? WHERE entity_id = ?"  # noqa: S608
                   f" AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.entity_id = ?)", (keep, gone, keep))
    # Events: roles and places, and the event keys built from the absorbed id (month + person, place + person).
    events = [r[0] for r in db.execute(
        "SELECT event_id FROM event_roles WHERE entity_id = ? UNION SELECT id FROM events WHERE location_id = ?",
        (gone, gone))]
    db.execute("INSERT OR IGNORE INTO event_roles(event_id, entity_id, role)"
               " SELECT event_id, ?, role FROM event_roles WHERE entity_id = ?", (keep, gone))
    db.execute("DELETE FROM event_roles WHERE entity_id = ?", (gone,))
    db.execute("UPDATE events SET location_id = ? WHERE location_id = ?", (keep, gone))
    for event in events:
        for (key,) in db.execute("SELECT key FROM event_keys WHERE event_id = ?", (event,)).fetchall():
            if gone in key:
                db.execute("INSERT OR IGNORE INTO event_keys(key, event_id) VALUES (?, ?)",
                           (key.replace(gone, keep), event))
                db.execute("DELETE FROM event_keys WHERE key = ? AND event_id = ?", (key, event))
    touched = _repoint_relations(db, keep, gone)
    _repoint_decisions(db, "entity", keep, gone)
    db.execute("DELETE FROM entities WHERE id = ?", (gone,))
    return touched


def merge_events(db: sqlite3.Connection, keep: str, gone: str) -> list[str]:
    """Fold event `gone` into `keep` (roles, evidence, keys, relations); the caller sets the merged
    event's type, date and place. Returns the relations whose evidence changed."""
    if keep == gone:
        return []
    db.execute("INSERT OR IGNORE INTO event_roles(event_id, entity_id, role)"
               " SELECT ?, entity_id, role FROM event_roles WHERE event_id = ?", (keep, gone))
    db.execute("UPDATE evidence SET event_id = ? WHERE event_id = ? AND NOT EXISTS (SELECT 1 FROM evidence x"
               " WHERE x.event_id = ? AND COALESCE(x.relation_id, '') = COALESCE(evidence.relation_id, '')"
               " AND x.doc_id = evidence.doc_id AND x.start = evidence.start AND x.\"end\" = evidence.\"end\")",
               (keep, gone, keep))
    db.execute("INSERT OR IGNORE INTO event_keys(key, event_id) SELECT key, ? FROM event_keys WHERE event_id = ?",
               (keep, gone))
    db.execute("UPDATE local_refs SET global_id = ? WHERE global_id = ?", (keep, gone))
    db.execute("UPDATE events SET name = COALESCE(name, (SELECT name FROM events WHERE id = ?)) WHERE id = ?",
               (gone, keep))
    touched = _repoint_relations(db, keep, gone)
    _repoint_decisions(db, "event", keep, gone)
    db.execute("DELETE FROM events WHERE id = ?", (gone,))  # its leftover evidence (repeats) goes with it
    return touched


def _repoint_relations(db: sqlite3.Connection, keep: str, gone: str) -> list[str]:
    rows = db.execute("SELECT * FROM relations WHERE source_id = ? UNION SELECT * FROM relations WHERE target_id = ?",
                      (gone, gone)).fetchall()
    touched = []
    for r in rows:
        source = keep if r["source_id"] == gone else r["source_id"]
        target = keep if r["target_id"] == gone else r["target_id"]
        if source == target:
            # Two mentions of one thing: "X met Y" once X and Y are one is no relation.
            db.execute("DELETE FROM relations WHERE id = ?", (r["id"],))
            continue
        if r["type"] in SYMMETRIC_RELATIONS and target < source:
            source, target = target, source  # symmetric types are stored with source < target
        new_id = Relation.make_id(r["type"], source, target)
        db.execute(
            "INSERT INTO relations(id, type, source_id, target_id, certainty, role, sources, grade, confidence,"
            " first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " role = COALESCE(relations.role, excluded.role),"
            " first_seen = MIN(relations.first_seen, excluded.first_seen), updated_at = excluded.updated_at",
            (new_id, r["type"], source, target, r["certainty"], r["role"], r["sources"], r["grade"], r["confidence"],
             r["first_seen"], now()))
        db.execute("UPDATE evidence SET relation_id = ? WHERE relation_id = ? AND NOT EXISTS (SELECT 1 FROM evidence x"
                   " WHERE x.relation_id = ? AND COALESCE(x.event_id, '') = COALESCE(evidence.event_id, '')"
                   " AND x.doc_id = evidence.doc_id AND x.start = evidence.start AND x.\"end\" = evidence.\"end\")",
                   (new_id, r["id"], new_id))
        db.execute("INSERT OR IGNORE INTO relation_sources(relation_id, doc_id, copy_of, source, certainty, learned_at)"
                   " SELECT ?, doc_id, copy_of, source, certainty, learned_at FROM relation_sources"
                   " WHERE relation_id = ?", (new_id, r["id"]))
        db.execute("UPDATE relation_history SET relation_id = ? WHERE relation_id = ?", (new_id, r["id"]))
        db.execute("DELETE FROM relations WHERE id = ?", (r["id"],))
        touched.append(new_id)
    return list(dict.fromkeys(touched))


def _repoint_decisions(db: sqlite3.Connection, kind: str, keep: str, gone: str) -> None:
    """Decisions about the absorbed node are now about the survivor (`explain` lists them); a decision
    between the two is replaced by the merge's own."""
    db.execute("DELETE FROM decisions WHERE kind = ? AND ((a = ? AND b = ?) OR (a = ? AND b = ?))",
               (kind, keep, gone, gone, keep))
    # UPDATE OR REPLACE, portably: the survivor's own decision with the same other side gives way.
    db.execute("DELETE FROM decisions WHERE kind = ? AND a = ? AND b IN (SELECT b FROM decisions WHERE kind = ? AND a = ?)",
               (kind, keep, kind, gone))
    db.execute("UPDATE decisions SET a = ? WHERE kind = ? AND a = ?", (keep, kind, gone))
    db.execute("DELETE FROM decisions WHERE kind = ? AND b = ? AND a IN (SELECT a FROM decisions WHERE kind = ? AND b = ?)",
               (kind, keep, kind, gone))
    db.execute("UPDATE decisions SET b = ? WHERE kind = ? AND b = ?", (keep, kind, gone))
