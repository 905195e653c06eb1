"""GraphML and GEXF: read back with networkx, attributes intact."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from linkwatch.export import get_format


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_reads_back_with_every_attribute(fmt, reader, fiction, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    n = get_format(fmt).write(fiction.store, out)
    path = tmp_path / f"g.{fmt}"
    path.write_text(out.getvalue(), encoding="utf-8")
    g = reader(path)
    assert g.number_of_nodes() + g.number_of_edges() == n
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {"Northern Crescent Brigade", "Tomas Varga", "Port Alder"} <= labels
    ncb = g.nodes[fiction.ids["ncb"]]
    assert ncb["type"] == "organization" and ncb["militant"] is True and ncb["aliases"] == "NCB"
    [denied] = [d for _, _, d in g.edges(data=True) if d.get("certainty") == "denied"
                and d.get("relation_type") == "carried_out"]
    assert denied["label"] == "carried_out [denied]" and denied["grade"] == 5 and denied["confidence"] == 10
    assert denied["evidence_count"] == 1 and "Officials said Tomas Varga" in denied["evidence"]
    assert denied["sources"] == 1 and denied["outlets"] == "Valley Post"
    event = g.nodes[fiction.ids["congress"]]
    assert (event["date"], event["date_precision"]) == ("2023", "year")


def test_gexf_keeps_edge_type_free_for_direction(fiction) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    get_format("gexf").write(fiction.store, out)
    assert 'defaultedgetype="directed"' in out.getvalue()
    assert ' type="carried_out"' not in out.getvalue()
