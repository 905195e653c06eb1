"""Names from reference lists, laid over the statistical NER.

Three jobs, one component each (registered in components.py):

* :class:`NameMerger` runs before the parser and joins hyphenated transliterated
  names ('Jaish-e-Mohammed', 'Hizb-ul-Mujahideen') into one token. The small
  model otherwise parses 'e' and 'Mohammed' as separate words and the whole
  noun phrase around them goes wrong.
* :class:`OrgTagger` finds designated organisations by alias (exact, hyphen and
  space variants, transliteration skeleton, first word, a listed name's opening
  words: 'Islamic State Khorasan') and overrides whatever the model said about
  those tokens ('Lashkar-e-Taiba' as PERSON). Unlisted names built on a word for
  'movement' or 'society' ('Tehreek-e-Labbaik Pakistan', 'Jamiat Ulema-e-Islam')
  are tagged as groups with no listed identity.
* :class:`EntityFixer` joins place names the model splits ('Pakistan-occupied
  Kashmir'), trims determiners and possessives from entity edges, drops
  'entities' that contain no proper noun ('Videos'), and never lets a title stand
  for a name: 'Maulana' tagged alone takes the name after it ('Fazal-ur-Rahman').
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from functools import cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from linkwatch import data
from linkwatch.cache import Part, compiled, model_modules
from linkwatch.data import load, words
from linkwatch.extract.geo import KNOWN_PLACE, known_region, place_rank
from linkwatch.extract.organisations import OrgIndex, default_index
from linkwatch.extract.state import OrgMatch, state_of
from linkwatch.text import fold, honorifics

ORG_LABEL = "ORG"
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def _merge_patterns(connectors: list[str]) -> list[list[dict[str, object]]]:
    cap: dict[str, object] = {"IS_ALPHA": True, "IS_LOWER": False}
    conn: dict[str, object] = {"LOWER": {"IN": connectors}, "IS_LOWER": True}
    joined: dict[str, object] = {"ORTH": "-", "SPACY": False}
    two: list[dict[str, object]] = [cap, joined, conn, joined, cap]
    three = two + [joined, conn, joined, cap]
    # Tokens must touch (no whitespace inside): the merged token keeps the text exactly. Not 'al-X':
    # the model reads 'al - Baghdadi' as one name's words, while a merged 'al-Baghdadi' (lower-case
    # start, unknown word) gets tagged a verb or common noun and the parse around it goes wrong.
    return [two, three, two + [joined, cap]]


class NameMerger:
    """Join 'Lashkar-e-Taiba' (five tokens) into one token before tagging and parsing."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("HYPHEN_NAME", _merge_patterns(sorted(words("names.json", "merge_connectors"))))

    def __call__(self, doc: Doc) -> Doc:
        spans = [doc[s:e] for _, s, e in self.matcher(doc)]
        spans = [sp for sp in filter_spans(spans) if not any(t.whitespace_ for t in sp[:-1])]
        if spans:
            with doc.retokenize() as retok:
                for sp in spans:
                    retok.merge(sp)
        return doc


def _variants(name: str, connectors: frozenset[str]) -> set[str]:
    """Hyphen and space spellings of one alias: 'Lashkar e-Tayyiba' is also written
    'Lashkar-e-Tayyiba' and 'Lashkar e Tayyiba'."""
    out = {name}
    parts = re.split(r"[\s\-]+", name)
    if len(parts) > 1:
        hyphened = parts[0]
        for prev, part in zip(parts, parts[1:], strict=False):
            glue = "-" if part.lower() in connectors or prev.lower() in connectors else " "
            hyphened += glue + part
        out.add(hyphened)
        out.add(" ".join(parts))
    return out


