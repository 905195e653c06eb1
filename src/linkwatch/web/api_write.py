"""Write API: analyst judgements, the watchlist, ingest. Every write needs the token."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Response, UploadFile

from linkwatch.pipeline import Pipeline
from linkwatch.store.base import Store
from linkwatch.web import schemas as s
from linkwatch.web.deps import ERRORS, IdPath, IngesterDep, StoreDep, checked_date
from linkwatch.web.ingest import INGEST_LOCK
from linkwatch.web.security import require_read, require_write

router = APIRouter(prefix="/api", responses=ERRORS)
Writer = Depends(require_write)
Reader = Depends(require_read)


def _known(store: Store, item_id: str) -> bool:
    """An entity now, or one an earlier judgement or decision named (merged away by a re-resolve)."""
    if store.entity_stubs([item_id]):
        return True
    return any(item_id in (j["a"], j["b"]) for j in store.judgements()) or bool(store.decisions(item_id=item_id))


@router.get("/judgements", response_model=list[s.JudgementOut], tags=["judgements"], dependencies=[Reader])
def list_judgements(store: StoreDep) -> list[s.JudgementOut]:
    """Every analyst judgement: pairs of entities said to be the same, not the same, or unsure."""
    return [s.JudgementOut.model_validate(j) for j in store.judgements()]


@router.post("/judgements", response_model=s.JudgementResult, tags=["judgements"], dependencies=[Writer])
def post_judgement(body: s.JudgementIn, store: StoreDep) -> s.JudgementResult:
    """Record that entities `a` and `b` are the same, not the same, or unsure, then re-resolve the graph
    so the judgement takes effect (and survives later re-runs)."""
    if body.a == body.b:
        raise HTTPException(400, "a and b must differ")
    for item in (body.a, body.b):
        if not _known(store, item):
            raise HTTPException(404, f"no such entity: {item}")
    with INGEST_LOCK:
        with store.transaction() as writer:
            writer.put_judgement(body.a, body.b, body.judgement, body.author)
        counts = Pipeline(store).reresolve()
    a, b = sorted((body.a, body.b))
    row = next(j for j in store.judgements() if j["a"] == a and j["b"] == b)
    return s.JudgementResult(judgement=s.JudgementOut.model_validate(row),
                             counts=counts)


@router.post("/alerts/seen", status_code=204, tags=["analysis"], dependencies=[Writer])
def mark_alerts_seen(body: s.AlertsSeenIn, store: StoreDep) -> Response:
    """Mark alerts seen for one analyst (`GET /api/alerts?unseen=true&analyst=...` then leaves them out)."""
    if not body.ids and body.up_to is None:
        raise HTTPException(400, "give ids or up_to")
    with store.transaction() as writer:
        writer.mark_alerts_seen(body.analyst, body.ids, body.up_to)
    return Response(status_code=204)


@router.get("/watchlist", response_model=list[s.WatchOut], tags=["watchlist"], dependencies=[Reader])
def list_watchlist(store: StoreDep) -> list[s.WatchOut]:
    out = []
    for w in store.watchlist():
        entity = next(iter(store.entity_stubs([w["entity_id"]])), None)
        ref = s.Ref(id=entity.id, name=entity.name, type=entity.type) if entity else None
        out.append(s.WatchOut(entity_id=w["entity_id"], note=w["note"], added_at=w["added_at"], entity=ref))
    return out


@router.post("/watchlist", response_model=s.WatchOut, status_code=201, tags=["watchlist"], dependencies=[Writer])
def add_watch(body: s.WatchIn, store: StoreDep) -> s.WatchOut:
    """Watch an entity: alerts report new links and grade changes that touch it."""
    entity = next(iter(store.entity_stubs([body.entity_id])), None)
    if entity is None:
        raise HTTPException(404, "no such entity")
    with store.transaction() as writer:
        writer.watch(entity.id, body.note)
    row = next(w for w in store.watchlist() if w["entity_id"] == entity.id)
    return s.WatchOut(entity_id=entity.id, note=row["note"], added_at=row["added_at"],
                      entity=s.Ref(id=entity.id, name=entity.name, type=entity.type))


@router.delete("/watchlist/{entity_id}", status_code=204, tags=["watchlist"], dependencies=[Writer])
def remove_watch(entity_id: IdPath, store: StoreDep) -> Response:
    with store.transaction() as writer:
        writer.unwatch(entity_id)
    return Response(status_code=204)


def _meta(source: str | None, published: str | None) -> tuple[str | None, str | None]:
    return source or None, checked_date(published, "published")


@router.post("/ingest", response_model=s.IngestOut, tags=["ingest"], dependencies=[Writer])
def ingest_upload(
    store: StoreDep, ingester: IngesterDep,
    files: Annotated[list[UploadFile], File(description="articles: .html, .txt, feeds")] = [],  # noqa: B006
    manifest: Annotated[UploadFile | None, File(description="JSON Lines manifest; `path` names an uploaded file")]
    = None,
    source: Annotated[str | None, Form(max_length=200)] = None,
    published: Annotated[str | None, Form(max_length=40)] = None,
) -> s.IngestOut:
    """Upload articles (and optionally a manifest describing them) and run them through the pipeline."""
    source, published = _meta(source, published)
    if not files and manifest is None:
        raise HTTPException(400, "upload at least one file or a manifest")
    if len(files) > 200:
        raise HTTPException(400, "at most 200 files per request")
    uploads = [(f.filename or "upload", f.file.read()) for f in files]
    man = (manifest.filename or "manifest.jsonl", manifest.file.read()) if manifest is not None else None
    return ingester.uploads(store, uploads, man, source, published)


@router.post("/ingest/urls", response_model=s.IngestOut, tags=["ingest"], dependencies=[Writer])
def ingest_urls(body: s.UrlsIn, store: StoreDep, ingester: IngesterDep) -> s.IngestOut:
    """Fetch http(s) URLs (articles or feeds; private addresses refused) and ingest them."""
    source, published = _meta(body.source, body.published)
    return ingester.urls(store, body.urls, source, published)
