"""The API, in process: every resource answers, writes need the token, hostile text stays text."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linkwatch.model import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES, SYMMETRIC_RELATIONS, Certainty, Judgement
from linkwatch.settings import Settings
from linkwatch.web import create_app

from .builders import HOSTILE_ORG, IMG, SCRIPT, SEEDS, Built, build
from .conftest import TOKEN


@pytest.fixture(params=["sqlite", "postgresql"])
def built(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Settings, Built]:
    """The web tests' store (conftest.built), here once per backend: the API answers the same from either."""
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    db = tmp_path / "web.db" if request.param == "sqlite" else Path(request.getfixturevalue("pg_url"))
    return Settings(db=db), build(db, hostile=True)


def test_openapi_describes_every_resource(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ["/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/entities/{entity_id}",
                 "/api/events", "/api/events/{event_id}", "/api/relations", "/api/relations/{relation_id}",
                 "/api/graph", "/api/links", "/api/links/{a}/{b}", "/api/paths", "/api/timeline", "/api/alerts", "/api/judgements", "/api/watchlist",
                 "/api/watchlist/{entity_id}", "/api/export/{fmt}", "/api/search", "/api/ingest",
                 "/api/ingest/urls", "/api/schema"]:
        assert path in paths, path
    assert "post" in paths["/api/judgements"] and "post" in paths["/api/ingest"]
    # The closed sets are the model's enums, described once.
    components = client.get("/openapi.json").json()["components"]["schemas"]
    assert components["Certainty"]["enum"] == [c.value for c in Certainty]
    assert components["Judgement"]["enum"] == [j.value for j in Judgement]


def test_schema_serves_every_type_with_what_the_chart_needs(client: TestClient) -> None:
    body = client.get("/api/schema").json()
    assert [t["name"] for t in body["entities"]] == list(ENTITY_TYPES)
    assert [t["name"] for t in body["events"]] == list(EVENT_TYPES)
    assert [r["name"] for r in body["relations"]] == list(RELATION_TYPES)
    assert {r["name"] for r in body["relations"] if r["symmetric"]} == SYMMETRIC_RELATIONS
    front = next(r for r in body["relations"] if r["name"] == "front_of")
    assert front["label"] == "front of" and front["links_organisations"] and front["stix"] == "front-of"
    assert all(t["chart"]["shape"] and t["chart"]["colour"].startswith("#") for t in body["entities"])
    # The API refuses a relation type the schema does not declare.
    assert client.get("/api/graph", params={"type": "friend_of"}).status_code == 422
    assert client.get("/api/graph", params={"type": "rival_of"}).status_code == 200


def test_security_headers_on_every_kind_of_answer(client: TestClient) -> None:
    for url in ["/", "/api/entities", "/static/app.css", "/api/entities/nope", "/no-such-page"]:
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_documents_list_and_detail(client: TestClient, ids: dict[str, str]) -> None:
    listing = client.get("/api/documents").json()
    assert listing["total"] == 3 and {d["id"] for d in listing["items"]} == {ids["nok"], ids["idn"], ids["hostile_doc"]}
    doc = client.get(f"/api/documents/{ids['nok']}").json()
    assert doc["text"].startswith("Senior figures from Hamas")
    assert doc["claims"], "the document supports claims"
    for claim in doc["claims"]:
        assert doc["text"][claim["start"]:claim["end"]] == claim["quote"]
    assert client.get("/api/documents/dnope").status_code == 404


def test_entity_detail_has_aliases_claims_and_proposals(client: TestClient, ids: dict[str, str]) -> None:
    hamas = client.get(f"/api/entities/{ids['hamas']}").json()
    assert hamas["name"] == "Hamas" and hamas["watched"] is True
    sources = {g["source"] for g in hamas["aliases_by_source"]}
    assert {"News of Kashmir", "Indian Defence News"} <= sources
    allied = [r for r in hamas["relations"] if r["type"] == "allied_with" and r["target"]["name"] != HOSTILE_ORG
              and "Lashkar-e-Taiba" in (r["source"]["name"], r["target"]["name"])]
    assert allied and len(allied[0]["evidence"]) == 2 and allied[0]["sources"] == 2
    qaddoumi = client.get(f"/api/entities/{ids['qaddoumi']}").json()
    assert [p["other_id"] for p in qaddoumi["proposals"]] == [ids["qadoumi"]]
    listing = client.get("/api/entities", params={"type": "person"}).json()
    assert all(e["type"] == "person" for e in listing["items"]) and listing["total"] >= 4
    assert client.get("/api/entities", params={"type": "ship"}).status_code == 422


def test_events_relations_links_paths_timeline(client: TestClient, ids: dict[str, str]) -> None:
    events = client.get("/api/events").json()["items"]
    assert [e["date"] for e in events][:1] == ["2023"]
    meeting = client.get(f"/api/events/{ids['meeting']}").json()
    assert meeting["location"]["name"] == "Gujranwala" and meeting["coordinates"] is not None
    rels = client.get("/api/relations", params={"entity": ids["hamas"]}).json()["items"]
    assert rels and all(ids["hamas"] in (r["source"]["id"], r["target"]["id"]) for r in rels)
    one = client.get(f"/api/relations/{rels[0]['id']}").json()
    assert one["evidence"][0]["doc_title"]
    graph = client.get("/api/graph", params={"entity": ids["hamas"], "depth": 1}).json()
    assert ids["hamas"] in {n["id"] for n in graph["nodes"]}
    assert {e["certainty"] for e in graph["edges"]} >= {"asserted", "reported", "denied"}
    only = client.get("/api/graph", params={"certainty": "denied"}).json()
    assert only["edges"] and all(e["certainty"] == "denied" for e in only["edges"])
    assert client.get("/api/graph", params={"certainty": "maybe"}).status_code == 422
    paths = client.get("/api/paths", params={"source": ids["sandhu"], "target": ids["zaheer"]}).json()
    assert any([h["type"] for h in p["hops"]] == ["met_with"] for p in paths["paths"])
    assert all(h["evidence"] for p in paths["paths"] for h in p["hops"])
    timeline = client.get("/api/timeline", params={"entity": ids["zaheer"]}).json()
    assert [i["date"] for i in timeline["dated"]] == sorted(i["date"] for i in timeline["dated"])
    assert any(i["kind"] == "event" for i in timeline["dated"])


def test_organisation_links(client: TestClient, ids: dict[str, str]) -> None:
    links = client.get("/api/links").json()["items"]
    pair = [k for k in links if {k["a"]["id"], k["b"]["id"]} == {ids["hamas"], ids["let"]}]
    assert pair and pair[0]["paths"] and pair[0]["paths"][0]["hops"][0]["evidence"]
    one = client.get(f"/api/links/{ids['let']}/{ids['hamas']}").json()
    assert one["grade"] == pair[0]["grade"]
    assert client.get(f"/api/links/{ids['hamas']}/{ids['karachi']}").status_code == 404
    chart = client.get("/api/graph", params={"mode": "links"}).json()
    assert all(n["type"] == "organization" for n in chart["nodes"])
    assert any(e["id"].startswith("link:") for e in chart["edges"])


def test_alerts_for_watched_entities(client: TestClient, ids: dict[str, str]) -> None:
    alerts = client.get("/api/alerts", params={"since": "2000-01-01"}).json()
    assert alerts["since"] == "2000-01-01" and alerts["items"]
    watched = [a for a in alerts["items"] if a["watched"]]
    assert watched and ids["hamas"] in {r["id"] for a in watched for r in a["subjects"]}
    assert client.get("/api/alerts").json()["since"]  # defaults to the last week


def test_search_escapes_fts_syntax(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "lashkar-e-taiba"}).json()
    assert "Lashkar-e-Taiba" in [e["name"] for e in found["entities"]]
    assert any(hit for d in found["documents"] for _, hit in d["snippet"])
    for hostile in ['"', "NEAR(", "a OR", "*", "title:x", "((", "^", "\x00", "AND AND", "-x"]:
        assert client.get("/api/search", params={"q": hostile}).status_code == 200, hostile


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_export(client: TestClient, fmt: str) -> None:
    r = client.get(f"/api/export/{fmt}")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    kinds = {json.loads(line)["kind"] for line in r.text.splitlines()} if fmt == "jsonl" else set(r.json())
    assert kinds
    assert client.get("/api/export/nope").status_code == 404


