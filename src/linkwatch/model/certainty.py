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


# How every surface draws a label (the link chart, the map, GEXF for Gephi): one colour each, the hedged
# ones in colours that read as caution and a denial in red. The chart's dash patterns go with these.
COLOURS = {
    Certainty.ASSERTED: "#2d3748",
    Certainty.REPORTED: "#2b6cb0",
    Certainty.UNVERIFIED: "#c05621",
    Certainty.DENIED: "#c53030",
}

# How much of its grade's weight an edge keeps in graph exports (GEXF, GraphML), so that Gephi's
# weighted measures and edge widths do not count a rumour as a fact: a denial counts for nothing, a
# report for a bit more than half, a claim its own source doubts for under a third. The steps follow
# the labels' order of strength; the values are a judgement, not a fit to data.
EDGE_WEIGHT = {
    Certainty.ASSERTED: 1.0,
    Certainty.REPORTED: 0.6,
    Certainty.UNVERIFIED: 0.3,
    Certainty.DENIED: 0.0,
}
