"""An entity's timeline (analyse.timeline) read from the link index, one page at a time.

The items are first laid out without their quotes: each hop touching the entity (with the members' event
hops of an organisation, and the events at a place) gives a date and a text from the index's rows and the
names involved, which is all that orders them. Only the page asked for is then read in full (its quotes,
who else was at its events), through the same item builders timeline.py uses. What a few quotes cannot
tell (how many independent sources, the first publication date) comes from the index, which counted them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from linkwatch.analyse.index import ensure
from linkwatch.analyse.index_rules import EVENT
from linkwatch.analyse.indexed import IndexedView
from linkwatch.analyse.timeline import AFFILIATION, Item, Timeline, _hop_item, event_item, hop_text
from linkwatch.analyse.view import Hop, date_sort_key
from linkwatch.model import Certainty
from linkwatch.store.base import Store
from linkwatch.store.index_base import HopRow


@dataclass
class Page:
    view: IndexedView
    timeline: Timeline
    dated: int = 0  # how many dated items there are in all
    undated: int = 0
    offset: int = 0
    limit: int | None = None
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Slot:
    """One item, before its quotes are read."""

    date: str | None
    text: str
    reported: str | None
    hop: str | None  # the hop's key, or None for an event at a place
    subject: str
    via: str | None = None  # the affiliation hop an organisation's member is on its timeline through
    event: str | None = None


def _stub(r: HopRow) -> Hop:
    """A hop without its quotes: enough to word and order its item."""
    return Hop(r.source, r.type, r.target, Certainty(r.certainty), r.grade, (), frozenset(), r.learned_at,
               r.relation_id, r.role, former=r.former, ended=r.ended, denied_by_some=r.denied)


def timeline(store: Store, entity_id: str, *, include_members: bool = False, offset: int = 0,
             limit: int | None = None) -> Page:
    """The entity's items, dated ones first in date order then the undated by first report, `limit` of them
    from `offset` on (all when `limit` is None)."""
    ensure(store)
    view = IndexedView(store)
    rows = {r.key: r for r in store.hops_at([entity_id])}
    # An organisation's members' events are its own, marked "via" (one item per membership, as timeline.py).
    via: list[tuple[HopRow, HopRow]] = []
    if include_members:
        memberships = [r for r in rows.values() if r.type in AFFILIATION and r.target == entity_id]
        events: dict[str, list[HopRow]] = {}
        for r in store.hops_at({m.source for m in memberships}, incoming=False):
            if r.target_type == EVENT:
                events.setdefault(r.source, []).append(r)
        via = [(m, r) for m in memberships for r in events.get(m.source, [])]
    view.need({entity_id} | {n for r in [*rows.values(), *(r for pair in via for r in pair)] for n in (r.source, r.target)})
    slots: list[_Slot] = []
    for r in rows.values():
        date, text = hop_text(view, _stub(r), entity_id, None)
        slots.append(_Slot(date, text, r.published, r.key, entity_id))
    for m, r in via:
        date, text = hop_text(view, _stub(r), m.source, _stub(m))
        slots.append(_Slot(date, text, r.published, r.key, m.source, m.key))
    if view.type_of(entity_id) == "location":
        slots += _place_slots(store, view, entity_id)
    dated = sorted((s for s in slots if s.date), key=lambda s: (*date_sort_key(s.date or ""), s.text))
    undated = sorted((s for s in slots if not s.date), key=lambda s: (s.reported or "9999", s.text))
    ordered = [*dated, *undated][offset:None if limit is None else offset + limit]
    items = _hydrate(store, view, ordered)
    out = Timeline(entity_id, [i for i in items if i.date], [i for i in items if not i.date])
    return Page(view, out, len(dated), len(undated), offset, limit)


def _place_slots(store: Store, view: IndexedView, place: str) -> list[_Slot]:
    ids = store.events_at(place)
    view.need(ids)
    out = []
    for vid in ids:
        v = view.events[vid]
        reported = None
        if not v.date:  # only an undated event is ordered by its first report
            docs = store.document_stubs({e.doc for e in store.evidence_page(event_id=vid)})
            reported = min((d.published for d in docs if d.published), default=None)
        out.append(_Slot(v.date, view.event_label(v), reported, None, place, event=vid))
    return out


def _hydrate(store: Store, view: IndexedView, slots: list[_Slot]) -> list[Item]:
    """Read the page's items in full: their hops' first quotes, and who else was at their events."""
    keys = [s.hop for s in slots if s.hop] + [s.via for s in slots if s.via]
    hops = view.hops_for(keys)
    events = {s.event for s in slots if s.event} | {h.target for h in hops.values() if h.target in view.events}
    around = [r for r in store.hops_at(events, outgoing=False) if r.target in events]
    view.need(r.source for r in around)
    view.hops = [*(hops.values()), *(_stub(r) for r in around if r.key not in hops)]
    view.__dict__.pop("by_node", None)
    out = []
    for s in slots:
        if s.hop is None:
            full = store.event(s.event or "")
            if full is not None:
                view.events[full.id] = full
                view.need_documents(e.doc for e in full.evidence)
                out.append(event_item(view, full))
            continue
        h = hops[s.hop]
        item = _hop_item(view, h, s.subject, hops.get(s.via) if s.via else None)
        item.reported = s.reported  # the first report among all its documents, not only the quotes shown
        out.append(item)
    return out
