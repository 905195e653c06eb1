"""The schema loader reads linkwatch/schema/*.yaml and refuses files that contradict themselves."""
from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from linkwatch.model import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES, SYMMETRIC_RELATIONS
from linkwatch.model.schema import SchemaError, load_schema, schema


def test_the_model_constants_are_the_schema() -> None:
    s = schema()
    assert ENTITY_TYPES == ("person", "organization", "location") == s.entity_types
    assert EVENT_TYPES == s.event_types and "attack" in EVENT_TYPES and s.generic_event == "event"
    assert RELATION_TYPES == s.relation_types
    assert {"rival_of", "splinter_of", "merged_with", "supported"} <= set(RELATION_TYPES)
    assert SYMMETRIC_RELATIONS == {"relative_of", "met_with", "allied_with", "rival_of", "merged_with"}


def test_families_and_organisation_links_answer_the_questions_code_asks() -> None:
    s = schema()
    assert s.in_family("affiliation") == ("member_of", "leader_of")
    assert s.in_family("perpetration", "claim") == ("carried_out", "claimed_responsibility")
    assert s.to_event() == ("participated_in", "organized", "carried_out", "claimed_responsibility")
    # FORMAT.md: these join two organisations; rivals are not linked.
    assert [r.name for r in s.relations.values() if r.links_organisations] == [
        "front_of", "allied_with", "splinter_of", "merged_with", "supported"]
    assert s.event_family("rally") == s.event_family("conference") == "gathering"
    assert s.event_family("event") == "event" and s.event_family("unheard-of") == "unheard-of"
    with pytest.raises(KeyError, match="no relation family"):
        s.in_family("friendship")
    with pytest.raises(KeyError, match="not a relation type"):
        s.relation("friend_of")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "schema"
    shutil.copytree(Path(str(resources.files("linkwatch").joinpath("schema"))), folder)
    return folder


def _edit(folder: Path, name: str, change: object) -> None:
    data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    (folder / name).write_text(yaml.safe_dump(data), encoding="utf-8")


def test_a_copy_of_the_installed_schema_loads_the_same(copy: Path) -> None:
    assert load_schema(copy) == schema()


@pytest.mark.parametrize(("name", "change", "message"), [
    ("relations.yaml", lambda d: d["relations"]["met_with"].update(colour="red"), "unknown field"),
    ("relations.yaml", lambda d: d["relations"]["met_with"].update(target=["organization"]),
     "symmetric type needs the same entity types"),
    ("relations.yaml", lambda d: d["relations"]["visited"].update(target=["place"]), "not an entity type"),
    ("relations.yaml", lambda d: d["relations"]["visited"].update(family="tourism"), "family 'tourism'"),
    ("relations.yaml", lambda d: d["relations"]["rival_of"].update(produced_by=[]), "nothing produces it"),
    ("relations.yaml", lambda d: d["relations"]["member_of"].update(gap="stale"), "it is produced"),
    ("relations.yaml", lambda d: d["relations"]["organized"].update(event_role="participants"), "each event_role"),
    ("relations.yaml", lambda d: d["relations"]["leader_of"].pop("stix"), "missing field"),
    ("events.yaml", lambda d: d["events"]["rally"].update(family="protest"), "family 'protest'"),
    ("events.yaml", lambda d: d["events"]["rally"].update(generic=True), "generic type"),
    ("entities.yaml", lambda d: d["entities"]["location"].update(stix={"object": "place"}), "identity"),
])
def test_a_contradiction_names_the_file_and_the_entry(copy: Path, name: str, change: object, message: str) -> None:
    _edit(copy, name, change)
    with pytest.raises(SchemaError, match=message) as err:
        load_schema(copy)
    assert name in str(err.value)
