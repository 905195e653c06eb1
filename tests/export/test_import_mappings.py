"""Exports a receiving tool reads the way we mean: GEXF that Gephi's timeline plays (spells read back
with networkx), CSV whose link date is the event's, the i2 and Maltego mapping files covering every
column and entity type, and FollowTheMoney keeping the certainty of every kind of link."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
from followthemoney import model

from linkwatch.export import get_format
from linkwatch.export.tables import ENTITY_COLUMNS, ENTITY_TYPES, LINK_COLUMNS
from linkwatch.model.certainty import COLOURS, Certainty

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import"


def gexf(store: Any, tmp_path: Path) -> nx.MultiDiGraph:
    out = io.StringIO()
    get_format("gexf").write(store, out)
    path = tmp_path / "g.gexf"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert 'mode="dynamic"' in out.getvalue() and 'timeformat="date"' in out.getvalue()
    return nx.read_gexf(path)


def test_gexf_spells_play_on_gephis_timeline(fiction: Any, tmp_path: Path) -> None:
    g = gexf(fiction.store, tmp_path)
    ids = fiction.ids
    # The 2024-11-02 rally: its node and the edges to it start on the day it happened, not when reported.
    rally = g.nodes[ids["port_rally"]]
    assert rally["spells"][0][0] == "2024-11-02"
    to_rally = [d for _, v, d in g.edges(data=True) if v == ids["port_rally"]]
    assert to_rally and all(d["spells"][0][0] == "2024-11-02" for d in to_rally)
    # The founding congress is dated only "2023": it starts on the first day of that year.
    assert g.nodes[ids["congress"]]["spells"][0][0] == "2023-01-01"
    # A relation no source dates starts on its first report's publication date.
    [member] = [d for u, v, d in g.edges(data=True) if d.get("relation_type") == "member_of"
                and u == ids["varga"] and v == ids["ncb"]]
    assert member["spells"][0][0] == member["first_reported"]
    # No edge starts before its two ends exist (Gephi would hide it).
    for u, v, d in g.edges(data=True):
        for end in (u, v):
            assert g.nodes[end]["spells"][0][0] <= d["spells"][0][0], (u, v)


def test_gexf_weights_and_colours_follow_certainty(fiction: Any, tmp_path: Path) -> None:
    g = gexf(fiction.store, tmp_path)
    edges = [d for _, _, d in g.edges(data=True) if "certainty" in d and not d.get("derived")]
    by = {c: [d for d in edges if d["certainty"] == c] for c in ("asserted", "reported", "denied")}
    assert by["denied"] and all(d["weight"] == 0 for d in by["denied"])
    for d in by["reported"]:
        assert 0 < d["weight"] < 7 - d["grade"]  # lighter than an asserted edge of the same grade
    for d in by["asserted"]:
        assert d["weight"] == 7 - d["grade"]
    assert all("color" in d["viz"] for _, d in g.nodes(data=True))
    # networkx reads no edge colours back: read them from the XML.
    import xml.etree.ElementTree as ET

    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    red = COLOURS[Certainty.DENIED].lstrip("#")
    out = io.StringIO()
    get_format("gexf").write(fiction.store, out)
    root = ET.fromstring(out.getvalue())
    denied = [e for e in root.iterfind(".//g:edge", ns) if e.get("weight") == "0.0"]
    assert denied
    for e in denied:
        colour = e.find("viz:color", ns)
        assert colour is not None
        assert (colour.get("r"), colour.get("g"), colour.get("b")) == tuple(str(int(red[i:i + 2], 16))
                                                                            for i in (0, 2, 4))


def read_csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_link_date_is_the_events(fiction: Any, tmp_path: Path) -> None:
    get_format("csv").write(fiction.store, tmp_path)
    links = read_csv(tmp_path / "links.csv")
    ids = fiction.ids
    to_rally = [r for r in links if r["To ID"] == ids["port_rally"]]
    assert to_rally and {r["Date"] for r in to_rally} == {"2024-11-02"}
    assert all(r["First Reported"] != r["Date"] for r in to_rally)  # reported later than it happened
    congress = [r for r in links if r["To ID"] == ids["congress"]]
    assert congress and {(r["Date"], r["Date Precision"]) for r in congress} == {("2023", "year")}
    undated = [r for r in links if r["Link Type"] == "member_of"]
    assert undated and all(r["Date"] == "" and r["First Reported"] for r in undated)
    assert {r["Strength"] for r in links if r["Certainty"] == "asserted"} == {"Confirmed"}
    assert {r["Strength"] for r in links if r["Certainty"] == "denied"} == {"Tentative"}


def test_i2_and_maltego_mappings_cover_the_csv() -> None:
    i2 = json.loads((DOCS / "i2-import-specification.json").read_text(encoding="utf-8"))
    maltego = json.loads((DOCS / "maltego-entity-mapping.json").read_text(encoding="utf-8"))
    columns = {"entities.csv": set(ENTITY_COLUMNS), "links.csv": set(LINK_COLUMNS)}

    def named(spec: Any) -> set[str]:  # every CSV column a mapping names
        if isinstance(spec, dict):
            return {c for k, v in spec.items() for c in (named(v) if k not in ("file", "design", "format", "note")
                                                           else set())} | (
                {spec["column"]} if "column" in spec else set())
        if isinstance(spec, list):
            return {c for x in spec for c in named(x)}
        return {spec} if isinstance(spec, str) else set()

    for imp in i2["imports"]:
        used = named({k: v for k, v in imp.items() if k != "file"})
        assert used <= columns[imp["file"]] | {"yyyy-MM-dd"}, used - columns[imp["file"]]
    for imp in i2["imports"]:  # every column is mapped to something
        assert columns[imp["file"]] <= named(imp), columns[imp["file"]] - named(imp)
    entity_types = set(ENTITY_TYPES.values())  # from linkwatch/schema: every type the CSV can write
    assert set(i2["entity_types"]) == entity_types
    assert set(maltego["entities"]["by_type"]) == entity_types
    for mapping in maltego["entities"]["by_type"].values():
        assert mapping["value"] in columns["entities.csv"]
        assert set(mapping["properties"].values()) <= columns["entities.csv"]
    assert set(maltego["entities"]["extra_properties"]) <= columns["entities.csv"]
    links = maltego["links"]
    assert {links["source_column"], links["target_column"], links["label"], links["style_from_column"],
            *links["extra_properties"]} <= columns["links.csv"]
    assert set(links["styles"]) == {c.value for c in Certainty}


def test_ftm_keeps_the_certainty_of_every_link(seed: Any, fiction: Any) -> None:
    check_ftm_certainty(seed.store)
    hedged = [n for n in check_ftm_certainty(fiction.store) if "certainty:asserted" not in n.get("keywords")]
    assert hedged  # the fiction's reported meeting of Mara Quell and Tomas Varga ("officials said")


def check_ftm_certainty(store: Any) -> list[Any]:
    out = io.StringIO()
    get_format("ftm").write(store, out)
    proxies = [model.get_proxy(json.loads(line)) for line in out.getvalue().splitlines()]
    notes = [p for p in proxies if p.schema.name == "Note"]
    noted = {k.split(":", 1)[1]: p for p in notes for k in p.get("keywords") if k.startswith("link:")}
    links = [p for p in proxies if p.schema.is_a("Interval") and p.schema.name not in ("Documentation", "Event")]
    assert {p.schema.name for p in links} >= {"Membership", "Family", "Associate", "UnknownLink"}
    for link in links:
        if link.schema.get("status") is not None:
            assert link.get("status"), link.id
            assert link.id not in noted
        else:  # Family, Associate: the note on both ends says it
            note = noted[link.id]  # type: ignore[index]
            label = link.first("summary").split(":", 1)[0].lower()  # type: ignore[union-attr]
            assert f"certainty:{label.split(',')[0]}" in note.get("keywords")
            ends = {v for prop in link.schema.properties.values() if prop.type.name == "entity"
                    and prop.name != "proof" for v in link.get(prop)}
            assert set(note.get("entity")) == ends
    return notes
