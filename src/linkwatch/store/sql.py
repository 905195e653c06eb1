"""The SQLite backend: one file, WAL journal, foreign keys on, schema by migration.

This module opens the store and reads; ``sql_writer`` holds the writes made inside a transaction.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from linkwatch.model import (
    Alias,
    Certainty,
    DocExtraction,
    Document,
    Entity,
    Event,
    Evidence,
    Relation,
)
from linkwatch.store.base import SourceRow, Store, Writer, savepoint
from linkwatch.store.sql_index import SQLiteIndexReads
from linkwatch.store.sql_pages import SQLiteStorePages, language_filter
from linkwatch.store.sql_writer import SQLiteWriter, now
from linkwatch.store.tables import MIGRATIONS, statements

__all__ = ["SQLiteStore", "SQLiteWriter", "SchemaError", "StoreError", "now"]

# Seconds a connection waits for another's write lock before giving up: long enough for the longest
# single-document transaction of a concurrent ingest (a very long document resolves in seconds).
BUSY_TIMEOUT = 60


class StoreError(RuntimeError):
    """The store cannot be opened or written as asked. The message names the path and what to do."""


class SchemaError(StoreError):
    pass


def explain(path: str, exc: sqlite3.Error) -> str:
    """SQLite's complaint about `path` in words that say what is wrong and what to do."""
    text = str(exc)
    if "not a database" in text or "encrypted" in text:
        return (f"{path} is not a linkwatch store (SQLite says: {text}); give --db a store file, "
                f"or a new path to create one")
    if "readonly" in text or "read-only" in text:
        return (f"{path} cannot be written: the file, its folder or its file system is read-only; make it "
                f"writable, or copy the store to a writable folder")
    if "unable to open" in text:
        return f"cannot open the store {path}: its folder is missing or cannot be read or written ({text})"
    if "locked" in text or "busy" in text:
        return f"{path} is busy: another process is writing to it; try again when it has finished"
    return f"{path}: {text}"


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
        encoding_note=row["encoding_note"], truncated_at=row["truncated_at"],
    )