def test_writes_refused_without_a_configured_token(built: tuple[Settings, Built]) -> None:
    with TestClient(create_app(built[0], None, rate=None)) as c:
        r = c.post("/api/watchlist", json={"entity_id": built[1].ids["let"]})
        assert r.status_code == 403


def test_writes_need_the_token(client: TestClient, writer: TestClient, ids: dict[str, str]) -> None:
    body = {"entity_id": ids["let"], "note": "check"}
    assert client.post("/api/watchlist", json=body).status_code == 401
    assert client.post("/api/watchlist", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = writer.post("/api/watchlist", json=body)
    assert r.status_code == 201 and r.json()["entity"]["name"] == "Lashkar-e-Taiba"
    assert ids["let"] in {w["entity_id"] for w in client.get("/api/watchlist").json()}
    assert writer.delete(f"/api/watchlist/{ids['let']}").status_code == 204
    assert writer.post("/api/watchlist", json={"entity_id": "enope"}).status_code == 404


def test_judgement_is_recorded_and_graph_re_resolved(writer: TestClient, ids: dict[str, str]) -> None:
    r = writer.post("/api/judgements", json={"a": ids["qaddoumi"], "b": ids["qadoumi"], "judgement": "same",
                                             "author": "analyst"})
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["entities"] > 0  # the graph was rebuilt, not wiped
    stored = writer.get("/api/judgements").json()
    assert [(j["judgement"], j["author"]) for j in stored] == [("same", "analyst")]
    assert writer.post("/api/judgements", json={"a": "x1", "b": "x2", "judgement": "same"}).status_code == 404
    assert writer.post("/api/judgements", json={"a": ids["qaddoumi"], "b": ids["qaddoumi"],
                                                "judgement": "same"}).status_code == 400
    assert writer.post("/api/judgements", json={"a": ids["qaddoumi"], "b": ids["qadoumi"],
                                                "judgement": "maybe"}).status_code == 422


def test_cookie_login_needs_the_csrf_header(client: TestClient, ids: dict[str, str]) -> None:
    bad = client.post("/login", data={"token": "wrong", "next": "/"}, follow_redirects=False)
    assert bad.status_code == 401
    ok = client.post("/login", data={"token": TOKEN, "next": "//evil.example/"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
    body = {"entity_id": ids["jem"]}
    assert client.post("/api/watchlist", json=body).status_code == 403  # cookie alone: a cross-site form could do that
    assert client.post("/api/watchlist", json=body, headers={"X-Requested-With": "linkwatch"}).status_code == 201


def test_protected_reads(built: tuple[Settings, Built]) -> None:
    with TestClient(create_app(built[0], TOKEN, protect_reads=True, rate=None)) as c:
        assert c.get("/api/entities").status_code == 401
        page = c.get("/entities/x", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
        assert c.get("/login").status_code == 200
        assert c.get("/api/entities", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_body_limit(built: tuple[Settings, Built]) -> None:
    with TestClient(create_app(built[0], TOKEN, rate=None, max_upload=1000),
                    headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        r = c.post("/api/ingest", files={"files": ("big.txt", b"x" * 5000, "text/plain")})
        assert r.status_code == 413

        def chunks():  # no Content-Length: the limit must count the streamed bytes
            for _ in range(10):
                yield b"y" * 500

        r = c.post("/api/judgements", content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413


def test_rate_limit(built: tuple[Settings, Built]) -> None:
    with TestClient(create_app(built[0], TOKEN, rate=0.5, burst=5)) as c:
        codes = [c.get("/api/events").status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and codes[-1] == 429


def test_pages_escape_hostile_text(client: TestClient, ids: dict[str, str]) -> None:
    urls = ["/", "/?q=brigade", "/?q=abu", "/documents", f"/documents/{ids['hostile_doc']}?start=10&end=40",
            f"/entities/{ids['hostile_org']}", f"/entities/{ids['hostile_person']}", f"/entities/{ids['hamas']}",
            "/events", f"/events/{ids['hostile_event']}", "/chart", f"/chart?entity={ids['hostile_org']}", "/map",
            "/alerts"]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.text
        for raw in (SCRIPT, IMG, "<svg", "<iframe", "<b onmouseover", '="javascript', "<!--"):
            assert raw not in html, (url, raw)
        assert "<script>" not in html.replace('<script type="application/json" id="page-data">', "")
    doc = client.get(f"/documents/{ids['hostile_doc']}").text
    assert "&lt;script&gt;window.__pwned=" in doc and 'href="javascript' not in doc


def test_document_page_highlights_the_quote(client: TestClient, ids: dict[str, str]) -> None:
    text = client.get(f"/api/documents/{ids['nok']}").json()["text"]
    quote = "LeT commander Rashid Ali Sandhu"
    start = text.index(quote)
    html = client.get(f"/documents/{ids['nok']}", params={"start": start, "end": start + len(quote)}).text
    assert f'<mark id="hl">{quote}</mark>' in html
    out_of_range = client.get(f"/documents/{ids['nok']}", params={"start": 5, "end": 10 ** 6}).text
    assert "outside this document" in out_of_range and "<mark" not in out_of_range


def test_ingest_upload_runs_the_pipeline(built: tuple[Settings, Built], tmp_path: Path) -> None:
    from .fake_extractor import FakeExtractor

    app = create_app(Settings(db=tmp_path / "fresh.db"), TOKEN, rate=None, extractor=FakeExtractor())
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        article = b"Hamas and Lashkar-e-Taiba leaders met in Gujranwala, analysts say."
        manifest = json.dumps({"path": "a.txt", "source": "Test Wire", "published": "2026-01-02"}).encode()
        manifest += b"\n" + json.dumps({"path": "../../etc/passwd"}).encode() + b"\n"
        r = c.post("/api/ingest", files=[("files", ("a.txt", article, "text/plain")),
                                         ("manifest", ("m.jsonl", manifest, "application/json"))])
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["added"] == 1 and out["failed"] == 1
        assert "uploaded with the manifest" in [x for x in out["results"] if x["status"] == "failed"][0]["error"]
        doc = c.get(f"/api/documents/{out['results'][-1]['doc_id']}").json()
        assert doc["source"] == "Test Wire" and doc["origin"].startswith("upload:")
        assert c.get("/api/search", params={"q": "gujranwala"}).json()["documents"]
        refused = c.post("/api/ingest/urls", json={"urls": ["/etc/passwd", "file:///etc/passwd"]}).json()
        assert refused["failed"] == 2 and refused["added"] == 0


def test_every_registered_export_format_downloads(client: TestClient) -> None:
    from linkwatch import export as exports

    for name in exports.names():
        r = client.get(f"/api/export/{name}")
        assert r.status_code == 200 and r.content, name
        if r.headers["content-type"] == "application/zip":  # formats that write a folder (csv)
            assert zipfile.ZipFile(io.BytesIO(r.content)).namelist(), name


def test_search_finds_a_name_in_another_spelling_with_its_events(client: TestClient, ids: dict[str, str]) -> None:
    found = client.get("/api/search", params={"q": "Lashkar-e-Tayyiba"}).json()
    hit = next(e for e in found["entities"] if e["id"] == ids["let"])
    assert hit["how"] == "spelling"
    assert found["events"] and all(set(v) >= {"id", "type", "date", "place", "actors", "via"} for v in found["events"])
    assert client.get("/", params={"q": "Lashkar-e-Tayyiba"}).text.count("another spelling") >= 1


def test_home_page_shows_alerts_links_documents_and_the_watchlist(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get("/").text
    for heading in ("What changed since", "Strongest links", "Latest documents", "Watchlist"):
        assert heading in html, heading
    assert "Lashkar-e-Taiba" in html  # a link's end
    assert f'/entities/{ids["hamas"]}' in html  # watched in the fixture
    assert 'action="/search"' in html
    # A query on the home page is still a search (old links keep working).
    assert "Entities" in client.get("/", params={"q": "Lashkar"}).text


def test_events_are_listed_with_their_main_actors(client: TestClient, ids: dict[str, str]) -> None:
    listed = client.get("/api/events").json()["items"]
    rally = next(v for v in listed if any(a["id"] == ids["let"] for a in v["main_actors"]))
    assert rally["main_actors"][0]["type"] == "organization"  # organisers first
    assert "Main actors" in client.get("/events").text
