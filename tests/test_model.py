"""The model's plain types survive the JSON round trip the store puts extractions through."""
from __future__ import annotations

import json

from linkwatch.model import (
    Certainty,
    DocExtraction,
    Evidence,
    LocalEntity,
    LocalEvent,
    LocalRelation,
    Mention,
)


def test_an_extraction_round_trips_through_json_unchanged() -> None:
    quote = Evidence("d1", 0, 24, "Jaish chief Masood Azhar", "linkwatch.roles.v1", Certainty.REPORTED,
                     ("reportedly",), "police")
    extraction = DocExtraction(
        "d1", "linkwatch.extract/1",
        mentions=[Mention(12, 24, "Masood Azhar", "person", "e1", "PERSON")],
        entities=[LocalEntity("e1", "person", "Masood Azhar", ["Azhar"], roles=["chief"], context={"orgs": ["e2"]}),
                  LocalEntity("e2", "organization", "Jaish-e-Mohammed", ["Jaish"], key="org:jem")],
        events=[LocalEvent("v1", "rally", [quote], "2025-02", "e3", ["e1"], ["e2"], "Solidarity rally", "rally")],
        relations=[LocalRelation("leader_of", "e1", "e2", [quote], role="chief")],
    )
    stored = json.dumps(extraction.to_dict())
    again = DocExtraction.from_dict(json.loads(stored))
    assert again == extraction
    assert again.relations[0].certainty is Certainty.REPORTED and again.relations[0].evidence[0].cues == ("reportedly",)


def test_document_status_is_one_closed_set_that_the_web_schema_reuses() -> None:
    from linkwatch.model import DocStatus
    from linkwatch.web.schemas import IngestItem

    assert [s.value for s in DocStatus] == ["added", "copy", "duplicate", "failed"]
    assert [s for s in DocStatus if s.stored] == [DocStatus.ADDED, DocStatus.COPY]
    assert IngestItem.model_fields["status"].annotation is DocStatus
    assert IngestItem.model_json_schema()["$defs"]["DocStatus"]["enum"] == ["added", "copy", "duplicate", "failed"]
