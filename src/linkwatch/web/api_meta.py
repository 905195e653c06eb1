"""The API's conventions, kept in one place: problem+json errors (RFC 9457), the OpenAPI description of
its bearer token, HEAD wherever GET is answered, /healthz, and the /docs page.

- Errors of the API (paths under /api/ and /healthz) are ``application/problem+json``: ``type``,
  ``title``, ``status``, ``detail`` (a sentence, as before) and ``instance`` (the path); a validation
  error adds ``errors``, FastAPI's list of what was wrong where. Pages keep their HTML error page.
- OpenAPI declares the ``bearerAuth`` scheme (security.BEARER, a dependency of require_write), and
  each write operation requires it.
- HEAD is answered by running GET and sending its headers without the body (RFC 9110 9.3.2).
- /docs is Swagger UI served from node_modules (swagger-ui-dist) with its start-up script in our
  static folder, so it runs under the same Content-Security-Policy as every page (no inline script,
  nothing from a CDN).
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from linkwatch.store import open_store
from linkwatch.web.render import page
from linkwatch.web.schemas import Problem
from linkwatch.web.security import ASGIApp, Message, Receive, Scope, Send, config_of

PROBLEM = "application/problem+json"


class Health(BaseModel):
    status: str  # "ok"
    store: str  # "ok": the store opened and answered a query


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/healthz"


def problem(status: int, detail: str, instance: str | None = None, headers: dict[str, str] | None = None,
            errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, instance=instance, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers, media_type=PROBLEM)


def validation_problem(request: Request, errors: list[dict[str, Any]]) -> JSONResponse:
    """A 422 as problem+json; `errors` already bounded by the app (no input is echoed whole)."""
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(x) for x in first["loc"])
    return problem(422, f"{where}: {first['msg']}" if where else str(first["msg"]), request.url.path, errors=errors)


router = APIRouter()


@router.get("/healthz", response_model=Health, tags=["health"],
            responses={503: {"model": Problem, "description": "the store cannot be read"}})
def healthz(request: Request) -> Health:
    """Whether the server is up and its store answers (for load balancers and monitors; never protected)."""
    try:
        with open_store(config_of(request).settings.db) as store:
            store.document_count()
    except Exception as exc:  # any failure to read the store is "unhealthy", whatever its cause
        raise StoreUnavailable() from exc
    return Health(status="ok", store="ok")


class StoreUnavailable(Exception):
    """/healthz could not read the store; answered as a 503 problem."""


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return page(request, "docs.html", title="API documentation",
                swagger=bool(request.app.state.vendor.get("swagger-ui")))


def install(app: FastAPI) -> None:
    """Routes, error handlers and the OpenAPI post-processing; the HEAD middleware is added by create_app."""
    app.include_router(router)

    @app.exception_handler(StoreUnavailable)
    async def unhealthy(request: Request, exc: StoreUnavailable) -> JSONResponse:
        return problem(503, "the store cannot be read", request.url.path)

    app.openapi = lambda: openapi(app)  # type: ignore[method-assign]


def openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description, with problem+json on every error response."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                      tags=app.openapi_tags)
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    for item in doc.get("paths", {}).values():
        for op in item.values():
            for code, response in op.get("responses", {}).items():
                if not code.isdigit() or int(code) < 400:
                    continue
                # Every error of the API is a problem document, whatever model the route named.
                response["content"] = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    app.openapi_schema = doc
    return doc


class HeadAsGet:
    """Answer HEAD wherever GET is answered: run GET, send its status and headers, drop the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope = dict(scope, method="GET")

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, headers_only)
