"""Certainty where it matters: an event's organisers and participants each with the certainty and grade
of their part, and facts dated by their first report's publication, the ingest time shown as "learned"."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_event_lists_each_actor_with_its_certainty(client: TestClient, ids: dict[str, str]) -> None:
    ev = client.get(f"/api/events/{ids['rally']}").json()
    parts = {(a["actor"]["name"], a["type"]): a for a in ev["actors"]}
    # The rally itself is only reported ("reportedly held"), so the organisers it lists are reported too;
    # al-Qadoumi's presence rests on its own unverified claim ("suggest ... verification is lacking").
    assert parts[("Lashkar-e-Taiba", "organized")]["certainty"] == "reported"
    # (The article spells it "Jaish-e-Mohammad"; the canonical name is a spelling its sources use.)
    jem = [a for (name, role), a in parts.items() if name.startswith("Jaish-e-Moham") and role == "organized"]
    assert [a["certainty"] for a in jem] == ["reported"]
    qadoumi = parts[("al-Qadoumi", "participated_in")]
    assert qadoumi["certainty"] == "unverified" and qadoumi["relation"] and qadoumi["grade"] >= 4
    order = [a["certainty"] for a in ev["actors"]]
    strength = {"asserted": 3, "reported": 2, "unverified": 1, "denied": 0}
    assert order == sorted(order, key=lambda c: -strength[c])  # firmest first
    # The seeds' Gujranwala meeting: an asserted organiser and an asserted participant.
    meeting = client.get(f"/api/events/{ids['meeting']}").json()
    assert {(a["actor"]["name"], a["certainty"]) for a in meeting["actors"]} >= {
        ("Pakistan Markazi Muslim League", "asserted"), ("Naji Zaheer", "asserted")}


def test_event_page_shows_the_badges(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/events/{ids['rally']}").text
    roles = html[html.index('<dl class="roles">'):html.index("</dl>")]
    items = re.findall(r'<li class="actor c-(\w+)" data-certainty="\w+">.*?</li>', roles, re.S)
    assert sorted(items) == ["reported", "reported", "reported", "unverified"]
    qadoumi = re.search(r'<li class="actor c-unverified".*?</li>', roles, re.S)
    assert qadoumi and "al-Qadoumi" in qadoumi.group(0) and 'class="badge c-unverified"' in qadoumi.group(0)
    assert "4 · doubtful" in qadoumi.group(0)


def test_facts_are_dated_by_their_first_report(client: TestClient, ids: dict[str, str]) -> None:
    ev = client.get(f"/api/events/{ids['rally']}").json()
    assert ev["first_reported"] == "2025-02-06"  # Indian Defence News's publication date
    assert ev["first_seen"] and ev["first_seen"][:4] != "2025"  # the ingest time, which is today
    html = client.get(f"/events/{ids['rally']}").text
    assert "first reported 2025-02-06" in html and "learned " + ev["first_seen"][:10] in html
    hamas = client.get(f"/api/entities/{ids['hamas']}").json()
    assert hamas["first_reported"] == "2025-02-06"  # named first by the 2025 article, ingested alongside
    page = client.get(f"/entities/{ids['hamas']}").text
    assert "first reported 2025-02-06" in page and "learned" in page and "first seen" not in page
    rel = next(r for r in hamas["relations"] if r["type"] == "member_of")
    assert rel["first_reported"] in ("2025-02-06", "2026-01-08") and rel["first_seen"]
    assert f"first reported {rel['first_reported']}" in page


def test_quotes_take_their_direction_from_their_own_text(client: TestClient, ids: dict[str, str]) -> None:
    """Urdu and Arabic quotes read right to left beside English ones (issue 18): every quote and the
    document text are marked dir="auto", so the browser sets each one's direction from its first letters."""
    page = client.get(f"/entities/{ids['hamas']}").text
    assert "<blockquote>" not in page and '<blockquote dir="auto">' in page
    event = client.get(f"/events/{ids['rally']}").text
    assert '<blockquote dir="auto">' in event
    doc = client.get(f"/documents/{ids['nok']}").text
    assert '<div class="doc-text" dir="auto"' in doc
