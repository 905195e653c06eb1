"""Names the article itself equates (component ``linkwatch_aliases_v1``).

"Iván Márquez, whose real name is Luciano Marín Arango", "Y, better known as X", "X, also known as Y
and Z", "his comrades called him Ibn Omar or Abu Sulayfa Muhammad", "the Islamic State West Africa
Province, or ISWAP", "Revolutionary Armed Forces of Colombia (FARC)", "ISWAP (Islamic State West Africa
Province)", and an acronym whose letters spell a name the same article uses: each says two names are
one thing. The name linker joins mentions by their spelling; this component joins them by what the
text says, and keeps the sentence that says it: every equated name carries its cue and quote on the
entity (``EntityInfo.equated``, then ``LocalEntity.equated``), so resolution files the name as an alias
with its evidence and ``linkwatch explain`` can show why the name is there.

The cue words are data (``data/en/aliases.json``). Two entities the reference list tells apart (two
different keys) or a place and a person are never joined: the text is then not naming one thing twice.
Runs right after ``linkwatch_names_v1``, before anything reads relations off the entities.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from linkwatch.data import load, words
from linkwatch.extract.geo import known_region, place_rank
from linkwatch.extract.state import EntityInfo, State, state_of
from linkwatch.text import fold, initials

EXTRACTOR = "linkwatch.aliases.v1"
ACRONYM_CUE = "acronym"  # the cue recorded for equations read from letters
SHORT_NAME_CUE = "short name in brackets"  # 'the Colombian Federation of Cattlemen (Fedegan)'


@dataclass
class _Equation:
    left: str  # entity ref
    right: str | None  # entity ref, or None when the other name is no entity yet
    name: tuple[int, int]  # token span of the other name
    cue: str
    sent: Span
    said: str  # the first name as the sentence writes it


class AliasFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("aliases.json")
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cues.add("CUE", [nlp.make_doc(c) for c in cfg["cues"]])
        self.naming_verbs = frozenset(cfg["naming_verbs"])
        self.objects = frozenset(cfg["object_pronouns"])
        self.skip_before = frozenset(cfg["skip_before"])
        self.skip_after = frozenset(cfg["skip_after"])
        self.joiners = frozenset(cfg["joiners"])
        self.connectors = frozenset(cfg["name_connectors"])
        self.person_pronouns = words("names.json", "person_pronouns")
        self.passive_naming = frozenset(cfg["passive_naming_verbs"])
        self.group_words = words("names.json", "group_anaphors")
        self.institution_heads = words("names.json", "institution_heads")
        self.head_ends = words("names.json", "name_connectors")  # 'of', 'for', 'in' end a name's head

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        if not state.entities:
            return doc
        # Letters first: an expansion they carve out ('Ahl al-Sunnah wa al Jamma'ah (ASWJ)') is then one
        # name for the cues to read.
        for eq in self._acronyms(doc, state):
            self._apply(doc, state, eq)
        for eq in self._cued(doc, state) + self._named(doc, state) + self._renamed(doc, state):
            self._apply(doc, state, eq)
        return doc

    # reading ---------------------------------------------------------------------
    def _cued(self, doc: Doc, state: State) -> list[_Equation]:
        """'X, also known as Y': a cue phrase between a name (or a pronoun for one) and names."""
        out = []
        for span in filter_spans([doc[s:e] for _, s, e in self.cues(doc)]):  # 'also known as', not 'known as'
            start, end = span.start, span.end
            before = self._before(doc, state, start)
            if before is None:
                continue
            left, said = before
            cue = doc[start:end].text.lower()
            out += [_Equation(left, ref, sp, cue, doc[start].sent, said) for ref, sp in self._after(doc, state, end)]
        return out

    def _named(self, doc: Doc, state: State) -> list[_Equation]:
        """'His comrades called him Ibn Omar', 'the group calls itself X': a naming verb, a pronoun
        object, then names; the object names its referent, a reflexive one the verb's subject."""
        out = []
        for tok in doc:
            if tok.lower_ not in self.naming_verbs or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ not in self.objects:
                continue
            obj = doc[tok.i + 1]
            left = state.pronoun_ref.get(obj.i)
            if left is not None and not _salient(doc, state, left):
                left = None
            if obj.lower_.endswith(("self", "selves")):
                subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                left = None if subject is None else state.token_ref.get(subject.i) or state.pronoun_ref.get(subject.i)
            if left is None:
                continue
            cue = f"{tok.text} {obj.text}".lower()
            out += [_Equation(left, ref, sp, cue, tok.sent, state.entities[left].name)
                    for ref, sp in self._after(doc, state, tok.i + 2)]
        return out

    def _renamed(self, doc: Doc, state: State) -> list[_Equation]:
        """'The group was renamed X', "Mozambique's Shabaab group was admitted to the province and formally
        named X": a passive naming verb gives the names after it to its subject (the subject of the verb
        it is joined to, when it has none of its own)."""
        out = []
        for tok in doc:
            if tok.lower_ not in self.passive_naming or tok.tag_ != "VBN":
                continue
            verb = tok
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            while subject is None and verb.dep_ == "conj" and verb.head is not verb:
                verb = verb.head  # 'the group joined X in 2020 and was later named Y'
                subject = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)
            left = self._subject_entity(state, subject) if subject is not None else None
            if left is None:
                continue
            said = state.entities[left].name
            out += [_Equation(left, ref, sp, f"{tok.text}".lower(), tok.sent, said)
                    for ref, sp in self._after(doc, state, tok.i + 1) if ref != left]
        return out

    def _subject_entity(self, state: State, subject: Token) -> str | None:
        """The entity a passive subject names: itself, or the group a word for one carries ('Shabaab' in
        "Mozambique's Shabaab group"); none for other nouns ('the operation was named X')."""
        if subject.i in state.token_ref:
            return state.token_ref[subject.i]
        if subject.lower_ not in self.group_words:
            return None
        named = [state.token_ref[c.i] for c in subject.children
                 if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i in state.token_ref
                 and state.entities[state.token_ref[c.i]].type == "organization"]
        return named[-1] if named else None

    def _acronyms(self, doc: Doc, state: State) -> list[_Equation]:
        """An acronym beside its expansion, in brackets either way round or after ', or', or anywhere
        in the article when its letters spell a name the article uses."""
        out = []
        for tok in doc:
            if not _acronym_word(tok):
                continue
            if tok.i >= 2 and doc[tok.i - 1].text == "(" and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ")":
                end = tok.i - 1  # 'Revolutionary Armed Forces of Colombia (FARC)'
            elif tok.i >= 3 and doc[tok.i - 1].lower_ == "or" and doc[tok.i - 2].text == ",":
                end = tok.i - 2  # 'the Islamic State West Africa Province, or ISWAP'
            else:
                continue
            span = self._expansion(doc, tok.text, end)
            if span is not None:
                out += self._equate_span(doc, state, span, tok)
        out += self._short_names(doc, state)
        # An expansion in brackets after its acronym: 'ISWAP (Islamic State West Africa Province)'.
        for tok in doc:
            if _acronym_word(tok) and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "(":
                close = next((t.i for t in doc[tok.i + 2:tok.i + 14] if t.text == ")"), None)
                if close is not None and _acronym_fits(tok.text, doc[tok.i + 2:close], bracketed=True):
                    out += self._equate_span(doc, state, doc[tok.i + 2:close], tok)
        # A bare acronym whose letters spell another entity's name in the same article.
        for ref, info in state.entities.items():
            if not info.mentions or not all(e - s == 1 for s, e in info.mentions):
                continue
            word = doc[info.mentions[0][0]]
            if not _acronym_word(word) or len(word.text) < 3:
                continue
            for full, full_info in state.entities.items():
                spelt = next((doc[s:e] for s, e in full_info.mentions if e - s > 1 and _acronym_fits(word.text, doc[s:e])),
                             None)
                if full != ref and spelt is not None:
                    out.append(_Equation(full, ref, (word.i, word.i + 1), ACRONYM_CUE, word.sent, spelt.text))
        return out

    def _short_names(self, doc: Doc, state: State) -> list[_Equation]:
        """'the Colombian Federation of Cattlemen (Fedegan)', "Mozambique's defence forces (FDS)", 'the
        Central General Staff (EMC)': one word in brackets right after a name of two words or more is that
        name's short form, whether or not its letters spell the English words (an acronym of the name in
        the language of the country, a syllabic short name). Read when an acronym has a letter of the name's
        initials, or a word starts as one of the name's words does; only after a group's name or a body's
        (names.json institution_heads), never a person's ('Zahir Shah (BLA)' gives his group) or a place's, and
        never when the word is a place or a person of its own ('Islamic State (Syria)')."""
        out = []
        for tok in doc[2:len(doc) - 1]:
            i = tok.i
            if doc[i - 1].text != "(" or doc[i + 1].text != ")" or not tok.is_alpha or not tok.text[0].isupper():
                continue
            left = state.token_ref.get(i - 2)
            if left is None or state.token_ref.get(i - 1) not in (None, left):
                continue
            info = state.entities[left]
            # (The model's span sometimes takes the bracket in: 'Colombian Federation of Cattlemen (').
            mention = next(((s, e) for s, e in info.mentions if e in (i - 1, i)), None)
            if mention is None:
                continue
            named = doc[mention[0]:i - 1]
            words = [t for t in named if t.is_alpha]
            if info.type != "organization" and not self._body(words):
                continue  # a person's or a place's name: the bracket gives a group, a country, a party
            if len(words) < 2 or _acronym_fits(tok.text, named, bracketed=True):
                continue  # a one-word name; or an acronym the letters explain (read above)
            right = state.token_ref.get(i)
            other = state.entities[right] if right is not None else None
            if other is not None and (right == left or other.type == "location"
                                      or other.type == "person" and len(other.mentions) > 1):
                continue
            starts = {w.lower_[0] for w in words if w.is_title or w.is_upper or not w.is_stop}
            if not (starts & set(tok.lower_) if _acronym_word(tok) else tok.lower_[0] in starts):
                continue  # no letter of the name's words: another name ('Zahir Shah (BLA)': his group)
            out.append(_Equation(left, right, (i, i + 1), SHORT_NAME_CUE, tok.sent, named.text))
        return out

    def _body(self, words: list[Token]) -> bool:
        """A name whose head (its last word before 'of', 'for', 'in') is a body's head noun, whatever
        type the model gave it ('the Colombian Federation of Cattlemen' as a place)."""
        head = None
        for w in words:
            if w.lower_ in self.head_ends:
                break
            head = w.lower_
        return head in self.institution_heads

    def _expansion(self, doc: Doc, acronym: str, end: int) -> Span | None:
        """The nearest run of words ending at token `end` whose initials spell `acronym` exactly (the
        model may have cut the expansion into several names: 'Ahl al-Sunnah' + 'wa al-Jamaah'), else
        in another order; never across a bracket ('the Islamic State group (IS) and the Syrian
        Democratic Forces (SDF)': SDF is the Syrian Democratic Forces alone)."""
        spans = []
        for start in range(end - 1, max(-1, end - 13), -1):
            if doc[start].text in ("(", ")") or doc[start].is_sent_end and start < end - 1:
                break
            if doc[start].is_title and doc[start].is_alpha:
                spans.append(doc[start:end])
        return next((sp for sp in spans if _is_acronym_of(acronym, sp, exact=True)), None) or \
            next((sp for sp in spans if _acronym_fits(acronym, sp, bracketed=True)), None)

    def _equate_span(self, doc: Doc, state: State, span: Span, acronym: Token) -> list[_Equation]:
        """The entities inside an expansion are one thing with its acronym; an expansion the model named
        no entity becomes the acronym's other name."""
        refs = list(dict.fromkeys(state.token_ref[t] for t in range(span.start, span.end) if t in state.token_ref))
        if any(state.entities[r].key and not any((s, e) == (span.start, span.end) for s, e in state.entities[r].mentions)
               for r in refs):
            # 'Islamic State' listed, inside 'Islamic State in West Africa Province (ISWAP)': the expansion
            # names another group (a province of it), not the listed one: it becomes an entity of its own.
            refs = [_carve(state, span)]
        acr = state.token_ref.get(acronym.i)
        whole, letters = (span.start, span.end), (acronym.i, acronym.i + 1)
        if not refs and acr is not None:
            return [_Equation(acr, None, whole, ACRONYM_CUE, acronym.sent, acronym.text)]
        if not refs:
            return []
        out = [_Equation(refs[0], r, whole, ACRONYM_CUE, acronym.sent, acronym.text) for r in refs[1:]]
        if len(refs) > 1 or any(state.token_ref.get(t) != refs[0] for t in range(span.start, span.end)):
            # The whole expansion is a name of its own, beside the pieces the model cut it into.
            out.append(_Equation(refs[0], None, whole, ACRONYM_CUE, acronym.sent, acronym.text))
        out.append(_Equation(refs[0], acr, letters, ACRONYM_CUE, acronym.sent, span.text))
        return out

    def _before(self, doc: Doc, state: State, i: int) -> tuple[str, str] | None:
        """The entity (or pronoun for one) a cue at token `i` follows, across commas and 'who is', and the
        name as written there."""
        j = i - 1
        while j >= 0 and i - j <= 4 and doc[j].lower_ in self.skip_before:
            j -= 1
        if j < 0:
            return None
        if j in state.token_ref:
            ref = state.token_ref[j]
            said = next((doc[s:e].text for s, e in state.entities[ref].mentions if s <= j < e), state.entities[ref].name)
            return ref, said
        # 'His real name is ...'; not a group's pronoun: 'the group and its alias, X' is how designation
        # notices list fronts and wings they sanction as one, not the group's other name.
        pointed = state.pronoun_ref.get(j)
        if pointed is not None and doc[j].lower_ in self.person_pronouns and _salient(doc, state, pointed):
            return pointed, state.entities[pointed].name
        return None

    def _after(self, doc: Doc, state: State, i: int) -> list[tuple[str | None, tuple[int, int]]]:
        """The names after a cue: entities, or runs of capitalised words, joined by 'and', 'or', ','."""
        out: list[tuple[str | None, tuple[int, int]]] = []
        while i < len(doc) and doc[i].lower_ in self.skip_after:
            i += 1
        sent_end = doc[i].sent.end if i < len(doc) else i
        while i < sent_end:
            ref = state.token_ref.get(i)
            if ref is not None:
                start = i
                while i < sent_end and state.token_ref.get(i) == ref:
                    i += 1
                out.append((ref, (start, i)))
            else:
                j = self._name_run(doc, i, sent_end, state)
                if j == i:
                    break
                out.append((None, (i, j)))
                i = j
            if i < sent_end and doc[i].lower_ in self.joiners:
                k = i + 1
                while k < sent_end and doc[k].lower_ in self.joiners:
                    k += 1
                i = k
                continue
            break
        return out

    def _name_run(self, doc: Doc, i: int, end: int, state: State) -> int:
        """The end of the run of name words from token `i`: capitalised words, with connectors ('al-',
        'bin') between them; no entity of the document inside (that is a name of its own)."""
        j = i
        while j < end and state.token_ref.get(j) is None:
            t = doc[j]
            if t.is_alpha and (t.is_title or t.is_upper):
                j += 1
                continue
            ahead = doc[j + 1:min(j + 3, end)]
            if j > i and t.lower_ in self.connectors and any(x.is_alpha and x.is_title for x in ahead):
                j += 1
                continue
            break
        while j > i and doc[j - 1].lower_ in self.connectors:
            j -= 1  # a connector ends no name
        return j

    # joining -----------------------------------------------------------------------
    def _apply(self, doc: Doc, state: State, eq: _Equation) -> None:
        left = _final(state, eq.left)
        if left is None:
            return
        info = state.entities[left]
        quote = _quote(eq.sent)
        s, e = eq.name
        text = doc[s:e].text
        record = {"name": text, "as": eq.said, "cue": eq.cue, "start": quote[0], "end": quote[1],
                  "quote": doc.text[quote[0]:quote[1]]}
        if eq.cue == ACRONYM_CUE and info.type == "person":
            info.type = "organization"  # what initials stand for is a group's name
        right = _final(state, eq.right) if eq.right else _named_already(state, text, left)
        if right is None:
            if text != info.name and text not in info.aliases:
                info.aliases = sorted({*info.aliases, text})
            if len(text.split()) > len(info.name.split()):  # the fullest name names the entity, as the linker's do
                info.aliases = sorted({*info.aliases, info.name} - {text})
                info.name = text
            if (s, e) not in info.mentions:
                info.mentions.append((s, e))
            for t in range(s, e):
                state.token_ref.setdefault(t, left)
            _note(info, record)
            return
        if right == left:
            if text != eq.said:
                _note(info, record)  # the linker had joined them already; the sentence says why
            return
        partner = state.entities[right]
        if info.key and partner.key and info.key != partner.key:
            return  # the reference list says two things: the text is not naming one twice
        if partner.type != info.type:
            if eq.cue in (ACRONYM_CUE, SHORT_NAME_CUE) and "organization" in (info.type, partner.type):
                info.type = partner.type = "organization"  # what initials name is a group
            elif eq.cue == SHORT_NAME_CUE and not partner.key:
                partner.type = info.type  # the short form names what the full name names
            elif "person" in (info.type, partner.type) and "location" in (info.type, partner.type) and \
                    not any(_known_place(x.name) for x in (info, partner) if x.type == "location"):
                # 'Luciano Marin Arango, better known as Ivan Marquez' with the first tagged a place: a name
                # no gazetteer knows as a place, given as a person's other name, is the person's
                info.type = partner.type = "person"
            elif info.type == "location" or partner.key:
                return  # a place's other name is a place; a listed group keeps its type
            else:
                partner.type = info.type  # 'whose real name is Luciano Marin Arango' names a person
        keep, gone = (info, partner) if _rank(info) >= _rank(partner) else (partner, info)
        _merge(state, keep, gone)
        _note(keep, record)


