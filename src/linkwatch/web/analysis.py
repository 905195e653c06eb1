"""The analysis package (linkwatch.analyse) shaped for the API: organisation links, paths, timelines and
alerts, each read from the link index for one page of the answer. The computations are analyse's; this
module only converts their objects into the response models, adding document titles to every quote."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from linkwatch.analyse.feed import COUNT_CAP, read_alerts
from linkwatch.analyse.index_paths import shortest_paths
from linkwatch.analyse.index_timeline import timeline as entity_timeline
from linkwatch.analyse.indexed import IndexedLink, IndexedView, org_link, org_links
from linkwatch.analyse.paths import Path
from linkwatch.analyse.timeline import Item
from linkwatch.analyse.view import GraphView, Hop
from linkwatch.model.dates import instant
from linkwatch.store.base import Store
from linkwatch.web import schemas as s
from linkwatch.web.views import Lookup, evidence

ALERT_WINDOW = timedelta(days=7)  # what "recent" means when the analyst gives no date
LIST_QUOTES = 3  # quotes per hop in a list of links; one link (GET /api/links/{a}/{b}) shows more


class Analysis:
    """One request's answers, each read from the link index; names and documents are looked up once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lookup = Lookup(store)
        self.view: GraphView = IndexedView(store)
        self._counts: dict[str, int] = {}  # quotes per relation on the paths being shown

    def ref(self, node: str) -> s.Ref:
        return s.Ref(id=node, name=self.view.name(node), type=self.view.type_of(node))

    def hop(self, h: Hop) -> s.HopOut:
        counts = self._counts.get(h.relation_id or "", len(h.evidence))
        return s.HopOut(relation=h.relation_id, type=h.type, source=self.ref(h.source), target=self.ref(h.target),
                        role=h.role, certainty=h.certainty, grade=h.grade, sources=len(h.sources),
                        evidence=[evidence(e, self.lookup) for e in h.evidence], evidence_count=counts)

    def path(self, p: Path) -> s.PathOut:
        return s.PathOut(kind=p.kind, via=self.ref(p.via) if p.via else None, text=p.describe(self.view),
                         grade=p.grade, certainty=p.certainty, sources=len(p.sources), date=p.date(self.view),
                         hops=[self.hop(h) for h in p.hops])

    def _count_quotes(self, paths: list[Path]) -> None:
        """Before the paths are converted: how many quotes each hop has, and the documents they cite."""
        rels = {h.relation_id for p in paths for h in p.hops if h.relation_id}
        self._counts = self.store.evidence_counts(relations=rels)
        self.lookup.adopt(self.view.documents)
        self.lookup.load_documents({e.doc for p in paths for h in p.hops for e in h.evidence})
        self.lookup.load({x for p in paths for h in p.hops for x in (h.source, h.target)})

    def link(self, k: IndexedLink, max_paths: int | None = None) -> s.LinkOut:
        first, last = k.seen(self.view)
        return s.LinkOut(a=self.ref(k.a), b=self.ref(k.b), grade=k.grade, confidence=k.confidence,
                         certainty=k.certainty, sources=k.sources, kinds=k.kinds, first_seen=first,
                         last_seen=last, learned_at=k.learned_at or None,
                         paths=[self.path(p) for p in k.paths[:max_paths]], paths_count=k.n_paths)

    def links(self, org: str | None = None, since: str | None = None, max_grade: int | None = None,
              limit: int | None = None, offset: int = 0, max_paths: int = 5) -> s.Links:
        self.view, found, total = org_links(self.store, org, since, max_grade, limit, offset, max_paths, LIST_QUOTES)
        self._count_quotes([p for k in found for p in k.paths])
        return s.Links(items=[self.link(k, max_paths) for k in found], total=total, offset=offset)

    def one_link(self, a: str, b: str, max_paths: int) -> s.LinkOut | None:
        view, found = org_link(self.store, a, b, max_paths)
        self.view = view
        if found is None:
            return None
        self._count_quotes(found.paths)
        return self.link(found, max_paths)

    def paths(self, a: str, b: str, limit: int, slack: int) -> s.Paths:
        found = shortest_paths(self.store, a, b, limit=limit, slack=slack)
        self.view = found.view
        self._count_quotes(found.paths)
        return s.Paths(source=a, target=b, paths=[self.path(p) for p in found.paths], truncated=found.truncated)

    def item(self, i: Item) -> s.TimelineItem:
        return s.TimelineItem(date=i.date, precision=i.precision, kind=i.kind, text=i.text, place=i.place,
                              certainty=i.certainty, grade=i.grade, sources=i.sources, outlets=i.outlets,
                              reported=i.reported, event=i.event, relation=i.relation, others=i.others,
                              evidence=[evidence(e, self.lookup) for e in i.evidence])

    def timeline(self, entity: str, include_members: bool = False, limit: int | None = None,
                 offset: int = 0) -> s.Timeline:
        page = entity_timeline(self.store, entity, include_members=include_members, offset=offset, limit=limit)
        self.view, t = page.view, page.timeline
        self.lookup.adopt(self.view.documents)
        self.lookup.load_documents({e.doc for i in [*t.dated, *t.undated] for e in i.evidence})
        return s.Timeline(entity=self.ref(entity), dated=[self.item(i) for i in t.dated],
                          undated=[self.item(i) for i in t.undated], dated_total=page.dated,
                          undated_total=page.undated, offset=offset)

    def alerts(self, since: str | None, analyst: str | None = None, unseen: bool = False,
               watched_only: bool = False, limit: int = 50, offset: int = 0) -> s.Alerts:
        since = since or (None if unseen else default_since())
        feed = read_alerts(self.store, since=since, analyst=analyst, unseen=unseen, watched_only=watched_only,
                           limit=limit, offset=offset)
        self.lookup.adopt(feed.view.documents)
        items = [s.AlertOut(id=a.id, kind=a.kind, at=a.at, title=a.title,
                            subjects=[s.Ref(id=i, name=name, type=type_) for i, name, type_ in a.subjects],
                            certainty=a.certainty, grade=a.grade,  # type: ignore[arg-type]
                            previous=_plain(a.previous), watched=a.watched, seen=a.seen, path=a.path,
                            evidence=[evidence(e, self.lookup) for e in feed.evidence(a)])
                 for a in feed.alerts]
        return s.Alerts(since=since, items=items, total=min(feed.total, COUNT_CAP), total_exact=feed.total_exact,
                        offset=offset, analyst=analyst)


def default_since() -> str:
    return instant(datetime.now(UTC) - ALERT_WINDOW)


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in d.items()}
