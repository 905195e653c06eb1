"""What the chart and the map are given: each node's kind (analyse.classify.kinds, as the schema declares
them), each link's dates for the time slider, and every event whose place the gazetteer knows."""
from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from linkwatch.analyse.classify import kind_of_name
from linkwatch.model import Certainty


def test_kinds_by_name() -> None:
    assert kind_of_name("Ministry of Home Affairs") == "state_body"
    assert kind_of_name("Pakistan Army") == "state_body"
    assert kind_of_name("Pakistan Markazi Muslim League") == "party"
    assert kind_of_name("Awami National Party") == "party"
    assert kind_of_name("Al-Khidmat Foundation") is None
    assert kind_of_name("Armyworm Research Trust") is None  # whole words only


def test_schema_serves_kinds_and_certainty_colours(client: TestClient) -> None:
    body = client.get("/api/schema").json()
    org = next(t for t in body["entities"] if t["name"] == "organization")
    assert [k["name"] for k in org["kinds"]] == ["militant", "state_body", "party", "other"]
    assert all(k["colour"].startswith("#") and k["label"] for k in org["kinds"])
    assert [c["name"] for c in body["certainties"]] == [c.value for c in Certainty]
    assert [c["hedged"] for c in body["certainties"]] == [False, True, True, True]


def test_graph_nodes_have_kinds_and_links_have_dates(client: TestClient, ids: dict[str, str]) -> None:
    g = client.get("/api/graph", params={"mode": "relations"}).json()
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes[ids["hamas"]]["category"] == "militant"  # designated (FTO, SDGT)
    assert nodes[ids["pmml"]]["category"] == "party"
    assert nodes[ids["zaheer"]]["category"] == "person" and nodes[ids["rally"]]["category"] == "event"
    edges = {(e["source"], e["target"], e["type"]): e for e in g["edges"]}
    to_rally = edges[(ids["qadoumi"], ids["rally"], "participated_in")]
    assert (to_rally["first_seen"], to_rally["last_seen"]) == ("2025-02-05", "2025-02-05")  # the event's date
    member = edges[(ids["zaheer"], ids["hamas"], "member_of")]
    assert member["first_seen"] == "2026-01-08"  # no date of its own: when it was reported
    assert nodes[ids["qadoumi"]]["first_seen"] == "2025-02-05"
    links = client.get("/api/graph", params={"mode": "links"}).json()
    assert {n["category"] for n in links["nodes"]} <= {"militant", "state_body", "party", "other"}
    assert all(e["first_seen"] for e in links["edges"])


def test_map_places_every_event_the_gazetteer_can(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get("/map").text
    data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
                      .group(1))  # type: ignore[union-attr]
    placed = {e["id"]: e for e in data["events"]}
    assert {ids["rally"], ids["meeting"], ids["karachi-events"]} <= set(placed)
    assert placed[ids["rally"]]["feature"] == "region"  # Pakistan-occupied Kashmir: placed at its centre
    assert placed[ids["karachi-events"]]["feature"] == "city"
