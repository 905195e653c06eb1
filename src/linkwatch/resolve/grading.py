"""Grades for relations: how many independent sources, how credible the claim.

Independent sources: every evidence item belongs to a document; a document
that is a near-duplicate copy counts as its original, and documents from the
same outlet count once (an outlet repeating itself is not corroboration).

The Admiralty (NATO AJP-2.1) information-credibility scale, and how linkwatch
maps its evidence onto it (documented in docs/grading.md):

    1 confirmed       asserted by >= 3 independent sources, none denying
    2 probably true   asserted by >= 2 independent sources, or asserted + reported by others
    3 possibly true   asserted or reported by one source, or reported by several
    4 doubtful        only unverified claims, or any claim contradicted by a denial
    5 improbable      denied, with nothing stronger than unverified support
    6 cannot be judged (no usable evidence)

STIX 2.1 confidence uses the STIX "Admiralty Credibility" mapping from the
STIX 2.1 specification, appendix A (1→90, 2→70, 3→50, 4→30, 5→10, 6→None shown as 0).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linkwatch.model import Certainty
from linkwatch.store.base import SourceRow

STIX_CONFIDENCE = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10, 6: 0}


@dataclass(frozen=True)
class Grade:
    certainty: Certainty
    sources: int
    grade: int
    confidence: int
    denied: bool


def independent_source(row: SourceRow) -> str:
    """The key under which a document counts as a source: its outlet when known,
    else its original document (copies collapse onto their original)."""
    if row.source:
        return "outlet:" + row.source.strip().casefold()
    return "doc:" + (row.copy_of or row.doc_id)


def grade(rows: Sequence[SourceRow]) -> Grade:
    if not rows:
        return Grade(Certainty.UNVERIFIED, 0, 6, STIX_CONFIDENCE[6], False)
    by_label: dict[Certainty, set[str]] = {c: set() for c in Certainty}
    for row in rows:
        by_label[Certainty(row.certainty)].add(independent_source(row))
    sources = len({independent_source(r) for r in rows})
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
    elif asserted >= 2 or (asserted >= 1 and reported >= 1):
        g = 2
    else:
        g = 3
    if denied and g < 4:
        g += 1  # a denial never erases support, but it always costs a step
    return Grade(label, sources, g, STIX_CONFIDENCE[g], denied)
