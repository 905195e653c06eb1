"""Parses and lemmas the small model gets wrong in a way the rules cannot read around, put right before they
run (components ``linkwatch_lemmas_v1`` and ``linkwatch_reduced_relatives_v1``).

The lemmatizer cuts a past tense or a participle whose base ends in 'e' to a wrong word ('staged' -> 'stag'), and
the cue vocabularies look verbs up by lemma, so 'supporters staged a protest' had no organiser. A verb whose
lemma no vocabulary holds, and whose form less its ending is a verb one does hold, takes that lemma.

A reduced relative clause at the head of a sentence: 'Gunmen believed to be members of X attacked a mosque',
'Militants linked to X stormed the town', 'Men said to belong to X seized the port'. The model makes the
participle the sentence's main verb (with 'Gunmen' its subject) and what the gunmen did a clause under it,
without a subject, so no rule finds who attacked, and the attack, told by a verb with no one doing it, is
lost. The participle is one of the 'tie_verbs' (data/en/events.json: believe, suspect, link, say...), it has
no auxiliary and no object (not 'officials believed the report'), and the verb after it is in the past
tense with no subject of its own (not 'officials believed militants attacked'). The tree is rebuilt as it
should have been: the later verb is the sentence's main verb, the noun its subject, the participle a clause
describing the noun.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from linkwatch.data import load

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_CLAUSES = frozenset({"ccomp", "advcl", "conj", "dep", "parataxis"})
_VOCABULARIES = ("events.json", "roles.json", "certainty.json", "aliases.json")


def _words_of(value: object) -> Iterator[str]:
    """Every single word a vocabulary file holds, at any depth (verbs sit in lists, keys and phrases)."""
    if isinstance(value, str):
        yield from value.lower().replace("*", " ").replace("|", " ").split()
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "about":
                yield from _words_of(k)
                yield from _words_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from _words_of(v)


class LemmaRepair:
    """A verb's lemma the lemmatizer cut short, put back (see the module's docstring)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.known = frozenset(w for f in _VOCABULARIES for w in _words_of(load(f)) if w.isalpha())

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            if tok.pos_ != "VERB" or tok.lemma_.lower() in self.known:
                continue
            word = tok.lower_
            for ending, added in (("d", ""), ("s", ""), ("ing", "e")):  # staged, stages, staging: a base in 'e'
                base = word[: -len(ending)] + added
                if word.endswith(ending) and base in self.known:
                    tok.lemma_ = base
                    break
        return doc


class ReducedRelatives:
    """A reduced relative the model read as its sentence's main verb, rebuilt (see the module's docstring)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tie_verbs = frozenset(load("events.json")["tie_verbs"])

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            root = sent.root
            repair = self._misread(root)
            if repair is not None:
                subject, verb = repair
                children = [c for c in root.children if c.i > verb.i or c.dep_ == "punct"]
                verb.head, verb.dep_ = verb, "ROOT"
                subject.head = verb
                root.head, root.dep_ = subject, "acl"
                for c in children:  # the full stop, and whatever follows the real verb, go with it
                    if c.i != verb.i:
                        c.head = verb
        return doc

    def _misread(self, root: Token) -> tuple[Token, Token] | None:
        if root.lemma_.lower() not in self.tie_verbs or root.tag_ not in ("VBN", "VBD"):
            return None
        if any(c.dep_ in ("aux", "auxpass", "dobj", "neg") for c in root.children):
            return None
        subject = next((c for c in root.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
        if subject is None or subject.i > root.i:
            return None
        verb = next((c for c in root.children if c.dep_ in _CLAUSES and c.pos_ == "VERB" and c.tag_ == "VBD"
                     and c.i > root.i and not _has_subject(c)), None)
        return (subject, verb) if verb is not None else None


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in verb.children)
