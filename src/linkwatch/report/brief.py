"""The analyst brief: key links with grades, a timeline, a network figure and numbered citations.

Rendered with jinja2 templates (templates/brief.html.j2, brief.md.j2) with
autoescaping on for both: article text is untrusted input, and markdown viewers
render raw HTML too. Every claim in the brief points at numbered citations, each
a quote with its certainty, hedge cues, attribution, outlet and URL.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from linkwatch.analyse.classify import classify
from linkwatch.analyse.links import Link, actor_groups, org_links
from linkwatch.analyse.paths import Path as EvidencePath
from linkwatch.analyse.timeline import Item, all_events, timeline
from linkwatch.analyse.view import GraphView, Hop
from linkwatch.model import Evidence
from linkwatch.report import figure
from linkwatch.romanise import labelled


@dataclass
class Citations:
    """Numbers each distinct quote once, in order of first use."""

    items: list[dict[str, Any]] = field(default_factory=list)
    index: dict[tuple[str, int, int], int] = field(default_factory=dict)

    def cite(self, view: GraphView, e: Evidence) -> int:
        key = (e.doc, e.start, e.end)
        if key not in self.index:
            d = view.documents.get(e.doc)
            cited = view.citation(e)  # the outlet as every surface names it: a copy says so
            self.items.append({
                "n": len(self.items) + 1, "quote": e.quote, "certainty": e.certainty.value, "cues": list(e.cues),
                "attribution": e.attribution, "outlet": cited.outlet, "url": cited.url,
                "published": cited.published, "title": d.title if d else None, "doc": e.doc})
            self.index[key] = len(self.items)
        return self.index[key]

    def hop(self, view: GraphView, h: Hop) -> list[int]:
        return sorted({self.cite(view, e) for e in h.evidence})


def _name(view: GraphView, node: str) -> str:
    """A node's name, with its Latin spelling beside a name in another script (linkwatch.romanise)."""
    return labelled(view.name(node))


def _segments(view: GraphView, p: EvidencePath, cites: Citations) -> list[dict[str, Any]]:
    """A path as alternating node / hop segments, each hop with its label and citation numbers."""
    out: list[dict[str, Any]] = [{"node": _name(view, p.nodes[0])}]
    for i, h in enumerate(p.hops):
        out.append({"type": h.type, "forward": h.source == p.nodes[i], "certainty": h.certainty.value,
                    "label": h.label, "hedged": h.hedged, "grade": h.grade, "cites": cites.hop(view, h)})
        out.append({"node": _name(view, p.nodes[i + 1])})
    return out


def _link_row(view: GraphView, link: Link, cites: Citations, n_paths: int = 2) -> dict[str, Any]:
    first, last = link.seen(view)
    return {"a": _name(view, link.a), "b": _name(view, link.b), "grade": link.grade, "confidence": link.confidence,
            "certainty": link.certainty.value, "sources": link.sources, "first": first, "last": last,
            "kinds": link.kinds, "n_paths": len(link.paths),
            "paths": [{"grade": p.grade, "certainty": p.certainty.value, "kind": p.kind,
                       "segments": _segments(view, p, cites)} for p in link.paths[:n_paths]]}


def _item_row(view: GraphView, item: Item, cites: Citations) -> dict[str, Any]:
    return {"date": item.date, "precision": item.precision, "reported": item.reported, "text": item.text,
            "place": item.place, "certainty": item.certainty.value, "label": item.label,
            "hedged": item.certainty.value != "asserted" or item.contested,
            "grade": item.grade, "sources": item.sources, "outlets": item.outlets, "others": item.others,
            "cites": sorted({cites.cite(view, e) for e in item.evidence})}


