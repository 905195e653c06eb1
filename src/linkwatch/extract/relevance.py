"""Is this article about political violence, militancy or security at all? (component ``linkwatch_relevance_v1``)

A feed brings sports results, weather and markets along with the news analysts want. Such an
article is stored and searchable like any other, but its names (footballers, stadiums, a snowed-in
town) would only be noise in the graph. The gate scores an article by how many different words of
violence, militancy and security it uses (data/en/relevance.json) and by whether it names an
organisation from the reference list (a known actor): an article with too few of those words and no
known actor adds no entities, events or relations. The score and its reasons are kept with the
document's extraction, so an analyst can see why an article was left out; ``Settings.relevance_gate``
(``LINKWATCH_RELEVANCE_GATE``) turns the gate off.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.data import load
from linkwatch.extract.state import state_of


@dataclass
class Relevance:
    """Why an article was kept or left out of the graph."""

    score: int  # distinct cue words found
    threshold: int
    known_actors: list[str] = field(default_factory=list)  # reference-list organisations it names
    reasons: list[str] = field(default_factory=list)  # the cue words, in order found
    gated: bool = False  # True: the article adds nothing to the graph

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "threshold": self.threshold, "known_actors": self.known_actors,
                "reasons": self.reasons, "gated": self.gated}


class RelevanceGate:
    def __init__(self, nlp: Language, name: str, gate: bool = True) -> None:
        self.name = name
        self.gate = gate
        cfg = load("relevance.json")
        self.cues = frozenset(cfg["cues"])
        self.threshold: int = cfg["min_cues"]

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        found: list[str] = []
        for tok in doc:
            for word in (tok.lemma_.lower(), tok.lower_):
                if word in self.cues and word not in found:
                    found.append(word)
                    break
        actors = sorted({info.name for info in state.entities.values() if info.key and info.key.startswith("org:")})
        relevant = len(found) >= self.threshold or bool(actors)
        state.relevance = Relevance(score=len(found), threshold=self.threshold, known_actors=actors, reasons=found,
                                    gated=self.gate and not relevant)
        return doc
