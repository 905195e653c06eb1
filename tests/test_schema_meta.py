"""The schema (src/linkwatch/schema/*.yaml) is the one place types are declared: everything else agrees with it.

Modelled on datasette's tests/test_docs.py (every hook and setting is documented) and spaCy's factory
tests (every registered component is what it says). Each check is a function returning the problems
it finds, so a test asserts there are none, and tests at the bottom show each check failing when a
type is taken out of one consumer. Adding a relation type is one YAML entry, one vocabulary entry and
the test that shows it extracted (docs/adding-a-relation-type.md); these tests name anything missed.
"""
from __future__ import annotations

import csv
import importlib.util
import inspect
import io
import json
import re
import typing
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import spacy
from spacy.language import Language

import linkwatch.extract.components  # noqa: F401  (registers the factories the schema names)
from linkwatch.data import load as vocabulary
from linkwatch.export import ftm, get_format, stix, tables
from linkwatch.model import Alias, Certainty, Document, Entity, Event, Evidence, Relation, make_id, sha256
from linkwatch.model.schema import EVENT, RelationType, schema
from linkwatch.settings import Settings
from linkwatch.store import Store
from linkwatch.web import schemas as web_schemas

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SRC = ROOT / "src" / "linkwatch"
RELATIONS = schema().relations
# Types no extractor produces yet. Each carries a `gap` note in relations.yaml saying why; the issue
# that gives one an extractor removes it from this list (and the note from the YAML).
KNOWN_GAPS: set[str] = set()
# Extractor components name the type they emit ("leader_of" if ... else "member_of"); nothing else may
# spell two relation types on one line: a list of types outside the schema is what this issue removed.
EMITTERS = {"extract/actors.py", "extract/alliances.py", "extract/roles.py", "extract/perpetrators.py"}


# -- exporters ---------------------------------------------------------------------------------
EXPORTER_MAPS: dict[str, Callable[[], dict[str, Any]]] = {
    "stix": lambda: stix.RELATIONSHIP_TYPES,
    "ftm": lambda: ftm.EDGES,
    "csv": lambda: tables.ARROWS,
}


def exporter_map_problems() -> list[str]:
    return [f"{name} has no mapping for {t}" for name, get in EXPORTER_MAPS.items() for t in RELATIONS
            if t not in get()]


def every_type_store(store: Store) -> dict[str, str]:
    """One relation of every type, its ends of the first entity type its range allows: relation id -> type."""
    lines = [f"Sentence {i} says {r.label}." for i, r in enumerate(RELATIONS.values())]
    text = "\n".join(lines)
    doc = Document(id=Document.make_id(text), raw_sha256=sha256(text.encode()), text=text, origin="every-type.txt",
                   url="https://example.org/every-type", source="Meta Test Wire", title="Every type",
                   published="2025-03-01", language="en")
    out: dict[str, str] = {}
    with store.transaction() as w:
        w.put_blob(doc.raw_sha256, text.encode())
        w.add_document(doc, None, [])
        ids = {}
        for t in schema().entity_types:
            for n in (1, 2):
                ids[(t, n)] = make_id("e", t, f"{t}-{n}")
                w.upsert_entity(Entity(ids[(t, n)], t, f"{t.title()} {n}", [Alias(f"{t.title()} {n}", doc.id, None)]))
        quote = lines[0]
        ids[(EVENT, 1)] = make_id("v", "meta-event")
        w.upsert_event(Event(ids[(EVENT, 1)], "attack", "2025-02", ids[("location", 1)], [], [], None,
                             [Evidence(doc.id, 0, len(quote), quote, "meta.v1")]))
        for i, r in enumerate(RELATIONS.values()):
            start = text.index(lines[i])
            source = ids[(r.source[0], 1)]
            target = ids[(r.target[0], 2 if r.target[0] == r.source[0] else 1)]
            if r.symmetric and target < source:
                source, target = target, source
            rid = Relation.make_id(r.name, source, target)
            w.add_relation(Relation(rid, r.name, source, target, Certainty.ASSERTED,
                                    [Evidence(doc.id, start, start + len(lines[i]), lines[i], "meta.v1")]))
            out[rid] = r.name
    return out