def context(view: GraphView, focus: str | None = None, title: str | None = None,
            max_links: int = 12) -> tuple[dict[str, Any], list[Hop]]:
    """Everything the templates show, and the hops the figure draws."""
    cites = Citations()
    figure_hops: dict[str, Hop] = {}
    if focus and view.type_of(focus) != "organization":
        groups = actor_groups(view, focus)
        paths = sorted((ps[0] for ps in groups.values()), key=EvidencePath.rank)[:max_links]
        links_out = [{"a": _name(view, focus), "b": _name(view, p.nodes[-1]), "grade": p.grade,
                      "confidence": p.confidence, "certainty": p.certainty.value, "sources": len(p.sources),
                      "first": p.date(view), "last": p.date(view), "kinds": [p.kind], "n_paths": len(groups[p.nodes[-1]]),
                      "paths": [{"grade": p.grade, "certainty": p.certainty.value, "kind": p.kind,
                                 "segments": _segments(view, p, cites)}]} for p in paths]
        for p in paths:
            figure_hops.update({h.key: h for h in p.hops})
        figure_hops.update({h.key: h for h in view.by_node.get(focus, [])})
    else:
        found = org_links(view, focus)[:max_links]
        links_out = [_link_row(view, k, cites) for k in found]
        for k in found:
            for p in k.paths[:2]:
                figure_hops.update({h.key: h for h in p.hops})
    if focus:
        t = timeline(view, focus, include_members=view.type_of(focus) == "organization")
        dated, undated = t.dated, t.undated
    else:
        everything = all_events(view)
        dated, undated = everything.dated, everything.undated
    verdicts = classify(view)
    focus_info = None
    if focus:
        e = view.entities[focus]
        focus_info = {"name": labelled(e.name), "type": e.type, "aliases": view.aliases(focus), "id": focus,
                      "classification": verdicts[focus].reason if focus in verdicts else None,
                      "watched": focus in view.watched_ids()}
    hedged = sum(1 for r in view.relations.values() if r.certainty.value != "asserted")
    ctx = {
        "title": title or (f"Brief: {_name(view, focus)}" if focus else "Brief: links between organisations"),
        "focus": focus_info,
        "as_of": max((d.ingested_at or "" for d in view.documents.values()), default="")[:19].replace("T", " "),
        "counts": {"documents": len(view.documents), "entities": len(view.entities), "events": len(view.events),
                   "relations": len(view.relations), "hedged": hedged},
        "links": links_out,
        "dated": [_item_row(view, i, cites) for i in dated],
        "undated": [_item_row(view, i, cites) for i in undated],
        "citations": cites.items,
    }
    return ctx, list(figure_hops.values())


def _cell(value: object) -> str:
    """One Markdown table cell: no line breaks, no bare pipes (autoescaping still applies after)."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _mdurl(value: object) -> str:
    """A URL safe inside a Markdown link destination."""
    return str(value).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("linkwatch.report", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "md", "j2"), default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["cell"] = _cell
    env.filters["mdurl"] = _mdurl
    return env


def render_html(view: GraphView, focus: str | None = None, title: str | None = None, max_links: int = 12) -> str:
    ctx, hops = context(view, focus, title, max_links)
    svg = figure.draw(view, hops, "svg")
    # An <img> data URI rather than inline SVG: whatever the names in the figure contain, nothing in it runs.
    ctx["figure"] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return _environment().get_template("brief.html.j2").render(**ctx)


def render_markdown(view: GraphView, png_name: str, focus: str | None = None, title: str | None = None,
                    max_links: int = 12) -> tuple[str, bytes]:
    ctx, hops = context(view, focus, title, max_links)
    ctx["figure"] = png_name
    text = _environment().get_template("brief.md.j2").render(**ctx)
    # Quotes need no escaping in Markdown prose (the only attributes written are numeric ids);
    # <, > and & stay escaped, which is what keeps article text from becoming markup.
    text = text.replace("&#39;", "'").replace("&#34;", '"')
    return text, figure.draw(view, hops, "png")


def write_brief(view: GraphView, output: Path, focus: str | None = None, title: str | None = None,
                max_links: int = 12) -> list[Path]:
    """Write brief.html (figure inline) or brief.md plus brief.png beside it; returns the files written."""
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.suffix.lower() == ".md":
        png = output.with_suffix(".png")
        text, image = render_markdown(view, png.name, focus, title, max_links)
        output.write_text(text, encoding="utf-8")
        png.write_bytes(image)
        return [output, png]
    output.write_text(render_html(view, focus, title, max_links), encoding="utf-8")
    return [output]
