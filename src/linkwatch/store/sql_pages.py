"""The SQLite backend's paged reads (store/pages_base.py): one page in a fixed order, from an index range
(migration 9 added the indexes they walk)."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from linkwatch.data import DEFAULT_LANG as DEFAULT_LANGUAGE
from linkwatch.model import Alias, Certainty, Document, Entity, Event, Evidence, Relation
from linkwatch.store.pages_base import PageReads
from linkwatch.store.sql_index import CHUNK, _chunks, _marks

_RELATION = "id, type, source_id, target_id, certainty, role, sources, grade, confidence, first_seen"
# Best graded first; ungraded relations (written without grading) after every graded one.
_RANKED = "ORDER BY grade IS NULL, grade, sources DESC, type, id"


def _evidence(r: sqlite3.Row) -> Evidence:
    return Evidence(doc=r["doc_id"], start=r["start"], end=r["end"], quote=r["quote"], extractor=r["extractor"],
                    certainty=Certainty(r["certainty"]), cues=tuple(json.loads(r["cues"])), attribution=r["attribution"])


class SQLiteStorePages(PageReads):
    db: sqlite3.Connection

    def documents_page(self, offset: int, limit: int, newest_first: bool = False,
                       language: str | None = None) -> list[Document]:
        from linkwatch.store.sql import _document  # sql.py imports this module: read its converter late

        order = "seq DESC" if newest_first else "seq"
        where, params = language_filter(language)
        rows = self.db.execute(f"SELECT * FROM documents{where} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
                               (*params, limit, offset)).fetchall()
        return [_document(r) for r in rows]

    def entities_page(self, type: str | None, offset: int, limit: int) -> list[Entity]:
        where, params = ("WHERE type = ?", [type]) if type else ("", [])
        rows = self.db.execute(f"SELECT id, type, name, key, first_seen FROM entities {where}"  # noqa: S608
                               " ORDER BY first_seen, id LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        names: dict[str, list[str]] = defaultdict(list)
        ids = [r["id"] for r in rows]
        if ids:
            for r in self.db.execute(f"SELECT entity_id, name FROM entity_names WHERE entity_id IN ({_marks(len(ids))})"  # noqa: S608
                                     " ORDER BY rowid", ids):
                names[r[0]].append(r[1])
        return [Entity(r["id"], r["type"], r["name"], [Alias(n) for n in names[r["id"]]], key=r["key"],
                       first_seen=r["first_seen"]) for r in rows]

    def entity_count(self, type: str | None = None) -> int:
        if type:
            return int(self.db.execute("SELECT COUNT(*) FROM entities WHERE type = ?", (type,)).fetchone()[0])
        return int(self.db.execute("SELECT COUNT(*) FROM entities").fetchone()[0])

    def _event_stubs(self, where: str, params: list[Any], order: str, limit: int, offset: int) -> list[Event]:
        rows = self.db.execute(f"SELECT id, type, date, location_id, name, first_seen, date_source FROM events"  # noqa: S608
                               f" {where} {order}"
                               " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
        ids = [r["id"] for r in rows]
        for chunk in _chunks(ids):
            for x in self.db.execute(f"SELECT event_id, entity_id, role FROM event_roles WHERE event_id IN"  # noqa: S608
                                     f" ({_marks(len(chunk))}) ORDER BY rowid", chunk):
                roles[x[0]].append((x[1], x[2]))
        return [Event(r["id"], r["type"], r["date"], r["location_id"],
                      [e for e, role in roles[r["id"]] if role == "participant"],
                      [e for e, role in roles[r["id"]] if role == "organizer"], r["name"], [], r["first_seen"],
                      date_source=r["date_source"])
                for r in rows]

    def events_page(self, offset: int, limit: int) -> list[Event]:
        dated = int(self.db.execute("SELECT COUNT(*) FROM events WHERE date IS NOT NULL").fetchone()[0])
        out = []
        if offset < dated:
            out = self._event_stubs("WHERE date IS NOT NULL", [], "ORDER BY date, id", limit, offset)
        if len(out) < limit:
            out += self._event_stubs("WHERE date IS NULL", [], "ORDER BY id", limit - len(out), max(0, offset - dated))
        return out

    def _relation_where(self, entity_id: str | None, type: str | None) -> tuple[str, list[Any]]:
        where, params = [], []
        if entity_id:
            where.append("(source_id = ? OR target_id = ?)")
            params += [entity_id, entity_id]
        if type:
            where.append("type = ?")
            params.append(type)
        return ("WHERE " + " AND ".join(where)) if where else "", params

    def relations_page(self, entity_id: str | None, type: str | None, offset: int, limit: int) -> list[Relation]:
        where, params = self._relation_where(entity_id, type)
        if not where:
            # Every relation: graded ones walk the relations_ranked index, the ungraded come after.
            graded = self.db.execute(f"SELECT {_RELATION} FROM relations WHERE grade IS NOT NULL"  # noqa: S608
                                     " ORDER BY grade, sources DESC, type, id LIMIT ? OFFSET ?", (limit, offset)).fetchall()
            rows = list(graded)
            if len(rows) < limit:
                skip = 0 if graded else max(0, offset - int(self.db.execute(
                    "SELECT COUNT(*) FROM relations WHERE grade IS NOT NULL").fetchone()[0]))
                rows += self.db.execute(f"SELECT {_RELATION} FROM relations WHERE grade IS NULL ORDER BY sources DESC,"  # noqa: S608
                                        " type, id LIMIT ? OFFSET ?", (limit - len(rows), skip)).fetchall()
        else:
            rows = self.db.execute(f"SELECT {_RELATION} FROM relations {where} {_RANKED} LIMIT ? OFFSET ?",  # noqa: S608
                                   [*params, limit, offset]).fetchall()
        last = self.last_seen([r[0] for r in rows])
        return [Relation(r[0], r[1], r[2], r[3], Certainty(r[4]), [], role=r[5], sources=r[6], grade=r[7],
                         confidence=r[8], first_seen=r[9], last_seen=last.get(r[0])) for r in rows]

    def last_seen(self, relation_ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(set(relation_ids))):
            for r in self.db.execute(f"SELECT relation_id, MAX(learned_at) FROM evidence WHERE relation_id IN"  # noqa: S608
                                     f" ({_marks(len(chunk))}) GROUP BY relation_id", chunk):
                out[r[0]] = r[1]
        return out

    def relation_stubs_at(self, nodes: Iterable[str]) -> list[Relation]:
        nodes = sorted(set(nodes))
        rows: dict[str, Any] = {}
        for column in ("source_id", "target_id"):
            for chunk in _chunks(nodes):
                for r in self.db.execute(f"SELECT {_RELATION} FROM relations WHERE {column} IN ({_marks(len(chunk))})",  # noqa: S608
                                         chunk):
                    rows.setdefault(r[0], r)
        ordered = sorted(rows.values(), key=lambda r: (r[9], r[0]))
        return [Relation(r[0], r[1], r[2], r[3], Certainty(r[4]), [], role=r[5], sources=r[6], grade=r[7],
                         confidence=r[8], first_seen=r[9]) for r in ordered]

    def relation_count(self, entity_id: str | None = None, type: str | None = None, cap: int | None = None) -> int:
        where, params = self._relation_where(entity_id, type)
        limit = "" if cap is None else f" LIMIT {int(cap) + 1}"
        return int(self.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM relations {where}{limit}) AS r",  # noqa: S608
                                   params).fetchone()[0])

    def evidence_page(self, *, relation_id: str | None = None, event_id: str | None = None, offset: int = 0,
                      limit: int | None = None) -> list[Evidence]:
        column, value = ("relation_id", relation_id) if relation_id is not None else ("event_id", event_id)
        rows = self.db.execute(f"SELECT * FROM evidence WHERE {column} = ? ORDER BY id LIMIT ? OFFSET ?",  # noqa: S608
                               (value, -1 if limit is None else limit, offset)).fetchall()
        return [_evidence(r) for r in rows]

    def evidence_sample(self, *, relation_id: str | None = None, event_id: str | None = None,
                        limit: int) -> list[Evidence]:
        column, value = ("relation_id", relation_id) if relation_id is not None else ("event_id", event_id)
        rows = self.db.execute(f"SELECT * FROM evidence WHERE {column} = ? ORDER BY id LIMIT ?",  # noqa: S608
                               (value, limit + 1)).fetchall()
        if len(rows) <= limit:
            return [_evidence(r) for r in rows]
        rows = rows[:limit]
        if not any(r["certainty"] == Certainty.DENIED.value for r in rows):
            denial = self.db.execute(f"SELECT * FROM evidence WHERE {column} = ? AND certainty = ? ORDER BY id LIMIT 1",  # noqa: S608
                                     (value, Certainty.DENIED.value)).fetchone()
            if denial is not None:
                rows = [*rows[:limit - 1], denial]
        return [_evidence(r) for r in rows]

    def evidence_in(self, relation_id: str, doc_id: str) -> list[Evidence]:
        # The evidence_once index is on these expressions: a probe, however much evidence the relation has.
        rows = self.db.execute("SELECT * FROM evidence WHERE COALESCE(relation_id, '') = ? AND COALESCE(event_id, '') = ''"
                               " AND doc_id = ? ORDER BY id", (relation_id, doc_id)).fetchall()
        return [_evidence(r) for r in rows]

    def history_after(self, after_id: int, limit: int | None = None) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM relation_history WHERE id > ? ORDER BY id LIMIT ?",
                                                 (after_id, -1 if limit is None else limit))]

    def history_before(self, relation_id: str, before_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM relation_history WHERE relation_id = ? AND id < ? ORDER BY id DESC LIMIT 1",
                              (relation_id, before_id)).fetchone()
        return dict(row) if row else None

    def evidence_samples(self, relations: Iterable[tuple[str, bool]] = (), events: Iterable[tuple[str, bool]] = (),
                         *, limit: int) -> dict[str, list[Evidence]]:
        wanted = [("relation_id", i, d) for i, d in relations] + [("event_id", i, d) for i, d in events]
        found: dict[str, list[sqlite3.Row]] = defaultdict(list)
        denials: dict[str, sqlite3.Row] = {}
        # One statement of many small LIMIT reads (each an index range): the per-statement cost, not the
        # rows, is what a page of hops would otherwise pay once per hop.
        for chunk in _chunks(wanted, 100):
            terms, params = [], []
            for column, item, denied in chunk:
                terms.append(f"SELECT * FROM (SELECT *, 0 AS denial FROM evidence WHERE {column} = ? ORDER BY id LIMIT ?)")
                params += [item, limit + 1]
                if denied:
                    terms.append(f"SELECT * FROM (SELECT *, 1 AS denial FROM evidence WHERE {column} = ? AND certainty = ?"
                                 " ORDER BY id LIMIT 1)")
                    params += [item, Certainty.DENIED.value]
            for r in self.db.execute(" UNION ALL ".join(terms), params):
                key = r["relation_id"] or r["event_id"]
                if r["denial"]:
                    denials[key] = r
                else:
                    found[key].append(r)
        out: dict[str, list[Evidence]] = {}
        for _, item, _ in wanted:
            rows = found.get(item, [])[:limit]
            if item in denials and not any(r["certainty"] == Certainty.DENIED.value for r in rows) and rows:
                rows = [*rows[:limit - 1], denials[item]] if len(found[item]) > limit else rows
            out[item] = [_evidence(r) for r in rows]
        return out

    def evidence_counts(self, *, relations: Iterable[str] = (), events: Iterable[str] = ()) -> dict[str, int]:
        out: dict[str, int] = {}
        for column, ids in (("relation_id", relations), ("event_id", events)):
            for chunk in _chunks(sorted(set(ids))):
                for r in self.db.execute(f"SELECT {column}, COUNT(*) FROM evidence WHERE {column} IN"  # noqa: S608
                                         f" ({_marks(len(chunk))}) GROUP BY {column}", chunk):
                    out[r[0]] = r[1]
        return out

    def reported_spans(self, *, relations: Iterable[str] = (), events: Iterable[str] = ()
                       ) -> dict[str, tuple[str | None, str | None]]:
        out: dict[str, tuple[str | None, str | None]] = {}
        for column, ids in (("relation_id", relations), ("event_id", events)):
            for chunk in _chunks(sorted(set(ids))):
                for r in self.db.execute(
                        f"SELECT e.{column}, MIN(d.published), MAX(d.published) FROM evidence e"  # noqa: S608
                        f" JOIN documents d ON d.id = e.doc_id WHERE e.{column} IN ({_marks(len(chunk))})"
                        f" AND d.published IS NOT NULL GROUP BY e.{column}", chunk):
                    out[r[0]] = (r[1], r[2])
        return out

    def entity_first_reported(self, entity_id: str) -> str | None:
        row = self.db.execute("SELECT MIN(d.published) FROM documents d WHERE d.id IN"
                              " (SELECT doc_id FROM aliases WHERE entity_id = ?)", (entity_id,)).fetchone()
        return row[0] if row else None

    _ENTITY_EVENTS = ("SELECT event_id FROM event_roles WHERE entity_id = ? UNION SELECT id FROM events WHERE location_id = ?"
                      " UNION SELECT target_id FROM relations WHERE source_id = ?"
                      " UNION SELECT source_id FROM relations WHERE target_id = ?")

    def entity_events(self, entity_id: str, offset: int, limit: int) -> list[Event]:
        params = [entity_id] * 4
        return self._event_stubs(f"WHERE id IN ({self._ENTITY_EVENTS})", params, "ORDER BY date IS NULL, date, id",
                                 limit, offset)

    def entity_event_count(self, entity_id: str) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM events WHERE id IN ({self._ENTITY_EVENTS})",  # noqa: S608
                                   [entity_id] * 4).fetchone()[0])

    def decisions_ranked(self, item_id: str, kind: str, outcomes: Iterable[str | None], limit: int
                         ) -> list[dict[str, Any]]:
        outcomes = list(outcomes)
        named = [o for o in outcomes if o is not None]
        out: list[dict[str, Any]] = []
        for outcome in outcomes:
            # Each side of the pair is a range of its (side, kind, outcome, score) index.
            if outcome is None:
                cond, values = f"outcome NOT IN ({_marks(len(named))})" if named else "1 = 1", named
            else:
                cond, values = "outcome = ?", [outcome]
            rows = self.db.execute(
                f"SELECT * FROM (SELECT * FROM decisions WHERE a = ? AND kind = ? AND {cond}"  # noqa: S608
                f" UNION ALL SELECT * FROM decisions WHERE b = ? AND kind = ? AND {cond} AND a <> ?) AS d"
                " ORDER BY score IS NULL, score DESC, a, b LIMIT ?",
                [item_id, kind, *values, item_id, kind, *values, item_id, limit]).fetchall()
            out += [{**dict(r), "features": json.loads(r["features"])} for r in rows]
        return out

    def document_evidence(self, doc_id: str) -> list[tuple[str | None, str | None, Evidence]]:
        rows = self.db.execute("SELECT * FROM evidence WHERE doc_id = ? ORDER BY id", (doc_id,)).fetchall()
        return [(r["relation_id"], r["event_id"], _evidence(r)) for r in rows]

    def alias_groups(self, entity_id: str, docs_per_group: int) -> list[tuple[str | None, list[str], list[str], int]]:
        groups: dict[str | None, tuple[dict[str, None], list[str], set[str]]] = {}
        for r in self.db.execute(
                "SELECT COALESCE(a.source, d.source) AS source, a.name, a.doc_id FROM aliases a"
                " LEFT JOIN documents d ON d.id = a.doc_id WHERE a.entity_id = ? ORDER BY a.rowid", (entity_id,)):
            names, docs, all_docs = groups.setdefault(r[0], ({}, [], set()))
            names[r[1]] = None
            if r[2] and r[2] not in all_docs:
                all_docs.add(r[2])
                if len(docs) < docs_per_group:
                    docs.append(r[2])
        return [(src, list(names), docs, len(all_docs)) for src, (names, docs, all_docs) in groups.items()]

    def alias_sources(self, entity_id: str) -> list[tuple[str | None, str | None, str]]:
        rows = self.db.execute(
            "SELECT src, doc, name FROM (SELECT COALESCE(a.source, d.source) AS src,"
            " CASE WHEN COALESCE(a.source, d.source) IS NULL THEN a.doc_id ELSE '' END AS doc, a.name AS name,"
            " MIN(a.rowid) AS first FROM aliases a LEFT JOIN documents d ON d.id = a.doc_id WHERE a.entity_id = ?"
            " GROUP BY 1, 2, 3) AS g ORDER BY first", (entity_id,)).fetchall()
        return [(r[0], r[1] or None, r[2]) for r in rows]

    def event_labels(self, ids: Iterable[str]) -> list[Event]:
        out = []
        for chunk in _chunks(sorted(set(ids))):
            out += [Event(r[0], r[1], r[2], r[3], name=r[4], first_seen=r[5]) for r in self.db.execute(
                f"SELECT id, type, date, location_id, name, first_seen FROM events WHERE id IN ({_marks(len(chunk))})",  # noqa: S608
                chunk)]
        return out

    def is_watched(self, entity_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM watchlist WHERE entity_id = ?", (entity_id,)).fetchone() is not None

    def events_at(self, location_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM events WHERE location_id = ? ORDER BY id", (location_id,))]


__all__ = ["CHUNK", "SQLiteStorePages"]


def language_filter(language: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause for documents in `language` (migration 13's index): English takes in the documents whose
    language is unknown, as the reader does (normalise.language reads undeclared Latin text as English)."""
    if not language:
        return "", ()
    if language == DEFAULT_LANGUAGE:
        return " WHERE (language = ? OR language IS NULL)", (language,)
    return " WHERE language = ?", (language,)
