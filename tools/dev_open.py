#!/usr/bin/env python3
"""Build the *open* part of the dev set: every dev document except a held-out cluster, with the gold cut
the same way ../shared/dev/tools/split_clusters.py cuts a cluster (an entity belongs when one of its names
appears in the kept texts; an event when its notes name a kept document; a relation or link when both ends
belong). Accuracy work is scored on this corpus; the held-out cluster is scored only before and after.

    python3 tools/dev_open.py [--hold colombia] [--out /tmp/dev-open]
    ../shared/eval/run-corpus /tmp/dev-open /tmp/dev-open/gold.json
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"
CLUSTERS = {"bla": range(1, 9), "nigeria": range(9, 17), "syria": range(17, 25), "mozambique": range(25, 33),
            "colombia": range(33, 41)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hold", default="colombia", choices=sorted(CLUSTERS))
    ap.add_argument("--out", default="/tmp/dev-open")
    ap.add_argument("--dev", default=str(DEV))
    args = ap.parse_args()
    dev = Path(args.dev)
    held = set(CLUSTERS[args.hold])
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    manifest = [json.loads(line) for line in (dev / "docs" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    rows = [m for m in manifest if int(m["path"][:2]) not in held]
    numbers = {int(m["path"][:2]) for m in rows}
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    texts = []
    for m in rows:
        shutil.copy(dev / "docs" / m["path"], out / m["path"])
        texts.append((dev / "docs" / m["path"]).read_text(encoding="utf-8"))
    (out / "manifest.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in rows),
                                        encoding="utf-8")
    ents = [e for e in gold["entities"] if any(n in t for n in e["names"] for t in texts)]
    keys = {e["key"] for e in ents}
    events = []
    for ev in gold["events"]:
        docs = {int(d) for span in re.findall(r"Docs? ([0-9][0-9 ,and]*)", ev["about"]) for d in re.findall(r"\d+", span)}
        actors = set(ev["participants"]) | set(ev["organizers"])
        if (docs & numbers) or (not docs and actors and actors <= keys):
            events.append({**ev, "participants": [a for a in ev["participants"] if a in keys],
                           "organizers": [a for a in ev["organizers"] if a in keys],
                           "locations": [a for a in ev.get("locations", []) if a in keys]})
    keys |= {ev["key"] for ev in events}
    cut = {**gold, "about": f"The dev set without the {args.hold} cluster (tools/dev_open.py).",
           "entities": ents, "events": events,
           "relations": [r for r in gold["relations"] if r["source"] in keys and r["target"] in keys],
           "org_links": [link for link in gold["org_links"] if set(link) <= keys],
           "org_links_optional": [link for link in gold.get("org_links_optional", []) if set(link) <= keys],
           "forbidden_names": gold.get("forbidden_names", [])}
    (out / "gold.json").write_text(json.dumps(cut, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} documents, {len(ents)} entities, {len(events)} events, "
          f"{len(cut['relations'])} relations, {len(cut['org_links'])} org links (held out: {args.hold})")


if __name__ == "__main__":
    main()
