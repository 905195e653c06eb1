"""Alerts recorded by the link index as it learns what they report (issue 14).

The kinds and their wording are analyse.alerts': a first link between two groups, a link's best grade
moving, a new front claim, a watched actor seen with a new group, a relation's grade or label changing
(from its history), an event reported by a new independent source. Each is written once, with the names
and the quotes it rests on copied in, when the index folds in the document that set it off; analysts then
page through the feed, each with their own seen marks (Store.alerts), instead of diffing the whole graph
against a date.

A store indexed for the first time gets its history reconstructed from its timestamps (`replay`): every
link and front claim at the time it was first learned, the relations' recorded history, each event's new
sources in ingest order. A link's grade moving is only seen as it happens, so a store written without the
index has no link_grade alerts before its first indexing. After a re-resolution (`silent`) nothing is
recorded: re-resolving learns nothing new.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from linkwatch.analyse.alerts import same_grade_kind
from linkwatch.analyse.indexed import BY_STRENGTH, IndexedView
from linkwatch.analyse.links import FRONTS
from linkwatch.analyse.paths import Path
from linkwatch.model import Certainty, Evidence
from linkwatch.model.schema import schema
from linkwatch.store.base import Store, Writer
from linkwatch.store.index_base import AlertRow, LinkRow

if TYPE_CHECKING:
    from linkwatch.analyse.index import Step

HISTORY = "alerts.history"  # index_state: the last relation_history row turned into alerts
MAX_EVIDENCE = 12  # quotes copied into an alert; the alert names its subjects for the rest
HISTORY_PAGE = 20_000  # history rows read at a time


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _hedge(certainty: Certainty) -> str:
    return "" if certainty is Certainty.ASSERTED else f", {certainty.value}"


def _all_links(store: Store) -> list[LinkRow]:
    return store.links_page()


def evidence_json(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    out = []
    for e in list(evidence)[:MAX_EVIDENCE]:
        out.append({"doc": e.doc, "start": e.start, "end": e.end, "quote": e.quote, "extractor": e.extractor,
                    "certainty": e.certainty.value, "cues": list(e.cues), "attribution": e.attribution})
    return out


def evidence_from(rows: list[dict[str, Any]]) -> list[Evidence]:
    return [Evidence(r["doc"], r["start"], r["end"], r["quote"], r.get("extractor", ""), Certainty(r["certainty"]),
                     tuple(r.get("cues") or ()), r.get("attribution")) for r in rows]


class Recorder:
    """Turns what one step of the index changed into alerts."""

    def __init__(self, store: Store, writer: Writer, *, replay: bool = False, silent: bool = False) -> None:
        self.store = store
        self.writer = writer
        self.replay = replay
        self.silent = silent
        self.out: list[AlertRow] = []
        self._view: IndexedView | None = None

    @property
    def view(self) -> IndexedView:
        if self._view is None:
            self._view = IndexedView(self.store)
        return self._view

    def _subjects(self, ids: Iterable[str]) -> list[tuple[str, str, str]]:
        ids = list(dict.fromkeys(ids))
        self.view.need(ids)
        return [(i, self.view.name(i), self.view.type_of(i)) for i in ids]

    def _add(self, kind: str, at: str, subject: str, title: str, subjects: Iterable[str], evidence: Iterable[Evidence],
             certainty: str | None = None, grade: int | None = None, previous: dict[str, Any] | None = None,
             path: str | None = None, born: str | None = None) -> None:
        self.out.append(AlertRow(kind, at, subject, title, self._subjects(subjects), evidence_json(evidence),
                                 certainty, grade, previous or {}, path, born))

    def _path(self, nodes: tuple[str, ...], keys: tuple[str, ...], kind: str, via: str | None,
              connector: Iterable[str] = ()) -> Path:
        hops = self.view.hops_for(keys)
        self.view.need(nodes)
        return Path(nodes, tuple(hops[k] for k in keys), kind, via, frozenset(connector))

    @staticmethod
    def _evidence(p: Path) -> list[Evidence]:
        return [e for h in p.hops for e in h.evidence]

    # the kinds -----------------------------------------------------------------------------------
    def replayed(self, step: Step) -> None:
        """After a first indexing: every link as first learned, and the relations' history."""
        if self.replay:
            self.replay = False  # from here on, as it happens
            self._link_alerts(step, [(None, k) for k in _all_links(self.store)])
        self.history(step)

    def links(self, step: Step, changed: list[tuple[LinkRow | None, LinkRow | None]]) -> None:
        if self.silent or self.replay:
            return  # a first indexing records each link once, when it is done (replayed)
        self._link_alerts(step, changed)

    def _link_alerts(self, step: Step, changed: list[tuple[LinkRow | None, LinkRow | None]]) -> None:
        for old, new in changed:
            if new is None or (old is not None and old.grade == new.grade):
                continue
            best = self.view.best_paths(new.a, new.b, 1)
            if not best:
                continue
            p = best[0]
            certainty = BY_STRENGTH[new.strength]
            names = f"{self.view.name(new.a)} and {self.view.name(new.b)}"
            subjects = [new.a, new.b, *p.nodes[1:-1]]
            if old is None:
                self._add("new_link", new.learned_at, f"link:{new.a}:{new.b}",
                          f"First link between {names} ({p.kind}, grade {new.grade}{_hedge(certainty)})",
                          subjects, self._evidence(p), certainty.value, new.grade, path=p.describe(self.view))
                continue
            # What moved it: the quotes of the hops on its best path that this step changed.
            moved = set(step.changes.new_hops) | set(step.changes.old_hops)
            fresh = [e for h in p.hops if h.key in moved for e in h.evidence]
            was = BY_STRENGTH[old.strength]
            self.view.need_documents(e.doc for e in fresh)
            self._add("link_grade_up" if new.grade < old.grade else "link_grade_down",
                      max((self.view.documents[e.doc].ingested_at or "" for e in fresh if e.doc in self.view.documents),
                          default=step.learned or now()),
                      f"link:{new.a}:{new.b}",
                      f"Link between {names}: grade {old.grade} → {new.grade}, {was.value} → {certainty.value}, "
                      f"sources {old.sources} → {new.sources}", subjects, fresh or self._evidence(p), certainty.value,
                      new.grade, {"grade": old.grade, "certainty": was.value, "sources": old.sources},
                      p.describe(self.view), born=old.learned_at)

    def fronts(self, step: Step) -> None:
        if self.silent:
            return
        for h in step.changes.new_hops.values():
            if h.type in FRONTS and h.relation_id:
                hop = self.view.hops_for([h.key])[h.key]
                self._add("new_front", h.learned_at, h.key, f"New front claim ({h.certainty}): {self.view.name(h.source)}"
                          f" is a front of {self.view.name(h.target)}", [h.source, h.target], hop.evidence,
                          h.certainty, h.grade)

    def groups(self, step: Step, ties: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str | None, str]]
               ) -> None:
        if self.silent or not ties:
            return
        watched = self.view.watched_ids()
        for actor, org, nodes, keys, kind, via, learned in ties:
            if actor not in watched or step.type_of(actor) not in schema().actor_types:
                continue
            p = self._path(nodes, keys, kind, via)
            self._add("watched_new_group", learned, f"group:{actor}:{org}",
                      f"Watched {self.view.name(actor)} seen with {self.view.name(org)} for the first time "
                      f"({p.kind}, grade {p.grade}{_hedge(p.certainty)})", [actor, org, *p.nodes[1:-1]],
                      self._evidence(p), p.certainty.value, p.grade, path=p.describe(self.view))

    def events(self, step: Step) -> None:
        if self.silent:
            return
        gained = step.changes.event_roots
        if self.replay:
            gained = {}
            for v in step.changes.events:
                self._replay_event(step, v.id)
        for event_id, roots in gained.items():
            rows = self.store.evidence_page(event_id=event_id)
            by_doc = step.roots_of(e.doc for e in rows)
            docs = step.docs(by_doc)
            fresh = [e for e in rows if by_doc[e.doc] in roots]
            self._event_alert(step, event_id, fresh, len(set(by_doc.values())),
                              min((docs[d].ingested_at for d in by_doc if d in docs), default=""))

    def _replay_event(self, step: Step, event_id: str) -> None:
        rows = self.store.evidence_page(event_id=event_id)
        by_doc = step.roots_of(e.doc for e in rows)
        if len(set(by_doc.values())) < 2:
            return
        docs = step.docs(by_doc)
        order = sorted({docs[d].ingested_at for d in by_doc if d in docs})
        known: set[str] = set()
        for at in order:
            batch = [e for e in rows if e.doc in docs and docs[e.doc].ingested_at == at]
            new = {by_doc[e.doc] for e in batch} - known
            if known and new:
                self._event_alert(step, event_id, [e for e in batch if by_doc[e.doc] in new], len(known | new), order[0])
            known |= new

    def _event_alert(self, step: Step, event_id: str, fresh: list[Evidence], sources: int, born: str) -> None:
        if not fresh:
            return
        self.view.need([event_id], roles=True)
        self.view.need_documents(e.doc for e in fresh)
        v = self.view.events[event_id]
        outlets = sorted({self.view.outlet(e.doc) or e.doc for e in fresh})
        self._add("event_new_source", max(step.docs([e.doc])[e.doc].ingested_at for e in fresh), f"event:{event_id}",
                  f"{self.view.event_label(v)} now also reported by {', '.join(outlets)} ({sources} independent sources)",
                  [v.id, *v.organizers, *v.participants], fresh, born=born)

    def history(self, step: Step) -> None:
        """Grade and label changes of relations, from their recorded history (analyse.alerts._grade_changes)."""
        if self.replay:
            return  # replayed in full once the index is built
        after = int(self.store.index_state(HISTORY) or 0)
        previous: dict[str, dict[str, Any]] = {}
        while rows := self.store.history_after(after, HISTORY_PAGE):
            after = rows[-1]["id"]
            if not self.silent:
                self._history(step, rows, previous)
                self._flush()
        self.writer.set_index_state(HISTORY, str(after))
        self._flush()

    def _history(self, step: Step, rows: list[dict[str, Any]], previous: dict[str, dict[str, Any]]) -> None:
        stubs = {r.id: r for r in self.store.relation_stubs({row["relation_id"] for row in rows})}
        hops = self.store.hop_rows(stubs)
        for new in rows:
            rid = new["relation_id"]
            old = previous[rid] if rid in previous else self.store.history_before(rid, new["id"])
            previous[rid] = new
            r = stubs.get(rid)
            if r is None or old is None:
                continue  # a relation first learned now is a new fact, not a change
            old_grade, new_grade = old["grade"] or 6, new["grade"] or 6
            kind = "grade_up" if new_grade < old_grade else "grade_down" if new_grade > old_grade else ""
            evidence = self.store.evidence_in(r.id, new["doc_id"]) if new["doc_id"] else []
            denied = any(e.certainty is Certainty.DENIED for e in evidence)
            if not kind:
                kind = same_grade_kind(denied, old, new) or ""
                if not kind:
                    continue
            self.view.need([r.source, r.target])
            what = f"{self.view.name(r.source)} {r.type} {self.view.name(r.target)}"
            if kind != "denied" and denied:
                what += " (newly denied)"
            born = hops.get(r.id)
            self._add(kind, new["at"], r.id, f"{what}: grade {old_grade} → {new_grade}, {old['certainty']} → "
                      f"{new['certainty']}, sources {old['sources']} → {new['sources']}", [r.source, r.target],
                      evidence or self.store.evidence_sample(relation_id=r.id, limit=MAX_EVIDENCE), new["certainty"],
                      new_grade, {"grade": old_grade, "certainty": old["certainty"], "sources": old["sources"]},
                      born=born.learned_at if born else None)

    def _flush(self) -> None:
        """Write what was found, in the order it was learned (history runs last in a step)."""
        self.out.sort(key=lambda a: (a.at, a.kind, a.title))
        self.writer.record_alerts(self.out)
        self.out = []