def _written(fmt: str, store: Store, tmp_path: Path) -> dict[str, tuple[str, ...]]:
    """relation id -> what the export wrote about its type, read back from the file."""
    f = get_format(fmt)
    if f.to_path:
        f.write(store, tmp_path / fmt)
        rows = list(csv.DictReader((tmp_path / fmt / "links.csv").read_text(encoding="utf-8-sig").splitlines()))
        return {r["Link ID"]: (r["Link Type"], r["Arrows"]) for r in rows}
    buffer = io.StringIO()
    f.write(store, buffer)
    text = buffer.getvalue()
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        return {r["id"]: (r["type"],) for r in rows if r["kind"] == "relation"}
    if fmt == "json":
        return {r["id"]: (r["type"],) for r in json.loads(text)["relations"]}
    if fmt == "stix":  # relationship_type is always related-to (--strict); the type rides in a declared property
        return {o["linkwatch_id"]: (o["linkwatch_relationship_type"],) for o in json.loads(text)["objects"]
                if o["type"] == "relationship" and o["relationship_type"] == "related-to"}
    if fmt == "ftm":
        return {p["id"]: (p["schema"],) for p in map(json.loads, text.splitlines())}
    graph = nx.read_graphml(io.StringIO(text)) if fmt == "graphml" else nx.read_gexf(io.StringIO(text))
    return {d["id"] if fmt == "graphml" else key: (d["relation_type"],) for _, _, key, d in graph.edges(keys=True, data=True)}


def expected(fmt: str, r: RelationType) -> tuple[str, ...]:
    if fmt == "csv":
        return (r.name, "No arrows" if r.symmetric else "Arrow on head")
    return {"stix": (r.stix,), "ftm": (r.ftm.schema,)}.get(fmt, (r.name,))


def export_problems(fmt: str, store: Store, made: dict[str, str], tmp_path: Path) -> list[str]:
    try:
        written = _written(fmt, store, tmp_path)
    except KeyError as exc:
        return [f"{fmt} export failed: {exc}"]
    return [f"{fmt} wrote {written.get(rid)} for {t}, not {expected(fmt, RELATIONS[t])}"
            for rid, t in made.items() if written.get(rid) != expected(fmt, RELATIONS[t])]


FORMATS = ["jsonl", "json", "stix", "ftm", "graphml", "gexf", "csv"]


def test_every_exporter_maps_every_relation_type() -> None:
    assert exporter_map_problems() == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_relation_type_survives_every_export(fmt: str, store: Store, tmp_path: Path) -> None:
    made = every_type_store(store)
    assert sorted(made.values()) == sorted(RELATIONS)
    assert export_problems(fmt, store, made, tmp_path) == []


# -- the web app and the chart ----------------------------------------------------------------
def web_problems(client: Any) -> list[str]:
    problems = [f"web/schemas.RelationType lacks {t}" for t in RELATIONS
                if t not in typing.get_args(web_schemas.RelationType)]
    served = {r["name"]: r for r in client.get("/api/schema").json()["relations"]}
    for t, r in RELATIONS.items():
        got = served.get(t)
        if got is None:
            problems.append(f"/api/schema (the chart legend) lacks {t}")
        elif (got["label"], got["symmetric"]) != (r.label, r.symmetric):
            problems.append(f"/api/schema serves {t} as {got['label']!r}, symmetric={got['symmetric']}")
    return problems


@pytest.fixture
def client(tmp_path: Path) -> Any:
    from fastapi.testclient import TestClient

    from linkwatch.web import create_app

    with TestClient(create_app(Settings(db=tmp_path / "web.db"), rate=None)) as c:
        yield c


def test_the_web_schema_and_the_chart_legend_list_every_relation_type(client: Any) -> None:
    assert web_problems(client) == []
    chart = (SRC / "web" / "static" / "chart.js").read_text(encoding="utf-8")
    assert "/api/schema" in chart and "legend-types" in (SRC / "web" / "templates" / "chart.html").read_text()


