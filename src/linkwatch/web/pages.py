"""The analyst UI: server-rendered pages over the same views the API returns."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from linkwatch.store.search import search as run_search
from linkwatch.web import views
from linkwatch.web.analysis import Analysis
from linkwatch.web.deps import LANGUAGES, IdPath, Language, StoreDep, checked_date
from linkwatch.web.render import page
from linkwatch.web.security import auth_method, config_of


class LoginRequired(Exception):
    """Raised by page_guard; the app answers with a redirect to the login form."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def page_guard(request: Request) -> None:
    if config_of(request).protect_reads and auth_method(request) is None:
        raise LoginRequired(request.url.path)


router = APIRouter(dependencies=[Depends(page_guard)], include_in_schema=False, default_response_class=HTMLResponse)
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
EVENTS_PER_PAGE = 200
MAP_EVENTS = 2000  # markers a page of the map holds; the rest are on the next pages (offset)
ALERTS_PER_PAGE = 100
TIMELINE_ITEMS = 200  # an entity page shows its timeline's first items; /api/timeline pages through the rest


HOME_ITEMS = 8  # alerts, links and documents the home page shows; each has its own page for the rest
HOME_LINK_POOL = 100  # the best-graded links the home page picks the newly learned ones from


@router.get("/")
def home_page(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    """Where an analyst starts the day: what changed (latest alerts), the strongest links learned lately,
    the latest documents and the watchlist, with the search box on top. `/?q=` is still a search."""
    if q.strip():
        return search_page(request, store, q)
    analysis = Analysis(store)
    alerts = analysis.alerts(None, limit=HOME_ITEMS)
    ranked = analysis.links(limit=HOME_LINK_POOL, max_paths=1).items  # best graded first, from the index
    since = alerts.since or ""
    fresh = [k for k in ranked if k.learned_at and k.learned_at >= since][:HOME_ITEMS]
    docs = [views.document_summary(d) for d in store.documents_page(0, HOME_ITEMS, newest_first=True)]
    return page(request, "home.html", title="Home", alerts=alerts, links=fresh or ranked[:HOME_ITEMS],
                links_are_new=bool(fresh), docs=docs, watch=_watchlist(store), counts=store.counts())


@router.get("/search")
def search_page(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    results = run_search(store, q, 30) if q.strip() else None
    counts = store.counts()  # COUNT queries: the search page must not load the whole graph
    return page(request, "search.html", title="Search", q=q, results=results, counts=counts)


def _watchlist(store: StoreDep) -> list[dict[str, str | None]]:
    listed = store.watchlist()
    names = {e.id: e.name for e in store.entity_stubs(w["entity_id"] for w in listed)}
    return [{"id": w["entity_id"], "name": names.get(w["entity_id"], w["entity_id"]), "note": w["note"],
             "added_at": w["added_at"]} for w in listed]


@router.get("/documents")
def documents_page(request: Request, store: StoreDep, offset: Offset = 0, language: Language = None) -> HTMLResponse:
    docs = [views.document_summary(d) for d in store.documents_page(offset, 100, language=language)]
    return page(request, "documents.html", title="Documents", docs=docs, offset=offset, language=language,
                total=store.document_count(language), languages=LANGUAGES)


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: IdPath, store: StoreDep,
                  start: Annotated[int | None, Query(ge=0)] = None,
                  end: Annotated[int | None, Query(ge=0)] = None) -> HTMLResponse:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    detail = views.document_detail(store, doc)
    mark = (start, end) if start is not None and end is not None and start < end <= len(doc.text) else None
    segments = views.segments(doc.text, [(c.start, c.end) for c in detail.claims], mark)
    return page(request, "document.html", title=doc.title or doc.id, doc=detail, segments=segments, mark=mark,
                bad_mark=(start is not None or end is not None) and mark is None)


@router.get("/entities/{entity_id}")
def entity_page(request: Request, entity_id: IdPath, store: StoreDep, offset: Offset = 0) -> HTMLResponse:
    entity = next(iter(store.entity_stubs([entity_id])), None)
    if entity is None:
        raise HTTPException(404, "no such entity")
    detail = views.entity_detail(store, entity, offset=offset)
    affiliations = [r for r in detail.relations if "event" not in (r.source.type, r.target.type)]
    event_claims = [r for r in detail.relations if "event" in (r.source.type, r.target.type)]
    timeline = Analysis(store).timeline(entity.id, include_members=entity.type == "organization",
                                        limit=TIMELINE_ITEMS)
    return page(request, "entity.html", title=entity.name, e=detail, affiliations=affiliations,
                event_claims=event_claims, timeline=timeline)


@router.get("/events")
def events_page(request: Request, store: StoreDep, offset: Offset = 0) -> HTMLResponse:
    lookup = views.Lookup(store)
    events = store.events_page(offset, EVENTS_PER_PAGE)
    views.load_events(lookup, events)
    return page(request, "events.html", title="Events", events=[views.event_summary(v, lookup) for v in events],
                offset=offset, per_page=EVENTS_PER_PAGE, total=store.counts()["events"])


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: IdPath, store: StoreDep) -> HTMLResponse:
    event = next(iter(store.event_stubs([event_id])), None)
    if event is None:
        raise HTTPException(404, "no such event")
    detail = views.event_detail(store, event, views.coordinates(store, views.named(store, event.location)))
    return page(request, "event.html", title=views.event_label(event), v=detail)


