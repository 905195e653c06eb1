"""STIX 2.1: checked by the library that defines the format (stix2 parses it, stix2-validator validates it)."""
from __future__ import annotations

import io
import json
import re

import pytest
import stix2
from stix2validator import ValidationOptions, validate_instance, validate_string

from linkwatch.export import get_format
from linkwatch.resolve.grading import STIX_CONFIDENCE

# Warnings we accept, and why: 103 our ids are uuid5 of our own ids (stable re-export) rather than
# random uuid4; 202 our relationship types (member-of, front-of, ...) are not in the spec's short
# suggested list, which the open vocabulary allows; 223 "unknown" region for places no gazetteer
# knows; 302 article URLs carry no hash (we cannot hash what we did not fetch byte for byte).
ACCEPTED_WARNINGS = {"103", "202", "223", "302"}


def export(store) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    get_format("stix").write(store, out)
    return out.getvalue()


def objects(text: str, type_: str) -> list[dict]:  # type: ignore[type-arg]
    return [o for o in json.loads(text)["objects"] if o["type"] == type_]


@pytest.mark.parametrize("scenario", ["seed", "fiction", "small"])
def test_bundle_passes_the_stix_validator(scenario, request) -> None:  # type: ignore[no-untyped-def]
    text = export(request.getfixturevalue(scenario).store)
    result = validate_string(text, ValidationOptions())
    assert result.is_valid, result.as_dict()
    for obj in json.loads(text)["objects"]:
        r = validate_instance(obj, ValidationOptions())
        assert r.is_valid, (obj["id"], [str(e) for e in r.errors])
        codes = {re.search(r"\{(\d+)\}", str(w)).group(1) for w in r.warnings}  # type: ignore[union-attr]
        assert codes <= ACCEPTED_WARNINGS, (obj["id"], [str(w) for w in r.warnings])
    parsed = stix2.parse(text, allow_custom=True)
    assert parsed.type == "bundle"


def test_groups_people_places_events_and_reports(seed) -> None:  # type: ignore[no-untyped-def]
    text = export(seed.store)
    actors = {o["name"]: o for o in objects(text, "threat-actor")}
    assert {"Hamas", "Lashkar-e-Taiba", "Jaish-e-Mohammed"} <= set(actors)
    assert actors["Hamas"]["threat_actor_types"] == ["terrorist"]
    assert "designated" in actors["Hamas"]["description"]
    identities = {o["name"]: o for o in objects(text, "identity")}
    assert identities["Pakistan Markazi Muslim League"]["identity_class"] == "organization"
    assert identities["Talha Saif"]["identity_class"] == "individual"  # only an unverified presence, no membership
    places = {o["name"]: o for o in objects(text, "location")}
    assert places["Gujranwala"]["country"] == "PK" and "latitude" in places["Gujranwala"]
    # Not guessed: the gazetteer knows the term from a named source (data/places.json: Indian press
    # usage for Azad Jammu and Kashmir), so the place gets that region's country and UN M49 region.
    # (Before the gazetteer was consulted this place went out with region "unknown", which
    # `stix2-validator --strict` rejects.)
    assert places["Pakistan-occupied Kashmir"]["country"] == "PK"
    assert places["Pakistan-occupied Kashmir"]["region"] == "southern-asia"
    [rally] = [o for o in objects(text, "linkwatch-event") if o.get("date")]
    assert (rally["date"], rally["date_precision"]) == ("2025-02-05", "day")
    reports = objects(text, "report")
    assert {r["external_references"][0]["url"] for r in reports} == {
        "https://www.indiandefensenews.in/2025/02/hamas-terrorist-khalid-al-qadoumi-meets.html",
        "https://newsofkashmir.com/hamas-and-lashkar"}
    ids = {o["id"] for o in json.loads(text)["objects"]}
    assert all(ref in ids for r in reports for ref in r["object_refs"])


def test_relationships_carry_grade_certainty_and_quotes(seed) -> None:  # type: ignore[no-untyped-def]
    text = export(seed.store)
    rels = objects(text, "relationship")
    notes = {n["object_refs"][0]: n for n in objects(text, "note")}
    for r in rels:
        assert r["confidence"] == STIX_CONFIDENCE[r["linkwatch_grade"]]
        assert r["description"].startswith(r["linkwatch_certainty"].upper())
        assert r["labels"] == [f"certainty-{r['linkwatch_certainty']}"]
        assert r["id"] in notes and "Evidence:" in notes[r["id"]]["content"]
    # The relation type rides in linkwatch_relationship_type: STIX suggests none of ours between these
    # objects, and --strict rejects types it does not suggest, so relationship_type is related-to.
    assert {r["relationship_type"] for r in rels} == {"related-to"}
    [front] = [r for r in rels if r["linkwatch_relationship_type"] == "front-of"]
    assert front["linkwatch_certainty"] == "reported" and front["linkwatch_cues"] == ["widely viewed as"]
    assert '[reported: widely viewed as] "which is widely viewed as' in notes[front["id"]]["content"]


def test_re_export_is_byte_for_byte_the_same(fiction) -> None:  # type: ignore[no-untyped-def]
    assert export(fiction.store) == export(fiction.store)
