"""The graph as JSON Lines (or one JSON object), exactly as ../shared/eval/FORMAT.md describes.

One object a line, each with a `kind`: document, mention, entity, event, relation.
Extra fields (grade, sources, cues, attribution) ride along; the scorer ignores them.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from linkwatch.model import Entity, Evidence
from linkwatch.store.base import Store
from linkwatch.text import fold


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"doc": e.doc, "text": e.quote, "start": e.start, "end": e.end, "certainty": e.certainty.value,
            "cues": list(e.cues), "attribution": e.attribution, "extractor": e.extractor}


def aliases(e: Entity) -> list[str]:
    """The entity's other names, each spelling once: names that fold alike ('Jaish-e-Mohammed',
    'JAISH E MOHAMMED') are one name wherever linkwatch looks names up, so the export lists the first."""
    seen = {fold(e.name)}
    out = []
    for a in e.aliases:
        key = fold(a.name)
        if key and key not in seen:
            seen.add(key)
            out.append(a.name)
    return out


def rows(store: Store) -> Iterator[dict[str, Any]]:
    for d in store.documents():
        extraction = store.extraction(d.id)
        yield {"kind": "document", "id": d.id, "source": d.origin, "outlet": d.source, "url": d.url,
               "title": d.title, "published": d.published, "language": d.language, "copy_of": d.copy_of,
               "ingested_at": d.ingested_at, "relevance": extraction.relevance if extraction else None}
    for m in store.mentions():
        yield {"kind": "mention", "id": f"m{m['id']}", "doc": m["doc_id"], "start": m["start"], "end": m["end"],
               "text": m["text"], "type": m["type"], "entity": m["entity_id"]}
    for e in store.entities():
        yield {"kind": "entity", "id": e.id, "type": e.type, "name": e.name, "aliases": aliases(e), "key": e.key,
               "first_seen": e.first_seen, **({"generic": True} if e.generic else {})}
    for v in store.events():
        yield {"kind": "event", "id": v.id, "type": v.type, "name": v.name, "date": v.date,
               "date_source": v.date_source, "location": v.location,
               "participants": v.participants, "organizers": v.organizers,
               "evidence": [_evidence(e) for e in v.evidence]}
    for r in store.relations():
        yield {"kind": "relation", "id": r.id, "type": r.type, "source": r.source, "target": r.target,
               "certainty": r.certainty.value, "role": r.role, "sources": r.sources, "grade": r.grade,
               "confidence": r.confidence, "first_seen": r.first_seen, "last_seen": r.last_seen,
               "former": r.former, "ended": r.ended,
               "evidence": [_evidence(e) for e in r.evidence]}


PLURAL = {"document": "documents", "mention": "mentions", "entity": "entities", "event": "events",
          "relation": "relations"}


def write_jsonl(store: Store, out: TextIO) -> int:
    n = 0
    for row in rows(store):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_json(store: Store, out: TextIO) -> int:
    graph: dict[str, list[dict[str, Any]]] = {}
    for row in rows(store):
        graph.setdefault(PLURAL[row["kind"]], []).append(row)
    json.dump(graph, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return sum(len(v) for v in graph.values())
