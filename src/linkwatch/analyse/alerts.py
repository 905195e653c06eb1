"""Alerts: what changed since a given time, each with the evidence it rests on.

The store records when it learned each fact (documents' ingest time, relation
history) apart from when the fact happened (event dates). Alerts are about the
former: "since Monday we learned that ...". Kinds:

- ``new_link``: the first path between two organisations (links.py) became drawable;
- ``link_grade_up`` / ``link_grade_down``: an organisation link's best grade got better / worse;
- ``new_front``: a front/wing/cover claim never seen before;
- ``watched_new_group``: a watched actor turned up with an organisation it had no tie to before;
- ``grade_up`` / ``grade_down``: a relation's Admiralty grade got better (new corroboration) or
  worse (a denial, a doubt), from the relation history ("up" means more credible: a lower number);
- ``denied``: same grade, but a source now denies it;
- ``corroborated``: same grade, one more independent source;
- ``certainty_change``: same grade and sources, a different label;
- ``event_new_source``: an event already known is now reported by an independent source.

"Before" is :meth:`GraphView.as_of`: the graph rebuilt from documents ingested before
`since`, with each relation's grade as its history recorded it then.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from linkwatch.analyse.links import FRONTS, actor_groups, org_links
from linkwatch.analyse.paths import Path
from linkwatch.analyse.view import GraphView
from linkwatch.model import Certainty, Evidence
from linkwatch.model.schema import schema
from linkwatch.store.base import Store


@dataclass
class Alert:
    kind: str
    at: str  # when the store learned what set it off
    title: str
    subjects: list[str]  # entity and event ids it is about
    evidence: list[Evidence]  # what it rests on: the new evidence where there is some
    certainty: str | None = None
    grade: int | None = None
    previous: dict[str, Any] = field(default_factory=dict)  # grade/certainty/sources before, for changes
    watched: bool = False
    path: str | None = None  # the evidence path, for links

    def to_dict(self, view: GraphView) -> dict[str, Any]:
        return {
            "kind": self.kind, "at": self.at, "title": self.title, "subjects": self.subjects,
            "certainty": self.certainty, "grade": self.grade, "previous": self.previous, "watched": self.watched,
            "path": self.path,
            "evidence": [{"doc": e.doc, "url": view.url(e.doc), "outlet": view.outlet(e.doc),
                          "published": view.published(e.doc), "quote": e.quote, "certainty": e.certainty.value,
                          "cues": list(e.cues), "attribution": e.attribution} for e in self.evidence],
        }


def same_grade_kind(denied: bool, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """What a relation's change of history row is news of when its grade stays: a new denial is news even
    when it moves nothing; a new source that agrees is corroboration (a denial never is); a changed label.
    None when nothing an analyst follows changed. Shared by the on-demand and the recorded alert feeds."""
    if denied:
        return "denied"
    if new["sources"] > old["sources"]:
        return "corroborated"
    if new["certainty"] != old["certainty"]:
        return "certainty_change"
    return None


def compute_alerts(store: Store, since: str, view: GraphView | None = None) -> list[Alert]:
    """All alerts for what the store learned at or after `since` (an ISO date or timestamp)."""
    view = view or GraphView.load(store)
    return alerts(view, store.relation_history(), since)


def alerts(view: GraphView, history: list[dict[str, Any]], since: str) -> list[Alert]:
    """Diff the graph now against the graph as it stood just before `since` (GraphView.as_of)."""
    before = view.as_of(since, history)
    watched = view.watched_ids()
    out = [*_links(view, before, since), *_new_fronts(view, before),
           *_watched_groups(view, before, watched), *_grade_changes(view, history, since),
           *_event_sources(view, since)]
    for a in out:
        a.watched = bool(watched & set(a.subjects))
    return sorted(out, key=lambda a: (not a.watched, a.at, a.kind, a.title))


def _learned_since(view: GraphView, evidence: list[Evidence] | tuple[Evidence, ...], since: str) -> list[Evidence]:
    docs = view.documents
    return [e for e in evidence if e.doc in docs and (docs[e.doc].ingested_at or "") >= since]


def _path_evidence(p: Path) -> list[Evidence]:
    return [e for h in p.hops for e in h.evidence]


def _hedge(certainty: Certainty) -> str:
    return "" if certainty is Certainty.ASSERTED else f", {certainty.value}"


def _links(view: GraphView, before: GraphView, since: str) -> list[Alert]:
    """A first link between two groups, or a link whose best grade moved."""
    then = {(k.a, k.b): k for k in org_links(before)}
    out = []
    for link in org_links(view):
        p, old = link.best, then.get((link.a, link.b))
        names = f"{view.name(link.a)} and {view.name(link.b)}"
        subjects = [link.a, link.b, *p.nodes[1:-1]]
        if old is None:
            out.append(Alert(
                "new_link", link.learned_at,
                f"First link between {names} ({p.kind}, grade {link.grade}{_hedge(link.certainty)})",
                subjects, _path_evidence(p), link.certainty.value, link.grade, path=p.describe(view)))
        elif old.grade != link.grade:
            kind = "link_grade_up" if link.grade < old.grade else "link_grade_down"
            fresh = _learned_since(view, _path_evidence(p), since)
            out.append(Alert(
                kind, max((view.documents[e.doc].ingested_at or "" for e in fresh), default=since),
                f"Link between {names}: grade {old.grade} → {link.grade}, "
                f"{old.certainty.value} → {link.certainty.value}, sources {old.sources} → {link.sources}",
                subjects, fresh or _path_evidence(p), link.certainty.value, link.grade,
                previous={"grade": old.grade, "certainty": old.certainty.value, "sources": old.sources},
                path=p.describe(view)))
    return out


def _new_fronts(view: GraphView, before: GraphView) -> list[Alert]:
    known = set(before.by_key)
    out = []
    for h in view.hops:
        if h.type in FRONTS and h.key not in known:
            out.append(Alert(
                "new_front", h.learned_at,
                f"New front claim ({h.certainty.value}): {view.name(h.source)} is a front of {view.name(h.target)}",
                [h.source, h.target], list(h.evidence), h.certainty.value, h.grade))
    return out


def _watched_groups(view: GraphView, before: GraphView, watched: set[str]) -> list[Alert]:
    out = []
    for actor in sorted(watched):
        if view.type_of(actor) not in schema().actor_types:
            continue
        known = set(actor_groups(before, actor))
        for org, paths in actor_groups(view, actor).items():
            if org in known:
                continue
            p = paths[0]
            out.append(Alert(
                "watched_new_group", p.learned_at,
                f"Watched {view.name(actor)} seen with {view.name(org)} for the first time "
                f"({p.kind}, grade {p.grade}{_hedge(p.certainty)})",
                [actor, org, *p.nodes[1:-1]], _path_evidence(p), p.certainty.value, p.grade,
                path=p.describe(view)))
    return out


def _grade_changes(view: GraphView, history: list[dict[str, Any]], since: str) -> list[Alert]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(history, key=lambda r: (r["at"], r.get("id") or 0)):
        rows[row["relation_id"]].append(row)
    out = []
    for rid, rs in rows.items():
        before = [r for r in rs if r["at"] < since]
        after = [r for r in rs if r["at"] >= since]
        if not before or not after or rid not in view.relations:
            continue  # a relation first learned since is a new fact, not a change
        old, new = before[-1], after[-1]
        old_grade, new_grade = old["grade"] or 6, new["grade"] or 6
        if new_grade < old_grade:
            kind = "grade_up"
        elif new_grade > old_grade:
            kind = "grade_down"
        else:
            kind = ""
        r = view.relations[rid]
        evidence = _learned_since(view, r.evidence, since) or [
            e for e in r.evidence if e.doc in {x["doc_id"] for x in after}]
        if not kind:
            kind = same_grade_kind(any(e.certainty is Certainty.DENIED for e in evidence), old, new) or ""
            if not kind:
                continue
        what = f"{view.name(r.source)} {r.type} {view.name(r.target)}"
        if kind != "denied" and any(e.certainty is Certainty.DENIED for e in evidence):
            what += " (newly denied)"
        out.append(Alert(
            kind, new["at"],
            f"{what}: grade {old_grade} → {new_grade}, {old['certainty']} → {new['certainty']}, "
            f"sources {old['sources']} → {new['sources']}",
            [r.source, r.target], evidence, new["certainty"], new_grade,
            previous={"grade": old_grade, "certainty": old["certainty"], "sources": old["sources"]}))
    return out


def _event_sources(view: GraphView, since: str) -> list[Alert]:
    out = []
    for v in view.events.values():
        docs = {e.doc: view.documents[e.doc] for e in v.evidence if e.doc in view.documents}
        old = {view.source_of[d] for d, doc in docs.items() if (doc.ingested_at or "") < since}
        new = {view.source_of[d] for d, doc in docs.items() if (doc.ingested_at or "") >= since} - old
        if not old or not new:
            continue
        fresh = [e for e in v.evidence if e.doc in docs and view.source_of[e.doc] in new]
        outlets = sorted({view.outlet(e.doc) or e.doc for e in fresh})
        out.append(Alert(
            "event_new_source", max(docs[e.doc].ingested_at or "" for e in fresh),
            f"{view.event_label(v)} now also reported by {', '.join(outlets)} ({len(old) + len(new)} independent sources)",
            [v.id, *v.organizers, *v.participants], fresh))
    return out
