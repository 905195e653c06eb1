"""CSV entity and link tables for i2 Analyst's Notebook and Maltego imports; -o names a folder.

- entities.csv: one row per person, organisation, place and event (i2 and Maltego both
  treat events as entities), with an identity column to join on;
- links.csv: one row per relation or event role, From ID → To ID, with the certainty
  in its own column *and* in the link label, so an import that keeps only the label
  still shows the hedge; "Arrows" uses Analyst's Notebook's arrow styles. "Date" is when
  it happened (the event's date, at its precision, for a link to an event), never when it
  was reported: that is "First Reported" / "Last Reported" (publication dates). Relations
  the sources do not date (a membership) have no Date;
- org_links.csv: the organisation link graph (analyse.links), best path spelled out.

Files are UTF-8 with a byte-order mark, which Excel and Analyst's Notebook need to
read non-ASCII names; lists inside a cell are joined with " | ".
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from linkwatch.analyse.classify import classify
from linkwatch.analyse.links import org_links
from linkwatch.analyse.view import GraphView, Hop, precision
from linkwatch.export import Format, register
from linkwatch.model import Certainty
from linkwatch.model.schema import schema
from linkwatch.store.base import Store

SEP = " | "
# From linkwatch/schema/*.yaml (`csv`, `symmetric`); tests/test_schema_meta.py checks they cover every type.
ENTITY_TYPES: dict[str, str] = {**{e.name: e.csv for e in schema().entities.values()}, "event": "Event"}
# Analyst's Notebook's default link strengths (the line style it draws): the certainty, as close as its
# three allow; a denial is drawn as tentative and says "[denied]" in its label (docs/exports.md).
STRENGTH = {Certainty.ASSERTED: "Confirmed", Certainty.REPORTED: "Unconfirmed", Certainty.UNVERIFIED: "Tentative",
            Certainty.DENIED: "Tentative"}
# Analyst's Notebook arrow styles: a symmetric relation has no direction to draw.
ARROWS: dict[str, str] = {r.name: "No arrows" if r.symmetric else "Arrow on head" for r in schema().relations.values()}
ENTITY_COLUMNS = ["Entity ID", "Entity Type", "Label", "Aliases", "Militant", "Classification", "Reference Key",
                  "Date", "Date Precision", "Location", "Event Type", "Watched", "Evidence"]
LINK_COLUMNS = ["Link ID", "From ID", "From Label", "To ID", "To Label", "Link Type", "Link Label", "Role",
                "Date", "Date Precision", "Certainty", "Grade", "Confidence", "Sources", "Outlets", "First Reported",
                "Last Reported", "Evidence Count", "Evidence", "Cues", "Attribution", "URLs", "Arrows", "Strength"]
ORG_LINK_COLUMNS = ["From ID", "From Label", "To ID", "To Label", "Link Type", "Certainty", "Grade", "Confidence",
                    "Sources", "First Seen", "Last Seen", "Paths", "Best Path"]


def _join(values: Any) -> str:
    return SEP.join(str(v) for v in values if v is not None and v != "")


def entity_rows(view: GraphView) -> list[dict[str, Any]]:
    verdicts = classify(view)
    watched = view.watched_ids()
    rows = []
    for e in view.entities.values():
        v = verdicts.get(e.id)
        rows.append({"Entity ID": e.id, "Entity Type": ENTITY_TYPES.get(e.type, e.type.title()), "Label": e.name,
                     "Aliases": _join(view.aliases(e.id)), "Militant": ("yes" if v.militant else "no") if v else "",
                     "Classification": v.reason if v else "", "Reference Key": e.key or "",
                     "Watched": "yes" if e.id in watched else "no"})
    for ev in view.events.values():
        rows.append({"Entity ID": ev.id, "Entity Type": "Event", "Label": view.event_label(ev),
                     "Date": ev.date or "", "Date Precision": precision(ev.date) if ev.date else "",
                     "Location": view.name(ev.location) if ev.location else "", "Event Type": ev.type,
                     "Evidence": _join(view.cite(x) for x in ev.evidence)})
    return sorted(rows, key=lambda r: (r["Entity Type"], r["Label"], r["Entity ID"]))


def link_date(view: GraphView, h: Hop) -> str | None:
    """When a link happened, as precisely as the sources say: the date of the event it ties to."""
    for end in (h.target, h.source):
        event = view.events.get(end)
        if event is not None and event.date:
            return event.date
    return None


def _link_row(view: GraphView, h: Hop) -> dict[str, Any]:
    published = sorted(p for p in (view.published(e.doc) for e in h.evidence) if p)
    date = link_date(view, h)
    return {
        "Link ID": h.key, "From ID": h.source, "From Label": view.name(h.source), "To ID": h.target,
        "To Label": view.name(h.target), "Link Type": h.type,
        "Link Label": h.labelled(),
        "Role": h.role or "", "Date": date or "", "Date Precision": precision(date) if date else "",
        "Certainty": h.certainty.value, "Grade": h.grade, "Confidence": h.confidence,
        "Sources": len(h.sources), "Outlets": _join(sorted({view.outlet_label(e.doc) for e in h.evidence})),
        "First Reported": published[0] if published else "", "Last Reported": published[-1] if published else "",
        "Evidence Count": len(h.evidence), "Evidence": _join(view.cite(e) for e in h.evidence),
        "Cues": _join(sorted({c for e in h.evidence for c in e.cues})),
        "Attribution": _join(sorted({e.attribution for e in h.evidence if e.attribution})),
        "URLs": _join(sorted({u for u in (view.url(e.doc) for e in h.evidence) if u})),
        "Arrows": ARROWS[h.type], "Strength": STRENGTH[h.certainty],
    }


def link_rows(view: GraphView) -> list[dict[str, Any]]:
    return sorted((_link_row(view, h) for h in view.hops), key=lambda r: (r["Link Type"], r["From Label"],
                                                                          r["To Label"], r["Link ID"]))


def org_link_rows(view: GraphView) -> list[dict[str, Any]]:
    rows = []
    for k in org_links(view):
        first, last = k.seen(view)
        rows.append({"From ID": k.a, "From Label": view.name(k.a), "To ID": k.b, "To Label": view.name(k.b),
                     "Link Type": _join(k.kinds), "Certainty": k.certainty.value, "Grade": k.grade,
                     "Confidence": k.confidence, "Sources": k.sources, "First Seen": first or "",
                     "Last Seen": last or "", "Paths": len(k.paths), "Best Path": k.best.describe(view)})
    return rows


def _write(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def write_tables(store: Store, folder: Path) -> int:
    view = GraphView.load(store)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file; --format csv writes a folder of tables")
    folder.mkdir(parents=True, exist_ok=True)
    tables = [("entities.csv", ENTITY_COLUMNS, entity_rows(view)), ("links.csv", LINK_COLUMNS, link_rows(view)),
              ("org_links.csv", ORG_LINK_COLUMNS, org_link_rows(view))]
    for name, columns, rows in tables:
        _write(folder / name, columns, rows)
    return sum(len(rows) for _, _, rows in tables)


register(Format("csv", write_tables, "", "CSV entity and link tables for i2 Analyst's Notebook / Maltego (-o folder)",
                to_path=True))