def _carve(state: State, span: Span) -> str:
    """A new organisation named by `span`, taking the span's tokens from the entities whose mentions
    lay inside it (an entity left with no mention is dropped)."""
    ref = f"x{span.start}"
    for other in list(state.entities.values()):
        inside = [(s, e) for s, e in other.mentions if span.start <= s and e <= span.end]
        if inside:
            other.mentions = [m for m in other.mentions if m not in inside]
            if not other.mentions:
                del state.entities[other.ref]
                state.merged[other.ref] = ref
    for t, was in list(state.pronoun_ref.items()):
        if was not in state.entities and state.merged.get(was) == ref:
            state.pronoun_ref[t] = ref  # 'its fighters' stood for a name the new one took in
    state.entities[ref] = EntityInfo(ref=ref, type="organization", mentions=[(span.start, span.end)], name=span.text)
    for t in range(span.start, span.end):
        state.token_ref[t] = ref
    return ref


def _salient(doc: Doc, state: State, ref: str) -> bool:
    """A pronoun names someone the story is about: named more than once, or as a clause's subject (or a
    headline's). The name linker points 'him' at the last person named, who may be a photographer named
    once in a caption."""
    mentions = state.entities[ref].mentions
    return len(mentions) > 1 or any(doc[s:e].root.dep_ in ("nsubj", "nsubjpass", "ROOT") for s, e in mentions)


