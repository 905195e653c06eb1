"""The closed sets resolution speaks in: what an analyst judged, and what a comparison decided.

Like nomenklatura's ``Judgement``, these are enums in the model, so the store, the resolver,
the CLI and the API spell each value once. Both are ``StrEnum``: a member *is* its string,
so rows stored before the enums existed (plain text) compare equal to them.
"""
from __future__ import annotations

from enum import StrEnum


class MatchOutcome(StrEnum):
    """What resolution decided about a mention (or report) and a candidate: recorded with every decision."""

    SAME = "same"  # folded into the candidate
    UNSURE = "unsure"  # kept apart, and proposed to an analyst
    DIFFERENT = "different"  # kept apart


class Judgement(StrEnum):
    """An analyst's verdict on two entities or events. It beats any score and survives every re-run."""

    SAME = "same"
    NOT_SAME = "not-same"
    UNSURE = "unsure"

    @property
    def outcome(self) -> MatchOutcome:
        """The outcome a comparison takes when an analyst has judged the pair (`unsure` keeps them apart)."""
        return _OUTCOME[self]


_OUTCOME = {Judgement.SAME: MatchOutcome.SAME, Judgement.NOT_SAME: MatchOutcome.DIFFERENT,
            Judgement.UNSURE: MatchOutcome.UNSURE}
