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

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from linkwatch.data import load
from linkwatch.extract.state import Claim, State, state_of
from linkwatch.model import Certainty

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
        self.content_nouns: dict[str, str] = cfg["content_nouns"]
        self.negated_nouns: dict[str, str] = cfg["negated_nouns"]
        self.denial_adjectives = frozenset(cfg["denial_adjectives"])
        self.copulas = frozenset(cfg["copulas"])
        self.existence_verbs = frozenset(cfg["existence_verbs"])
        self.negations = frozenset(w for w, lab in self.adverbs.items() if lab == "denied")
        self.contrast = frozenset(cfg["contrast_adverbs"])
        self._starts: dict[int, list[int]] = {}  # sentence start -> where its statements start, for _starts_doc
        self._starts_doc: Doc | None = None

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        doubtful: dict[int, tuple[str | None, str | None]] = {}
        for claim in state.claims:
            anchor = doc[claim.anchor]
            sent = anchor.sent
            cues = self._cues(anchor, claim.np_scope)
            part = self._part(anchor)
            if part not in doubtful:
                doubtful[part] = (self._doubt(sent, anchor), self._disputed(sent, anchor))
            doubt, dispute = doubtful[part]
            if doubt and not claim.np_scope:
                cues.append(("unverified", doubt, None))
            if dispute and not claim.np_scope:
                cues.append(("denied", dispute, None))
            if not claim.np_scope:
                cues += self._actor_cues(state, claim, anchor)
            self._settle(claim, cues)
        return doc

    def judge(self, anchor: Token, np_scope: bool = False) -> tuple[str, tuple[str, ...], str | None]:
        """Certainty label, cue words and attribution for a claim anchored at `anchor` (for tests)."""
        claim = Claim("x", "", "", anchor.i, EXTRACTOR, np_scope=np_scope)
        cues = self._cues(anchor, np_scope)
        doubt = self._doubt(anchor.sent, anchor)
        if doubt and not np_scope:
            cues.append(("unverified", doubt, None))
        self._settle(claim, cues)
        return claim.certainty, claim.cues, claim.attribution

    def _actor_cues(self, state: State, claim: Claim, anchor: Token) -> list[tuple[str, str, str | None]]:
        """'Suspected Islamic State militants attacked', 'gunmen believed to be members of X attacked', 'militants
        suspected of links to X': the phrase naming who acted hedges that it was this group, though the clause
        asserts that someone acted. Cues on the way from the group's name up to the head of the anchor's
        subject or agent: adjectives of the noun phrase ('alleged', 'suspected') and the participle tying
        the people to the group ('believed', 'said', 'suspected')."""
        info = state.entities.get(claim.source)
        if info is None or anchor.pos_ not in ("VERB", "AUX"):
            return []
        verb = anchor
        while not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children) and \
                verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # '..., killing a police officer': the subject of the verb it goes with
        phrases = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        phrases += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        found: list[tuple[str, str, str | None]] = []
        for phrase in phrases:
            for s, e in info.mentions:
                if not (phrase.left_edge.i <= s and e - 1 <= phrase.right_edge.i):
                    continue
                tok = anchor.doc[s:e].root
                for _ in range(8):  # up from the name to the phrase's head, never past it
                    if tok.dep_ == "acl" and tok.lemma_.lower() in self.verbs:
                        found.append((self.verbs[tok.lemma_.lower()], tok.text, None))
                    found += [(self.np_adjectives[c.lower_], c.text, None) for c in tok.children
                              if c.dep_ == "amod" and c.lower_ in self.np_adjectives]
                    if tok.i == phrase.i or tok.head.i == tok.i:
                        break
                    tok = tok.head
        return found

    def _settle(self, claim: Claim, cues: list[tuple[str, str, str | None]]) -> None:
        if claim.certainty != Certainty.ASSERTED.value and claim.cues:
            # A claim its finder already judged by its own cue ('blamed X': reported by the blamer) keeps
            # that cue beside those of the clauses around it.
            cues = [(claim.certainty, claim.cues[0], claim.attribution), *cues]
        if not cues:
            return
        # The weakest label wins: 'reportedly ... purportedly' is unverified, any denial is a denial.
        claim.certainty = min((c[0] for c in cues), key=lambda lab: Certainty(lab).strength)
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
        own = self._own_predicate(anchor)
        cur, below = anchor, None
        for _ in range(40):  # a sentence is never deeper; guards against a malformed tree
            if not self._coordinate(below):
                found += self._clause_cues(cur, below, anchor, own)
            if cur.dep_ in _BOUNDARY and not (cur.dep_ == "relcl" and self._narrative(cur)) \
                    and not self._content_clause(cur):
                break
            if cur.dep_ in _SUBJECT or cur.head.i == cur.i:
                if cur.dep_ in _SUBJECT and below is not None and self._content_clause(below):
                    found += self._judged_subject(cur)  # 'Reports that X met Y are baseless'
                break
            if self._part(cur) != self._part(cur.head):
                break  # '...; however, officials suspected Y': a hedge never crosses into another statement
            cur, below = cur.head, cur
        if own is not None and anchor.dep_ in _SUBJECT:
            # 'the meeting never took place': the climb stops at the subject, the denial is on its verb
            found += [(self.adverbs[c.lower_], c.text, None) for c in own.children
                      if c.dep_ in ("advmod", "neg") and c.lower_ in self.negations]
        return found

    def _coordinate(self, below: Token | None) -> bool:
        """'Hamas reportedly met Hezbollah, and Jaish attended the rally': a coordinated clause with its own
        subject is a statement of its own; the first clause's adverbs, modals and verb are not its cues (a
        verb governing both clauses still is: the climb goes on above)."""
        return below is not None and below.dep_ == "conj" and below.pos_ in ("VERB", "AUX") and \
            any(c.dep_ in _SUBJECT for c in below.children)

    def _part(self, tok: Token) -> int:
        """Which statement of its sentence a token is in: a semicolon or a contrast adverb ('however',
        'nevertheless') opening a clause starts a new one. Returns the token index the statement starts at.
        A sentence's statement starts are found once per document (the doubt and dispute scans ask for every
        token of a sentence)."""
        starts = self._statement_starts(tok.sent)
        return starts[bisect_right(starts, tok.i) - 1]

    def _statement_starts(self, sent: Span) -> list[int]:
        if sent.doc is not self._starts_doc:
            self._starts, self._starts_doc = {}, sent.doc
        starts = self._starts.get(sent.start)
        if starts is None:
            starts = [sent.start] + [t.i for t in sent if t.text == ";" or (
                t.lower_ in self.contrast and t.dep_ in ("advmod", "cc") and t.i > sent.start and t.nbor(-1).is_punct)]
            self._starts[sent.start] = starts
        return starts

    def _statement(self, sent: Span, anchor: Token) -> Span:
        """The tokens of the anchor's statement (see _part)."""
        starts = self._statement_starts(sent)
        k = bisect_right(starts, anchor.i)
        return sent.doc[starts[k - 1]:starts[k] if k < len(starts) else sent.end]

    def _own_predicate(self, anchor: Token) -> Token | None:
        """The verb whose negation denies this claim: the anchor itself when it is a verb; the copula
        of a predicate ('was not [present]', 'is not a [member]', 'was not in [attendance]'); the
        verb of an occurrence's existence ('the [meeting] never took place'). A noun that is only an
        argument of some other verb ('commented on the [meeting]') has none."""
        if anchor.pos_ in ("VERB", "AUX"):
            return anchor
        cur = anchor
        if cur.dep_ in _SUBJECT:
            return cur.head if cur.head.lemma_.lower() in self.existence_verbs else None
        if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            cur = cur.head  # 'in attendance', 'behind the attack'
        if cur.dep_ in ("acomp", "attr", "oprd", "prep") and cur.head.lemma_.lower() in self.copulas:
            return cur.head
        return None

    def _content_clause(self, verb: Token) -> bool:
        """'reports that X met Y', 'the claim that ...': a clause stating what a noun says, which its
        noun governs like a verb of saying governs its object clause."""
        return verb.dep_ in ("acl", "relcl") and verb.head.lemma_.lower() in self.content_nouns and \
            any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in verb.children)

    def _verdict(self, noun: Token) -> list[tuple[str, str, str | None]]:
        """'X met Y last year, [an allegation] his lawyer denied': a content noun set beside the clause
        names what the clause is, and its own clause may judge it."""
        out: list[tuple[str, str, str | None]] = [(self.content_nouns[noun.lemma_.lower()], noun.text, None)]
        for v in noun.children:
            lemma = v.lemma_.lower()
            if v.dep_ in ("relcl", "acl") and lemma in self.verbs and not any(c.dep_ == "neg" for c in v.children):
                out.append((self.verbs[lemma], v.text, self._attribution(v)))
        return out

    def _judged_subject(self, noun: Token) -> list[tuple[str, str, str | None]]:
        """'[Reports] that ... are baseless / false': the predicate judges the content noun's clause."""
        verb = noun.head
        for c in verb.children:
            if c.dep_ in ("acomp", "attr", "oprd") and c.lemma_.lower() in self.denial_adjectives:
                return [("denied", c.text, None)]
        return []

    def _narrative(self, verb: Token) -> bool:
        """'..., where he addressed a rally': a where/when clause carries the story on, it does not describe."""
        return any(c.lower_ in self.narrative for c in verb.children if c.dep_ in ("advmod", "mark"))

    def _clause_cues(self, tok: Token, below: Token | None, anchor: Token,
                     own: Token | None) -> list[tuple[str, str, str | None]]:
        out: list[tuple[str, str, str | None]] = []
        lemma = tok.lemma_.lower()
        negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in self.negations) for c in tok.children)
        if below is not None and lemma in self.verbs and tok.pos_ in ("VERB", "AUX"):
            # 'has not denied that X attended' denies nothing: a negated denial is skipped
            if not (negated and self.verbs[lemma] == "denied"):
                out.append((self.verbs[lemma], tok.text, self._attribution(tok)))
        if below is not None and self._content_clause(below):
            label = self.content_nouns[lemma]
            if any(c.dep_ == "amod" and c.lemma_.lower() in self.denial_adjectives for c in tok.children):
                label = "denied"  # 'baseless reports that ...'
            out.append((label, tok.text, None))
        if tok.pos_ == "NOUN" and lemma in self.negated_nouns and \
                any(c.lower_ == "no" and c.dep_ in ("det", "neg") for c in tok.children):
            out.append((self.negated_nouns[lemma], f"no {tok.text}", None))  # 'there is no truth in ...'
        if lemma in self.as_verbs and tok.pos_ == "VERB" and any(c.lower_ == "as" for c in tok.children):
            if below is not None or tok is anchor:
                out.append((self.as_verbs[lemma], f"{tok.text} as", self._attribution(tok)))
        for child in tok.children:
            if child is below:
                continue
            low = child.lower_
            if child.dep_ in ("advmod", "neg") and low in self.adverbs:
                if low in self.negations and (own is None or tok.i != own.i):
                    continue  # negates another predicate: 'has not commented on the meeting'
                out.append((self.adverbs[low], child.text, None))
            elif child.dep_ == "aux" and low in self.modals:
                out.append((self.modals[low], child.text, None))
            elif child.dep_ in ("npadvmod", "appos") and child.pos_ == "NOUN" and child.lemma_.lower() in self.content_nouns:
                out += self._verdict(child)
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

    def _disputed(self, sent: object, anchor: Token) -> str | None:
        """'Officials say X and Y formed an alliance, but Pakistan denied the allegation': a denial of
        the sentence's own claim ('the allegation', 'the reports') disputes every claim in it."""
        for tok in self._statement(sent, anchor):  # type: ignore[arg-type]
            if self.verbs.get(tok.lemma_.lower()) == "denied" and tok.pos_ == "VERB" \
                    and not any(c.dep_ == "neg" for c in tok.children) \
                    and any(c.dep_ == "dobj" and c.lemma_.lower() in self.content_nouns and
                            any(d.dep_ == "det" and d.lower_ in ("the", "this", "these", "such") for d in c.children)
                            and not any(d.dep_ in ("acl", "relcl", "prep") for d in c.children)
                            for c in tok.children):
                return tok.text
        return None

    def _doubt(self, sent: object, anchor: Token) -> str | None:
        """'..., but independent verification is lacking', 'could not be independently verified': a verdict
        on what its statement says (not past a semicolon or a 'however')."""
        for tok in self._statement(sent, anchor):  # type: ignore[arg-type]
            low = tok.lower_
            if low in self.doubt_words:
                return tok.text
            if tok.lemma_.lower() in self.verify_words:
                near = [tok.head, *tok.children, *tok.head.children,
                        *(g for c in tok.children if c.dep_ in _SUBJECT for g in c.children)]  # 'neither side confirmed'
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