def _named_already(state: State, text: str, left: str) -> str | None:
    """The entity other than `left` the document already calls by `text` ('better known as Ivan Marquez'
    where the model did not tag these words but tagged the same name elsewhere)."""
    key = fold(text)
    return next((ref for ref, info in state.entities.items()
                 if ref != left and (fold(info.name) == key or key in {fold(a) for a in info.aliases})), None)


def _known_place(name: str) -> bool:
    return place_rank(name) != 2 or known_region(name)


def _note(info: EntityInfo, record: dict[str, Any]) -> None:
    """Keep one record per name, cue and sentence."""
    if not any((r["name"], r["cue"], r["start"]) == (record["name"], record["cue"], record["start"])
               for r in info.equated):
        info.equated.append(record)


def _final(state: State, ref: str | None) -> str | None:
    while ref is not None and ref not in state.entities:
        ref = state.merged.get(ref)
    return ref


def _rank(info: EntityInfo) -> tuple[bool, int, int]:
    """The entity that keeps its ref: a listed one, then the one with the longer name."""
    return info.key is not None, len(info.name.split()), len(info.mentions)


def _merge(state: State, keep: EntityInfo, gone: EntityInfo) -> None:
    keep.mentions = sorted(set(keep.mentions) | set(gone.mentions))
    keep.aliases = sorted({*keep.aliases, gone.name, *gone.aliases} - {keep.name})
    keep.roles = sorted({*keep.roles, *gone.roles})
    keep.key = keep.key or gone.key
    keep.equated += gone.equated
    for t, ref in list(state.token_ref.items()):
        if ref == gone.ref:
            state.token_ref[t] = keep.ref
    for t, ref in list(state.pronoun_ref.items()):
        if ref == gone.ref:
            state.pronoun_ref[t] = keep.ref
    del state.entities[gone.ref]
    state.merged[gone.ref] = keep.ref


