#!/usr/bin/env python3
"""A second public check of generality: who carried out an attack, against MUC-4's incident templates.

    python benchmarks/muc4.py [--split test] [--limit N] [--relation-model re3d]

MUC-4 (../shared/train/muc4, the processed JSON of xinyadu/gtt; see ../shared/train/README.md) is 1989-91
FBIS newswire about Latin America, *lower-cased*, with one template per incident: its type and the
perpetrator organisation (PerpOrg), each filler a list of coreferent mentions with their offsets. Nobody
tunes linkwatch to it; lower-cased text is what an English NER model reads worst, so it is a floor, not a
target.

For every incident of an attack type (attack, bombing, kidnapping, arson and the combined ones) that names a
perpetrator organisation, it asks:

* *found as an entity*: some organisation linkwatch extracted covers one of the filler's mentions (its
  characters overlap a mention of the entity, or the mention's folded text is the entity's name or an alias);
* *found as perpetrator*: that organisation is the source of a ``carried_out`` or ``claimed_responsibility``
  relation in the document (to any event: MUC's incidents are not matched to linkwatch's one by one).

It prints both recalls and how many documents the relevance gate held back.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = ROOT.parent / "shared" / "train" / "muc4"
ATTACKS = frozenset({"attack", "bombing", "kidnapping", "arson", "attack / bombing", "bombing / attack"})
PERPETRATION = frozenset({"carried_out", "claimed_responsibility"})


def perpetrators(record: dict[str, Any]) -> list[list[tuple[str, int]]]:
    """The perpetrator organisations of a document's attack incidents, each a list of (mention, offset)."""
    out: list[list[tuple[str, int]]] = []
    for template in record["templates"]:
        if template["incident_type"] in ATTACKS:
            for entity in template["PerpOrg"]:
                mentions = [(str(m), int(o)) for m, o in entity]
                if mentions and mentions not in out:
                    out.append(mentions)
    return out


def found(extraction: dict[str, Any], mentions: list[tuple[str, int]]) -> tuple[bool, bool]:
    """(an extracted organisation covers the filler, that organisation is a perpetrator or claimant)."""
    from linkwatch.text import fold

    names = {str(e["ref"]): {fold(str(e["name"])), *(fold(str(a)) for a in e.get("aliases") or ())}
             for e in extraction["entities"] if e["type"] == "organization"}
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in extraction["mentions"]:
        if str(m["ref"]) in names:
            spans.setdefault(str(m["ref"]), []).append((int(m["start"]), int(m["end"])))
    covering = {ref for ref in names for text, at in mentions
                if fold(text) in names[ref] or any(s < at + len(text) and at < e for s, e in spans.get(ref, ()))}
    doers = {str(r["source"]) for r in extraction["relations"] if r["type"] in PERPETRATION}
    return bool(covering), bool(covering & doers)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--limit", type=int, default=None, help="the first N documents")
    ap.add_argument("--relation-model", default="", help="Settings.relation_model: 're3d' or a model file")
    args = ap.parse_args(argv)

    from linkwatch.extract import Extractor
    from linkwatch.model import Document
    from linkwatch.settings import Settings

    with (args.root / f"{args.split}.json").open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()][:args.limit]
    records = [r for r in records if perpetrators(r)]
    extractor = Extractor(Settings(relation_model=args.relation_model))
    docs = [Document(id=str(r["docid"]), raw_sha256="", text=str(r["doctext"]), origin="muc4") for r in records]
    total = as_entity = as_perpetrator = gated = 0
    for r, ex in zip(records, extractor.extract(docs), strict=True):
        out = ex.to_dict()
        gated += bool((out.get("relevance") or {}).get("gated"))
        for mentions in perpetrators(r):
            entity, perp = found(out, mentions)
            total += 1
            as_entity += entity
            as_perpetrator += perp
    print(f"MUC-4 {args.split}: {len(records)} documents with an attack's perpetrator organisation, "
          f"{total} organisations; found as an entity {as_entity / total:.3f} ({as_entity}/{total}), "
          f"as perpetrator or claimant {as_perpetrator / total:.3f} ({as_perpetrator}/{total}); "
          f"{gated} documents gated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
