"""Read API for what is computed: link graph, paths, timelines, alerts, search, exports."""
from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from linkwatch import export as exports
from linkwatch.store.search import search as run_search
from linkwatch.web import schemas as s
from linkwatch.web import services
from linkwatch.web.analysis import Analysis
from linkwatch.web.deps import ERRORS, IdPath, Offset, StoreDep, checked_date
from linkwatch.web.security import require_read

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)], responses=ERRORS)
OptionalId = Annotated[str | None, Query(max_length=200)]


@router.get("/graph", response_model=s.Graph, tags=["analysis"])
def graph(store: StoreDep, entity: OptionalId = None,
          mode: Annotated[Literal["relations", "links"], Query(
              description="relations: the evidence graph; links: organisations and the links derived between them")]
          = "relations",
          depth: Annotated[int, Query(ge=1, le=4)] = 2,
          max_grade: Annotated[int | None, Query(ge=1, le=6)] = None,
          certainty: Annotated[list[s.CertaintyLabel] | None, Query(max_length=4,
                                                                     description="keep only these labels")] = None,
          type: Annotated[list[s.RelationType] | None, Query(max_length=20, description="relation types")] = None,
          limit: Annotated[int, Query(ge=1, le=services.MAX_NODES)] = services.MAX_NODES) -> s.Graph:
    """The link chart's nodes and edges, each edge with its certainty and grade.

    Around `entity` (up to `depth` hops in relations mode) when given, else the whole graph up to `limit` nodes.
    """
    if entity and not _exists(store, entity) and not store.event_stubs([entity]):
        raise HTTPException(404, "no such entity")
    certainties = {str(c) for c in certainty} if certainty else None
    if mode == "links":
        return services.org_graph(store, entity or None, max_grade, certainties, limit)
    return services.link_graph(store, entity or None, depth, max_grade, certainties, set(type) if type else None,
                               limit)


@router.get("/links", response_model=s.Links, tags=["analysis"])
def links(store: StoreDep, org: OptionalId = None,
          since: Annotated[str | None, Query(max_length=40, description="only paths dated on or after")] = None,
          max_grade: Annotated[int | None, Query(ge=1, le=6)] = None,
          limit: Annotated[int, Query(ge=1, le=1000)] = 200, offset: Offset = 0,
          max_paths: Annotated[int, Query(ge=1, le=25)] = 1) -> s.Links:
    """Links between organisations (fronts, alliances, shared events, meetings of their people), best graded
    first, each with its best path of evidence (`max_paths` of them; `paths_count` says how many there are,
    and GET /api/links/{a}/{b} shows more of them with more quotes)."""
    if org and not _exists(store, org):
        raise HTTPException(404, "no such entity")
    return Analysis(store).links(org or None, checked_date(since, "since"), max_grade, limit, offset, max_paths)


@router.get("/links/{a}/{b}", response_model=s.LinkOut, tags=["analysis"])
def link(a: IdPath, b: IdPath, store: StoreDep, max_paths: Annotated[int, Query(ge=1, le=25)] = 10) -> s.LinkOut:
    """One organisation link with its best paths and the quotes behind them."""
    found = Analysis(store).one_link(a, b, max_paths)
    if found is None:
        raise HTTPException(404, "these two are not linked")
    return found


def _exists(store: StoreDep, entity_id: str) -> bool:
    return bool(store.entity_stubs([entity_id]))


@router.get("/paths", response_model=s.Paths, tags=["analysis"])
def paths(store: StoreDep, source: Annotated[str, Query(min_length=1, max_length=200)],
          target: Annotated[str, Query(min_length=1, max_length=200)],
          limit: Annotated[int, Query(ge=1, le=20)] = 5,
          slack: Annotated[int, Query(ge=0, le=3, description="hops longer than the shortest")] = 1) -> s.Paths:
    """How two entities are connected: the shortest chains of relations, each hop with its evidence.
    Places and denials are not connections and are left out."""
    for end in (source, target):
        if not _exists(store, end):
            raise HTTPException(404, f"no such entity: {end}")
    return Analysis(store).paths(source, target, limit, slack)


