"""Words of one language as the multilingual reader uses them: tokens of the text, and phrase sets.

Text is cut into word tokens (letters, combining marks and digits) with their offsets; each token
carries its exact key (:func:`linkwatch.text.script_fold`) and, for Arabic, the key with a clitic
prefix cut (و, ب, ل: 'وحزب' is 'and' + 'حزب'). Every word list of ``data/<lang>/lexicon.json`` becomes
a :class:`Phrases`: folded token sequences matched at a token, the longest first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from linkwatch.data import load
from linkwatch.text import script_fold

# A word: letters and digits of any script with the combining marks that belong to them (Devanagari
# vowel signs and viramas, Arabic tashkeel and hamza marks), and the zero-width joiners Urdu and Hindi
# type inside words. Python's \w alone would split a Devanagari word at each vowel sign.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                   r"\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u200c\u200d])+")
# Where a sentence ends: full stops of the three scripts (Latin '.', Urdu '۔', Devanagari '।'),
# question and exclamation marks, and line breaks (headlines, captions).
_SENTENCE_END = re.compile(r"[.!?\u061f\u06d4\u0964\u0965]+|\n+")


@dataclass(frozen=True)
class Token:
    i: int
    start: int
    end: int
    text: str
    key: str  # script_fold of the whole word
    bare: str  # the key without a clitic prefix (Arabic); the key itself otherwise
    clitic: int  # characters of the clitic prefix in the text (0 when none)


def tokenize(text: str, clitics: tuple[str, ...] = ()) -> list[Token]:
    out: list[Token] = []
    for m in _WORD.finditer(text):
        key = script_fold(m.group())
        bare, cut = key, 0
        for prefix in clitics:  # longest first (the data lists pairs before single letters)
            if key.startswith(prefix) and len(key) - len(prefix) >= 3:
                bare, cut = key[len(prefix):], _text_length(m.group(), len(prefix))
                break
        out.append(Token(len(out), m.start(), m.end(), m.group(), key, bare, cut))
    return out


def _text_length(word: str, folded: int) -> int:
    """How many characters of `word` fold to its first `folded` characters (marks and tatweel fold away)."""
    for n in range(1, len(word) + 1):
        if len(script_fold(word[:n])) >= folded:
            return n
    return len(word)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without the surrounding spaces; a sentence keeps its full stop."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add(text, start, end, out)
        start = m.end()
    _add(text, start, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


@dataclass
class Phrases:
    """Phrases as folded token tuples; a last word ending in '*' matches as a prefix."""

    exact: dict[tuple[str, ...], str] = field(default_factory=dict)  # folded words -> value
    prefix: dict[tuple[str, ...], str] = field(default_factory=dict)  # words, last one a stem -> value
    longest: int = 0

    @classmethod
    def of(cls, items: dict[str, str] | list[str]) -> Phrases:
        p = cls()
        pairs = items.items() if isinstance(items, dict) else ((w, w) for w in items)
        for phrase, value in pairs:
            stem = phrase.endswith("*")
            words = tuple(script_fold(phrase.rstrip("*")).split())
            if not words:
                continue
            (p.prefix if stem else p.exact)[words] = str(value)
            p.longest = max(p.longest, len(words))
        return p

    def match(self, tokens: list[Token], i: int, end: int | None = None) -> tuple[int, str] | None:
        """(number of tokens, value) of the longest phrase at token `i` (not past token `end`)."""
        stop = min(len(tokens), end if end is not None else len(tokens))
        for n in range(min(self.longest, stop - i), 0, -1):
            words = [t.key for t in tokens[i:i + n]]
            for first in {words[0], tokens[i].bare}:
                seq = (first, *words[1:])
                if seq in self.exact:
                    return n, self.exact[seq]
                for k, v in self.prefix.items():
                    if len(k) == n and k[:-1] == seq[:-1] and seq[-1].startswith(k[-1]):
                        return n, v
        return None

    def find(self, tokens: list[Token], start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Every match in tokens[start:end] as (first token, number of tokens, value), left to right."""
        out, i, stop = [], start, len(tokens) if end is None else end
        while i < stop:
            found = self.match(tokens, i, stop)
            if found:
                out.append((i, found[0], found[1]))
                i += found[0]
            else:
                i += 1
        return out


