"""The alert feed: alerts as the link index recorded them (index_alerts), a page at a time, for one analyst.

`since` filters what was learned from a time on, leaving out changes to facts that were themselves first
learned after it (their arrival is the alert); `unseen` keeps what the analyst has not marked seen.
Alerts about watched entities come first, by the watchlist as it is now.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linkwatch.analyse.index import ensure
from linkwatch.analyse.index_alerts import evidence_from
from linkwatch.analyse.indexed import IndexedView
from linkwatch.model import Evidence
from linkwatch.store.base import Store
from linkwatch.store.index_base import AlertRow

COUNT_CAP = 10_000


@dataclass
class Feed:
    view: IndexedView
    alerts: list[AlertRow] = field(default_factory=list)
    total: int = 0  # up to COUNT_CAP + 1

    @property
    def total_exact(self) -> bool:
        return self.total <= COUNT_CAP

    def evidence(self, a: AlertRow) -> list[Evidence]:
        return evidence_from(a.evidence)

    def to_dict(self, a: AlertRow) -> dict[str, Any]:
        """The alert as the CLI and the exports give it (analyse.alerts.Alert.to_dict, with its id and state)."""
        view = self.view
        return {
            "id": a.id, "kind": a.kind, "at": a.at, "title": a.title, "subjects": [s[0] for s in a.subjects],
            "subject_names": [s[1] for s in a.subjects], "certainty": a.certainty, "grade": a.grade,
            "previous": a.previous, "watched": a.watched, "seen": a.seen, "path": a.path,
            "evidence": [{"doc": e.doc, "url": view.url(e.doc), "outlet": view.outlet(e.doc),
                          "published": view.published(e.doc), "quote": e.quote, "certainty": e.certainty.value,
                          "cues": list(e.cues), "attribution": e.attribution} for e in self.evidence(a)],
        }


def read_alerts(store: Store, *, since: str | None = None, analyst: str | None = None, unseen: bool = False,
                watched_only: bool = False, limit: int | None = 50, offset: int = 0) -> Feed:
    ensure(store)
    feed = Feed(IndexedView(store))
    feed.alerts = store.alerts(since=since, analyst=analyst, unseen=unseen, watched_only=watched_only, limit=limit,
                               offset=offset)
    # Counted up to a bound: past it the feed says "more than", which costs the bound, not the whole feed.
    feed.total = store.alerts_count(since=since, analyst=analyst, unseen=unseen, watched_only=watched_only,
                                    cap=COUNT_CAP)
    # Names come with the alert (copied when it was recorded); the documents its quotes cite are read now.
    feed.view.need_documents(e["doc"] for a in feed.alerts for e in a.evidence)
    return feed
