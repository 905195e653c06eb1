"""Comparison features for entity resolution.

Each feature is a small function of two :class:`Profile` objects (a mention's and a
stored entity's) and their best :class:`NameMatch`. Its docstring is the explanation
``linkwatch explain`` shows beside its value, so it is written for an analyst.
The score is a weighted sum of the feature values (weights below), clipped to 0..1.

Tuning: the weights and thresholds were set on the name variants in
tests/resolve/test_names.py and the cases in tests/resolve/test_entities.py (spelling
variants of one person merge on their names alone; a surname alone needs a shared
affiliation and shared context; two people sharing a given name never merge;
a full-name match between people in two different groups waits for an analyst).
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from linkwatch.model import MatchOutcome
from linkwatch.resolve.names import NameMatch, profile_match

MERGE = 0.85  # at or above: same entity
UNSURE = 0.7  # between UNSURE and MERGE: not merged, proposed to an analyst


@dataclass
class Profile:
    """What is known about an entity (or a mention of one) beyond its names."""

    id: str | None
    type: str
    names: list[str]
    key: str | None = None  # reference-list identity
    affiliations: set[str] = field(default_factory=set)  # organisation ids it is a member or leader of
    orgs: set[str] = field(default_factory=set)  # organisations mentioned with it
    places: set[str] = field(default_factory=set)  # places mentioned with it
    roles: set[str] = field(default_factory=set)  # role words: commander, spokesperson
    # Affiliations of the other side that split from, front for or merged with one of this side's (filled by
    # the resolver for a pair whose affiliations differ: resolve.entities.LINEAGE).
    lineage: set[str] = field(default_factory=set)


def name_similarity(a: Profile, b: Profile, m: NameMatch) -> float:
    """Transliteration-aware similarity of the closest pair of names, 0-1: spelling variants
    (Qaddoumi / al-Qadoumi, Khaled / Khalid) score above 0.9; a surname or single name alone
    scores about 0.65 and needs context to merge; between two people known by full names only the
    full names count; generic words (Islamic, Front, Abu) and an acronym never seen with its
    expansion count for nothing, and two factions (JUI-F, JUI-S) never match; a building's name and
    the name without its noun ('Hotel Amarula' / 'the Amarula') match unless one is a gazetteer place
    (the town of Kuje is not the Kuje prison)."""
    if m.kind == "building" and (a.key or b.key):
        return min(m.score, 0.6)
    return m.score


def same_reference(a: Profile, b: Profile, m: NameMatch) -> float:
    """Both carry the same reference-list identity (organisation list, gazetteer): one thing."""
    return 1.0 if a.key and a.key == b.key else 0.0


def different_reference(a: Profile, b: Profile, m: NameMatch) -> float:
    """Both carry reference-list identities and they differ: two things, whatever their names."""
    return 1.0 if a.key and b.key and a.key != b.key else 0.0


def shared_affiliation(a: Profile, b: Profile, m: NameMatch) -> float:
    """Both are said to be members or leaders of the same organisation."""
    return 1.0 if a.affiliations & b.affiliations else 0.0


def affiliation_conflict(a: Profile, b: Profile, m: NameMatch) -> float:
    """Both have known affiliations and none is shared: a sign of two different people
    who share a name (two Khaleds in two groups). Not when one's group split from, fronts for or merged
    with the other's: a splinter's leaders came from the group they left."""
    if a.lineage or b.lineage:
        return 0.0
    return 1.0 if a.affiliations and b.affiliations and not a.affiliations & b.affiliations else 0.0


def shared_context(a: Profile, b: Profile, m: NameMatch) -> float:
    """Groups and places mentioned around both overlap: 0.5 for one in common, 1.0 for two or more."""
    return min(1.0, (len(a.orgs & b.orgs) + len(a.places & b.places)) / 2)


def shared_role(a: Profile, b: Profile, m: NameMatch) -> float:
    """The same role word (commander, spokesperson, chief) is used for both."""
    return 1.0 if a.roles & b.roles else 0.0


Feature = Callable[[Profile, Profile, NameMatch], float]

WEIGHTS: dict[Feature, float] = {
    name_similarity: 1.0,
    shared_affiliation: 0.15,
    affiliation_conflict: -0.2,
    shared_context: 0.08,
    shared_role: 0.04,
    same_reference: 1.0,
    different_reference: -1.0,
}

EXPLANATIONS: dict[str, str] = {f.__name__: inspect.getdoc(f) or "" for f in WEIGHTS}


@dataclass
class Comparison:
    score: float
    outcome: MatchOutcome
    values: dict[str, float]
    match: NameMatch

    def features(self) -> dict[str, object]:
        """The record kept with a decision: every feature value, and the names that matched."""
        return {"score": self.score, "features": self.values, "name_match": self.match.describe(),
                "left": self.match.left, "right": self.match.right, "kind": self.match.kind}


def outcome_of(score: float) -> MatchOutcome:
    return MatchOutcome.SAME if score >= MERGE else MatchOutcome.UNSURE if score >= UNSURE else MatchOutcome.DIFFERENT


def compare(a: Profile, b: Profile) -> Comparison:
    """Score a mention's profile against a stored entity's."""
    m = profile_match(a.names, b.names, a.type)
    values = {f.__name__: round(f(a, b, m), 3) for f in WEIGHTS}
    if values["different_reference"]:
        score = 0.0
    elif values["same_reference"]:
        score = 1.0
    else:
        score = sum(w * values[f.__name__] for f, w in WEIGHTS.items())
        score = round(min(1.0, max(0.0, score)), 3)
    return Comparison(score, outcome_of(score), values, m)