def spelled_lists() -> list[str]:
    """Lines outside the schema and the emitting extractors that name two or more relation types."""
    quoted = re.compile(r"""["']([a-z_]+)["']""")
    found = []
    for path in sorted(SRC.rglob("*")):
        rel = path.relative_to(SRC).as_posix()
        if path.suffix not in (".py", ".js", ".html", ".j2") or rel in EMITTERS:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            names = {m for m in quoted.findall(line) if m in RELATIONS}
            if len(names) >= 2:
                found.append(f"{rel}:{n} {sorted(names)}")
    return found


def test_no_module_spells_a_list_of_relation_types() -> None:
    assert spelled_lists() == []


# -- extraction ------------------------------------------------------------------------------
def vocabulary_problems() -> list[str]:
    """Each producer is a registered component whose module emits the type and reads each cue-word
    key, and each key holds words in the vocabulary file; each derivation's component emits it too."""
    problems = []
    for t, r in RELATIONS.items():
        for component, keys, file in [(p.component, p.keys, p.vocabulary) for p in r.produced_by] + (
                [(r.derived.component, (), "")] if r.derived else []):
            if not Language.has_factory(component):
                problems.append(f"{t}: {component} is not a registered component")
                continue
            factory = spacy.registry.factories.get(component)
            source = inspect.getsource(inspect.getmodule(typing.get_type_hints(factory)["return"]))  # type: ignore[arg-type]
            if f'"{t}"' not in source:
                problems.append(f"{t}: {component} never emits it")
            for key in keys:
                if not vocabulary(file).get(key):
                    problems.append(f"{t}: {file} has no words under {key!r}")
                elif f'"{key}"' not in source:
                    problems.append(f"{t}: {component} does not read {file} {key!r}")
    gaps = {t for t, r in RELATIONS.items() if not r.produced}
    if gaps != KNOWN_GAPS:
        problems.append(f"types nothing produces: {sorted(gaps)}; the listed gaps are {sorted(KNOWN_GAPS)}")
    return problems


def test_every_relation_type_has_a_vocabulary_or_a_derivation_or_is_a_listed_gap() -> None:
    assert vocabulary_problems() == []


def test_the_vocabulary_gives_exactly_the_declared_event_and_entity_types() -> None:
    events = vocabulary("events.json")
    given = set(events["trigger_nouns"].values()) | set(events["trigger_verbs"].values())
    assert given | set(events["generic_types"]) <= set(schema().event_types)
    assert {e.name for e in schema().events.values() if not e.generic} <= given
    assert set(vocabulary("names.json")["entity_labels"].values()) == set(schema().entity_types)


# -- ../shared/eval: FORMAT.md and the scorer ----------------------------------------------------
def _shared(name: str) -> Path:
    path = SHARED / "eval" / name
    if not path.exists():
        pytest.skip(f"../shared/eval/{name} is not beside the checkout")
    return path


def test_the_schema_is_what_format_md_lists() -> None:
    text = _shared("FORMAT.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\s*\| `([a-z_]+)` \| ([^|]+) \|", text, re.M))
    listed = {t: v for t, v in rows.items() if "→" in v or "↔" in v}
    assert list(listed) == list(RELATIONS)
    assert {t for t, v in listed.items() if "↔" in v} == schema().symmetric
    joins = re.search(r"when a ((?:`[a-z_]+`[,\s]*(?:or\s+)?)+)relation\s+joins them", text)
    assert joins, "FORMAT.md no longer says which relations join two organisations"
    assert set(re.findall(r"`([a-z_]+)`", joins.group(1))) == {t for t, r in RELATIONS.items() if r.links_organisations}
    assert re.search(r"`person`, `organization` or `location`", text) and schema().entity_types == (
        "person", "organization", "location")


def test_the_scorer_reads_every_type_in_the_family_and_direction_the_schema_gives() -> None:
    spec = importlib.util.spec_from_file_location("linkwatch_test_scorer", _shared("score.py"))
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    for t, r in RELATIONS.items():
        assert t in scorer.FAMILY_OF, t
        assert (scorer.FAMILY_OF[t] in scorer.SYMMETRIC) == r.symmetric, t


