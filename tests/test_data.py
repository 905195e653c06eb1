"""The data layer: every vocabulary through linkwatch.data.load, laid out per language."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import linkwatch
from linkwatch import data
from linkwatch.analyse.classify import classify
from linkwatch.analyse.view import GraphView
from linkwatch.extract.organisations import default_index
from linkwatch.model import Entity
from linkwatch.model.reference import designations, organisation, organisations
from linkwatch.resolve.entities import reference_organisations

SRC = Path(linkwatch.__file__).parent
DATA = SRC / "data"


def test_a_vocabulary_is_read_from_its_language_folder_and_cached() -> None:
    assert data.path("roles.json", "en").name == "roles.json"
    assert "en" in str(data.path("roles.json", "en"))
    assert data.load("roles.json") is data.load("roles.json", "en")  # read once per process
    assert data.load("organisations.jsonl", "en") is data.load("organisations.jsonl", "xx")
    # English, plus the Urdu, Hindi and Arabic vocabularies of the multilingual reader (issue 18).
    assert data.languages() == ["ar", "en", "hi", "ur"]


def test_reference_data_is_shared_by_every_language() -> None:
    rows = data.load("organisations.jsonl", "xx")
    assert isinstance(rows, list) and rows and all("id" in r for r in rows)
    assert data.load("designations.json", "xx")["terror_programmes"]


def test_a_language_without_a_vocabulary_is_an_error_not_english() -> None:
    with pytest.raises(data.DataError, match="roles.json"):
        data.load("roles.json", "ur")


def test_every_file_under_data_says_what_it_is() -> None:
    files = [p for p in DATA.rglob("*.json")]
    assert len(files) >= 12
    for p in files:
        rel = p.relative_to(DATA)
        lang = rel.parts[0] if len(rel.parts) > 1 else data.DEFAULT_LANG
        assert data.load(rel.name, lang)["about"], rel


def test_every_data_file_is_documented_in_the_readme() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for p in DATA.rglob("*.json*"):
        assert p.name in readme, p.name


def test_only_the_data_layer_opens_the_data_folder() -> None:
    """Nothing but linkwatch.data reads package files under data/ (the three loaders of
    organisations.jsonl and the per-module readers were how vocabularies drifted apart)."""
    offenders = []
    for p in SRC.rglob("*.py"):
        if p.parent == DATA:
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # resources.files("linkwatch.data") or resources.files("linkwatch").joinpath("data"): the data
            # folder opened directly (model/schema.py opens the schema folder, which is not vocabulary).
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("files", "joinpath") and \
                    any(isinstance(a, ast.Constant) and a.value in ("linkwatch.data", "data") for a in node.args):
                offenders.append(str(p.relative_to(SRC)))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    re.search(r"\bdata/.*\.jsonl?$", node.value):
                offenders.append(f"{p.relative_to(SRC)}: {node.value}")
    assert offenders == []


def test_one_reader_of_the_organisation_list_serves_extract_resolve_and_analyse() -> None:
    orgs = organisations()
    jem = organisation("org:jaish-i-mohammed")
    assert jem is not None and jem in orgs and organisation("jaish-i-mohammed") is jem
    assert set(default_index().orgs.values()) == set(orgs)  # the extractor's index
    assert reference_organisations()[jem.key][0] == jem.name  # the resolver's names
    view = GraphView({"e1": Entity("e1", "organization", "JeM", key=jem.key)}, {}, {}, {}, [])
    verdict = classify(view)["e1"]  # analyse: the designation, cited as the data file says
    assert verdict.militant and designations().designating_list in verdict.reason


def test_bulk_list_aliases_are_told_apart_by_the_data_file_not_by_code() -> None:
    prefixes = designations().bulk_list_prefixes
    aliases = [a for o in organisations() for a in o.aliases]
    assert any(a.bulk for a in aliases) and any(not a.bulk for a in aliases)
    assert all(a.bulk == a.source.startswith(prefixes) for a in aliases)
