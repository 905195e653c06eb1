"""Issue 16, rows 5, 9 and 11 on the web: 422 answers never repeat more than a few hundred characters of the
input, the UI's pages answer errors as pages, and date parameters go through the one date parser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linkwatch.settings import Settings
from linkwatch.web import create_app

TOKEN = "reliability-token-0123456789"
# 56 KB: as long as httpx lets a test client's URL be (64 KB); a body carries 100 KB.
HUGE = "lashkar " * 7_000


@pytest.fixture
def client(fiction) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(Settings(db=Path(fiction.store.path)), TOKEN, rate=None))


@pytest.mark.parametrize(("path", "params"), [
    ("/api/search", {"q": HUGE}), ("/api/relations", {"type": HUGE}), ("/api/graph", {"certainty": HUGE}),
    ("/api/documents", {"limit": HUGE}), ("/api/alerts", {"since": HUGE}),
])
def test_a_422_repeats_little_of_a_huge_input(client: TestClient, path: str, params: dict[str, str]) -> None:
    r = client.get(path, params=params)
    # API errors are RFC 9457 problems (application/problem+json) with the validation errors under "errors".
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert len(r.content) < 1000
    [error] = r.json()["errors"]
    assert set(error) >= {"loc", "msg", "type"} and error["loc"][0] == "query"
    assert len(error.get("input", "")) <= 101


def test_a_422_for_a_json_body_is_bounded_too(client: TestClient) -> None:
    r = client.post("/api/watchlist", json={"entity_id": HUGE * 2, "note": HUGE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and len(r.content) < 2000


@pytest.mark.parametrize(("path", "status"), [
    ("/?q=" + "x" * 60_000, 422), ("/documents?offset=-1", 422), ("/chart?depth=99", 422),
    ("/documents/dnope", 404), ("/no/such/page", 404), ("/alerts?since=2025-02-30", 400),
])
def test_pages_answer_errors_as_pages(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)  # no Accept header: a page is a page whoever asks
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>" in r.text and "Back to search" in r.text
    assert len(r.content) < 20_000
    assert "x" * 200 not in r.text


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/api/alerts", {"since": "not-a-date"}, "since"), ("/api/alerts", {"since": "2025-02-30"}, "since"),
    ("/api/links", {"since": "2025-13-45"}, "since"),
])
def test_date_parameters_are_checked(client: TestClient, path: str, params: dict[str, str], field: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail.startswith(f"{field}: not an ISO 8601 date") and repr(params[field]) in detail


def test_an_offset_since_is_compared_in_utc(client: TestClient, fiction) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta, timezone

    utc = datetime.strptime(fiction.checkpoint, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    east = utc.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat()
    a = client.get("/api/alerts", params={"since": east}).json()
    b = client.get("/api/alerts", params={"since": fiction.checkpoint}).json()
    assert a["since"] == fiction.checkpoint
    assert [x["kind"] for x in a["items"]] == [x["kind"] for x in b["items"]] and a["items"]


def test_ingest_refuses_an_impossible_published_date(client: TestClient) -> None:
    r = client.post("/api/ingest/urls", json={"urls": ["https://example.org/a"], "published": "2023-02-29"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and r.json()["detail"].startswith("published: not an ISO 8601 date")
    r = client.post("/api/ingest", files={"files": ("a.txt", b"Hamas met LeT.", "text/plain")},
                    data={"published": "2025-02-28T25:61:00"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and "'2025-02-28T25:61:00'" in json.loads(r.content)["detail"]