@router.get("/chart")
def chart_page(request: Request, store: StoreDep, entity: Annotated[str | None, Query(max_length=200)] = None,
               depth: Annotated[int, Query(ge=1, le=4)] = 2,
               mode: Literal["links", "relations"] | None = None) -> HTMLResponse:
    centre = next(iter(store.entity_stubs([entity])), None) if entity else None
    event = next(iter(store.event_stubs([entity])), None) if entity and centre is None else None
    if mode is None:
        # Organisation links suit the whole graph or an organisation; people, places and
        # events only appear in the evidence graph of all relations.
        whole_graph = centre is None and event is None
        mode = "links" if whole_graph or (centre is not None and centre.type == "organization") else "relations"
    return page(request, "chart.html", title="Link chart", centre=centre, centre_event=event,
                data={"entity": (centre.id if centre else event.id if event else None), "depth": depth, "mode": mode})


@router.get("/map")
def map_page(request: Request, store: StoreDep, offset: Offset = 0) -> HTMLResponse:
    """Every event whose place the resolver or the gazetteer can put on the map, dated or not (a page of
    them, dated first); the rest of the page listed beside it with the reason."""
    lookup = views.Lookup(store)
    placed, unplaced = [], []
    events = store.events_page(offset, MAP_EVENTS)
    views.load_events(lookup, events)
    places = {x: views.named(store, x) for x in {v.location for v in events if v.location}}
    for v in events:
        place = places.get(v.location) if v.location else None
        point = views.coordinates(store, place)
        summary = views.event_summary(v, lookup)
        if point and place:
            placed.append({"id": v.id, "label": views.event_label(v), "date": v.date, "type": v.type,
                           "place": place.name, "feature": views.place_feature(store, place),
                           "lat": point[0], "lon": point[1]})
        else:
            unplaced.append((summary, "no place named" if not v.location else "place not found"))
    tile_url = config_of(request).tile_url
    return page(request, "map.html", title="Map", placed=placed, unplaced=unplaced, offset=offset,
                per_page=MAP_EVENTS, total=store.counts()["events"], data={"events": placed, "tileUrl": tile_url})


@router.get("/alerts")
def alerts_page(request: Request, store: StoreDep, since: Annotated[str | None, Query(max_length=40)] = None,
                offset: Offset = 0) -> HTMLResponse:
    checked = checked_date(since, "since")
    alerts = Analysis(store).alerts(checked, limit=ALERTS_PER_PAGE, offset=offset)
    return page(request, "alerts.html", title="Alerts", alerts=alerts, watch=_watchlist(store), since=alerts.since)