# -- settings -----------------------------------------------------------------------------------
def settings_problems(docs: str) -> list[str]:
    """Every Settings field and every LINKWATCH_* variable the code reads is in README.md or docs/."""
    wanted = {f"LINKWATCH_{f.name.upper()}" for f in fields(Settings) if f.name not in Settings.NOT_FROM_ENVIRONMENT}
    wanted |= {v for p in SRC.rglob("*.py") for v in re.findall(r"LINKWATCH_[A-Z_]+", p.read_text(encoding="utf-8"))}
    problems = [f"{v} is not documented" for v in sorted(wanted) if f"`{v}`" not in docs]
    problems += [f"Settings.{n} is not documented" for n in sorted(Settings.NOT_FROM_ENVIRONMENT) if f"`{n}`" not in docs]
    return problems


def _docs() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def test_every_setting_is_documented() -> None:
    assert settings_problems(_docs()) == []


# -- the checks can fail -----------------------------------------------------------------------
@pytest.mark.parametrize("exporter", sorted(EXPORTER_MAPS))
@pytest.mark.parametrize("dropped", ["member_of", "rival_of", "met_with"])
def test_a_type_dropped_from_one_exporter_is_reported(exporter: str, dropped: str, monkeypatch: pytest.MonkeyPatch,
                                                      store: Store, tmp_path: Path) -> None:
    monkeypatch.delitem(EXPORTER_MAPS[exporter](), dropped)
    assert exporter_map_problems() == [f"{exporter} has no mapping for {dropped}"]
    made = every_type_store(store)
    assert export_problems(exporter, store, made, tmp_path), "the export should fail or write the wrong thing"


@pytest.mark.parametrize("fmt", ["jsonl", "graphml", "gexf"])
def test_a_verbatim_exporter_that_loses_a_type_is_reported(fmt: str, monkeypatch: pytest.MonkeyPatch, store: Store,
                                                           tmp_path: Path) -> None:
    from linkwatch.export import graph, jsonl

    if fmt == "jsonl":
        real_rows = jsonl.rows
        monkeypatch.setattr(jsonl, "rows", lambda s: (r for r in real_rows(s) if r.get("type") != "rival_of"))
    else:
        real_edge = graph._edge
        monkeypatch.setattr(graph, "_edge", lambda view, h: {**real_edge(view, h), "relation_type": "rival"}
                            if h.type == "rival_of" else real_edge(view, h))
    made = every_type_store(store)
    problems = export_problems(fmt, store, made, tmp_path)
    assert len(problems) == 1 and "for rival_of" in problems[0]


def test_a_type_missing_from_the_web_schema_or_the_legend_is_reported(client: Any,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_schemas, "RelationType", typing.Literal["member_of"])
    assert "web/schemas.RelationType lacks rival_of" in web_problems(client)
    from linkwatch.web import views

    served = views.schema_out()
    monkeypatch.setattr(views, "schema_out", lambda: served.model_copy(update={"relations": served.relations[1:]}))
    assert "/api/schema (the chart legend) lacks member_of" in web_problems(client)


def test_a_false_or_missing_producer_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from linkwatch.model.schema import Producer

    broken = dict(RELATIONS)
    # merged_with: the role finder reads nouns ('a rival of', 'an ally of'), never a merger
    broken["merged_with"] = replace(RELATIONS["merged_with"], gap=None, produced_by=(
        Producer("linkwatch_roles_v1", "roles.json", ("ally", "mergers")),))
    broken["visited"] = replace(RELATIONS["visited"], produced_by=(), derived=None)
    monkeypatch.setitem(globals(), "RELATIONS", broken)
    problems = vocabulary_problems()
    assert "merged_with: linkwatch_roles_v1 never emits it" in problems
    assert "merged_with: roles.json has no words under 'mergers'" in problems
    assert any(p.startswith("types nothing produces:") and "'visited'" in p.split(";")[0] for p in problems)


def test_a_spelled_list_and_an_undocumented_setting_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings_problems(_docs().replace("`LINKWATCH_BATCH_SIZE`", "")) == ["LINKWATCH_BATCH_SIZE is not documented"]
    real = Path.read_text

    def with_a_list(self: Path, *args: Any, **kwargs: Any) -> str:
        text = real(self, *args, **kwargs)
        return text + '\nPAIRS = ("met_with", "allied_with")\n' if self.name == "links.py" else text

    monkeypatch.setattr(Path, "read_text", with_a_list)
    assert any(s.startswith("analyse/links.py:") for s in spelled_lists())
