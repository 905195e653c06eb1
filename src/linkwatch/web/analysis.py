"""The analysis package (linkwatch.analyse) shaped for the API: organisation links, paths,
timelines and alerts. The computations are theirs; this module only converts their objects
into the response models, adding document titles to every quote."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from linkwatch.analyse.alerts import compute_alerts
from linkwatch.analyse.links import Link, org_links
from linkwatch.analyse.paths import Path, shortest_paths
from linkwatch.analyse.timeline import Item
from linkwatch.analyse.timeline import timeline as entity_timeline
from linkwatch.analyse.view import GraphView, Hop
from linkwatch.model.dates import instant
from linkwatch.store.base import Store
from linkwatch.web import schemas as s
from linkwatch.web.views import Lookup, evidence

ALERT_WINDOW = timedelta(days=7)  # what "recent" means when the analyst gives no date


class Analysis:
    """One request's view of the graph: loaded once, shared by every conversion."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.view = GraphView.load(store)
        self.lookup = Lookup(store)

    def ref(self, node: str) -> s.Ref:
        return s.Ref(id=node, name=self.view.name(node), type=self.view.type_of(node))

    def hop(self, h: Hop) -> s.HopOut:
        return s.HopOut(relation=h.relation_id, type=h.type, source=self.ref(h.source), target=self.ref(h.target),
                        role=h.role, certainty=h.certainty, grade=h.grade, sources=len(h.sources),
                        evidence=[evidence(e, self.lookup) for e in h.evidence])

    def path(self, p: Path) -> s.PathOut:
        return s.PathOut(kind=p.kind, via=self.ref(p.via) if p.via else None, text=p.describe(self.view),
                         grade=p.grade, certainty=p.certainty, sources=len(p.sources), date=p.date(self.view),
                         hops=[self.hop(h) for h in p.hops])

    def link(self, k: Link, max_paths: int | None = None) -> s.LinkOut:
        first, last = k.seen(self.view)
        return s.LinkOut(a=self.ref(k.a), b=self.ref(k.b), grade=k.grade, confidence=k.confidence,
                         certainty=k.certainty, sources=k.sources, kinds=k.kinds, first_seen=first,
                         last_seen=last, learned_at=k.learned_at or None,
                         paths=[self.path(p) for p in k.paths[:max_paths]])

    def links(self, org: str | None = None, since: str | None = None, max_grade: int | None = None
              ) -> list[Link]:
        return org_links(self.view, org=org, since=since, min_grade=max_grade)

    def paths(self, a: str, b: str, limit: int, slack: int) -> s.Paths:
        found = shortest_paths(self.view, a, b, limit=limit, slack=slack)
        return s.Paths(source=a, target=b, paths=[self.path(p) for p in found])

    def item(self, i: Item) -> s.TimelineItem:
        return s.TimelineItem(date=i.date, precision=i.precision, kind=i.kind, text=i.text, place=i.place,
                              certainty=i.certainty, grade=i.grade, sources=i.sources, outlets=i.outlets,
                              reported=i.reported, event=i.event, relation=i.relation, others=i.others,
                              evidence=[evidence(e, self.lookup) for e in i.evidence])

    def timeline(self, entity: str, include_members: bool = False) -> s.Timeline:
        t = entity_timeline(self.view, entity, include_members=include_members)
        return s.Timeline(entity=self.ref(entity), dated=[self.item(i) for i in t.dated],
                          undated=[self.item(i) for i in t.undated])

    def alerts(self, since: str | None) -> s.Alerts:
        since = since or default_since()
        items = [s.AlertOut(kind=a.kind, at=a.at, title=a.title, subjects=[self.ref(x) for x in a.subjects],
                            certainty=a.certainty, grade=a.grade,  # type: ignore[arg-type]
                            previous=_plain(a.previous), watched=a.watched, path=a.path,
                            evidence=[evidence(e, self.lookup) for e in a.evidence])
                 for a in compute_alerts(self.store, since, self.view)]
        return s.Alerts(since=since, items=items)


def default_since() -> str:
    return instant(datetime.now(UTC) - ALERT_WINDOW)


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in d.items()}
