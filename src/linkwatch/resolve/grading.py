"""Grades for relations: how many independent sources, how credible the claim.

Independent sources: documents are grouped so that a near-duplicate copy counts
with its original (``Document.copy_of``), and every document from one outlet counts
once (an outlet repeating itself, or syndicating a wire story, is not corroboration).
The groups are the connected components of "is a copy of" and "same outlet".

The Admiralty (NATO AJP-2.1) information-credibility scale, and how linkwatch
maps its evidence onto it (docs/grading.md has the full table and examples):

    1 confirmed        >= 3 independent sources assert it
    2 probably true    >= 2 assert it; or one asserts and another reports it; or >= 3 report it
    3 possibly true    one source asserts it, or one or two report it
    4 doubtful         only flagged as unverified / unconfirmed
    5 improbable       denied, with nothing stronger than unverified support
    6 cannot be judged no evidence
    A denial by any source costs a step (never below 4 through this rule): it is shown, not dropped.

STIX 2.1 confidence follows the specification's "Admiralty Credibility" mapping
(STIX 2.1, appendix on confidence scales): 1→90, 2→70, 3→50, 4→30, 5→10.
6 ("truth cannot be judged") has no STIX value; it is kept as 0 here (only a relation
without any evidence gets it, which the store never holds) and exporters may omit it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linkwatch.model import Certainty
from linkwatch.store.base import SourceRow

STIX_CONFIDENCE: dict[int, int] = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10, 6: 0}
LABELS = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
          6: "cannot be judged"}


@dataclass(frozen=True)
class Grade:
    certainty: Certainty
    sources: int
    grade: int
    confidence: int
    denied: bool

    @property
    def label(self) -> str:
        return LABELS[self.grade]


class _Groups:
    """Union-find over source keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def source_groups(rows: Sequence[SourceRow]) -> list[str]:
    """The independent source of each row (rows with an empty doc_id stand for every document of
    their outlet, as :meth:`Store.relation_source_groups` returns them)."""
    groups = _Groups()
    nodes = []
    for row in rows:
        outlet = "outlet:" + row.source.strip().casefold() if row.source and row.source.strip() else None
        node = "doc:" + row.doc_id if row.doc_id else outlet or "doc:?"
        groups.find(node)
        if row.copy_of:
            groups.union(node, "doc:" + row.copy_of)
        if outlet:
            groups.union(node, outlet)
        nodes.append(node)
    return [groups.find(n) for n in nodes]


def independent_sources(rows: Sequence[SourceRow]) -> dict[str, str]:
    """doc id → the key of its independent source (one per group of copies and same-outlet documents)."""
    return {row.doc_id: group for row, group in zip(rows, source_groups(rows), strict=True) if row.doc_id}


def grade(rows: Sequence[SourceRow]) -> Grade:
    if not rows:
        return Grade(Certainty.UNVERIFIED, 0, 6, STIX_CONFIDENCE[6], False)
    groups = source_groups(rows)
    by_label: dict[Certainty, set[str]] = {c: set() for c in Certainty}
    for row, group in zip(rows, groups, strict=True):
        by_label[Certainty(row.certainty)].add(group)
    sources = len(set(groups))
    label = Certainty.strongest([c for c, s in by_label.items() if s])
    asserted = len(by_label[Certainty.ASSERTED])
    reported = len(by_label[Certainty.REPORTED] - by_label[Certainty.ASSERTED])
    denied = bool(by_label[Certainty.DENIED])
    if label is Certainty.DENIED:
        g = 5
    elif label is Certainty.UNVERIFIED:
        g = 4
    elif asserted >= 3:
        g = 1
    elif asserted >= 2 or (asserted >= 1 and reported >= 1) or reported >= 3:
        g = 2
    else:
        g = 3
    if denied and g < 4:
        g += 1  # a denial never erases support, but it always costs a step
    return Grade(label, sources, g, STIX_CONFIDENCE[g], denied)
