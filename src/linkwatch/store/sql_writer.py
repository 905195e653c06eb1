"""The SQLite backend's writes, valid inside one transaction (see ``sql.SQLiteStore.transaction``)."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from linkwatch.model import Certainty, DocExtraction, Document, Entity, Event, Evidence, Mention, Relation
from linkwatch.store.base import Writer
from linkwatch.store.sql_index import SQLiteIndexWrites


def now() -> str:
    """Microsecond UTC timestamps sort as strings and tell apart facts learned in one run."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _label(certainty: Certainty | str) -> str:
    """The stored certainty label (tests hand in raw strings to check the constraint)."""
    return certainty.value if isinstance(certainty, Certainty) else certainty


class SQLiteWriter(SQLiteIndexWrites, Writer):
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _changed(self, kind: str, item: str) -> None:
        """Log a graph write for the link index (migration 10), which folds the log in and empties it."""
        self.db.execute("INSERT INTO graph_changes(kind, item) VALUES (?, ?)", (kind, item))

    def put_blob(self, sha256: str, content: bytes) -> None:
        self.db.execute("INSERT OR IGNORE INTO blobs(sha256, content, size) VALUES (?, ?, ?)",
                        (sha256, content, len(content)))

    def add_document(self, doc: Document, signature: bytes | None, bands: Sequence[str]) -> Document:
        at = now()
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
        self.db.execute(
            "INSERT INTO documents(id, seq, raw_sha256, origin, url, source, title, published, language, encoding,"
            " replacements, removed, text, copy_of, similarity, signature, ingested_at, encoding_note, truncated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, seq, doc.raw_sha256, doc.origin, doc.url, doc.source, doc.title, doc.published, doc.language,
             doc.encoding, doc.replacements, json.dumps([list(r) for r in doc.removed]), doc.text, doc.copy_of,
             doc.similarity, signature, at, doc.encoding_note, doc.truncated_at),
        )
        self._changed("document", doc.id)
        # Copies are not indexed: a later copy should point at the original, not at another copy.
        if doc.copy_of is None:
            self.db.executemany("INSERT OR IGNORE INTO doc_bands(band, doc_id) VALUES (?, ?)",
                                [(b, doc.id) for b in bands])
        else:
            # The original is now copied: grading must see it as a document of its own (its copy links
            # to it), not only as part of its outlet's row. Its evidence rows are few (evidence_doc index).
            self.db.execute(
                "INSERT OR IGNORE INTO relation_sources(relation_id, doc_id, copy_of, source, certainty, learned_at)"
                " SELECT e.relation_id, d.id, COALESCE(d.copy_of, ''), COALESCE(d.source, ''), e.certainty,"
                " MIN(e.learned_at) FROM evidence e JOIN documents d ON d.id = e.doc_id"
                " WHERE e.doc_id = ? AND e.relation_id IS NOT NULL GROUP BY e.relation_id, d.id, e.certainty",
                (doc.copy_of,))
        return Document(**{**doc.__dict__, "ingested_at": at})

    def put_extraction(self, extraction: DocExtraction) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO extractions(doc_id, extractor, payload, created_at) VALUES (?, ?, ?, ?)",
            (extraction.doc, extraction.extractor, json.dumps(extraction.to_dict(), ensure_ascii=False), now()))

    def upsert_entity(self, entity: Entity) -> None:
        at = now()
        self.db.execute(
            "INSERT INTO entities(id, type, name, key, first_seen, updated_at, generic) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, key = COALESCE(excluded.key, entities.key),"
            " updated_at = excluded.updated_at",
            (entity.id, entity.type, entity.name, entity.key, entity.first_seen or at, at, int(entity.generic)))
        for a in entity.aliases:
            # entity_names counts the documents using each name (a name repeated by one document once).
            new = self.db.execute("INSERT OR IGNORE INTO aliases(entity_id, name, doc_id, source) VALUES (?, ?, ?, ?)",
                                  (entity.id, a.name, a.doc or "", a.source)).rowcount
            self.db.execute("INSERT INTO entity_names(entity_id, name, docs) VALUES (?, ?, ?)"
                            " ON CONFLICT(entity_id, name) DO UPDATE SET docs = entity_names.docs + excluded.docs",
                            (entity.id, a.name, new))
        if entity.type == "organization":  # the link index carries organisations' names
            self._changed("entity", entity.id)

    def set_entity(self, entity_id: str, type_: str, name: str) -> None:
        self.db.execute("UPDATE entities SET type = ?, name = ?, updated_at = ? WHERE id = ? AND (type <> ? OR name <> ?)",
                        (type_, name, now(), entity_id, type_, name))

    def add_type_vote(self, entity_id: str, type_: str) -> None:
        self.db.execute("INSERT INTO entity_types(entity_id, type, docs) VALUES (?, ?, 1)"
                        " ON CONFLICT(entity_id, type) DO UPDATE SET docs = entity_types.docs + 1", (entity_id, type_))

    def add_alias_evidence(self, entity_id: str, name: str, equated: str, evidence: Evidence, cue: str) -> None:
        self.db.execute('INSERT OR IGNORE INTO alias_evidence(entity_id, name, equated, doc_id, start, "end", quote, cue)'
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (entity_id, name, equated, evidence.doc, evidence.start, evidence.end, evidence.quote, cue))

    def merge_entities(self, keep: str, gone: str) -> list[str]:
        from linkwatch.store.sql_merge import merge_entities

        touched = self._touching(gone)
        moved = merge_entities(self.db, keep, gone)
        self._log_merge(keep, touched, moved, "entity")
        return moved

    def merge_events(self, keep: str, gone: str) -> list[str]:
        from linkwatch.store.sql_merge import merge_events

        touched = self._touching(gone)
        moved = merge_events(self.db, keep, gone)
        self._log_merge(keep, (touched[0], [*touched[1], gone]), moved, "event")
        return moved

    def _touching(self, node: str) -> tuple[list[str], list[str]]:
        """The relations and events that name `node`, before a merge renames them (index reads)."""
        relations = [r[0] for r in self.db.execute(
            "SELECT id FROM relations WHERE source_id = ? UNION SELECT id FROM relations WHERE target_id = ?",
            (node, node))]
        events = [r[0] for r in self.db.execute(
            "SELECT event_id FROM event_roles WHERE entity_id = ? UNION SELECT id FROM events WHERE location_id = ?",
            (node, node))]
        return relations, events

    def _log_merge(self, keep: str, touched: tuple[list[str], list[str]], moved: list[str], kind: str) -> None:
        # The link index learns a merge as writes: the relations that were renamed away (gone, so their hops
        # go), the ones they became, and the events whose roles moved.
        for rid in dict.fromkeys([*touched[0], *moved]):
            self._changed("relation", rid)
        for eid in dict.fromkeys([*touched[1], *([keep] if kind == "event" else [])]):
            self._changed("event", eid)
        if kind == "entity":
            self._changed("entity", keep)

    def add_entity_keys(self, entity_id: str, keys: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO entity_keys(key, entity_id) VALUES (?, ?)",
                            [(k, entity_id) for k in set(keys)])

    def add_mentions(self, doc_id: str, mentions: Sequence[Mention], entity_of: dict[str, str]) -> None:
        self.db.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
        self.db.executemany(
            'INSERT INTO mentions(doc_id, start, "end", text, type, label, local_ref, entity_id)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, m.start, m.end, m.text, m.type, m.label, m.ref, entity_of.get(m.ref)) for m in mentions])

    def set_local_ref(self, doc_id: str, ref: str, global_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO local_refs(doc_id, ref, global_id) VALUES (?, ?, ?)",
                        (doc_id, ref, global_id))

    def upsert_event(self, event: Event) -> None:
        at = now()
        self.db.execute(
            "INSERT INTO events(id, type, date, location_id, name, first_seen, updated_at, date_source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET type = excluded.type, date = excluded.date,"
            " date_source = excluded.date_source,"
            " location_id = COALESCE(excluded.location_id, events.location_id),"
            " name = COALESCE(excluded.name, events.name), updated_at = excluded.updated_at",
            (event.id, event.type, event.date, event.location, event.name, event.first_seen or at, at,
             event.date_source))
        roles = [(event.id, e, "participant") for e in event.participants]
        roles += [(event.id, e, "organizer") for e in event.organizers]
        self.db.executemany("INSERT OR IGNORE INTO event_roles(event_id, entity_id, role) VALUES (?, ?, ?)", roles)
        self._add_evidence(event.evidence, event_id=event.id)
        self._changed("event", event.id)

    def add_event_keys(self, event_id: str, keys: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO event_keys(key, event_id) VALUES (?, ?)",
                            [(k, event_id) for k in set(keys)])

    def add_relation(self, relation: Relation) -> bool:
        at = now()
        cur = self.db.execute(
            "INSERT OR IGNORE INTO relations(id, type, source_id, target_id, certainty, role, first_seen, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (relation.id, relation.type, relation.source, relation.target, relation.certainty.value, relation.role,
             at, at))
        created = cur.rowcount == 1
        if not created and relation.role:
            self.db.execute("UPDATE relations SET role = COALESCE(role, ?) WHERE id = ?", (relation.role, relation.id))
        if relation.former:
            # An end, once reported, stays: the role reads 'former ...' on every surface from then on.
            self.db.execute(
                "UPDATE relations SET former = 1, ended = COALESCE(?, ended),"
                " role = CASE WHEN role IS NULL THEN 'former' WHEN role LIKE 'former %' OR role = 'former' THEN role"
                " ELSE 'former ' || role END WHERE id = ?", (relation.ended, relation.id))
        self._add_evidence(relation.evidence, relation_id=relation.id)
        # The grading summary (migration 4): one row per outlet and label, or per document where an
        # outlet cannot stand for it (no outlet, a copy, or copied); see Store.relation_source_groups.
        # Read back from the evidence as stored (a repeated quote keeps its first label), through the
        # evidence_once index, so it costs this document's quotes, not the relation's.
        self.db.executemany(
            "INSERT OR IGNORE INTO relation_sources(relation_id, doc_id, copy_of, source, certainty, learned_at)"
            " SELECT e.relation_id, CASE WHEN d.source IS NULL OR d.copy_of IS NOT NULL"
            " OR EXISTS (SELECT 1 FROM documents c WHERE c.copy_of = d.id) THEN d.id ELSE '' END,"
            " COALESCE(d.copy_of, ''), COALESCE(d.source, ''), e.certainty, MIN(e.learned_at)"
            " FROM evidence e JOIN documents d ON d.id = e.doc_id"
            " WHERE COALESCE(e.relation_id, '') = ? AND COALESCE(e.event_id, '') = '' AND e.doc_id = ?"
            " GROUP BY e.relation_id, d.id, e.certainty",  # all but the certainty fixed by the WHERE (portable SQL)
            [(relation.id, doc) for doc in dict.fromkeys(e.doc for e in relation.evidence)])
        self._changed("relation", relation.id)
        return created

    def _add_evidence(self, evidence: Iterable[Evidence], *, relation_id: str | None = None,
                      event_id: str | None = None) -> None:
        at = now()
        self.db.executemany(
            # ON CONFLICT DO NOTHING (not INSERT OR IGNORE): a repeated quote is skipped, a bad label still fails.
            'INSERT INTO evidence(relation_id, event_id, doc_id, start, "end", quote, extractor, certainty,'
            " cues, attribution, learned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(relation_id, event_id, e.doc, e.start, e.end, e.quote, e.extractor, _label(e.certainty),
              json.dumps(list(e.cues)), e.attribution, at) for e in evidence])

    def update_relation_grade(self, relation_id: str, certainty: str, sources: int,
                              grade: int | None, confidence: int | None, doc_id: str | None) -> None:
        row = self.db.execute("SELECT certainty, sources, grade, confidence FROM relations WHERE id = ?",
                              (relation_id,)).fetchone()
        changed = row is None or tuple(row) != (certainty, sources, grade, confidence)
        if changed:
            self._changed("relation", relation_id)
        self.db.execute(
            "UPDATE relations SET certainty = ?, sources = ?, grade = ?, confidence = ?, updated_at = ? WHERE id = ?",
            (certainty, sources, grade, confidence, now(), relation_id))
        if changed:
            self.db.execute(
                "INSERT INTO relation_history(relation_id, certainty, sources, grade, confidence, doc_id, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", (relation_id, certainty, sources, grade, confidence, doc_id, now()))

    def record_decision(self, kind: str, a: str, b: str, outcome: str, score: float | None,
                        features: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO decisions(kind, a, b, outcome, score, features, decided_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (kind, a, b, outcome, score, json.dumps(features, default=str), now()))

    def put_judgement(self, a: str, b: str, judgement: str, author: str | None = None) -> None:
        a, b = sorted((a, b))
        names = [self.db.execute("SELECT name FROM entities WHERE id = ?", (x,)).fetchone() for x in (a, b)]
        self.db.execute(
            "INSERT OR REPLACE INTO judgements(a, b, judgement, author, a_name, b_name, judged_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (a, b, judgement, author, names[0][0] if names[0] else None, names[1][0] if names[1] else None, now()))

    def watch(self, entity_id: str, note: str | None = None) -> None:
        self.db.execute("INSERT OR IGNORE INTO watchlist(entity_id, note, added_at) VALUES (?, ?, ?)",
                        (entity_id, note, now()))

    def unwatch(self, entity_id: str) -> None:
        self.db.execute("DELETE FROM watchlist WHERE entity_id = ?", (entity_id,))

    def clear_graph(self) -> None:
        for table in ("relation_sources", "evidence", "relations", "event_roles", "event_keys", "events", "local_refs",
                      "entity_keys", "entity_names", "entity_types", "alias_evidence", "aliases", "decisions"):
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        self.db.execute("UPDATE mentions SET entity_id = NULL")
        self.db.execute("DELETE FROM entities")
        # The link index follows the graph: it is rebuilt from what resolution writes next, silently when
        # it was built before (the alerts it recorded stay; re-resolving learns nothing new).
        self.clear_index()
        self.db.execute("DELETE FROM graph_changes")
        self.db.execute("UPDATE index_state SET value = 'rebuild-silently' WHERE name = 'links'")

    # resolve: places -----------------------------------------------------------
    def put_place(self, entity_id: str, key: str, name: str, geonames_id: int | None, lat: float | None,
                  lon: float | None, country: str | None, admin1: str | None, feature: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO places(entity_id, key, name, geonames_id, lat, lon, country, admin1, feature)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (entity_id, key, name, geonames_id, lat, lon, country, admin1, feature))
