"""A trained back-off for relations the rules leave unsaid (component ``linkwatch_learned_relations_v1``).

The rule components know the constructions someone wrote down; a writer elsewhere says the same thing
another way. For every two names in one sentence that no rule has related (a person and a group, two
groups, two people), a linear classifier trained on annotated public text (tools/train_relations.py;
the artefact ``data/en/relation_model.json`` names its sources and their licences) reads the general
features of :mod:`.relation_features` and may add one relation of the types it was trained for.

What it adds is a reading of the model, not a statement the rules recognised, so it is never firmer than
*reported*: the claim starts at that grade and the certainty component (which runs next) can only lower
it (a hedge, a denial). It runs only when :attr:`Settings.relation_model` names a model; off by default
until it helps on the dev set without hurting precision (the README's accuracy section has the figures).
"""
from __future__ import annotations

import errno
import json
import math
from bisect import bisect_right
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from linkwatch.data import load
from linkwatch.extract.relation_features import pair_features, path_between
from linkwatch.extract.state import Claim, state_of
from linkwatch.model import Certainty
from linkwatch.model.schema import schema

EXTRACTOR = "linkwatch.learned.v1"
SHIPPED = "re3d"  # Settings.relation_model's name for the model in the package
CEILING = Certainty.REPORTED  # the firmest grade a model's reading gets
MAX_GAP = 40  # tokens between two names beyond which no pair is read (one long sentence's worth)
TYPES = ("person", "organization")
NONE = "none"  # the class of a pair the model relates by nothing


def fits(label: str, types: tuple[str, str]) -> bool:
    """Whether a class can hold between two names of `types` (in text order), by the schema's ranges: a
    class is a relation type, with '>' (the first name is the source) or '<' (the second is) when the type
    is asymmetric between two of the same kind ('front_of>')."""
    if label == NONE:
        return True
    rel = schema().relation(label.rstrip("<>"))
    a, b = types
    if label.endswith(">"):
        return a in rel.source and b in rel.target
    if label.endswith("<"):
        return b in rel.source and a in rel.target
    return (a in rel.source and b in rel.target) or (b in rel.source and a in rel.target)


@dataclass(frozen=True)
class Prediction:
    label: str  # a class: a relation type, with '>'/'<' for direction between two of the same kind
    probability: float


class RelationModel:
    """A multinomial logistic regression over string features, as trained by tools/train_relations.py."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.classes: list[str] = list(spec["classes"])
        self.bias: list[float] = list(spec["bias"])
        self.weights: dict[str, list[float]] = spec["weights"]
        self.threshold: float = float(spec.get("threshold", 0.5))
        self.emit = frozenset(spec.get("emit", self.classes))
        self.spec = spec
        self._fit: dict[tuple[str, tuple[str, str]], bool] = {}

    def _fits(self, label: str, types: tuple[str, str]) -> bool:
        key = (label, types)
        if key not in self._fit:
            self._fit[key] = fits(label, types)
        return self._fit[key]

    @classmethod
    def named(cls, name: str) -> RelationModel:
        """The shipped model ('re3d'), or a model file written by tools/train_relations.py."""
        if name == SHIPPED:
            return cls(load("relation_model.json"))
        try:  # a missing file is an OSError naming it already; so is a file that is no model, below
            return cls(json.loads(Path(name).read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            raise OSError(errno.EINVAL, f"not a relation model written by tools/train_relations.py ({exc})",
                          name) from None

    def probabilities(self, features: list[str], types: tuple[str, str]) -> dict[str, float]:
        """P(class | features) over the classes the two types allow (with 'none')."""
        scores = {c: b for c, b in zip(self.classes, self.bias, strict=True) if self._fits(c, types)}
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                for c, v in zip(self.classes, w, strict=True):
                    if c in scores:
                        scores[c] += v
        top = max(scores.values())
        exp = {c: math.exp(s - top) for c, s in scores.items()}
        total = sum(exp.values())
        return {c: e / total for c, e in exp.items()}

    def predict(self, features: list[str], types: tuple[str, str]) -> Prediction:
        """The likeliest relation (never 'none') and its probability; the caller decides by the threshold,
        so recall can be traded for precision below an even chance."""
        probs = self.probabilities(features, types)
        probs.pop(NONE)
        if not probs:
            return Prediction(NONE, 1.0)
        label = max(probs, key=lambda c: probs[c])
        return Prediction(label, probs[label])


class LearnedRelations:
    """Adds the classifier's relation for each pair of names in a sentence that no rule related."""

    def __init__(self, name: str, model: str = "") -> None:
        self.name = name
        self.model = RelationModel.named(model) if model else None

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        state = state_of(doc)
        related = {frozenset((c.source, c.target)) for c in state.claims}
        names = sorted((s, e, ref, info.type) for ref, info in state.entities.items()
                       if info.type in TYPES and not info.generic for s, e in info.mentions)
        if len(names) < 2:
            return doc
        starts = [s.start for s in doc.sents]
        by_sentence: dict[int, list[tuple[int, int, str, str]]] = {}
        for n in names:
            by_sentence.setdefault(starts[max(0, bisect_right(starts, n[0]) - 1)], []).append(n)
        best: dict[tuple[str, str, int], tuple[Prediction, Claim]] = {}
        for sent_start, found in by_sentence.items():
            for a, b in combinations(found, 2):
                if a[2] == b[2] or a[1] > b[0] or b[0] - a[1] > MAX_GAP or frozenset((a[2], b[2])) in related:
                    continue
                others = sum(1 for n in found if n[0] >= a[1] and n[1] <= b[0])
                feats = pair_features(doc, (a[0], a[1]), (b[0], b[1]), a[3], b[3], others)
                pred = self.model.predict(feats, (a[3], b[3]))
                if pred.label == NONE or pred.label not in self.model.emit or pred.probability < self.model.threshold:
                    continue
                claim = self._claim(doc, pred.label, a, b, sent_start)
                key = (claim.source, claim.target, sent_start)
                if key not in best or best[key][0].probability < pred.probability:
                    best[key] = (pred, claim)
        state.claims += [claim for _, claim in best.values()]
        return doc

    def _claim(self, doc: Doc, label: str, a: tuple[int, int, str, str], b: tuple[int, int, str, str],
               sent_start: int) -> Claim:
        rtype = label.rstrip("<>")
        rel = schema().relation(rtype)
        forward = label.endswith(">") or (not label.endswith("<") and (
            rel.symmetric or (a[3] in rel.source and b[3] in rel.target)))
        src, tgt = (a, b) if forward else (b, a)
        ha, hb = doc[a[0]:a[1]].root, doc[b[0]:b[1]].root
        _, top, _ = path_between(ha, hb)
        anchor = top if top is not None else hb
        # The path turns at one of the names ('X, a commander of Y'; 'Y's X'): a description inside a noun
        # phrase, whose certainty is its own (extract/certainty.py).
        np_scope = anchor.i in (ha.i, hb.i)
        return Claim(rtype, src[2], tgt[2], anchor.i, EXTRACTOR, np_scope=np_scope, sent_start=sent_start,
                     certainty=CEILING.value)
