"""One `linkwatch ingest` process for the concurrency test: waits at a start line, then runs the real CLI.

    python ingest_worker.py READY_FILE GO_FILE [--fake] -- linkwatch ingest arguments...

With --fake the spaCy extractor is replaced by :class:`GroupsExtractor` (string search for a few group names),
which is enough to exercise storage, deduplication and near-duplicate marking, where races live, in a
fraction of the time. Without it the real pipeline runs. The worker writes READY_FILE once everything is
imported (and, for the real pipeline, the model loaded), then waits for GO_FILE, so that the processes
start writing at the same moment, on a store none of them has created yet.
"""
from __future__ import annotations

import re
import sys
import time
import types
from pathlib import Path

from linkwatch.model import Certainty, DocExtraction, Document, Evidence, LocalEntity, LocalRelation, Mention

GROUPS = {"Hamas": "org:hamas", "Lashkar-e-Taiba": "org:let", "Jaish-e-Mohammed": "org:jem",
          "Hizbul Mujahideen": "org:hm", "Tehreek-e-Taliban": "org:ttp", "Al-Shabaab": "org:shabaab"}


class GroupsExtractor:
    """Finds the groups of GROUPS by name and says that each two named in one sentence are allied: reported
    when the sentence says who says so, asserted otherwise."""

    name = "test.groups.v1"

    def extract(self, docs: list[Document]) -> list[DocExtraction]:
        return [self._one(d) for d in docs]

    def _one(self, doc: Document) -> DocExtraction:
        x = DocExtraction(doc.id, self.name)
        refs: dict[str, str] = {}
        for name, key in GROUPS.items():
            for m in re.finditer(re.escape(name), doc.text):
                ref = refs.setdefault(name, f"e{len(refs)}")
                if len(x.entities) < len(refs):
                    x.entities.append(LocalEntity(ref, "organization", name, key=key))
                x.mentions.append(Mention(m.start(), m.end(), name, "organization", ref))
        for sentence in re.finditer(r"[^.\n]+\.", doc.text):
            named = [n for n in GROUPS if n in sentence.group(0)]
            certainty = Certainty.REPORTED if " said" in sentence.group(0) else Certainty.ASSERTED
            for a, b in zip(named, named[1:], strict=False):
                ev = Evidence(doc.id, sentence.start(), sentence.end(), sentence.group(0), self.name, certainty,
                              ("said",) if certainty is Certainty.REPORTED else ())
                x.relations.append(LocalRelation("allied_with", refs[a], refs[b], [ev]))
        return x


def main(argv: list[str]) -> None:
    ready, go, *rest = argv
    fake = rest[0] == "--fake"
    args = rest[rest.index("--") + 1:]
    if fake:
        # The pipeline imports linkwatch.extract only to build its Extractor: a stand-in module spares
        # loading spaCy at all.
        stand_in = types.ModuleType("linkwatch.extract")
        stand_in.Extractor = lambda settings=None: GroupsExtractor()  # type: ignore[attr-defined]
        sys.modules["linkwatch.extract"] = stand_in
    else:
        from linkwatch.extract import Extractor

        loaded = Extractor()  # load the model before the start line, as a long-running ingest would have
        import linkwatch.extract

        linkwatch.extract.Extractor = lambda settings=None: loaded  # type: ignore[misc,assignment]
    from linkwatch.cli import main as cli

    Path(ready).write_text("ready")
    deadline = time.monotonic() + 120
    while not Path(go).exists():
        if time.monotonic() > deadline:
            sys.exit("never started")
        time.sleep(0.005)
    cli(args, prog_name="linkwatch")


if __name__ == "__main__":
    main(sys.argv[1:])