@dataclass
class Lexicon:
    lang: str
    clitics: tuple[str, ...]
    function_words: frozenset[str]
    titles: Phrases
    person_nouns: Phrases
    roles: Phrases  # value: the relation type a role noun gives (leader_of, member_of, relative_of)
    org_nouns: Phrases
    place_nouns: Phrases
    events: Phrases  # value: event type
    claims: Phrases  # value: claim / perpetration
    certainty: Phrases  # value: reported / unverified / denied
    group_cues: Phrases  # value: index into group_relations
    group_relations: list[dict[str, str]]
    months: Phrases  # value: month number
    weekdays: Phrases  # value: 0 (Monday) .. 6
    today: Phrases
    this_year: Phrases
    letters: dict[str, str]  # folded letter name -> Latin letter
    names_after: Phrases  # words after which a group's name follows ('renamed itself X')
    names_words: frozenset[str]  # the single words of names_after ('باسم'), skipped between a role and a name
    organisers: Phrases  # nouns of who planned an event ('mastermind')
    clause_breaks: Phrases  # conjunctions that open a new clause ('but')
    speech_verbs: Phrases  # verbs and nouns of saying
    demonstratives: frozenset[str]  # 'this', 'that': before an organisation noun, it points back
    locative_after: frozenset[str]  # 'in' written after a place's name (Urdu میں, Hindi में)
    locative_before: frozenset[str]  # 'in' written before it (Arabic في)
    yesterday: Phrases

    def any_cue(self, tokens: list[Token], i: int) -> bool:
        """Whether a word of any cue class starts at token `i`: such a word is never part of a name."""
        return tokens[i].key in self.function_words or tokens[i].bare in self.function_words or any(
            p.match(tokens, i) for p in (self.titles, self.person_nouns, self.roles, self.org_nouns,
                                          self.place_nouns, self.events, self.claims, self.certainty,
                                          self.group_cues, self.months, self.weekdays, self.today,
                                          self.names_after, self.organisers, self.yesterday))


@lru_cache(maxsize=8)
def lexicon(lang: str) -> Lexicon:
    d: dict[str, Any] = load("lexicon.json", lang)
    roles = {w: rtype for rtype, ws in d["roles"].items() if rtype != "about" for w in ws}
    events = {w: etype for etype, ws in d["events"].items() if etype != "about" for w in ws}
    claims = {w: kind for kind in ("claim", "perpetration") for w in d["claims"][kind]}
    certainty = {w: label for label in ("reported", "unverified", "denied") for w in d["certainty"][label]}
    cues = d["group_relations"]["cues"]
    letters = {script_fold(n): latin for latin, names in d["letters"]["names"].items() for n in names}
    return Lexicon(
        lang=lang,
        clitics=tuple(script_fold(c) for c in d["clitics"]["prefixes"]),
        function_words=frozenset(script_fold(w) for w in d["function_words"]["words"]),
        titles=Phrases.of(d["titles"]["words"]),
        person_nouns=Phrases.of(d["person_nouns"]["words"]),
        roles=Phrases.of(roles),
        org_nouns=Phrases.of(d["org_nouns"]["words"]),
        place_nouns=Phrases.of(d["place_nouns"]["words"]),
        events=Phrases.of(events),
        claims=Phrases.of(claims),
        certainty=Phrases.of(certainty),
        group_cues=Phrases.of({c["words"]: str(n) for n, c in enumerate(cues)}),
        group_relations=cues,
        months=Phrases.of({k: str(v) for k, v in d["dates"]["months"].items()}),
        weekdays=Phrases.of({k: str(v) for k, v in d["dates"]["weekdays"].items()}),
        today=Phrases.of(d["dates"]["today"]),
        this_year=Phrases.of(d["dates"]["this_year"]),
        letters=letters,
        names_after=Phrases.of(d["names_after"]["words"]),
        names_words=frozenset(script_fold(w) for w in d["names_after"]["words"] if " " not in w),
        organisers=Phrases.of(d["organisers"]["words"]),
        clause_breaks=Phrases.of(d["clause_breaks"]["words"]),
        speech_verbs=Phrases.of(d["speech_verbs"]["words"]),
        demonstratives=frozenset(script_fold(w) for w in d["org_nouns"]["demonstratives"]),
        locative_after=frozenset(script_fold(w) for w in d["place_nouns"]["locative_after"]),
        locative_before=frozenset(script_fold(w) for w in d["place_nouns"]["locative_before"]),
        yesterday=Phrases.of(d["dates"]["yesterday"]),
    )