def _quote(sent: Span) -> tuple[int, int]:
    text = sent.text
    lead = len(text) - len(text.lstrip())
    return sent.start_char + lead, sent.start_char + len(text.rstrip())


def _acronym_word(tok: Token) -> bool:
    return tok.is_alpha and 2 <= len(tok.text) <= 8 and sum(c.isupper() for c in tok.text) >= 2 and tok.text[0].isupper()


def _acronym_fits(acronym: str, span: Span, bracketed: bool = False) -> bool:
    """The acronym's letters are the initials of the span's words, in order; or, right beside its
    expansion, in another order (an acronym of the name in another language: FARC for 'Revolutionary
    Armed Forces of Colombia', from 'Fuerzas Armadas Revolucionarias de Colombia')."""
    if _is_acronym_of(acronym, span, exact=True):
        return True
    if not bracketed:
        return False
    words = [t.lower_ for t in span if t.is_alpha and t.is_title]
    return len(words) >= 2 and sorted(w[0] for w in words) == sorted(acronym.lower())


def _is_acronym_of(acronym: str, span: Span, exact: bool = False) -> bool:
    """The acronym's letters are the initials of the span's words, with or without its articles and
    connectors ('LeT' of 'Lashkar-e-Taiba', 'PMML' of 'Pakistan Markazi Muslim League'); without
    `exact`, also any of the initials in order, starting with the first (the name linker's test)."""
    if not (2 <= len(acronym) <= 8) or not acronym[0].isupper() or not acronym.isalpha() \
            or sum(c.isupper() for c in acronym) < 2:
        return False
    every, caps = initials(fold(span.text).split())
    a = acronym.lower()
    if a in (every, caps):
        return bool(every)
    return not exact and bool(every) and a[0] == every[0] and _subsequence(a, every)


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)
