"""How sure the source is of each claim, from cues with syntactic scope (component ``linkwatch_certainty_v1``).

A cue governs the clause it attaches to. From the claim's anchor token we climb
the dependency tree through the clauses that embed it and collect cues on the
way: adverbs and modals on each clause's verb ('reportedly', 'purportedly',
'may'), governing verbs ('analysts say', 'videos suggest', 'denied'),
'viewed as', 'according to'. The climb stops where a description begins its own
statement: an apposition or a who/which relative clause keeps its own
certainty, so 'purportedly' in 'Also purportedly in attendance were Talha Saif,
brother of JeM chief Masood Azhar' hedges the attendance, not the kinship. A
subject noun phrase is presupposed, not asserted by its clause: the climb does
not pass from a subject to its verb.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from linkwatch.extract.state import Claim, state_of
from linkwatch.extract.vocab import load

EXTRACTOR = "linkwatch.certainty.v1"
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_BOUNDARY = frozenset({"relcl", "appos", "acl"})


class CertaintyJudge:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("certainty.json")
        self.adverbs: dict[str, str] = cfg["adverbs"]
        self.modals: dict[str, str] = cfg["modals"]
        self.verbs: dict[str, str] = cfg["verbs"]
        self.as_verbs: dict[str, str] = cfg["as_verbs"]
        self.according: str = cfg["according_to"]
        self.np_adjectives: dict[str, str] = cfg["np_adjectives"]
        self.doubt_words = frozenset(cfg["doubt_words"])
        self.verify_words = frozenset(cfg["verify_words"])
        self.verify_negators = frozenset(cfg["verify_negators"])
        self.narrative = frozenset(cfg["narrative_relatives"])
        self.strength: dict[str, int] = cfg["strength"]

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        doubtful: dict[int, str | None] = {}
        for claim in state.claims:
            anchor = doc[claim.anchor]
            sent = anchor.sent
            if sent.start not in doubtful:
                doubtful[sent.start] = self._doubt(sent)
            cues = self._cues(anchor, claim.np_scope)
            if doubtful[sent.start] and not claim.np_scope:
                cues.append(("unverified", doubtful[sent.start] or "", None))
            self._settle(claim, cues)
        return doc

    def judge(self, anchor: Token, np_scope: bool = False) -> tuple[str, tuple[str, ...], str | None]:
        """Certainty label, cue words and attribution for a claim anchored at `anchor` (for tests)."""
        claim = Claim("x", "", "", anchor.i, EXTRACTOR, np_scope=np_scope)
        cues = self._cues(anchor, np_scope)
        doubt = self._doubt(anchor.sent)
        if doubt and not np_scope:
            cues.append(("unverified", doubt, None))
        self._settle(claim, cues)
        return claim.certainty, claim.cues, claim.attribution

    def _settle(self, claim: Claim, cues: list[tuple[str, str, str | None]]) -> None:
        if not cues:
            return
        # The weakest label wins: 'reportedly ... purportedly' is unverified, any denial is a denial.
        claim.certainty = min((c[0] for c in cues), key=lambda lab: self.strength[lab])
        claim.cues = tuple(dict.fromkeys(c[1] for c in cues if c[1]))
        claim.attribution = next((c[2] for c in cues if c[2]), None)

    def _cues(self, anchor: Token, np_scope: bool) -> list[tuple[str, str, str | None]]:
        found: list[tuple[str, str, str | None]] = []
        for child in anchor.children:
            lab = self.np_adjectives.get(child.lower_)
            if lab and child.dep_ in ("amod", "advmod"):
                found.append((lab, child.text, None))
        if np_scope:
            return found
        cur, below = anchor, None
        for _ in range(40):  # a sentence is never deeper; guards against a malformed tree
            found += self._clause_cues(cur, below, anchor)
            if cur.dep_ in _BOUNDARY and not (cur.dep_ == "relcl" and self._narrative(cur)):
                break
            if cur.dep_ in _SUBJECT or cur.head.i == cur.i:
                break
            cur, below = cur.head, cur
        return found

    def _narrative(self, verb: Token) -> bool:
        """'..., where he addressed a rally': a where/when clause carries the story on, it does not describe."""
        return any(c.lower_ in self.narrative for c in verb.children if c.dep_ in ("advmod", "mark"))

    def _clause_cues(self, tok: Token, below: Token | None, anchor: Token) -> list[tuple[str, str, str | None]]:
        out: list[tuple[str, str, str | None]] = []
        lemma = tok.lemma_.lower()
        if below is not None and lemma in self.verbs and tok.pos_ in ("VERB", "AUX"):
            out.append((self.verbs[lemma], tok.text, self._attribution(tok)))
        if lemma in self.as_verbs and tok.pos_ == "VERB" and any(c.lower_ == "as" for c in tok.children):
            if below is not None or tok is anchor:
                out.append((self.as_verbs[lemma], f"{tok.text} as", self._attribution(tok)))
        for child in tok.children:
            if child is below:
                continue
            low = child.lower_
            if child.dep_ in ("advmod", "neg") and low in self.adverbs:
                out.append((self.adverbs[low], child.text, None))
            elif child.dep_ == "aux" and low in self.modals:
                out.append((self.modals[low], child.text, None))
            elif child.dep_ == "prep" and low == "according":
                pobj = [g for c in child.children for g in c.children if g.dep_ == "pobj"] + \
                       [c for c in child.children if c.dep_ == "pobj"]
                who = _phrase(pobj[0]) if pobj else None
                out.append((self.according, "according to", who))
        return out

    def _attribution(self, verb: Token) -> str | None:
        for c in verb.children:
            if c.dep_ == "nsubj" and c.lower_ not in ("it", "this", "that", "which", "who"):
                return _phrase(c)
            if c.dep_ == "agent":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                if pobj:
                    return _phrase(pobj[0])
        return None

    def _doubt(self, sent: object) -> str | None:
        """'..., but independent verification is lacking', 'could not be independently verified'."""
        for tok in sent:  # type: ignore[attr-defined]
            low = tok.lower_
            if low in self.doubt_words:
                return tok.text
            if tok.lemma_.lower() in self.verify_words:
                near = [tok.head, *tok.children, *tok.head.children]
                if any(n.lower_ in self.verify_negators or n.lemma_.lower() in self.verify_negators for n in near):
                    return tok.text
        return None


def _phrase(tok: Token) -> str:
    """Who is speaking: the noun phrase up to its head ('intelligence agencies', "the group's media
    office"), without a leading determiner or anything after the head."""
    start = tok.left_edge.i
    while start < tok.i and tok.doc[start].dep_ in ("det", "punct"):
        start += 1
    return tok.doc[start:tok.i + 1].text


def strength(label: str) -> int:
    return int(load("certainty.json")["strength"][label])
