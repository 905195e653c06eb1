"""The SQLite backend's side of the link index and the alert feed (tables: migrations 10 and 11).

Two mixins over ``self.db``: :class:`SQLiteIndexReads` for the store, :class:`SQLiteIndexWrites` for the
writer. Plain SQL throughout (no SQLite functions beyond COALESCE, SUBSTR and LENGTH), so a PostgreSQL
backend can take the statements nearly as they are.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from linkwatch.model import Certainty, Relation
from linkwatch.store.index_base import (
    AlertRow,
    DocStub,
    HopRow,
    IndexReads,
    IndexWrites,
    LinkRow,
    PartRow,
    PathRow,
)

CHUNK = 400  # bound parameters per statement, well under SQLite's limit


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_HOP_COLUMNS = ("key, relation_id, event_id, source, type, target, source_type, target_type, certainty, grade,"
                " learned_at, published, sources, seen_evidence, role, denied, former, ended")
# A date as coarse as "2025" may fall after 2025-03-01 (analyse.view.on_or_after): the date is compared with
# as much of `since` as it says itself. Every such date starts with a year at least `since`'s, which bounds the
# range of the date index read. Parameters: the year of `since`, then `since`.
_SINCE = "p.date >= ? AND p.date >= SUBSTR(?, 1, LENGTH(p.date))"
_PATH_COLUMNS = "id, a, b, kind, via, nodes, hops, connector, grade, strength, sources, learned_at, date, unit"
_PART_COLUMNS = "unit, a, b, date, kind, grade, strength, paths, learned_at"
# The same test on a link part's date ('' when undated, which no `since` keeps).
_PART_SINCE = "lp.date >= ? AND lp.date >= SUBSTR(?, 1, LENGTH(lp.date))"
_LINK_COLUMNS = "a, b, a_name, b_name, grade, strength, sources, paths, kinds, learned_at, first_seen, last_seen"


def _hop(r: Sequence[Any]) -> HopRow:
    return HopRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14],
                  bool(r[15]), bool(r[16]), r[17])


def _path(r: Sequence[Any]) -> PathRow:
    return PathRow(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), tuple(json.loads(r[6])),
                   tuple(json.loads(r[7])), r[8], r[9], r[10], r[11], r[12], r[13])


def _link(r: Sequence[Any]) -> LinkRow:
    return LinkRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(k for k in r[8].split(",") if k),
                   r[9], r[10], r[11])


class SQLiteIndexReads(IndexReads):
    db: sqlite3.Connection

    def _in(self, sql: str, items: Iterable[Any], extra: Sequence[Any] = ()) -> list[Any]:
        """`sql` with one ``IN ({})`` filled with `items` (chunked), `extra` parameters after them."""
        out: list[Any] = []
        for chunk in _chunks(items):
            out += self.db.execute(sql.format(_marks(len(chunk))), [*chunk, *extra]).fetchall()
        return out

    def graph_changes(self, limit: int | None = None) -> list[tuple[int, str, str]]:
        rows = self.db.execute("SELECT seq, kind, item FROM graph_changes ORDER BY seq LIMIT ?",
                               (-1 if limit is None else limit,)).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def index_state(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM index_state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def document_stubs(self, ids: Iterable[str] | None = None) -> list[DocStub]:
        sql = "SELECT id, source, copy_of, url, origin, title, published, ingested_at FROM documents"
        if ids is None:
            rows = self.db.execute(sql + " ORDER BY seq").fetchall()
        else:
            rows = self._in(sql + " WHERE id IN ({})", sorted(set(ids)))
        return [DocStub(*tuple(r)) for r in rows]

    def evidence_after(self, after: int, *, relation_id: str | None = None,
                       event_id: str | None = None) -> list[tuple[int, str, str]]:
        column, value = ("relation_id", relation_id) if relation_id is not None else ("event_id", event_id)
        rows = self.db.execute(f"SELECT id, doc_id, certainty FROM evidence WHERE {column} = ? AND id > ?"  # noqa: S608
                               " ORDER BY id", (value, after)).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def relation_evidence(self, relation_ids: Iterable[str]) -> dict[str, list[tuple[int, str, str]]]:
        out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for r in self._in("SELECT relation_id, id, doc_id, certainty FROM evidence WHERE relation_id IN ({})"
                          " ORDER BY id", sorted(set(relation_ids))):
            out[r[0]].append((r[1], r[2], r[3]))
        return dict(out)

    def relation_stubs(self, ids: Iterable[str]) -> list[Relation]:
        rows = self._in("SELECT id, type, source_id, target_id, certainty, role, sources, grade, confidence,"
                        " first_seen, former, ended FROM relations WHERE id IN ({})", sorted(set(ids)))
        return [Relation(r[0], r[1], r[2], r[3], Certainty(r[4]), [], role=r[5], sources=r[6], grade=r[7],
                         confidence=r[8], first_seen=r[9], former=bool(r[10]), ended=r[11]) for r in rows]

    def relation_ids_between(self, pairs: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        wanted = {Relation.make_id(t, s, o): (s, t, o) for s, t, o in pairs}
        found = self._in("SELECT id FROM relations WHERE id IN ({})", sorted(wanted))
        return {wanted[r[0]] for r in found}

    def source_roots(self, nodes: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._in("SELECT node, root FROM source_nodes WHERE node IN ({})",
                                              sorted(set(nodes)))}

    def source_group_size(self, root: str) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM source_nodes WHERE root = ?", (root,)).fetchone()[0])

    def hop_rows(self, keys: Iterable[str]) -> dict[str, HopRow]:
        rows = self._in(f"SELECT {_HOP_COLUMNS} FROM hops WHERE key IN ({{}})", sorted(set(keys)))  # noqa: S608
        return {r[0]: _hop(r) for r in rows}

    def hops_at(self, nodes: Iterable[str], types: Sequence[str] = (), *, outgoing: bool = True,
                incoming: bool = True) -> list[HopRow]:
        nodes = sorted(set(nodes))
        out: dict[str, HopRow] = {}
        for column, wanted in (("source", outgoing), ("target", incoming)):
            if not wanted:
                continue
            if types:
                # (node, type) pairs are ranges of the (source, type) / (target, type) indexes.
                sql = (f"SELECT {_HOP_COLUMNS} FROM hops WHERE {column} IN ({{}})"  # noqa: S608
                       f" AND type IN ({_marks(len(types))})")
                rows = self._in(sql, nodes, list(types))
            else:
                rows = self._in(f"SELECT {_HOP_COLUMNS} FROM hops WHERE {column} IN ({{}})", nodes)  # noqa: S608
            for r in rows:
                out.setdefault(r[0], _hop(r))
        return list(out.values())

    def hop_root_count(self, keys: Iterable[str]) -> int:
        keys = sorted(set(keys))
        if not keys:
            return 0
        if len(keys) <= CHUNK:
            return int(self.db.execute(f"SELECT COUNT(DISTINCT root) FROM hop_roots WHERE hop IN ({_marks(len(keys))})",  # noqa: S608
                                       keys).fetchone()[0])
        return len({r[0] for r in self._in("SELECT root FROM hop_roots WHERE hop IN ({})", keys)})

    def hop_roots(self, keys: Iterable[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for r in self._in("SELECT hop, root FROM hop_roots WHERE hop IN ({})", sorted(set(keys))):
            out[r[0]].add(r[1])
        return dict(out)

    def hops_with_root(self, root: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT hop FROM hop_roots WHERE root = ?", (root,)).fetchall()]

    def event_roots(self, event_id: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT root FROM event_roots WHERE event = ?", (event_id,))}

    def graph_ids(self, kind: str) -> list[str]:
        table = {"relation": "relations", "event": "events"}[kind]
        return [r[0] for r in self.db.execute(f"SELECT id FROM {table} ORDER BY first_seen, id")]  # noqa: S608

    def existing_paths(self, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._in("SELECT id FROM org_paths WHERE id IN ({})", sorted(set(ids)))}

    def path_rows(self, ids: Iterable[str]) -> list[PathRow]:
        return [_path(r) for r in self._in(f"SELECT {_PATH_COLUMNS} FROM org_paths WHERE id IN ({{}})",  # noqa: S608
                                           sorted(set(ids)))]

    def paths_through(self, hops: Iterable[str], connector_only: bool = False) -> list[str]:
        sql = "SELECT DISTINCT path FROM path_hops WHERE hop IN ({})" + (" AND connector = 1" if connector_only else "")
        return sorted({r[0] for r in self._in(sql, sorted(set(hops)))})

    def paths_via(self, events: Iterable[str]) -> list[str]:
        return sorted({r[0] for r in self._in("SELECT id FROM org_paths WHERE via IN ({})", sorted(set(events)))})

    def pair_paths(self, a: str, b: str, limit: int, offset: int = 0, since: str | None = None) -> list[PathRow]:
        dated, params = (f" AND {_SINCE}", [since[:4], since]) if since else ("", [])
        rows = self.db.execute(
            f"SELECT {_PATH_COLUMNS} FROM org_paths p WHERE a = ? AND b = ?{dated}"  # noqa: S608
            " ORDER BY grade, strength DESC, n_hops, sources DESC, id LIMIT ? OFFSET ?",
            (a, b, *params, limit, offset)).fetchall()
        return [_path(r) for r in rows]

    def kept_paths(self, a: str, b: str, limit: int) -> list[tuple[str, str, int, int, int, int, str, str | None]]:
        rows = self.db.execute(
            "SELECT id, unit, grade, strength, n_hops, sources, learned_at, date FROM org_paths WHERE a = ? AND b = ?"
            " ORDER BY grade, strength DESC, n_hops, sources DESC, id LIMIT ?", (a, b, limit)).fetchall()
        return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows]

    def pair_summary(self, a: str, b: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT MIN(grade), MAX(strength), SUM(paths), MIN(learned_at), MIN(NULLIF(date, '')),"
            " MAX(NULLIF(date, '')) FROM link_parts WHERE a = ? AND b = ?", (a, b)).fetchone()
        if not row or not row[2]:
            return None
        kinds = sorted(r[0] for r in self.db.execute(
            "SELECT DISTINCT kind FROM link_parts WHERE a = ? AND b = ?", (a, b)).fetchall())
        return {"grade": row[0], "strength": row[1], "paths": int(row[2]), "learned_at": row[3],
                "first_seen": row[4], "last_seen": row[5], "kinds": tuple(kinds)}

    def pair_summaries_since(self, since: str, org: str | None = None) -> list[dict[str, Any]]:
        where = _PART_SINCE
        params: list[Any] = [since[:4], since]
        if org:
            where += " AND (lp.a = ? OR lp.b = ?)"
            params += [org, org]
        rows = self.db.execute(
            f"SELECT lp.a, lp.b, MIN(lp.grade), MAX(lp.strength), SUM(lp.paths), MIN(lp.learned_at), MIN(lp.date),"  # noqa: S608
            f" MAX(lp.date) FROM link_parts lp WHERE {where} GROUP BY lp.a, lp.b", params).fetchall()
        kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in self.db.execute(f"SELECT DISTINCT lp.a, lp.b, lp.kind FROM link_parts lp WHERE {where}", params):  # noqa: S608
            kinds[(r[0], r[1])].add(r[2])
        sources = {(r[0], r[1]): r[2] for r in self.db.execute(
            f"SELECT lp.a, lp.b, COUNT(DISTINCT hr.root) FROM link_parts lp JOIN unit_hops uh ON uh.unit = lp.unit"  # noqa: S608
            f" AND uh.core = 1 JOIN hop_roots hr ON hr.hop = uh.hop WHERE {where} GROUP BY lp.a, lp.b", params)}
        return [{"a": r[0], "b": r[1], "grade": r[2], "strength": r[3], "paths": int(r[4]), "learned_at": r[5],
                 "first_seen": r[6], "last_seen": r[7], "kinds": tuple(sorted(kinds[(r[0], r[1])])),
                 "sources": sources.get((r[0], r[1]), 0)} for r in rows]

    def unit_parts(self, units: Iterable[str]) -> dict[str, list[PartRow]]:
        out: dict[str, list[PartRow]] = defaultdict(list)
        for r in self._in(f"SELECT {_PART_COLUMNS} FROM link_parts WHERE unit IN ({{}})", sorted(set(units))):  # noqa: S608
            out[r[0]].append(PartRow(*tuple(r)))
        return dict(out)

    def units_of_hops(self, hops: Iterable[str], core_only: bool = False) -> set[str]:
        sql = "SELECT unit FROM unit_hops WHERE hop IN ({})" + (" AND core = 1" if core_only else "")
        return {r[0] for r in self._in(sql, sorted(set(hops)))}

    def pair_units(self, a: str, b: str) -> list[str]:
        return sorted({r[0] for r in self.db.execute("SELECT unit FROM link_parts WHERE a = ? AND b = ?", (a, b))})

    def units_dated_otherwise(self, units: Iterable[str], date: str) -> set[str]:
        return {r[0] for r in self._in("SELECT DISTINCT unit FROM link_parts WHERE unit IN ({}) AND date <> ?",
                                       sorted(set(units)), [date])}

    def link_root_count(self, a: str, b: str) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM link_roots WHERE a = ? AND b = ?", (a, b)).fetchone()[0])

    def pairs_with_root(self, root: str) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT a, b FROM link_roots WHERE root = ?", (root,))]

    def link_rows(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], LinkRow]:
        out = {}
        for a, b in sorted(set(pairs)):
            row = self.db.execute(f"SELECT {_LINK_COLUMNS} FROM org_links WHERE a = ? AND b = ?", (a, b)).fetchone()  # noqa: S608
            if row:
                out[(a, b)] = _link(row)
        return out

    @staticmethod
    def _link_filter(max_grade: int | None) -> tuple[str, list[Any]]:
        where, params = [], []
        if max_grade is not None:
            where.append("grade <= ?")
            params.append(max_grade)
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def links_page(self, org: str | None = None, max_grade: int | None = None, limit: int | None = None,
                   offset: int = 0) -> list[LinkRow]:
        where, params = self._link_filter(max_grade)
        order = " ORDER BY grade, sources DESC, a_name, b_name, a, b LIMIT ? OFFSET ?"
        page = [-1 if limit is None else limit, offset]
        if org:
            # One organisation's links: the two halves of the pair key are two index ranges.
            cond = where + (" AND " if where else " WHERE ")
            sql = (f"SELECT * FROM (SELECT {_LINK_COLUMNS} FROM org_links{cond}a = ? UNION ALL"  # noqa: S608
                   f" SELECT {_LINK_COLUMNS} FROM org_links{cond}b = ?) AS l{order}")
            rows = self.db.execute(sql, [*params, org, *params, org, *page]).fetchall()
        else:
            rows = self.db.execute(f"SELECT {_LINK_COLUMNS} FROM org_links{where}{order}", [*params, *page]).fetchall()  # noqa: S608
        return [_link(r) for r in rows]

    def links_count(self, org: str | None = None, max_grade: int | None = None) -> int:
        where, params = self._link_filter(max_grade)
        if org:
            cond = where + (" AND " if where else " WHERE ")
            return sum(int(self.db.execute(f"SELECT COUNT(*) FROM org_links{cond}{side} = ?",  # noqa: S608
                                           [*params, org]).fetchone()[0]) for side in ("a", "b"))
        return int(self.db.execute(f"SELECT COUNT(*) FROM org_links{where}", params).fetchone()[0])  # noqa: S608

    def actor_orgs(self, actor: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT org FROM actor_orgs WHERE actor = ?", (actor,))}

    # alerts --------------------------------------------------------------------------------
    def _alert_filter(self, since: str | None, analyst: str | None, unseen: bool) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if since:
            where.append("a.at >= ? AND (a.born IS NULL OR a.born < ?)")
            params += [since, since]
        if unseen and analyst:
            where.append("a.id > COALESCE((SELECT seen_up_to FROM analysts WHERE name = ?), 0)"
                         " AND NOT EXISTS (SELECT 1 FROM alert_reads r WHERE r.analyst = ? AND r.alert_id = a.id)")
            params += [analyst, analyst]
        return " AND ".join(where) or "1 = 1", params

    _WATCHED = ("EXISTS (SELECT 1 FROM alert_subjects s JOIN watchlist w ON w.entity_id = s.entity_id"
                " WHERE s.alert_id = a.id)")
    _WATCHED_IDS = ("SELECT DISTINCT s.alert_id FROM alert_subjects s JOIN watchlist w ON w.entity_id = s.entity_id")

    def alerts(self, *, since: str | None = None, analyst: str | None = None, unseen: bool = False,
               watched_only: bool = False, limit: int | None = None, offset: int = 0) -> list[AlertRow]:
        where, params = self._alert_filter(since, analyst, unseen)
        limit = -1 if limit is None else limit
        # Watched first: the watched alerts are found through the watchlist's subjects (few), the rest walk
        # the (at, kind, title) index, so the first page costs a page, not a sort of every alert.
        watched = self.db.execute(
            f"SELECT a.* FROM alerts a WHERE a.id IN ({self._WATCHED_IDS}) AND {where}"  # noqa: S608
            " ORDER BY a.at, a.kind, a.title, a.id", params).fetchall()
        rows = [(r, True) for r in watched[offset:offset + limit if limit >= 0 else None]]
        if not watched_only and (limit < 0 or len(rows) < limit):
            rest_offset = max(0, offset - len(watched))
            more = self.db.execute(
                f"SELECT a.* FROM alerts a WHERE NOT {self._WATCHED} AND {where}"  # noqa: S608
                " ORDER BY a.at, a.kind, a.title, a.id LIMIT ? OFFSET ?",
                [*params, limit - len(rows) if limit >= 0 else -1, rest_offset]).fetchall()
            rows += [(r, False) for r in more]
        seen = self._seen(analyst, [r["id"] for r, _ in rows]) if analyst else set()
        return [AlertRow(kind=r["kind"], at=r["at"], subject=r["subject"], title=r["title"],
                         subjects=[tuple(x) for x in json.loads(r["subjects"])], evidence=json.loads(r["evidence"]),
                         certainty=r["certainty"], grade=r["grade"], previous=json.loads(r["previous"]), path=r["path"],
                         born=r["born"], id=r["id"], recorded_at=r["recorded_at"], watched=w, seen=r["id"] in seen)
                for r, w in rows]

    def _seen(self, analyst: str, ids: list[int]) -> set[int]:
        row = self.db.execute("SELECT seen_up_to FROM analysts WHERE name = ?", (analyst,)).fetchone()
        up_to = row[0] if row else 0
        read = {r[0] for r in self.db.execute(
            f"SELECT alert_id FROM alert_reads WHERE analyst = ? AND alert_id IN ({_marks(len(ids))})",  # noqa: S608
            [analyst, *ids])} if ids else set()
        return {i for i in ids if i <= up_to} | read

    def alerts_count(self, *, since: str | None = None, analyst: str | None = None, unseen: bool = False,
                     watched_only: bool = False, cap: int | None = None) -> int:
        where, params = self._alert_filter(since, analyst, unseen)
        extra = f" AND a.id IN ({self._WATCHED_IDS})" if watched_only else ""
        limit = "" if cap is None else f" LIMIT {int(cap) + 1}"
        return int(self.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM alerts a WHERE {where}{extra}{limit}) AS c",  # noqa: S608
                                   params).fetchone()[0])

    def last_alert_id(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(id), 0) FROM alerts").fetchone()[0])


class SQLiteIndexWrites(IndexWrites):
    db: sqlite3.Connection

    def consume_graph_changes(self, up_to: int) -> None:
        self.db.execute("DELETE FROM graph_changes WHERE seq <= ?", (up_to,))

    def set_index_state(self, name: str, value: str) -> None:
        self.db.execute("INSERT INTO index_state(name, value) VALUES (?, ?)"
                        " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    def clear_index(self) -> None:
        for table in ("source_nodes", "hops", "hop_roots", "org_paths", "path_hops", "org_links", "link_roots",
                      "event_roots", "actor_orgs", "link_parts", "unit_hops"):
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def add_source_nodes(self, nodes: Iterable[tuple[str, str]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO source_nodes(node, root) VALUES (?, ?)", list(nodes))

    def merge_source_roots(self, absorbed: str, into: str) -> None:
        db = self.db
        db.execute("UPDATE source_nodes SET root = ? WHERE root = ?", (into, absorbed))
        # A hop, event or link counted under both roots keeps one row.
        for table, key in (("hop_roots", "hop"), ("event_roots", "event")):
            db.execute(f"INSERT OR IGNORE INTO {table}({key}, root) SELECT {key}, ? FROM {table} WHERE root = ?",  # noqa: S608
                       (into, absorbed))
            db.execute(f"DELETE FROM {table} WHERE root = ?", (absorbed,))  # noqa: S608
        db.execute("INSERT OR IGNORE INTO link_roots(a, b, root) SELECT a, b, ? FROM link_roots WHERE root = ?",
                   (into, absorbed))
        db.execute("DELETE FROM link_roots WHERE root = ?", (absorbed,))

    def put_hops(self, rows: Iterable[HopRow]) -> None:
        self.db.executemany(
            f"INSERT OR REPLACE INTO hops({_HOP_COLUMNS}) VALUES ({_marks(18)})",  # noqa: S608
            [(h.key, h.relation_id, h.event_id, h.source, h.type, h.target, h.source_type, h.target_type,
              h.certainty, h.grade, h.learned_at, h.published, h.sources, h.seen_evidence, h.role, int(h.denied),
              int(h.former), h.ended)
             for h in rows])

    def delete_hops(self, keys: Iterable[str]) -> None:
        keys = sorted(set(keys))
        for chunk in _chunks(keys):
            marks = _marks(len(chunk))
            paths = [r[0] for r in self.db.execute(f"SELECT DISTINCT path FROM path_hops WHERE hop IN ({marks})",  # noqa: S608
                                                   chunk)]
            self.delete_paths(paths)
            self.db.execute(f"DELETE FROM hop_roots WHERE hop IN ({marks})", chunk)  # noqa: S608
            self.db.execute(f"DELETE FROM hops WHERE key IN ({marks})", chunk)  # noqa: S608

    def add_hop_roots(self, pairs: Iterable[tuple[str, str]], *, new_hop: bool = False) -> set[str]:
        if new_hop:
            pairs = list(pairs)
            self.db.executemany("INSERT OR IGNORE INTO hop_roots(hop, root) VALUES (?, ?)", pairs)
            return {root for _, root in pairs}
        new = set()
        for hop, root in pairs:
            if self.db.execute("INSERT OR IGNORE INTO hop_roots(hop, root) VALUES (?, ?)", (hop, root)).rowcount == 1:
                new.add(root)
        return new

    def add_event_roots(self, pairs: Iterable[tuple[str, str]]) -> int:
        before = self.db.total_changes
        self.db.executemany("INSERT OR IGNORE INTO event_roots(event, root) VALUES (?, ?)", list(pairs))
        return self.db.total_changes - before

    def put_paths(self, rows: Iterable[PathRow]) -> None:
        rows = list(rows)
        self.db.executemany(
            f"INSERT OR REPLACE INTO org_paths({_PATH_COLUMNS}, n_hops) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            [(p.id, p.a, p.b, p.kind, p.via, json.dumps(p.nodes), json.dumps(p.hops), json.dumps(p.connector), p.grade,
              p.strength, p.sources, p.learned_at, p.date, p.unit, p.n_hops) for p in rows])
        # A path's sources are its connecting hops' (every hop, when nothing but memberships connect it).
        self.db.executemany("INSERT OR IGNORE INTO path_hops(hop, path, connector) VALUES (?, ?, ?)",
                            [(h, p.id, int(h in p.connector or not p.connector)) for p in rows for h in p.hops])

    def delete_paths(self, ids: Iterable[str]) -> None:
        for chunk in _chunks(sorted(set(ids))):
            marks = _marks(len(chunk))
            self.db.execute(f"DELETE FROM path_hops WHERE path IN ({marks})", chunk)  # noqa: S608
            self.db.execute(f"DELETE FROM org_paths WHERE id IN ({marks})", chunk)  # noqa: S608

    def put_links(self, rows: Iterable[LinkRow]) -> None:
        self.db.executemany(
            f"INSERT OR REPLACE INTO org_links({_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            [(k.a, k.b, k.a_name, k.b_name, k.grade, k.strength, k.sources, k.paths, ",".join(k.kinds), k.learned_at,
              k.first_seen, k.last_seen) for k in rows])

    def delete_links(self, pairs: Iterable[tuple[str, str]]) -> None:
        for a, b in pairs:
            self.db.execute("DELETE FROM org_links WHERE a = ? AND b = ?", (a, b))
            self.db.execute("DELETE FROM link_roots WHERE a = ? AND b = ?", (a, b))

    def rename_in_links(self, entity_id: str, name: str) -> None:
        self.db.execute("UPDATE org_links SET a_name = ? WHERE a = ? AND a_name <> ?", (name, entity_id, name))
        self.db.execute("UPDATE org_links SET b_name = ? WHERE b = ? AND b_name <> ?", (name, entity_id, name))

    def add_link_roots(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO link_roots(a, b, root) VALUES (?, ?, ?)", list(rows))

    def reset_link_roots(self, a: str, b: str) -> None:
        self.db.execute("DELETE FROM link_roots WHERE a = ? AND b = ?", (a, b))
        self.db.execute(
            "INSERT OR IGNORE INTO link_roots(a, b, root) SELECT DISTINCT lp.a, lp.b, hr.root FROM link_parts lp"
            " JOIN unit_hops uh ON uh.unit = lp.unit AND uh.core = 1 JOIN hop_roots hr ON hr.hop = uh.hop"
            " WHERE lp.a = ? AND lp.b = ?", (a, b))

    def replace_units(self, units: Iterable[str], parts: Iterable[PartRow],
                      hops: Iterable[tuple[str, str, bool]]) -> None:
        for chunk in _chunks(sorted(set(units))):
            marks = _marks(len(chunk))
            self.db.execute(f"DELETE FROM link_parts WHERE unit IN ({marks})", chunk)  # noqa: S608
            self.db.execute(f"DELETE FROM unit_hops WHERE unit IN ({marks})", chunk)  # noqa: S608
        self.db.executemany(f"INSERT OR REPLACE INTO link_parts({_PART_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                            [(p.unit, p.a, p.b, p.date, p.kind, p.grade, p.strength, p.paths, p.learned_at)
                             for p in parts])
        self.db.executemany("INSERT OR REPLACE INTO unit_hops(hop, unit, core) VALUES (?, ?, ?)",
                            [(h, u, int(core)) for h, u, core in hops])

    def add_to_units(self, parts: Iterable[PartRow], hops: Iterable[tuple[str, str, bool]]) -> None:
        self.db.executemany(f"INSERT OR REPLACE INTO link_parts({_PART_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                            [(p.unit, p.a, p.b, p.date, p.kind, p.grade, p.strength, p.paths, p.learned_at)
                             for p in parts])
        self.db.executemany("INSERT OR IGNORE INTO unit_hops(hop, unit, core) VALUES (?, ?, ?)",
                            [(h, u, int(core)) for h, u, core in hops])

    def add_actor_orgs(self, rows: Iterable[tuple[str, str, str]]) -> list[tuple[str, str]]:
        new = []
        for actor, org, at in rows:
            cur = self.db.execute("INSERT OR IGNORE INTO actor_orgs(actor, org, learned_at) VALUES (?, ?, ?)",
                                  (actor, org, at))
            if cur.rowcount == 1:
                new.append((actor, org))
        return new

    def record_alerts(self, alerts: Sequence[AlertRow]) -> None:
        at = _now()
        for a in alerts:
            cur = self.db.execute(
                "INSERT INTO alerts(kind, at, born, subject, title, certainty, grade, previous, path, subjects,"
                " evidence, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.kind, a.at, a.born, a.subject, a.title, a.certainty, a.grade, json.dumps(a.previous, default=str),
                 a.path, json.dumps([list(s) for s in a.subjects], ensure_ascii=False),
                 json.dumps(a.evidence, ensure_ascii=False), at))
            a.id = cur.lastrowid
            self.db.executemany("INSERT OR IGNORE INTO alert_subjects(entity_id, alert_id) VALUES (?, ?)",
                                [(s[0], a.id) for s in a.subjects])

    def mark_alerts_seen(self, analyst: str, ids: Iterable[int] = (), up_to: int | None = None) -> None:
        at = _now()
        self.db.execute("INSERT INTO analysts(name, seen_up_to, updated_at) VALUES (?, 0, ?)"
                        " ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at", (analyst, at))
        if up_to is not None:
            self.db.execute("UPDATE analysts SET seen_up_to = ? WHERE name = ? AND seen_up_to < ?",
                            (up_to, analyst, up_to))
            self.db.execute("DELETE FROM alert_reads WHERE analyst = ? AND alert_id <= ?", (analyst, up_to))
        # Ids of no alert are ignored: a client marking what it was shown must not fail on one it made up.
        self.db.executemany("INSERT OR IGNORE INTO alert_reads(analyst, alert_id, read_at)"
                            " SELECT ?, id, ? FROM alerts WHERE id = ?", [(analyst, at, i) for i in ids])
