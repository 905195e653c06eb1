"""STIX 2.1 that imports cleanly: `stix2-validator --strict` (every warning an error) passes with nothing to
report on the hand-built stores and on a 19-article store built by the real pipeline from the seeds and
the test corpora; the extension definitions name schema files that exist in docs/stix/ and that the
custom objects and properties meet; every object leads to a producer that names its own creator."""
from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from stix2validator import ValidationOptions, validate_string
from stix2validator.v21 import enums as stix_enums

from linkwatch.export import get_format
from linkwatch.export.places import region_ov
from linkwatch.export.stix import MEDIA_TYPE, PRODUCER, SCHEMA_URL, THREAT_ACTOR_ROLES
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import open_store

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "tests" / "fixtures" / "corpora"
STRICT = ValidationOptions(strict=True)


def export(store: Any) -> str:
    out = io.StringIO()
    get_format("stix").write(store, out)
    return out.getvalue()


def strict_report(text: str) -> list[str]:
    """Every error and warning --strict would print (as errors), one line each."""
    result = validate_string(text, STRICT)
    # A bundle is one object to the validator; its messages name the object each concerns.
    lines = [str(m) for m in list(result.errors or []) + list(result.warnings or [])]
    return lines if lines or result.is_valid else ["invalid without a message"]


@pytest.mark.parametrize("scenario", ["seed", "fiction", "small"])
def test_strict_validator_reports_nothing(scenario: str, request: pytest.FixtureRequest) -> None:
    text = export(request.getfixturevalue(scenario).store)
    assert strict_report(text) == []


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Any:
    """The seeds and every test corpus through the whole pipeline (spaCy, resolution, grading)."""
    from linkwatch.ingest.manifest import read_manifest

    db = tmp_path_factory.mktemp("stix") / "corpora.db"
    settings = Settings(db=db)
    with open_store(db) as store:
        pipeline = Pipeline(store, settings)
        for manifest in [seeds / "manifest.jsonl", *sorted(CORPORA.glob("*/manifest.jsonl"))]:
            pipeline.run(read_manifest(manifest, max_bytes=settings.max_bytes))
    return db


@pytest.mark.slow
def test_strict_validator_on_the_corpora_store(corpus_store: Path) -> None:
    with open_store(corpus_store) as store:
        assert store.document_count() >= 19
        text = export(store)
    assert strict_report(text) == []
    objects = json.loads(text)["objects"]
    kinds = {o["type"] for o in objects}
    assert {"threat-actor", "identity", "location", "linkwatch-event", "relationship", "note", "report"} <= kinds
    # Seas and regions come from the gazetteer: the Red Sea attack's place is a location, not a guess.
    places = {o["name"]: o for o in objects if o["type"] == "location"}
    assert places["Red Sea"]["latitude"] and "country" not in places["Red Sea"]
    assert places["Mogadishu"]["region"] == "eastern-africa"


def _schema(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "docs" / "stix" / name).read_text(encoding="utf-8"))


def test_extension_schemas_are_in_the_repository_and_met(fiction: Any) -> None:
    objects = json.loads(export(fiction.store))["objects"]
    definitions = {o["id"]: o for o in objects if o["type"] == "extension-definition"}
    assert {d["name"] for d in definitions.values()} == {"linkwatch-event", "linkwatch-place", "linkwatch-properties"}
    schemas = {}
    for d in definitions.values():
        assert d["schema"].startswith(SCHEMA_URL + "/")
        name = d["schema"].rsplit("/", 1)[1]
        schemas[d["name"]] = _schema(name)  # raises if the file is missing
        assert schemas[d["name"]]["$id"] == d["schema"]
        jsonschema.Draft202012Validator.check_schema(schemas[d["name"]])
    props = schemas["linkwatch-properties"]
    declared = next(d for d in definitions.values() if d["name"] == "linkwatch-properties")["extension_properties"]
    assert sorted(declared) == sorted(props["properties"])
    custom = [o for o in objects if o["type"] in ("linkwatch-event", "linkwatch-place")]
    assert {o["type"] for o in custom} == {"linkwatch-event", "linkwatch-place"}  # Port Alder is on no map
    for o in custom:
        jsonschema.validate(o, schemas[o["type"]])
        assert next(k for k, v in o["extensions"].items() if v["extension_type"] == "new-sdo") in definitions
    for o in objects:  # every linkwatch_* property has the type the properties schema declares
        own = {k: v for k, v in o.items() if k.startswith("linkwatch_")}
        assert set(own) <= set(declared), o["id"]
        jsonschema.validate(own, props)


def test_producer_ids_regions_and_roles(seed: Any) -> None:
    objects = json.loads(export(seed.store))["objects"]
    [producer] = [o for o in objects if o["id"] == PRODUCER]
    assert producer["created_by_ref"] == PRODUCER  # --interop: the producer names its creator
    assert all(o.get("created_by_ref") == PRODUCER for o in objects if o["type"] != "bundle")
    assert all(uuid.UUID(o["id"].split("--")[1]).version == 4 for o in objects)
    for o in objects:
        if o["type"] == "location":
            assert o["region"] in region_ov()
        for ref in o.get("external_references", []):
            if "url" in ref:
                assert len(ref["hashes"]["SHA-256"]) == 64
    actors = {o["name"]: o for o in objects if o["type"] == "threat-actor"}
    assert all("primary_motivation" not in a and "sophistication" not in a for a in actors.values())
    # Roles only from firm claims whose type declares one (relations.yaml stix_role).
    for a in actors.values():
        backed = {THREAT_ACTOR_ROLES[r.type] for r in seed.store.relations(entity_id=a["linkwatch_id"])
                  if r.source == a["linkwatch_id"] and r.type in THREAT_ACTOR_ROLES and r.certainty.value in
                  ("asserted", "reported")}
        assert set(a.get("roles") or []) == backed, a["name"]
    assert any(a.get("roles") for a in actors.values())


def test_roles_come_from_firm_claims(fiction: Any) -> None:
    from linkwatch.model import Certainty, Evidence, Relation

    store, ids = fiction.store, fiction.ids
    doc = next(iter(fiction.docs.values()))
    quote = doc.text[:20]

    def claim(type_: str, source: str, target: str, certainty: Certainty) -> Relation:
        ev = Evidence(doc.id, 0, 20, quote, "handmade.v1", certainty)
        return Relation(Relation.make_id(type_, ids[source], ids[target]), type_, ids[source], ids[target],
                        certainty, [ev])

    with store.transaction() as w:
        w.add_relation(claim("leader_of", "varga", "ncb", Certainty.ASSERTED))  # firm: a director
        w.add_relation(claim("carried_out", "anton", "attack", Certainty.UNVERIFIED))  # hedged: no role
    objects = json.loads(export(store))["objects"]
    roles = {o["name"]: o.get("roles") for o in objects if o["type"] == "threat-actor"}
    assert roles["Tomas Varga"] == ["director"]
    assert roles["Anton Varga"] is None and roles["Northern Crescent Brigade"] is None  # a claim is no role


def test_region_vocabulary_is_the_specs() -> None:
    assert sorted(region_ov()) == sorted(stix_enums.REGION_OV)


def test_stix_is_served_with_its_media_type(fiction: Any) -> None:
    from fastapi.testclient import TestClient

    from linkwatch.web import create_app

    with TestClient(create_app(Settings(db=Path(fiction.store.path)), None, rate=None)) as client:
        r = client.get("/api/export/stix")
        assert r.status_code == 200 and r.headers["content-type"] == MEDIA_TYPE
        assert json.loads(r.text)["type"] == "bundle"
