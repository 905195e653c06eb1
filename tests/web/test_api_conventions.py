"""The API's conventions: RFC 9457 problem documents for every API error (pages keep HTML error pages),
the bearer scheme declared in OpenAPI on exactly the writes, HEAD wherever GET answers, /healthz, /docs."""
from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from linkwatch.settings import Settings
from linkwatch.web import create_app

from .builders import Built
from .conftest import TOKEN

PROBLEM = "application/problem+json"


def assert_problem(r, status: int, path: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["instance"] == path
    return body  # type: ignore[no-any-return]


def test_api_errors_are_problem_documents(client: TestClient, ids: dict[str, str]) -> None:
    assert "no such entity" in assert_problem(client.get("/api/entities/enope"), 404, "/api/entities/enope")["detail"]
    body = assert_problem(client.get("/api/graph", params={"certainty": "maybe"}), 422, "/api/graph")
    assert body["errors"][0]["loc"] == ["query", "certainty", 0] and "certainty" in body["detail"]
    unauthorised = client.post("/api/watchlist", json={"entity_id": ids["let"]})
    assert_problem(unauthorised, 401, "/api/watchlist")
    assert unauthorised.headers["www-authenticate"] == "Bearer"
    assert_problem(client.get("/api/no-such-thing"), 404, "/api/no-such-thing")
    # Even asked by a browser, an API path answers with a problem, never an HTML page.
    assert_problem(client.get("/api/entities/enope", headers={"accept": "text/html"}), 404, "/api/entities/enope")


def test_pages_keep_html_error_pages(client: TestClient) -> None:
    for path in ["/entities/enope", "/no-such-page", "/chart?depth=9"]:
        r = client.get(path, headers={"accept": "text/html"})
        assert r.status_code in (404, 422) and r.headers["content-type"].startswith("text/html"), path
        assert "<h1>" in r.text and "Back to search" in r.text


def test_middleware_refusals_are_problems_too(built: tuple[Settings, Built]) -> None:
    with TestClient(create_app(built[0], TOKEN, rate=None, max_upload=100),
                    headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        assert_problem(c.post("/api/watchlist", content=b"x" * 500, headers={"content-type": "application/json"}),
                       413, "/api/watchlist")
    with TestClient(create_app(built[0], TOKEN, rate=0.001, burst=1)) as c:
        c.get("/api/entities")
        r = c.get("/api/entities")
        assert_problem(r, 429, "/api/entities")
        assert int(r.headers["retry-after"]) >= 1


def test_openapi_declares_the_bearer_scheme_on_writes(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    secured, open_ = set(), set()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            (secured if op.get("security") == [{"bearerAuth": []}] else open_).add(f"{method.upper()} {path}")
    assert secured == {"POST /api/judgements", "POST /api/watchlist", "DELETE /api/watchlist/{entity_id}",
                       "POST /api/ingest", "POST /api/ingest/urls", "POST /api/alerts/seen"}
    assert all(m.startswith("GET ") for m in open_)
    # Every documented error is a problem document, with the Problem schema.
    for item in doc["paths"].values():
        for op in item.values():
            for code, response in op["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == [PROBLEM], (code, response)
    assert set(doc["components"]["schemas"]["Problem"]["required"]) == {"title", "status", "detail"}
    assert "/healthz" in doc["paths"]


def test_head_is_answered_wherever_get_is(client: TestClient, ids: dict[str, str]) -> None:
    for path in ["/", "/api/entities", f"/api/entities/{ids['hamas']}", "/static/app.css", "/healthz", "/docs",
                 f"/entities/{ids['hamas']}", "/openapi.json"]:
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
        assert head.headers["content-security-policy"], path
    assert client.head("/api/entities/enope").status_code == 404
    assert client.head("/api/ingest").status_code == 405  # POST only: HEAD is answered only where GET is


def test_healthz(built: tuple[Settings, Built], tmp_path: Path) -> None:
    with TestClient(create_app(built[0], TOKEN, rate=None, protect_reads=True)) as c:
        r = c.get("/healthz")  # never behind the token: monitors have none
        assert r.status_code == 200 and r.json() == {"status": "ok", "store": "ok"}
    db = tmp_path / "h.db"
    app = create_app(Settings(db=db), TOKEN, rate=None)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    with TestClient(app) as c:
        assert_problem(c.get("/healthz"), 503, "/healthz")


def test_docs_page_serves_swagger_ui_from_node_modules(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>' in r.text
    assert '<script src="/static/docs.js"></script>' in r.text
    assert "<script>" not in r.text  # no inline script: the CSP would refuse it
    assert client.get("/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
