"""The SQLite backend: one file, WAL journal, foreign keys on, schema by migration."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linkwatch.model import (
    Alias,
    Certainty,
    DocExtraction,
    Document,
    Entity,
    Event,
    Evidence,
    Mention,
    Relation,
)
from linkwatch.store.base import SourceRow, Store, Writer
from linkwatch.store.tables import MIGRATIONS, statements


def now() -> str:
    """Microsecond UTC timestamps sort as strings and tell apart facts learned in one run."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class SchemaError(RuntimeError):
    pass


def _evidence(row: sqlite3.Row) -> Evidence:
    return Evidence(
        doc=row["doc_id"], start=row["start"], end=row["end"], quote=row["quote"], extractor=row["extractor"],
        certainty=Certainty(row["certainty"]), cues=tuple(json.loads(row["cues"])), attribution=row["attribution"],
    )


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"], raw_sha256=row["raw_sha256"], text=row["text"], origin=row["origin"], url=row["url"],
        source=row["source"], title=row["title"], published=row["published"], language=row["language"],
        encoding=row["encoding"], replacements=row["replacements"],
        removed=tuple(tuple(r) for r in json.loads(row["removed"])),  # type: ignore[misc]
        copy_of=row["copy_of"], similarity=row["similarity"], ingested_at=row["ingested_at"],
    )


class SQLiteWriter(Writer):
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def put_blob(self, sha256: str, content: bytes) -> None:
        self.db.execute("INSERT OR IGNORE INTO blobs(sha256, content, size) VALUES (?, ?, ?)",
                        (sha256, content, len(content)))

    def add_document(self, doc: Document, signature: bytes | None, bands: Sequence[str]) -> Document:
        at = now()
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
        self.db.execute(
            "INSERT INTO documents(id, seq, raw_sha256, origin, url, source, title, published, language, encoding,"
            " replacements, removed, text, copy_of, similarity, signature, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, seq, doc.raw_sha256, doc.origin, doc.url, doc.source, doc.title, doc.published, doc.language,
             doc.encoding, doc.replacements, json.dumps([list(r) for r in doc.removed]), doc.text, doc.copy_of,
             doc.similarity, signature, at),
        )
        # Copies are not indexed: a later copy should point at the original, not at another copy.
        if doc.copy_of is None:
            self.db.executemany("INSERT OR IGNORE INTO doc_bands(band, doc_id) VALUES (?, ?)",
                                [(b, doc.id) for b in bands])
        return Document(**{**doc.__dict__, "ingested_at": at})

    def put_extraction(self, extraction: DocExtraction) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO extractions(doc_id, extractor, payload, created_at) VALUES (?, ?, ?, ?)",
            (extraction.doc, extraction.extractor, json.dumps(extraction.to_dict(), ensure_ascii=False), now()))

    def upsert_entity(self, entity: Entity) -> None:
        at = now()
        self.db.execute(
            "INSERT INTO entities(id, type, name, key, first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, key = COALESCE(excluded.key, entities.key),"
            " updated_at = excluded.updated_at",
            (entity.id, entity.type, entity.name, entity.key, entity.first_seen or at, at))
        self.db.executemany(
            "INSERT OR IGNORE INTO aliases(entity_id, name, doc_id, source) VALUES (?, ?, ?, ?)",
            [(entity.id, a.name, a.doc or "", a.source) for a in entity.aliases])

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
            "INSERT INTO events(id, type, date, location_id, name, first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET type = excluded.type, date = excluded.date,"
            " location_id = COALESCE(excluded.location_id, events.location_id),"
            " name = COALESCE(excluded.name, events.name), updated_at = excluded.updated_at",
            (event.id, event.type, event.date, event.location, event.name, event.first_seen or at, at))
        roles = [(event.id, e, "participant") for e in event.participants]
        roles += [(event.id, e, "organizer") for e in event.organizers]
        self.db.executemany("INSERT OR IGNORE INTO event_roles(event_id, entity_id, role) VALUES (?, ?, ?)", roles)
        self._add_evidence(event.evidence, event_id=event.id)

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
        self._add_evidence(relation.evidence, relation_id=relation.id)
        return created

    def _add_evidence(self, evidence: Iterable[Evidence], *, relation_id: str | None = None,
                      event_id: str | None = None) -> None:
        at = now()
        self.db.executemany(
            # ON CONFLICT DO NOTHING (not INSERT OR IGNORE): a repeated quote is skipped, a bad label still fails.
            'INSERT INTO evidence(relation_id, event_id, doc_id, start, "end", quote, extractor, certainty,'
            " cues, attribution, learned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(relation_id, event_id, e.doc, e.start, e.end, e.quote, e.extractor, getattr(e.certainty, "value", e.certainty),
              json.dumps(list(e.cues)), e.attribution, at) for e in evidence])

    def update_relation_grade(self, relation_id: str, certainty: str, sources: int,
                              grade: int | None, confidence: int | None, doc_id: str | None) -> None:
        row = self.db.execute("SELECT certainty, sources, grade, confidence FROM relations WHERE id = ?",
                              (relation_id,)).fetchone()
        changed = row is None or tuple(row) != (certainty, sources, grade, confidence)
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
        for table in ("evidence", "relations", "event_roles", "event_keys", "events", "local_refs",
                      "entity_keys", "aliases", "decisions"):
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        self.db.execute("UPDATE mentions SET entity_id = NULL")
        self.db.execute("DELETE FROM entities")

    # resolve: places -----------------------------------------------------------
    def put_place(self, entity_id: str, key: str, name: str, geonames_id: int | None, lat: float | None,
                  lon: float | None, country: str | None, admin1: str | None, feature: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO places(entity_id, key, name, geonames_id, lat, lon, country, admin1, feature)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (entity_id, key, name, geonames_id, lat, lon, country, admin1, feature))