@router.get("/timeline", response_model=s.Timeline, tags=["analysis"])
def timeline(store: StoreDep, entity: Annotated[str, Query(min_length=1, max_length=200)],
             include_members: bool = False, limit: Annotated[int, Query(ge=1, le=1000)] = 200,
             offset: Offset = 0) -> s.Timeline:
    """An entity's events in date order (as precise as the sources allow) and its undated relations, one page
    (dated items first); with `include_members`, an organisation's timeline also shows its members' events."""
    if not _exists(store, entity):
        raise HTTPException(404, "no such entity")
    return Analysis(store).timeline(entity, include_members, limit, offset)


Analyst = Annotated[str | None, Query(max_length=100, description="whose seen marks `unseen` uses")]


@router.get("/alerts", response_model=s.Alerts, tags=["analysis"])
def alerts(store: StoreDep, since: Annotated[str | None, Query(
        max_length=40, description="ISO date or timestamp; default: the last 7 days (all, with `unseen`)")] = None,
           analyst: Analyst = None, unseen: bool = False, watched_only: bool = False,
           limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Offset = 0) -> s.Alerts:
    """What the store learned, recorded as it learned it: new links, fronts, grade changes, denials; watched
    entities first. `since` keeps what was learned from then on; `unseen` what `analyst` has not marked seen."""
    if unseen and not analyst:
        raise HTTPException(400, "unseen needs an analyst")
    return Analysis(store).alerts(checked_date(since, "since"), analyst or None, unseen, watched_only, limit, offset)


@router.get("/search", response_model=s.SearchOut, tags=["search"])
def search(store: StoreDep, q: Annotated[str, Query(max_length=500)] = "",
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> s.SearchOut:
    """Search documents (title, text, outlet), entities by any spelling of their names, and their events.

    Words are matched (accents ignored, the last word as a prefix); FTS5 operators in `q` are plain text.
    Names are also matched across transliterations ("Nazi Zahir" finds "Naji Zaheer"): such entities
    come after the word matches with `how: spelling`; `matched` names the alias that matched.
    """
    found = run_search(store, q, limit)
    return s.SearchOut(
        query=q,
        documents=[s.SearchDocument(id=d.id, title=d.title, source=d.source, published=d.published,
                                    snippet=d.snippet) for d in found.documents],
        entities=[s.SearchEntity(id=e.id, type=e.type, name=e.name, aliases=e.aliases, matched=e.matched, how=e.how)
                  for e in found.entities],
        events=[s.SearchEvent(id=e.id, type=e.type, date=e.date, name=e.name, place=e.place, actors=e.actors,
                              via=e.via) for e in found.events])


MEDIA_TYPES = {".json": "application/json", ".jsonl": "application/x-ndjson", ".graphml": "application/xml",
               ".gexf": "application/xml", ".xml": "application/xml", ".csv": "text/csv", ".zip": "application/zip"}


@router.get("/export/{fmt}", tags=["export"], response_class=FileResponse,
            responses={200: {"description": "the export file", "content": {"application/octet-stream": {}}},
                       404: {"description": "unknown format"}})
def export(fmt: Annotated[str, PathParam(pattern=r"^[a-z0-9_-]{1,20}$")], store: StoreDep) -> FileResponse:
    """The whole graph in one of the registered export formats (`linkwatch export --format`)."""
    try:
        format_ = exports.get_format(fmt)
    except KeyError:
        raise HTTPException(404, f"unknown export format; choose from {', '.join(exports.names())}") from None
    tmp = Path(tempfile.mkdtemp(prefix="linkwatch-export-"))
    cleanup = BackgroundTask(shutil.rmtree, tmp, ignore_errors=True)
    try:
        out = tmp / f"linkwatch{format_.suffix}"
        if format_.to_path:
            format_.write(store, out)
        else:
            with out.open("w", encoding="utf-8") as fh:
                format_.write(store, fh)
        if out.is_dir():  # formats that write a folder of files (csv) go out as one zip
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for f in sorted(out.rglob("*")):
                    if f.is_file():
                        zf.write(f, f.relative_to(out).as_posix())
            out = tmp / "linkwatch.zip"
            out.write_bytes(buf.getvalue())
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # A folder of tables goes out zipped whatever the format says; otherwise the format's own type
    # (STIX: application/stix+json;version=2.1) wins over the suffix's.
    media_type = format_.media_type if format_.media_type and out.suffix != ".zip" else None
    return FileResponse(out, media_type=media_type or MEDIA_TYPES.get(out.suffix, "application/octet-stream"),
                        filename=out.name, background=cleanup)
