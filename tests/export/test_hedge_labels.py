"""A hedged or denied relation keeps its label in every format: nothing hedged is ever shown as fact.

Two relations of the fictional scenario are followed through jsonl, STIX, FtM, GraphML, GEXF,
CSV and both briefs: Tomas Varga carried_out the Kessington attack (denied by officials) and
Mara Quell met_with Tomas Varga (reported: "officials said").
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from linkwatch.analyse.view import GraphView
from linkwatch.export import get_format
from linkwatch.report import render_html, render_markdown

CASES = [("carried_out", "varga", "attack", "denied"), ("met_with", "quell", "varga", "reported")]


def text_of(store, fmt: str) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    get_format(fmt).write(store, out)
    return out.getvalue()


@pytest.fixture
def rid(fiction):  # type: ignore[no-untyped-def]
    return lambda type_, a, b: fiction.ids[f"{type_}:{a}:{b}"]


@pytest.mark.parametrize("type_,a,b,label", CASES)
def test_jsonl(fiction, rid, type_, a, b, label) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in text_of(fiction.store, "jsonl").splitlines()]
    [row] = [r for r in rows if r["kind"] == "relation" and r["id"] == rid(type_, a, b)]
    assert row["certainty"] == label and any(e["certainty"] == label for e in row["evidence"])


@pytest.mark.parametrize("type_,a,b,label", CASES)
def test_stix(fiction, rid, type_, a, b, label) -> None:  # type: ignore[no-untyped-def]
    objs = json.loads(text_of(fiction.store, "stix"))["objects"]
    [rel] = [o for o in objs if o["type"] == "relationship" and o.get("linkwatch_id") == rid(type_, a, b)]
    assert rel["linkwatch_certainty"] == label and rel["labels"] == [f"certainty-{label}"]
    assert rel["description"].startswith(label.upper() + ":")
    [note] = [o for o in objs if o["type"] == "note" and o["object_refs"] == [rel["id"]]]
    assert note["content"].startswith(label.upper() + ":") and f"[{label}:" in note["content"]


@pytest.mark.parametrize("type_,a,b,label", CASES)
def test_ftm(fiction, rid, type_, a, b, label) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in text_of(fiction.store, "ftm").splitlines()]
    [row] = [r for r in rows if r["id"] == rid(type_, a, b)]
    props = row["properties"]
    assert props["summary"][0].startswith(label.upper() + ":")
    assert f"[{label}:" in props["description"][0]
    if "status" in props:  # Associate (met_with) has no status property; its summary carries the label
        assert props["status"] == [label]


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
@pytest.mark.parametrize("type_,a,b,label", CASES)
def test_graph_formats(fiction, rid, tmp_path: Path, fmt, reader, type_, a, b, label) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"g.{fmt}"
    path.write_text(text_of(fiction.store, fmt), encoding="utf-8")
    [edge] = [d for _, _, d in reader(path).edges(data=True) if d.get("relation_id") == rid(type_, a, b)]
    assert edge["certainty"] == label and edge["label"] == f"{type_} [{label}]" and edge["hedged"] is True


@pytest.mark.parametrize("type_,a,b,label", CASES)
def test_csv(fiction, rid, tmp_path: Path, type_, a, b, label) -> None:  # type: ignore[no-untyped-def]
    get_format("csv").write(fiction.store, tmp_path)
    with (tmp_path / "links.csv").open(encoding="utf-8-sig", newline="") as fh:
        [row] = [r for r in csv.DictReader(fh) if r["Link ID"] == rid(type_, a, b)]
    assert row["Certainty"] == label and row["Link Label"] == f"{type_} [{label}]"
    assert row["Evidence"].startswith(f"[{label}:")


@pytest.mark.parametrize("type_,a,b,label", CASES)
def test_briefs(fiction, type_, a, b, label) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    html = render_html(view, fiction.ids["varga"])
    md, _ = render_markdown(view, "b.png", fiction.ids["varga"])
    assert f"{type_} [{label}]" in html and f"{type_} [{label}]" in md
    assert ">denied<" in html and "**denied**" in md  # the citation of the denial says so too
