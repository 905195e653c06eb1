"""How sure a source was of what it said.

The four labels follow FORMAT.md: a claim in the source's own voice is
*asserted*; one attributed to others is *reported*; one flagged as doubtful is
*unverified*; one negated or denied is *denied*.
"""
from __future__ import annotations

from enum import StrEnum


class Certainty(StrEnum):
    ASSERTED = "asserted"
    REPORTED = "reported"
    UNVERIFIED = "unverified"
    DENIED = "denied"

    @property
    def strength(self) -> int:
        """Rank used when several evidence items disagree: the strongest label a
        source supports wins (FORMAT.md), and a denial is the weakest support."""
        return _STRENGTH[self]

    @classmethod
    def strongest(cls, labels: list[Certainty] | set[Certainty]) -> Certainty:
        """The strongest label among `labels`; asserted beats reported beats
        unverified beats denied."""
        if not labels:
            raise ValueError("no certainty labels given")
        return max(labels, key=lambda c: c.strength)


_STRENGTH = {
    Certainty.ASSERTED: 3,
    Certainty.REPORTED: 2,
    Certainty.UNVERIFIED: 1,
    Certainty.DENIED: 0,
}
