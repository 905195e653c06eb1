"""Dependencies shared by the routers: a store per request, the config, the ingester."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi import Path as PathParam

from linkwatch.model.dates import DateError, parse_date
from linkwatch.store import open_store
from linkwatch.store.base import Store
from linkwatch.web.config import WebConfig
from linkwatch.web.ingest import Ingester
from linkwatch.web.schemas import Problem


def get_store(request: Request) -> Iterator[Store]:
    """One connection per request: SQLite in WAL mode then lets reads run beside a long ingest,
    and no two threads ever share a connection's transaction state."""
    config: WebConfig = request.app.state.config
    store = open_store(config.settings.db)
    try:
        yield store
    finally:
        store.close()


def checked_date(value: str | None, field: str) -> str | None:
    """A date parameter through the one date parser (model.dates): 400 naming the field and value when
    it is not a real date; an offset converted to UTC. Blank means not given."""
    if value is None or not value.strip():
        return None
    try:
        return parse_date(value, field)
    except DateError as exc:
        raise HTTPException(400, str(exc)) from None


def get_ingester(request: Request) -> Ingester:
    ingester: Ingester = request.app.state.ingester
    return ingester


# Errors every API route may answer besides validation's 422, all problem documents (web/api_meta.py).
ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": Problem, "description": "the request makes no sense (e.g. a judgement of an entity with itself)"},
    401: {"model": Problem, "description": "a valid token is needed"},
    403: {"model": Problem, "description": "writes are disabled, or a cookie-authenticated write lacks the CSRF header"},
    404: {"model": Problem, "description": "no such item"},
    413: {"model": Problem, "description": "request body too large"},
    429: {"model": Problem, "description": "too many requests; see Retry-After"},
}

StoreDep = Annotated[Store, Depends(get_store)]
IngesterDep = Annotated[Ingester, Depends(get_ingester)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
IdPath = Annotated[str, PathParam(min_length=1, max_length=200)]
# A language's primary subtag (ISO 639: 'ur', 'hi', 'ar', 'en'), as documents carry it (normalise.language).
Language = Annotated[str | None, Query(min_length=2, max_length=3, pattern="^[a-z]{2,3}$")]
# The languages the document lists offer as filters: English and those the multilingual reader reads.
LANGUAGES = ("en", "ur", "hi", "ar")