class SQLiteStore(Store):
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        # check_same_thread=False: the web app reads from worker threads; writes are serialised by SQLite.
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise SchemaError(f"{self.path}: schema version {version} is newer than this linkwatch "
                              f"({len(MIGRATIONS)}); upgrade linkwatch")
        for n, sql in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in statements(sql):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {n}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield SQLiteWriter(self.db)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # documents -----------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _document(row) if row else None

    def documents(self) -> Iterator[Document]:
        for row in self.db.execute("SELECT * FROM documents ORDER BY seq").fetchall():
            yield _document(row)

    def document_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def has_blob(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def blob(self, sha256: str) -> bytes | None:
        row = self.db.execute("SELECT content FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        return bytes(row[0]) if row else None

    def near_duplicate_candidates(self, bands: Sequence[str]) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            f"SELECT DISTINCT d.id, d.signature FROM doc_bands b JOIN documents d ON d.id = b.doc_id"  # noqa: S608
            f" WHERE b.band IN ({marks}) AND d.signature IS NOT NULL ORDER BY d.seq", list(bands)).fetchall()
        return [(r[0], bytes(r[1])) for r in rows]

    def extraction(self, doc_id: str) -> DocExtraction | None:
        row = self.db.execute("SELECT payload FROM extractions WHERE doc_id = ?", (doc_id,)).fetchone()
        return DocExtraction.from_dict(json.loads(row[0])) if row else None

    def extractions(self) -> Iterator[DocExtraction]:
        cur = self.db.execute("SELECT x.payload FROM extractions x JOIN documents d ON d.id = x.doc_id ORDER BY d.seq")
        for row in cur.fetchall():
            yield DocExtraction.from_dict(json.loads(row[0]))

    # graph -----------------------------------------------------------------
    def _entities(self, where: str = "", params: Sequence[Any] = ()) -> list[Entity]:
        rows = self.db.execute(f"SELECT * FROM entities {where} ORDER BY first_seen, id", params).fetchall()  # noqa: S608
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        aliases: dict[str, list[Alias]] = defaultdict(list)
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for a in self.db.execute(
                    f"SELECT a.entity_id, a.name, a.doc_id, COALESCE(a.source, d.source) AS source FROM aliases a"  # noqa: S608
                    f" LEFT JOIN documents d ON d.id = a.doc_id WHERE a.entity_id IN ({marks})"
                    f" ORDER BY a.rowid", chunk):
                aliases[a["entity_id"]].append(Alias(a["name"], a["doc_id"] or None, a["source"]))
        return [Entity(id=r["id"], type=r["type"], name=r["name"], aliases=aliases[r["id"]], key=r["key"],
                       first_seen=r["first_seen"]) for r in rows]

    def entity(self, entity_id: str) -> Entity | None:
        found = self._entities("WHERE id = ?", (entity_id,))
        return found[0] if found else None

    def entities(self, type: str | None = None) -> list[Entity]:
        return self._entities("WHERE type = ?", (type,)) if type else self._entities()

    def entities_by_keys(self, keys: Iterable[str]) -> list[Entity]:
        keys = list(set(keys))
        ids: set[str] = set()
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            ids |= {r[0] for r in self.db.execute(
                f"SELECT entity_id FROM entity_keys WHERE key IN ({marks})", chunk)}  # noqa: S608
        out: list[Entity] = []
        for chunk in _chunks(sorted(ids)):
            out += self._entities(f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return out

    def _events(self, where: str = "", params: Sequence[Any] = ()) -> list[Event]:
        rows = self.db.execute(f"SELECT * FROM events {where} ORDER BY first_seen, id", params).fetchall()  # noqa: S608
        events = []
        for r in rows:
            roles = self.db.execute("SELECT entity_id, role FROM event_roles WHERE event_id = ? ORDER BY rowid",
                                    (r["id"],)).fetchall()
            evidence = [_evidence(e) for e in self.db.execute(
                "SELECT * FROM evidence WHERE event_id = ? ORDER BY id", (r["id"],))]
            events.append(Event(
                id=r["id"], type=r["type"], date=r["date"], location=r["location_id"], name=r["name"],
                participants=[x["entity_id"] for x in roles if x["role"] == "participant"],
                organizers=[x["entity_id"] for x in roles if x["role"] == "organizer"],
                evidence=evidence, first_seen=r["first_seen"]))
        return events

    def event(self, event_id: str) -> Event | None:
        found = self._events("WHERE id = ?", (event_id,))
        return found[0] if found else None

    def events(self) -> list[Event]:
        return self._events()

    def events_by_keys(self, keys: Iterable[str]) -> list[Event]:
        keys = list(set(keys))
        ids: set[str] = set()
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            ids |= {r[0] for r in self.db.execute(
                f"SELECT event_id FROM event_keys WHERE key IN ({marks})", chunk)}  # noqa: S608
        out: list[Event] = []
        for chunk in _chunks(sorted(ids)):
            out += self._events(f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return out

    def _relations(self, where: str = "", params: Sequence[Any] = ()) -> list[Relation]:
        rows = self.db.execute(f"SELECT * FROM relations {where} ORDER BY first_seen, id", params).fetchall()  # noqa: S608
        out = []
        for r in rows:
            evidence = [_evidence(e) for e in self.db.execute(
                "SELECT * FROM evidence WHERE relation_id = ? ORDER BY id", (r["id"],))]
            last = self.db.execute("SELECT MAX(learned_at) FROM evidence WHERE relation_id = ?", (r["id"],)).fetchone()
            out.append(Relation(
                id=r["id"], type=r["type"], source=r["source_id"], target=r["target_id"],
                certainty=Certainty(r["certainty"]), evidence=evidence, role=r["role"], sources=r["sources"],
                grade=r["grade"], confidence=r["confidence"], first_seen=r["first_seen"], last_seen=last[0]))
        return out

    def relation(self, relation_id: str) -> Relation | None:
        found = self._relations("WHERE id = ?", (relation_id,))
        return found[0] if found else None

    def relations(self, entity_id: str | None = None, type: str | None = None) -> list[Relation]:
        clauses, params = [], []
        if entity_id:
            clauses.append("(source_id = ? OR target_id = ?)")
            params += [entity_id, entity_id]
        if type:
            clauses.append("type = ?")
            params.append(type)
        return self._relations(("WHERE " + " AND ".join(clauses)) if clauses else "", params)

    def relation_sources(self, relation_id: str) -> list[SourceRow]:
        rows = self.db.execute(
            "SELECT e.doc_id, d.copy_of, d.source, d.url, e.certainty, e.learned_at FROM evidence e"
            " JOIN documents d ON d.id = e.doc_id WHERE e.relation_id = ? ORDER BY e.id", (relation_id,)).fetchall()
        return [SourceRow(*tuple(r)) for r in rows]

    def mentions(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql = 'SELECT id, doc_id, start, "end", text, type, label, local_ref, entity_id FROM mentions'
        rows = (self.db.execute(sql + " WHERE doc_id = ? ORDER BY start", (doc_id,)) if doc_id
                else self.db.execute(sql + " ORDER BY doc_id, start"))
        return [dict(r) for r in rows.fetchall()]

    def global_id(self, doc_id: str, ref: str) -> str | None:
        row = self.db.execute("SELECT global_id FROM local_refs WHERE doc_id = ? AND ref = ?", (doc_id, ref)).fetchone()
        return row[0] if row else None

    # analyst state -----------------------------------------------------------
    def decisions(self, item_id: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        clauses, params = [], []
        if item_id:
            clauses.append("(a = ? OR b = ?)")
            params += [item_id, item_id]
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.db.execute(f"SELECT * FROM decisions {where} ORDER BY decided_at", params).fetchall()  # noqa: S608
        return [{**dict(r), "features": json.loads(r["features"])} for r in rows]

    def judgements(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM judgements ORDER BY judged_at").fetchall()]

    def watchlist(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM watchlist ORDER BY added_at").fetchall()]

    def relation_history(self, since: str | None = None) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM relation_history WHERE at >= ? ORDER BY id", (since or "",)).fetchall()
        return [dict(r) for r in rows]

    def evidence_for_document(self, doc_id: str) -> list[Evidence]:
        return [_evidence(r) for r in self.db.execute(
            "SELECT * FROM evidence WHERE doc_id = ? ORDER BY start, id", (doc_id,)).fetchall()]

    # resolve: places and entity keys -------------------------------------------
    def places(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM places ORDER BY entity_id").fetchall()]

    def place(self, entity_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM places WHERE entity_id = ?", (entity_id,)).fetchone()
        return dict(row) if row else None

    def entity_keys(self, entity_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT key FROM entity_keys WHERE entity_id = ? ORDER BY key", (entity_id,)).fetchall()]

    def entity_ids_by_keys(self, keys: Iterable[str]) -> list[str]:
        ids: dict[str, None] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                    f"SELECT entity_id FROM entity_keys WHERE key IN ({marks}) ORDER BY entity_id", chunk):  # noqa: S608
                ids.setdefault(r[0])
        return list(ids)

    def entity_stubs(self, ids: Iterable[str]) -> list[Entity]:
        out: list[Entity] = []
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            out += [Entity(id=r["id"], type=r["type"], name=r["name"], key=r["key"], first_seen=r["first_seen"])
                    for r in self.db.execute(
                        f"SELECT id, type, name, key, first_seen FROM entities WHERE id IN ({marks})"  # noqa: S608
                        f" ORDER BY first_seen, id", chunk)]
        return out

    def alias_names(self, ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                    f"SELECT entity_id, name FROM aliases WHERE entity_id IN ({marks})"  # noqa: S608
                    f" GROUP BY entity_id, name ORDER BY MIN(rowid)", chunk):
                out[r[0]].append(r[1])
        return dict(out)

    def relation_source_groups(self, relation_id: str) -> list[SourceRow]:
        rows = self.db.execute(
            "SELECT CASE WHEN d.source IS NULL OR d.copy_of IS NOT NULL"
            " OR EXISTS (SELECT 1 FROM documents c WHERE c.copy_of = d.id) THEN d.id ELSE '' END AS doc,"
            " d.copy_of, d.source, NULL, e.certainty, MIN(e.learned_at) FROM evidence e"
            " JOIN documents d ON d.id = e.doc_id WHERE e.relation_id = ?"
            " GROUP BY doc, d.copy_of, d.source, e.certainty ORDER BY MIN(e.id)", (relation_id,)).fetchall()
        return [SourceRow(*tuple(r)) for r in rows]


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    """SQLite limits bound parameters per statement; stay well under it."""
    for i in range(0, len(items), size):
        yield list(items[i:i + size])
