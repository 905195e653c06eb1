"""The brief's network figure: actors and events on the key paths, drawn with networkx + matplotlib.

Edge width follows the grade (Admiralty 1 thickest, 6 thinnest). Line style
follows the certainty, so a hedged tie never looks like a stated one: asserted
solid, reported dashed, unverified dash-dot, denied dotted in red; every edge
that is not asserted also carries its label in words. Only the Agg/SVG
backends are used (no display, no pyplot state), so briefs render on servers.
"""
from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from typing import Literal

import matplotlib
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from linkwatch.analyse.classify import classify
from linkwatch.analyse.view import GraphView, Hop
from linkwatch.model import Certainty

LineStyle = Literal["solid", "dashed", "dashdot", "dotted"]
STYLE: dict[Certainty, LineStyle] = {Certainty.ASSERTED: "solid", Certainty.REPORTED: "dashed", Certainty.UNVERIFIED: "dashdot",
         Certainty.DENIED: "dotted"}
EDGE_COLOUR = {Certainty.DENIED: "#c0392b"}
NODE_COLOUR = {"militant": "#922b21", "organization": "#e67e22", "person": "#2e86c1", "event": "#7f8c8d",
               "location": "#27ae60"}
NODE_SHAPE = {"event": "s", "location": "^"}
MAX_NODES = 40  # beyond this the figure stops being readable; the tables carry the rest


def _width(grade: int) -> float:
    return 1.0 + (6 - grade) * 0.9  # grade 1 → 5.5 pt, grade 6 → 1 pt


def _short(view: GraphView, node: str) -> str:
    if node in view.events:
        v = view.events[node]
        label = f"{v.name or v.type} ({v.date or 'undated'})"
    else:
        label = view.name(node)
    return textwrap.fill(label, 18)


def build(view: GraphView, hops: Iterable[Hop]) -> nx.Graph:
    """One edge per pair of nodes; where several hops join a pair, the best sets the style and all are named."""
    g = nx.Graph()
    verdicts = classify(view)
    for h in hops:
        for n in (h.source, h.target):
            kind = view.type_of(n)
            if n in verdicts and verdicts[n].militant and kind == "organization":
                kind = "militant"
            g.add_node(n, kind=kind, label=_short(view, n))
        if g.has_edge(h.source, h.target):
            data = g[h.source][h.target]
            data["hops"].append(h)
            if (h.grade, -h.certainty.strength) < (data["best"].grade, -data["best"].certainty.strength):
                data["best"] = h
        else:
            g.add_edge(h.source, h.target, hops=[h], best=h)
    if g.number_of_nodes() > MAX_NODES:
        keep = sorted(g.degree, key=lambda nd: -nd[1])[:MAX_NODES]
        g = g.subgraph(n for n, _ in keep).copy()
    return g


def _edge_label(data: dict[str, object]) -> str:
    hops: list[Hop] = data["hops"]  # type: ignore[assignment]
    parts = []
    for h in sorted(hops, key=lambda h: (h.grade, h.type)):
        parts.append(h.labelled())
    return "\n".join(dict.fromkeys(parts))


def draw(view: GraphView, hops: Iterable[Hop], fmt: str = "svg", title: str | None = None) -> bytes:
    """The figure as SVG or PNG bytes."""
    g = build(view, hops)
    fig = Figure(figsize=(12, 8.5), dpi=150 if fmt == "png" else 72)
    ax = fig.add_axes((0.01, 0.08, 0.98, 0.86))
    ax.set_axis_off()
    if title:
        fig.suptitle(title, fontsize=13)
    if g.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no connections to draw", ha="center", va="center")
    else:
        pos = nx.kamada_kawai_layout(g) if nx.is_connected(g) else nx.spring_layout(g, seed=0, k=1.2)
        for (u, v, data) in g.edges(data=True):
            best: Hop = data["best"]
            nx.draw_networkx_edges(g, pos, edgelist=[(u, v)], ax=ax, width=_width(best.grade),
                                   style=STYLE[best.certainty], edge_color=EDGE_COLOUR.get(best.certainty, "#555555"),
                                   alpha=0.85)
        labels = {(u, v): _edge_label(d) for u, v, d in g.edges(data=True)}
        nx.draw_networkx_edge_labels(g, pos, edge_labels=labels, ax=ax, font_size=7, font_color="#333333",
                                     bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        for kind, colour in NODE_COLOUR.items():
            nodes = [n for n, d in g.nodes(data=True) if d["kind"] == kind]
            if nodes:
                nx.draw_networkx_nodes(g, pos, nodelist=nodes, ax=ax, node_color=colour,
                                       node_shape=NODE_SHAPE.get(kind, "o"), node_size=520, alpha=0.95,
                                       edgecolors="white", linewidths=1.5)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        # Names sit just below their marker, so the marker (type, colour) stays visible.
        drop = 0.045 * ((max(ys) - min(ys)) or 1.0)
        label_pos = {n: (x, y - drop) for n, (x, y) in pos.items()}
        nx.draw_networkx_labels(g, label_pos, labels=nx.get_node_attributes(g, "label"), ax=ax, font_size=8,
                                verticalalignment="top",
                                bbox={"boxstyle": "round,pad=0.2", "fc": "#fdfefe", "ec": "#bbbbbb", "alpha": 0.85})
        ax.set_xlim(min(xs) - 0.25, max(xs) + 0.25)
        ax.set_ylim(min(ys) - 0.3, max(ys) + 0.15)
    _legend(fig)
    buf = io.BytesIO()
    # A fixed hash salt makes the SVG's generated ids, and so the whole brief, repeatable.
    with matplotlib.rc_context({"svg.hashsalt": "linkwatch"}):
        fig.savefig(buf, format=fmt, bbox_inches="tight", metadata=_metadata(fmt))
    return buf.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation date in the file, so the same store gives the same bytes (golden tests, diffs).
    return {"Date": None} if fmt == "svg" else {}


def _legend(fig: Figure) -> None:
    handles = [Line2D([], [], color=EDGE_COLOUR.get(c, "#555555"), linestyle=s, linewidth=2, label=c.value)
               for c, s in STYLE.items()]
    handles += [Line2D([], [], color="#555555", linewidth=_width(g), label=f"grade {g}") for g in (1, 3, 5)]
    handles += [Line2D([], [], marker=NODE_SHAPE.get(k, "o"), color="none", markerfacecolor=c, markersize=9,
                       label={"militant": "militant group"}.get(k, k)) for k, c in NODE_COLOUR.items()]
    fig.legend(handles=handles, loc="lower center", ncol=6, fontsize=8, frameon=False)