class SQLiteStore(SQLiteIndexReads, SQLiteStorePages, Store):
    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        """Open (and create or upgrade) the store at `path`. `read_only` opens it without writing
        anything, for stores in read-only files or folders; it must then be of the current schema."""
        self.path = str(path)
        self.read_only = read_only
        try:
            self.db = self._connect()
        except sqlite3.Error as exc:
            raise StoreError(explain(self.path, exc)) from None
        try:
            self._configure()
        except sqlite3.Error as exc:
            self.db.close()
            raise StoreError(explain(self.path, exc)) from None
        except StoreError:
            self.db.close()
            raise

    def work_in_memory(self) -> None:
        """Go on with a private in-memory copy of a read-only store: what a read must write first (the link
        index of a store written without it) is written there, and the file is never touched."""
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.backup(copy)
        self.db.close()
        copy.row_factory = sqlite3.Row
        copy.execute("PRAGMA foreign_keys = ON")
        self.db = copy

    def _connect(self) -> sqlite3.Connection:
        if not self.read_only:
            return _open(self.path)
        uri = f"file:{quote(os.path.abspath(self.path))}?mode=ro"
        db = _open(uri, uri=True)
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL store in a folder where its -shm file cannot be created: read it as an immutable file
            # (nothing can write there to change it under us).
            db.close()
            db = _open(uri + "&immutable=1", uri=True)
        return db

    def _configure(self) -> None:
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.read_only:
            version = self.schema_version
            if version != len(MIGRATIONS):
                raise SchemaError(f"{self.path} has schema version {version}, this linkwatch reads {len(MIGRATIONS)},"
                                  f" and the store is read-only so it cannot be upgraded; make it writable")
            return
        if self.path != ":memory:":
            self._wal()
        self.db.execute("PRAGMA synchronous = NORMAL")
        # Checkpoint every 10,000 WAL pages (~40 MB) instead of SQLite's 1,000: a document's transaction
        # writes 100-200 pages, so the default checkpointed (two fsyncs, a random write per page) every
        # few documents, and a page written by many documents is copied once per checkpoint, not once per
        # document. Tuned on the non-NLP part of benchmarks/throughput.py's 1 MB ingest (replayed from
        # stored extractions: 6.4-7.4 s at 1,000 pages, 5.8-6.2 at 4,000, 5.4-6.1 at 10,000, no better at
        # 20,000) and on benchmarks/incremental.py's stores (commit time per 10 documents averaged over
        # 300 documents: 25 -> 15 ms at 10,000 documents). A larger cache_size, temp_store = MEMORY and
        # mmap_size were measured too and made no difference there.
        self.db.execute("PRAGMA wal_autocheckpoint = 10000")
        self._migrate()

    def _wal(self) -> None:
        """Switch to the WAL journal. Switching a new store takes an exclusive lock, and two processes
        opening the same new store can each hold the shared lock the other must wait out: SQLite then
        fails one at once instead of waiting (its busy handler would deadlock). So retry, for as long as
        a lock would be waited for."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _migrate(self) -> None:
        if self._current():
            return
        # Under the write lock, and read again there: two processes opening a new store at once both saw
        # version 0, and the second then failed with "table blobs already exists" (issue 16).
        self.db.execute("BEGIN IMMEDIATE")
        try:
            version = self.schema_version
            self._current()
            for n, sql in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements(sql):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {n}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _current(self) -> bool:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise SchemaError(f"{self.path}: schema version {version} is newer than this linkwatch "
                              f"({len(MIGRATIONS)}); upgrade linkwatch")
        return version == len(MIGRATIONS)

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    grouped = False  # inside batch(): each transaction is a savepoint of the batch's one transaction

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        if self.grouped:
            with savepoint(self.db):
                yield SQLiteWriter(self.db)
            return
        with self._transaction() as writer:
            yield writer

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Commit the transactions opened inside as one (Store.batch)."""
        if self.grouped:
            yield
            return
        failure: BaseException | None = None
        with self._transaction():
            self.grouped = True
            try:
                yield
            except BaseException as exc:  # the savepoints released before it stay: commit them
                failure = exc
            finally:
                self.grouped = False
        if failure is not None:
            raise failure

    @contextmanager
    def _transaction(self) -> Iterator[Writer]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(explain(self.path, exc)) from None
        try:
            yield SQLiteWriter(self.db)
        except sqlite3.OperationalError as exc:
            self.db.execute("ROLLBACK")
            if _unwritable(exc):  # a read-only file still lets BEGIN through; the first write fails
                raise StoreError(explain(self.path, exc)) from None
            raise
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.db.execute("ROLLBACK")
            raise StoreError(explain(self.path, exc)) from None

    def close(self) -> None:
        self.db.close()

    # documents -----------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _document(row) if row else None

    def documents(self) -> Iterator[Document]:
        for row in self.db.execute("SELECT * FROM documents ORDER BY seq").fetchall():
            yield _document(row)

    def document_count(self, language: str | None = None) -> int:
        where, params = language_filter(language)
        return int(self.db.execute(f"SELECT COUNT(*) FROM documents{where}", params).fetchone()[0])  # noqa: S608

    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def document_id_for_raw(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT id FROM documents WHERE raw_sha256 = ? ORDER BY seq LIMIT 1", (sha256,)).fetchone()
        return row[0] if row else None

    def has_blob(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def blob(self, sha256: str) -> bytes | None:
        row = self.db.execute("SELECT content FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        return bytes(row[0]) if row else None

    def near_duplicate_candidates(self, bands: Sequence[str], min_shared: int = 1,
                                  limit: int | None = None) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        # Bands are counted on the (band, doc_id) key alone; only the documents that pass are joined
        # for their signatures.
        rows = self.db.execute(
            f"SELECT d.id, d.signature FROM (SELECT doc_id, COUNT(*) AS shared FROM doc_bands"  # noqa: S608
            f" WHERE band IN ({marks}) GROUP BY doc_id HAVING COUNT(*) >= ?) b JOIN documents d ON d.id = b.doc_id"
            f" WHERE d.signature IS NOT NULL ORDER BY b.shared DESC, d.seq" + (" LIMIT ?" if limit is not None else ""),
            [*bands, min_shared, *([] if limit is None else [limit])]).fetchall()
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
                       first_seen=r["first_seen"], generic=bool(r["generic"])) for r in rows]

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

    def _events(self, where: str = "", params: Sequence[Any] = (), *, evidence: bool = True) -> list[Event]:
        rows = self.db.execute(f"SELECT * FROM events {where} ORDER BY first_seen, id", params).fetchall()  # noqa: S608
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        # Roles and evidence for all the events at once: a query per event made listing events
        # (and event resolution's candidate reads) cost a round trip per row.
        roles: dict[str, list[sqlite3.Row]] = defaultdict(list)
        for x in self._rows_in("SELECT event_id, entity_id, role FROM event_roles WHERE event_id IN ({})"
                               " ORDER BY rowid", ids):
            roles[x["event_id"]].append(x)
        quotes: dict[str, list[Evidence]] = defaultdict(list)
        if evidence:
            for e in self._rows_in("SELECT * FROM evidence WHERE event_id IN ({}) ORDER BY id", ids):
                quotes[e["event_id"]].append(_evidence(e))
        return [Event(
            id=r["id"], type=r["type"], date=r["date"], location=r["location_id"], name=r["name"],
            participants=[x["entity_id"] for x in roles[r["id"]] if x["role"] == "participant"],
            organizers=[x["entity_id"] for x in roles[r["id"]] if x["role"] == "organizer"],
            evidence=quotes[r["id"]], first_seen=r["first_seen"], date_source=r["date_source"]) for r in rows]

    def _rows_in(self, sql: str, ids: Sequence[str]) -> list[sqlite3.Row]:
        """`sql` with its one ``IN ({})`` filled with `ids`, chunked under SQLite's parameter limit."""
        out: list[sqlite3.Row] = []
        for chunk in _chunks(ids):
            out += self.db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return out

    def event(self, event_id: str) -> Event | None:
        found = self._events("WHERE id = ?", (event_id,))
        return found[0] if found else None

    def events(self) -> list[Event]:
        return self._events()

    def _event_ids(self, keys: Iterable[str]) -> list[str]:
        ids: set[str] = set()
        for r in self._rows_in("SELECT event_id FROM event_keys WHERE key IN ({})", sorted(set(keys))):
            ids.add(r[0])
        return sorted(ids)

    def events_by_keys(self, keys: Iterable[str]) -> list[Event]:
        out: list[Event] = []
        for chunk in _chunks(self._event_ids(keys)):
            out += self._events(f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return out

    def event_stubs_by_keys(self, keys: Iterable[str]) -> list[Event]:
        return self.event_stubs(self._event_ids(keys))

    def event_stubs(self, ids: Iterable[str]) -> list[Event]:
        out: list[Event] = []
        for chunk in _chunks(sorted(set(ids))):
            out += self._events(f"WHERE id IN ({','.join('?' * len(chunk))})", chunk, evidence=False)
        return out

    def event_stubs_with_actors(self, entity_ids: Iterable[str]) -> list[Event]:
        rows = self._rows_in("SELECT DISTINCT event_id FROM event_roles WHERE entity_id IN ({})",
                             sorted(set(entity_ids)))
        return self.event_stubs(r[0] for r in rows)

    def _relations(self, where: str = "", params: Sequence[Any] = ()) -> list[Relation]:
        rows = self.db.execute(f"SELECT * FROM relations {where} ORDER BY first_seen, id", params).fetchall()  # noqa: S608
        if not rows:
            return []
        quotes: dict[str, list[Evidence]] = defaultdict(list)
        last: dict[str, str] = {}
        for e in self._rows_in("SELECT * FROM evidence WHERE relation_id IN ({}) ORDER BY id", [r["id"] for r in rows]):
            rid = e["relation_id"]
            quotes[rid].append(_evidence(e))
            last[rid] = max(last.get(rid, ""), e["learned_at"])
        return [Relation(
            id=r["id"], type=r["type"], source=r["source_id"], target=r["target_id"],
            certainty=Certainty(r["certainty"]), evidence=quotes[r["id"]], role=r["role"], sources=r["sources"],
            grade=r["grade"], confidence=r["confidence"], first_seen=r["first_seen"], last_seen=last.get(r["id"]),
            former=bool(r["former"]), ended=r["ended"])
            for r in rows]

    def relation(self, relation_id: str) -> Relation | None:
        found = self._relations("WHERE id = ?", (relation_id,))
        return found[0] if found else None

    def relations(self, entity_id: str | None = None, type: str | None = None) -> list[Relation]:
        return self._relations(*_where(("(source_id = ? OR target_id = ?)", entity_id, 2), ("type = ?", type, 1)))

    def counts(self) -> dict[str, int]:
        return {table: int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
                for table in ("documents", "entities", "events", "relations")}

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
        where, params = _where(("(a = ? OR b = ?)", item_id, 2), ("kind = ?", kind, 1))
        rows = self.db.execute(f"SELECT * FROM decisions {where} ORDER BY decided_at", params).fetchall()  # noqa: S608
        return [{**dict(r), "features": json.loads(r["features"])} for r in rows]

    def judgements(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM judgements ORDER BY judged_at").fetchall()]

    def watchlist(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM watchlist ORDER BY added_at").fetchall()]

    def relation_history(self, since: str | None = None) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM relation_history WHERE at >= ? ORDER BY id", (since or "",)).fetchall()
        return [dict(r) for r in rows]

    # resolve: places and entity keys -------------------------------------------
    def places(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM places ORDER BY entity_id").fetchall()]

    def place(self, entity_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM places WHERE entity_id = ?", (entity_id,)).fetchone()
        return dict(row) if row else None

    def entity_keys(self, entity_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT key FROM entity_keys WHERE entity_id = ? ORDER BY key", (entity_id,)).fetchall()]

    def entity_keys_by_id(self, ids: Iterable[str], prefixes: Sequence[str] = (),
                          among: Iterable[str] = ()) -> dict[str, list[str]]:
        ids = sorted(set(ids))
        wanted = sorted(set(among))
        found: dict[str, set[str]] = defaultdict(set)
        if not prefixes and not wanted:
            for r in self._rows_in("SELECT entity_id, key FROM entity_keys WHERE entity_id IN ({})", ids):
                found[r[0]].add(r[1])
        # Each prefix is a range of the (entity_id, key) index: the name keys around it are skipped.
        ranges = " OR ".join("(key >= ? AND key < ?)" for _ in prefixes)
        bounds = [b for p in prefixes for b in (p, p[:-1] + chr(ord(p[-1]) + 1))]
        for chunk in _chunks(ids) if prefixes else ():
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT entity_id, key FROM entity_keys WHERE entity_id IN ({marks})"  # noqa: S608
                                     f" AND ({ranges})", [*chunk, *bounds]):
                found[r[0]].add(r[1])
        # Exact keys are probes of the (key, entity_id) primary key, however many entities share a key.
        for keys in _chunks(wanted, 200) if ids else ():
            for chunk in _chunks(ids, 200):
                for r in self.db.execute(
                        f"SELECT entity_id, key FROM entity_keys WHERE key IN ({','.join('?' * len(keys))})"  # noqa: S608
                        f" AND entity_id IN ({','.join('?' * len(chunk))})", [*keys, *chunk]):
                    found[r[0]].add(r[1])
        return {e: sorted(keys) for e, keys in sorted(found.items())}

    def entity_ids_by_keys(self, keys: Iterable[str]) -> list[str]:
        ids: dict[str, None] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                    f"SELECT entity_id FROM entity_keys WHERE key IN ({marks}) ORDER BY entity_id", chunk):  # noqa: S608
                ids.setdefault(r[0])
        return list(ids)

    def entities_under_keys(self, keys: Iterable[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            for key, entity_id in self.db.execute(
                    f"SELECT key, entity_id FROM entity_keys WHERE key IN ({marks}) ORDER BY entity_id", chunk):  # noqa: S608
                found.setdefault(key, []).append(entity_id)
        return found

    def entity_stubs(self, ids: Iterable[str]) -> list[Entity]:
        out: list[Entity] = []
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            out += [Entity(id=r["id"], type=r["type"], name=r["name"], key=r["key"], first_seen=r["first_seen"],
                           generic=bool(r["generic"]))
                    for r in self.db.execute(
                        f"SELECT id, type, name, key, first_seen, generic FROM entities WHERE id IN ({marks})"  # noqa: S608
                        f" ORDER BY first_seen, id", chunk)]
        return out

    def alias_names(self, ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for r in self._rows_in("SELECT entity_id, name FROM entity_names WHERE entity_id IN ({}) ORDER BY rowid",
                               sorted(set(ids))):
            out[r[0]].append(r[1])
        return dict(out)

    def existing_relations(self, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._rows_in("SELECT id FROM relations WHERE id IN ({})", sorted(set(ids)))}

    def name_counts(self, entity_id: str) -> list[tuple[str, int]]:
        return [(r[0], int(r[1])) for r in self.db.execute(
            "SELECT name, docs FROM entity_names WHERE entity_id = ? ORDER BY rowid", (entity_id,))]

    def type_votes(self, entity_id: str) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self.db.execute(
            "SELECT type, docs FROM entity_types WHERE entity_id = ? ORDER BY type", (entity_id,))}

    def shared_documents(self, a: str, b: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT x.doc_id FROM local_refs x JOIN local_refs y ON y.doc_id = x.doc_id"
            " WHERE x.global_id = ? AND y.global_id = ? AND x.ref <> y.ref ORDER BY x.doc_id", (a, b))]

    def shared_keys(self, a: str, b: str, prefix: str) -> list[str]:
        # Prefix range on the (entity_id, key) index of one side, probing the other's (key, entity_id) key.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return [r[0] for r in self.db.execute(
            "SELECT x.key FROM entity_keys x JOIN entity_keys y ON y.key = x.key AND y.entity_id = ?"
            " WHERE x.entity_id = ? AND x.key >= ? AND x.key < ? ORDER BY x.key", (b, a, prefix, upper))]

    def entity_documents(self, entity_id: str, limit: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT r.doc_id FROM local_refs r JOIN documents d ON d.id = r.doc_id WHERE r.global_id = ?"
            " GROUP BY r.doc_id ORDER BY MIN(d.seq) LIMIT ?", (entity_id, limit))]

    def names_in_document(self, entity_id: str, doc_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT name FROM aliases WHERE entity_id = ? AND doc_id = ? ORDER BY rowid", (entity_id, doc_id))]

    def alias_evidence(self, entity_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute(
            "SELECT * FROM alias_evidence WHERE entity_id = ? ORDER BY doc_id, start", (entity_id,))]

    def relation_source_groups(self, relation_id: str) -> list[SourceRow]:
        # The summary the writer keeps beside the evidence (migration 4): a primary-key range read.
        rows = self.db.execute(
            "SELECT doc_id, NULLIF(copy_of, ''), NULLIF(source, ''), NULL, certainty, learned_at"
            " FROM relation_sources WHERE relation_id = ?", (relation_id,)).fetchall()
        return [SourceRow(*tuple(r)) for r in rows]


def _open(database: str, uri: bool = False) -> sqlite3.Connection:
    # check_same_thread=False: the web app reads from worker threads; writes are serialised by SQLite.
    return sqlite3.connect(database, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT, uri=uri)


def _unwritable(exc: sqlite3.Error) -> bool:
    return any(word in str(exc) for word in ("readonly", "read-only", "locked", "disk I/O"))


def _where(*conditions: tuple[str, str | None, int]) -> tuple[str, list[str]]:
    """A WHERE clause from (sql, value, placeholders) conditions, skipping those whose value is unset."""
    used = [(sql, value, n) for sql, value, n in conditions if value]
    clause = ("WHERE " + " AND ".join(sql for sql, _, _ in used)) if used else ""
    return clause, [value for _, value, n in used for _ in range(n) if value]


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    """SQLite limits bound parameters per statement; stay well under it."""
    for i in range(0, len(items), size):
        yield list(items[i:i + size])
