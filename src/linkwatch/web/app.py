"""The web app factory: one FastAPI app over one store, the API and the analyst UI together."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from linkwatch.settings import Settings
from linkwatch.store import open_store
from linkwatch.web import api_analysis, api_meta, api_read, api_write, auth, pages
from linkwatch.web.config import WebConfig, find_node_modules
from linkwatch.web.ingest import Ingester
from linkwatch.web.render import page
from linkwatch.web.security import BodyLimit, RateLimit, SecurityHeaders, content_security_policy

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
# Only the built files of each library are served, never the rest of node_modules.
VENDOR = {"cytoscape": "cytoscape/dist", "leaflet": "leaflet/dist", "swagger-ui": "swagger-ui-dist",
          # fCoSE and the two packages it is built on ship their browser builds at the package root.
          "layout-base": "layout-base", "cose-base": "cose-base", "cytoscape-fcose": "cytoscape-fcose",
          "leaflet.markercluster": "leaflet.markercluster/dist", "topojson-client": "topojson-client/dist",
          "world-atlas": "world-atlas"}


def create_app(settings: Settings, token: str | None = None, *, protect_reads: bool = False,
               max_upload: int = 10 * 1024 * 1024, rate: float | None = 20.0, burst: int = 120,
               tile_url: str | None = None, node_modules: Path | None = None, extractor: Any | None = None,
               cookie_secure: bool = False) -> FastAPI:
    """Build the app for the store at `settings.db`.

    `token`: the secret that authorises writes (and reads, with `protect_reads`);
    without one every write is refused. `rate`/`burst`: per-client token bucket
    (None turns it off). `extractor`: an already-loaded extractor to reuse (tests
    pass a stand-in); by default the first ingest loads linkwatch.extract.Extractor.
    """
    config = WebConfig(settings=settings, token=token or None, protect_reads=protect_reads, max_upload=max_upload,
                       rate=rate, burst=burst, tile_url=tile_url,
                       node_modules=node_modules or find_node_modules(), cookie_secure=cookie_secure)
    # Migrate once, before serving: requests then only read.
    open_store(settings.db).close()

    app = FastAPI(
        title="linkwatch", version="0.1.0",
        description="Evidence-backed link analysis of militant organisations from open-source news. "
                    "Reads are open unless the server protects them; writes need `Authorization: Bearer TOKEN`.",
        # FastAPI's Swagger UI page loads scripts from a CDN and inline, which our CSP forbids:
        # api_meta serves /docs from node_modules instead.
        docs_url=None, redoc_url=None,
    )
    app.state.config = config
    app.state.ingester = Ingester(settings, extractor)

    for router in (api_read.router, api_analysis.router, api_write.router, auth.router, pages.router):
        app.include_router(router)
    api_meta.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    vendor_root = config.node_modules
    for name, sub in VENDOR.items():
        folder = vendor_root / sub if vendor_root else None
        if folder and folder.is_dir():
            app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")
        else:
            log.warning("%s not found under node_modules: run `npm ci` in the repository", name)
    app.state.vendor = {name: bool(vendor_root and (vendor_root / sub).is_dir()) for name, sub in VENDOR.items()}

    _handlers(app)
    app.add_middleware(api_meta.HeadAsGet)  # innermost: every other layer sees a GET
    # Outermost first: headers go on every answer, including 413 and 429.
    if rate is not None:
        app.add_middleware(RateLimit, rate=rate, burst=burst, write_cost=config.write_cost)
    app.add_middleware(BodyLimit, max_bytes=max_upload)
    app.add_middleware(SecurityHeaders, csp=content_security_policy(tile_url))
    return app


# Paths that answer JSON (or files) whatever the client accepts; every other path is a page of the UI.
_NOT_PAGES = ("/api/", "/healthz", "/openapi.json", "/static/", "/vendor/")
# How much of one rejected value a 422 answer repeats: enough to recognise it, never a 100 KB query back.
SHOWN_INPUT = 100


def _wants_html(request: Request) -> bool:
    """Errors on the UI's pages are pages too; a client that asks for HTML gets HTML anywhere but the API."""
    return not request.url.path.startswith(_NOT_PAGES)


def _shown(value: Any) -> Any:
    """A rejected input as a 422 repeats it: short scalars as they are, long ones cut, anything else left out."""
    if isinstance(value, str):
        return value if len(value) <= SHOWN_INPUT else value[:SHOWN_INPUT] + "…"
    if value is None or isinstance(value, bool | int | float):
        return value
    return None


def validation_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """FastAPI's 422 detail (loc, msg, type, input) with every part bounded: the default repeats the whole
    input, so a 100 KB query came back whole (issue 16, row 11)."""
    out = []
    for e in list(errors)[:20]:
        item: dict[str, Any] = {"loc": [x if isinstance(x, int) else str(x)[:SHOWN_INPUT] for x in e.get("loc", ())],
                                "msg": str(e.get("msg", ""))[:300], "type": str(e.get("type", ""))[:100]}
        shown = _shown(e.get("input"))
        if shown is not None:
            item["input"] = shown
        out.append(item)
    return out


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(pages.LoginRequired)
    async def to_login(request: Request, exc: pages.LoginRequired) -> Response:
        from urllib.parse import urlencode
        return RedirectResponse("/login?" + urlencode({"next": exc.next_path}), status_code=303)

    # FastAPI's HTTPException subclasses Starlette's, so this one handler serves both.
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if _wants_html(request):
            return page(request, "error.html", status_code=exc.status_code, title=f"Error {exc.status_code}",
                        status=exc.status_code, detail=str(exc.detail))
        return api_meta.problem(exc.status_code, str(exc.detail), request.url.path, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = validation_errors(exc.errors())
        if _wants_html(request):
            detail = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:]) or 'request'}: {e['msg']}" for e in errors)
            return page(request, "error.html", status_code=422, title="Error 422", status=422,
                        detail=f"The request is not valid: {detail}")
        return api_meta.validation_problem(request, errors)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Log the cause; tell the client nothing about the internals.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if _wants_html(request):
            return page(request, "error.html", status_code=500, title="Error 500", status=500,
                        detail="Something went wrong on the server; it has been logged.")
        return api_meta.problem(500, "internal error", request.url.path)