class OrgTagger:
    """Tag organisations from data/organisations.jsonl, overriding the model's label."""

    def __init__(self, nlp: Language, name: str, index: OrgIndex | None = None) -> None:
        self.name = name
        self.index = index or default_index()
        self.connectors = words("names.json", "merge_connectors")
        self.org_words = words("names.json", "org_words")
        self.generic_words = words("names.json", "generic_name_words")
        self.branch_words = words("names.json", "branch_words") | self.org_words
        self.name_connectors = words("names.json", "name_connectors")
        self.group_words = words("names.json", "group_anaphors") | self.org_words
        events = load("events.json")
        self.actor_verbs = frozenset(events["trigger_verbs"]) | frozenset(events["claim_verbs"]) | \
            frozenset(events["attribution_verbs"]) | frozenset(v.split()[0] for v in events["perpetration_verbs"])
        # Matched on NORM, which is the lower case except where _unmark sets it: a name's spelling with and
        # without the apostrophes of transliteration is one name ("Da'esh", 'Daesh'; "Jama'at", 'Jamaat').
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        # Patterns as the tokenizer and the name merger cut them, compiled into the user's cache on first
        # use (linkwatch.cache): tokenizing four thousand aliases costs a second at each start-up otherwise.
        # The tokens are what the matcher compares (their lower case), so docs rebuilt from them match alike.
        sources: list[Part] = [f"{nlp.meta.get('name')}-{nlp.meta.get('version')}", sys.modules[__name__],
                   sys.modules[OrgIndex.__module__], *model_modules(), data.contents()]
        tokens = compiled("orgpatterns", sources, lambda: self._pattern_tokens(nlp)) if index is None \
            else self._pattern_tokens(nlp)
        # One label for all patterns: the match is looked up again by its folded text,
        # which keeps the matcher small and lets shared aliases stay ambiguous.
        self.matcher.add("ORG_ALIAS", [_unmark(Doc(nlp.vocab, words=w, spaces=sp)) for w, sp in tokens])

    def _pattern_tokens(self, nlp: Language) -> list[tuple[list[str], list[bool]]]:
        merger = NameMerger(nlp, "merge")
        seen: set[str] = set()
        out: list[tuple[list[str], list[bool]]] = []
        # Every written alias, and the first words of izafat names ('Jaish'), resolved after matching.
        for alias in [a for names in self.index.surface.values() for a in names] + list(self.index.partials):
            for form in _variants(alias, self.connectors):
                if form.lower() not in seen:
                    seen.add(form.lower())
                    doc = merger(nlp.make_doc(form))
                    out.append(([t.text for t in doc], [bool(t.whitespace_) for t in doc]))
        return out

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        found: list[tuple[Span, OrgMatch]] = []
        longer_orgs = {i: ent.end for ent in doc.ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
        for _, s, e in self.matcher(_unmark(doc)):
            span = doc[s:e]
            if longer_orgs.get(s, 0) > e and longer_orgs.get(s - 1, 0) != longer_orgs[s] and doc[e].is_title:
                continue  # 'Al Aqsa' inside the model's 'Al Aqsa Floods': a different, longer name
            ids, entry = self.index.lookup(span.text)
            acronym = entry is not None and entry.acronym
            partial = not ids and len(span) == 1
            if partial:
                ids = self.index.partial(span.text)
            if partial and any(ent.start <= s and e <= ent.end and len(ent) > 1 and ent.label_ != "NORP"
                               for ent in _ents_at(doc, s)):
                continue  # 'Yusuf' in the model's 'Yusuf Dirie Warsame' is a given name, not a group
            if ids and self._written_as_name(span, acronym):
                generic = partial and self.index.generic(span.text)
                span, ids = self._extend(doc, span, ids)
                if not acronym and not partial:
                    span = self._widened(doc, span, ids, set())
                if not acronym and (longer := self._continued(doc, span)) is not span:
                    # 'Islamic State' + 'of West African Province': the listed name is the start of
                    # another group's name, which the list does not hold in this spelling
                    if self.index.prefixed(span.text) == ids:
                        # 'Islamic State West' + 'African Province': the one listed name these words
                        # begin, spelt another way ('Africa Province'): the same group
                        found.append((longer, OrgMatch(longer.start, longer.end, frozenset(ids))))
                        continue
                    parent = (span.end, frozenset(ids)) if len(ids) == 1 else None
                    found.append((longer, OrgMatch(longer.start, longer.end, frozenset(), parent=parent)))
                    continue
                if generic and (longer := self._unlisted_name(doc, span)) is not span:
                    # 'Jamiat Ulema-e-Islam': a common first word that goes on as a name the list lacks
                    span, ids, partial, generic = longer, set(), False, False
                found.append((span, OrgMatch(span.start, span.end, frozenset(ids), partial=partial,
                                             acronym=acronym and len(span) == 1, generic=generic)))
        covered = {i for sp, _ in found for i in range(sp.start, sp.end)}
        for span in self._candidates(doc):
            if any(i in covered for i in range(span.start, span.end)):
                continue
            ids, _ = self.index.lookup(span.text)
            partial = False
            if not ids and len(span) == 1:
                ids, partial = self.index.partial(span.text), True
            if not ids and len(span) == 1 and self._izafat_group(span[0]):
                # 'Tehreek-e-Labbaik Pakistan': an unlisted name built on a word for 'movement',
                # 'society', 'army' is a group's name, whatever the tagger made of the merged token
                longer = self._unlisted_name(doc, span)
                found.append((longer, OrgMatch(longer.start, longer.end, frozenset())))
                covered.update(range(longer.start, longer.end))
                continue
            if ids:
                if not partial:
                    span = self._widened(doc, span, ids, covered)
                found.append((span, OrgMatch(span.start, span.end, frozenset(ids), partial=partial,
                                             generic=partial and self.index.generic(span.text))))
                covered.update(range(span.start, span.end))
        found = self._supported(_longest(found))
        state.org_matches = [m for _, m in found]
        _overlay(doc, [Span(doc, m.start, m.end, label=ORG_LABEL) for m in state.org_matches])
        return doc

    def _extend(self, doc: Doc, span: Span, ids: set[str]) -> tuple[Span, set[str]]:
        """'Tehreek-e-Taliban' + 'Pakistan': a listed name may go on in words the alias lacks;
        take the longer span when it names the same group (by spelling or skeleton)."""
        best = span
        for extra in (1, 2, 3):
            end = span.end + extra
            if end > len(doc) or not all(t.is_title or t.is_upper for t in doc[span.end:end]):
                break
            longer, _ = self.index.lookup(doc[span.start:end].text)
            if longer & ids:
                best, ids = doc[span.start:end], longer & ids
            elif not longer and len(prefixed := self.index.prefixed(doc[span.start:end].text)) == 1:
                best, ids = doc[span.start:end], prefixed  # 'Islamic State Khorasan' (... Province)
        return best, ids

    def _widened(self, doc: Doc, span: Span, ids: set[str], covered: set[int]) -> Span:
        """The model often drops a listed name's first word ('Hayat' of 'Hayat Tahrir al-Sham' tagged
        'Tahrir al-Sham'): a capitalised word just before the span that makes a name of the same group
        belongs to it."""
        best = span
        for extra in (1, 2):
            start = span.start - extra
            if start < 0 or start in covered or not all(t.is_title and t.is_alpha for t in doc[start:span.start]):
                break
            if self.index.lookup(doc[start:span.end].text)[0] & ids:
                best = doc[start:span.end]
        return best

    def _continued(self, doc: Doc, span: Span) -> Span:
        """The span run on over a name that goes on past it: a connector ('of', 'in') or none, then
        capitalised words ending in a word for a branch or a group ('West Africa Province', 'Central
        Africa Wilayat', 'Martyrs Brigade'). A place alone after it ('Islamic State in Syria') is not one."""
        end = span.end
        if end < len(doc) and (doc[end].lower_ in self.name_connectors or doc[end].text in ("'s", "’s")):
            end += 1  # 'of', 'in', and the possessive: 'the Islamic State's Central Africa Province'
        words_end = end
        while words_end < min(len(doc), end + 4) and doc[words_end].is_title and doc[words_end].is_alpha:
            words_end += 1
        if words_end == end or fold(doc[words_end - 1].text) not in self.branch_words:
            return span
        longer = doc[span.start:words_end]
        if self.index.lookup(longer.text)[0] or self.index.prefixed(longer.text):
            return span  # a listed name after all: _extend's business
        return longer

    def _unlisted_name(self, doc: Doc, span: Span) -> Span:
        """The span run on over the proper-noun name words that follow it (at most three; a country
        may end it: 'Tehreek-e-Labbaik Pakistan')."""
        end = span.end
        while end < min(len(doc), span.end + 3) and doc[end].pos_ == "PROPN" and _name_word(doc[end].text) \
                and not doc[end - 1].whitespace_ == "" and doc[end].ent_type_ != "PERSON":
            end += 1
            if doc[end - 1].ent_type_ == "GPE":
                break
        return doc[span.start:end] if end > span.end else span

    def _izafat_group(self, tok: object) -> bool:
        text = str(tok)
        parts = fold(text).split()
        return "-" in text and text[:1].isupper() and len(parts) >= 3 and parts[0] in self.org_words

    def _written_as_name(self, span: Span, acronym: bool) -> bool:
        """Case tells a name from a phrase: 'the base' is not 'The Base', 'Let' is not 'LeT'."""
        if acronym:
            return sum(c.isupper() for c in span.text) >= 2
        content = [t for t in span if t.is_alpha and t.lower_ not in self.connectors and not t.is_stop]
        if any(t.is_lower for t in content):
            # 'the Haqqani network': a name's last word for 'network', 'group', 'movement' is often
            # written lower case; the words before it must then be a name, not common words too
            last, rest = content[-1] if content else None, content[:-1]
            if not (last is not None and last.lower_ in self.org_words and rest and
                    all(t.is_title for t in rest) and any(t.lower_ not in self.generic_words for t in rest)):
                return False
        if len(span) == 1 and span[0].is_alpha and span[0].pos_ != "PROPN" and not span[0].ent_type_:
            return False  # a capitalised common word at the start of a sentence
        return True

    def _candidates(self, doc: Doc) -> Iterable[Span]:
        """Spans worth a skeleton lookup: the model's names, and merged hyphenated names."""
        for ent in doc.ents:
            yield _trim(ent)
        for tok in doc:
            if "-" in tok.text and tok.text[:1].isupper() and not tok.ent_type_:
                yield doc[tok.i:tok.i + 1]

    def _described_as_group(self, span: Span) -> bool:
        """'HTS, an Al-Qaeda-affiliated terrorist group': a short acronym set beside a word for a group
        is that group's, though the document never spells the name out."""
        root = span.root
        beside = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
        return any(t.lemma_.lower() in self.group_words for t in beside)

    def _definite_initials(self, span: Span) -> bool:
        """'the ELN attacked', 'blamed the ELN for the bombing', 'rebels of the ELN stormed': three capitals or more
        after 'the', doing or blamed for violence, are an armed group's initials; 'the ASP said' (a police
        rank), 'the SAM battery' are not, nor is a bare acronym ('HM said')."""
        text = span.text
        if not (len(span) == 1 and span.start > 0 and span.doc[span.start - 1].lower_ == "the" and
                text.isalpha() and text.isupper() and len(text) >= 3):
            return False
        tok = span.root
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
            tok = tok.head.head  # 'rebels of the ELN'
        if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
            tok = tok.head  # 'was carried out by the ELN'
        return tok.dep_ in ("nsubj", "nsubjpass", "dobj", "agent") and tok.head.lemma_.lower() in self.actor_verbs

    def _supported(self, found: list[tuple[Span, OrgMatch]]) -> list[tuple[Span, OrgMatch]]:
        """Drop short acronyms ('HM', derived 'LiT') unless the same document names the group in full."""
        named = {oid for sp, m in found if not m.acronym and not m.partial for oid in m.org_ids}
        keep = []
        for span, m in found:
            entry = self.index.exact.get(fold(span.text))
            if m.acronym and entry is not None and entry.needs_support and not (m.org_ids & named) \
                    and not self._described_as_group(span) and not self._definite_initials(span):
                continue
            keep.append((span, m))
        return keep


def _ents_at(doc: Doc, i: int) -> list[Span]:
    tok = doc[i]
    if not tok.ent_type_:
        return []
    return [e for e in doc.ents if e.start <= i < e.end]


def _longest(found: list[tuple[Span, OrgMatch]]) -> list[tuple[Span, OrgMatch]]:
    """Non-overlapping matches, longest first ('Islamic State of Iraq' over 'Islamic State')."""
    out: list[tuple[Span, OrgMatch]] = []
    taken: set[int] = set()
    for span, m in sorted(found, key=lambda x: (-(x[1].end - x[1].start), x[1].start)):
        if not any(i in taken for i in range(m.start, m.end)):
            out.append((span, m))
            taken.update(range(m.start, m.end))
    return sorted(out, key=lambda x: x[1].start)


_OPENERS = frozenset({"(", "[", "{", "-", "–", "—", ","})


@cache
def _edge_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words _trim drops at a name's start and end, read once: it runs for every entity of every document."""
    return (words("names.json", "drop_leading") | frozenset(load("certainty.json")["np_adjectives"]),
            words("names.json", "drop_trailing"))


def _trim(span: Span) -> Span:
    """Drop a leading determiner, or a word hedging who the name is ('Suspected Boko Haram militants': the
    certainty judge's noun-phrase adjectives), and a trailing possessive from an entity span."""
    lead, trail = _edge_words()
    s, e = span.start, span.end
    opened = next((t.i for t in span if t.text == "("), None)
    if opened is not None and opened > s and not any(t.text == ")" for t in span):
        e = opened  # 'the National Federation of Fishermen (Fenapesca': the name stops at its short name's bracket
    while s < e - 1 and span.doc[s].lower_ in lead:
        s += 1
    while e > s + 1 and (span.doc[e - 1].lower_ in trail or span.doc[e - 1].text in _OPENERS):
        e -= 1  # ('the Colombian Federation of Cattlemen (' tagged with the bracket that opens its short name)
    return span.doc[s:e] if (s, e) != (span.start, span.end) else span


_MARKED = re.compile(r"(?<=\w)['’‘ʿʾ`](?=\w)")  # an apostrophe inside a word: an ayn or a hamza, transliterated


def _unmark(doc: Doc) -> Doc:
    """Set the NORM of each word written with a transliteration's apostrophe to its lower case without it.
    Nothing reads NORM after the model has run but the organisation matcher."""
    for tok in doc:
        if _MARKED.search(tok.text):
            tok.norm_ = _MARKED.sub("", tok.lower_)
    return doc


def _overlay(doc: Doc, spans: list[Span]) -> None:
    """Put `spans` into doc.ents, removing model entities that overlap them."""
    taken = {i for sp in spans for i in range(sp.start, sp.end)}
    kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
    doc.ents = sorted(spans + kept, key=lambda sp: sp.start)


class EntityFixer:
    """Place names the model splits, trimmed edges, and no 'entities' without a proper noun."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("PLACE", load("place_patterns.json")["patterns"], greedy="LONGEST")
        self.titles = honorifics()
        self.member_nouns = words("names.json", "group_member_nouns") | words("names.json", "armed_anaphors")
        roles = load("roles.json")
        self.role_words = frozenset(w for k in ("leader", "member") for w in roles[k] if " " not in w)
        # A state's armed forces or government named by the state in lower-case words ('Mozambique's army', 'Rwandan
        # forces', 'the Pakistani military', 'the Colombian government'): an organisation, an actor in the news like any group.
        self.forces = Matcher(nlp.vocab)
        self.forces.add("FORCE", [[{"ENT_TYPE": {"IN": ["GPE", "NORP", "ORG"]}, "OP": "+"}, {"ORTH": {"IN": ["'s", "’s"]}, "OP": "?"},
                                   {"LOWER": {"IN": sorted(words("names.json", "state_force_modifiers"))}, "OP": "*"},
                                   {"LOWER": {"IN": sorted(words("names.json", "state_force_heads") |
                                                            words("names.json", "state_body_heads"))}}]],
                        greedy="LONGEST")
        # The body a state or group leads ('the Saudi-led coalition', 'the U.S.-led coalition'): an organisation.
        led = sorted(words("names.json", "led_body_heads"))
        self.led = Matcher(nlp.vocab)
        self.led.add("LED", [[{"ENT_TYPE": {"IN": ["GPE", "NORP", "ORG"]}, "OP": "+"}, {"ORTH": "-"}, {"LOWER": "led"},
                              {"LOWER": {"IN": led}}],
                             [{"TEXT": {"REGEX": r"^[A-Z][\w.]*-led$"}}, {"LOWER": {"IN": led}}]], greedy="LONGEST")

    def _state(self, doc: Doc, start: int) -> bool:
        """The words before the force noun name a state: a nationality, or a place the model tagged as
        one or a known country it tagged as a group ('Mozambique' as ORG); never a group's own name."""
        ent = next((e for e in doc.ents if e.start <= start < e.end), None)
        if ent is None:
            return False
        return ent.label_ in ("GPE", "NORP") or place_rank(ent.text) == 0

    def _acronyms(self, doc: Doc) -> list[Span]:
        """'the leftist ELN guerrillas', "ELN's chief negotiator", 'a senior ISWAP commander': an acronym the model
        left untagged, before a word for a group's people, a role after a possessive or a role word it modifies,
        names a group (no known place: 'US troops' stays a country's)."""
        out = []
        for tok in doc[:-1]:
            if not (tok.is_upper and tok.is_alpha and len(tok.text) >= 3) or tok.ent_type_ not in ("", "ORG", "PRODUCT"):
                continue
            nxt = doc[tok.i + 1]
            after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
            role = nxt.text in ("'s", "’s") and after is not None and (
                after.lemma_.lower() in self.role_words or (
                    tok.i + 3 < len(doc) and after.pos_ == "ADJ" and doc[tok.i + 3].lemma_.lower() in self.role_words))
            # 'ISWAP commander X', 'a senior ISWAP commander': a role word the acronym modifies
            titled = nxt.lemma_.lower() in self.role_words and tok.head.i == nxt.i and tok.dep_ in ("compound", "nmod", "amod")
            if (nxt.lower_ in self.member_nouns or role or titled) and place_rank(tok.text) == 2 and not known_region(tok.text):
                out.append(Span(doc, tok.i, tok.i + 1, label=ORG_LABEL))
        return out

    @staticmethod
    def _cities_around(doc: Doc) -> list[Span]:
        """'a police station in Dera Ismail Khan': a town the model cut into a capitalised word and a person ('Ismail
        Khan'); the name with the capitalised words beside it, when a country or a GeoNames city, is the place."""
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "NORP"):
                continue
            best = None
            for before in range(3):
                for after in range(3):
                    s, e = ent.start - before, ent.end + after
                    if (before or after) and s >= 0 and e <= len(doc) and \
                            all(t.is_title and not t.ent_type_ for t in [*doc[s:ent.start], *doc[ent.end:e]]) and \
                            place_rank(doc[s:e].text) in KNOWN_PLACE and (best is None or e - s > best[1] - best[0]):
                        best = (s, e)
            if best is not None:
                out.append(Span(doc, best[0], best[1], label="GPE"))
        return out

    def _untagged_people(self, doc: Doc) -> list[Span]:
        """'will be Otty Patino, a former guerrilla member of the M-19': capitalised words the model tagged as
        nothing, set before a comma and an apposition headed by a person's role word, name a person."""
        out = []
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_ \
                    and doc[j].lower_ not in self.titles:
                j += 1
            if 2 <= j - i <= 4 and j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ in ("a", "an", "the") \
                    and not doc[i].is_sent_start:
                role = next((t for t in doc[j + 2:min(len(doc), j + 7)] if t.pos_ == "NOUN"
                             and t.dep_ == "appos"), None)
                if role is not None and (role.lemma_.lower() in self.role_words or role.lower_ in self.role_words):
                    out.append(Span(doc, i, j, label="PERSON"))
            i = max(j, i + 1)
        return out

    def _only_titles(self, span: Span) -> bool:
        return all(t.lower_ in self.titles or t.is_punct for t in span)

    def __call__(self, doc: Doc) -> Doc:
        org_tokens = {i for m in state_of(doc).org_matches for i in range(m.start, m.end)}
        places = filter_spans([doc[s:e] for _, s, e in self.matcher(doc)])
        places = [Span(doc, t.start, t.end, label="LOC") for t in map(_trim, places)
                  if not any(i in org_tokens for i in range(t.start, t.end))]
        forces = [Span(doc, s, e, label=ORG_LABEL) for _, s, e in self.forces(doc)
                  if not any(i in org_tokens for i in range(s, e)) and doc[e - 1].pos_ == "NOUN"
                  and self._state(doc, s)]
        forces += [Span(doc, s, e, label=ORG_LABEL) for _, s, e in self.led(doc)
                   if not any(i in org_tokens for i in range(s, e))]
        places += filter_spans(forces)
        places += [sp for sp in self._acronyms(doc) + self._untagged_people(doc) + self._cities_around(doc)
                   if not any(sp.start < p.end and p.start < sp.end for p in places) and sp.start not in org_tokens]
        fixed: list[Span] = []
        ents = list(doc.ents)
        absorbed: set[int] = set()
        for n, ent in enumerate(ents):
            if ent.start in org_tokens or n in absorbed:
                if n not in absorbed:
                    fixed.append(ent)
                continue
            t = _trim(ent)
            if ent.label_ not in NAME_LABELS:
                fixed.append(ent)  # dates and numbers: kept for the event dater
                continue
            if not any(tok.pos_ == "PROPN" for tok in t) and not any(c.isupper() for c in t.text[1:]):
                continue  # 'Videos', 'Islamist': no proper noun, no inner capital
            if ent.label_ == "PERSON":
                if self._only_titles(t):
                    # 'Maulana' tagged alone before 'Fazal-ur-Rahman': the name is what follows the title
                    nxt = ents[n + 1] if n + 1 < len(ents) else None
                    if nxt is not None and nxt.start == t.end and nxt.label_ in NAME_LABELS \
                            and nxt.start not in org_tokens:
                        t = doc[t.start:nxt.end]
                        absorbed.add(n + 1)
                    t = _extend_name(t)
                    if self._only_titles(t):
                        continue  # a title with no name is not a person
                else:
                    t = _extend_name(t)
            fixed.append(Span(doc, t.start, t.end, label=ent.label_) if t is not ent else ent)
        taken = {i for sp in places for i in range(sp.start, sp.end)}
        doc.ents = filter_spans(places + [e for e in fixed if not any(i in taken for i in range(e.start, e.end))])
        return doc


def _extend_name(span: Span) -> Span:
    """'Asghar Khan' + 'Kashmiri': the model stopped early, but the parse makes the name's words
    compounds of a following proper noun, so the name runs on to it."""
    doc, e = span.doc, span.end
    while e < len(doc) and doc[e].pos_ == "PROPN" and not doc[e].ent_type_ and _name_word(doc[e].text) \
            and doc[e - 1].dep_ == "compound" and doc[e - 1].head.i == e and not doc[e - 1].whitespace_ == "":
        e += 1
    return doc[span.start:e] if e != span.end else span


_CONNECTED_NAME = re.compile(r"[A-Z][\w']*(?:-(?:[a-z]{1,3}-)?[A-Z][\w']*)+")


def _name_word(text: str) -> bool:
    """'Kashmiri', and hyphenated names whose connector is lower case: 'Fazal-ur-Rahman', 'Abu-Bakr'
    (str.istitle() says no to 'Fazal-ur-Rahman')."""
    return text.istitle() or bool(_CONNECTED_NAME.fullmatch(text))
