"""Names within one document joined into local entities (component ``linkwatch_names_v1``).

News names a person in full once and then shortly ('Naji Zaheer' ... 'Zaheer';
'Dr. Khaled Qaddoumi' ... 'al-Qadoumi'), a group in full and then by acronym
or first word ('Pakistan Markazi Muslim League (PMML)', 'Jaish-e-Mohammed' ...
'Jaish'). The model labels the short forms inconsistently ('Zaheer' as GPE), so
the cluster takes the type of its most reliable mention: a gazetteer hit, then a
multi-word PERSON, then the majority. Labels the words or syntax contradict are
corrected first (:mod:`linkwatch.extract.labels`). A common first word of a
group's name ('Jamiat', 'Tehreek') joins only a longer name the document itself
writes; a title with a surname written before any full name ('Hafiz Saeed')
is a person of its own. 'The group' and 'its' point back to the last group named
as a clause's subject, else the last named.
"""
from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from linkwatch.data import load, words
from linkwatch.extract.labels import LabelFixer
from linkwatch.extract.name_mention import NameMention as _Mention
from linkwatch.extract.state import EntityInfo, State, state_of
from linkwatch.extract.syntax import sentence_of, sentence_starts
from linkwatch.text import fold, honorifics, initials, skeleton


class NameLinker:
    """Build EntityInfo clusters from doc.ents and gazetteer matches."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("names.json")
        self.labels: dict[str, str] = cfg["entity_labels"]
        self.titles = honorifics()
        self.particles = words("names.json", "name_particles")
        self.pronouns = words("names.json", "person_pronouns")
        self.group_nouns = words("names.json", "group_anaphors")
        self.group_pronouns = words("names.json", "group_pronouns")
        self.armed_anaphors = words("names.json", "armed_anaphors")
        self.anaphor_determiners = words("syntax.json", "anaphor_determiners")
        self.place_suffixes = words("place_patterns.json", "generic_suffixes")
        self.org_words = words("names.json", "org_words")
        self.label_fixer = LabelFixer()

    # -- name parts -----------------------------------------------------
    def _name_words(self, doc: Doc, m: _Mention) -> list[str]:
        out = []
        for w in fold(doc[m.start:m.end].text).split():
            if w in self.titles or w in self.particles or w == "s":
                continue
            out.append(w)
        return out

    def _same_word(self, a: str, b: str) -> bool:
        if a == b:
            return True
        ka, kb = skeleton(a), skeleton(b)
        return len(ka) >= 3 and ka == kb and a[0] == b[0]

    # -- the component --------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        orgs = {m.start: m for m in state.org_matches}
        mentions: list[_Mention] = []
        for ent in doc.ents:
            if ent.label_ not in self.labels or not any(c.isalnum() for c in ent.text):
                continue  # a statistical model sometimes tags a blank line or a dash as an entity: no name
            m = _Mention(ent.start, ent.end, ent.label_, orgs.get(ent.start))
            while m.title_start > 0 and doc[m.title_start - 1].lower_ in self.titles:
                m.title_start -= 1
            while m.start < m.end - 1 and doc[m.start].lower_ in self.titles:
                m.start += 1  # 'Dr. Khaled Qaddoumi' inside the entity: the name starts after the title
            mentions.append(m)
        mentions = self.label_fixer.fix(doc, mentions)
        mentions += self._bare_surnames(doc, mentions)
        mentions += self._acronym_definitions(doc, mentions)
        mentions.sort(key=lambda m: m.start)
        clusters = self._cluster(doc, mentions)
        self._build(doc, state, clusters)
        self._anaphora(doc, state)
        return doc

    def _bare_surnames(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """Surnames the model did not tag at all ('Zaheer has reportedly travelled...')."""
        # From names written in two or more words, a title counting ('Hafiz Saeed' -> 'Saeed').
        surnames = {self._name_words(doc, m)[-1] for m in mentions
                    if m.label == "PERSON" and self._name_words(doc, m) and m.end - m.title_start >= 2}
        if not surnames:
            return []
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for tok in doc:
            if tok.pos_ == "PROPN" and tok.is_title and tok.i not in taken and tok.lower_ in surnames \
                    and not (tok.dep_ in ("amod", "compound") and tok.head.pos_ == "NOUN"):
                out.append(_Mention(tok.i, tok.i + 1, "PERSON"))
        return out

    def _acronym_definitions(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """'Pakistan-occupied Kashmir (PoK)': the bracketed acronym is a new mention of the same thing,
        and so is every later bare use of it in the document."""
        starts = {m.start: m for m in mentions}
        new: list[_Mention] = []
        defined: dict[str, _Mention] = {}
        for m in mentions:
            e = m.end
            if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
                tok = doc[e + 1]
                if _is_acronym_of(tok.text, doc[m.start:m.end]):
                    defined[tok.text] = m
                    if tok.i in starts:
                        starts[tok.i].alias_of = m
                    else:
                        new.append(_Mention(tok.i, tok.i + 1, m.label, m.org, alias_of=m))
        if defined:
            taken = {i for m in mentions + new for i in range(m.start, m.end)}
            for tok in doc:
                if tok.text in defined and tok.i not in taken:
                    src = defined[tok.text]
                    new.append(_Mention(tok.i, tok.i + 1, src.label, src.org, alias_of=src))
            for m in mentions:
                if m.alias_of is None and m.end - m.start == 1 and doc[m.start].text in defined \
                        and defined[doc[m.start].text] is not m:
                    m.alias_of = defined[doc[m.start].text]
        return new

    def _cluster(self, doc: Doc, mentions: list[_Mention]) -> list[list[_Mention]]:
        clusters: list[list[_Mention]] = []
        by_key: dict[str, int] = {}
        full_persons: list[tuple[int, list[str]]] = []
        pending_partial: list[_Mention] = []
        doc_org_ids = {oid for m in mentions if m.org and not m.org.partial and len(m.org.org_ids) == 1
                       for oid in m.org.org_ids}

        def put(m: _Mention, key: str | None) -> None:
            if key is not None and key in by_key:
                m.cluster = by_key[key]
                clusters[m.cluster].append(m)
                return
            m.cluster = len(clusters)
            clusters.append([m])
            if key is not None:
                by_key[key] = m.cluster

        for m in mentions:  # organisations from the gazetteer, full person names, exact repeats
            if m.alias_of is not None:
                continue
            if m.org is not None:
                ids = m.org.org_ids if len(m.org.org_ids) == 1 else m.org.org_ids & doc_org_ids
                if m.org.partial and (m.org.generic or (not (m.org.org_ids & doc_org_ids) and len(m.org.org_ids) > 1)):
                    pending_partial.append(m)
                    continue
                if len(ids) == 1:
                    put(m, "org:" + next(iter(ids)))
                    continue
            wordz = self._name_words(doc, m)
            if m.label == "PERSON" and len(wordz) >= 2:
                # 'Asghar Khan' and 'Asghar Khan Kashmiri': one name's words within the other's
                same = [n for n, (c, fw) in enumerate(full_persons) if set(wordz) <= set(fw) or set(fw) <= set(wordz)]
                if len(same) == 1:
                    c, fw = full_persons[same[0]]
                    m.cluster = c
                    clusters[c].append(m)
                    if len(wordz) > len(fw):
                        full_persons[same[0]] = (c, wordz)
                    continue
                put(m, "person:" + " ".join(wordz))
                if m.cluster is not None and all(c != m.cluster for c, _ in full_persons):
                    full_persons.append((m.cluster, wordz))
        for m in mentions:  # short forms: surnames, repeats of other types, bare first words
            if m.cluster is not None or m.alias_of is not None:
                continue
            wordz = self._name_words(doc, m)
            target = self._person_for(doc, m, wordz, full_persons, clusters)
            if target is not None:
                m.cluster = target
                clusters[target].append(m)
                continue
            if m in pending_partial:
                target = self._org_by_first_word(doc, m, clusters)
                if m.org is not None and (m.org.generic or target is None):
                    # 'Jamiat' says nothing of which listed group it is: the cluster it joins (or none)
                    # decides, never the data
                    m.org = None
                if target is not None:
                    m.cluster = target
                    clusters[target].append(m)
                    continue
            target = self._org_by_last_word(doc, m, clusters)
            if target is not None:
                m.cluster = target
                clusters[target].append(m)
                continue
            etype = self.labels[m.label]
            if etype == "location" and len(wordz) > 1 and wordz[-1] in self.place_suffixes:
                wordz = wordz[:-1]  # 'Gaza Strip' and 'Gaza', 'Swat Valley' and 'Swat'
            put(m, etype + ":" + (" ".join(wordz) or fold(doc[m.start:m.end].text)))
            if etype == "person" and m.title_start < m.start and wordz and m.cluster is not None and \
                    all(c != m.cluster for c, _ in full_persons):
                full_persons.append((m.cluster, wordz))  # 'Hafiz Saeed': later 'Saeed's' may mean him
        for m in mentions:  # acronyms join their definition
            if m.alias_of is not None and m.alias_of.cluster is not None:
                m.cluster = m.alias_of.cluster
                clusters[m.cluster].append(m)
            elif m.alias_of is not None:
                put(m, None)
        return clusters

    def _person_for(self, doc: Doc, m: _Mention, wordz: list[str], full: list[tuple[int, list[str]]],
                    clusters: list[list[_Mention]]) -> int | None:
        """The person a short form refers to: every word matches a word of one full name,
        preferring the nearest full name before it."""
        if not wordz or len(wordz) > 2 or not full:
            return None
        if m.label != "PERSON":
            # Another label on a surname ('Zaheer' as GPE) is re-typed only on an exact match, and
            # never when the word modifies a common noun ('Kashmiri terror groups').
            head = doc[m.end - 1]
            if head.dep_ in ("amod", "compound") and head.head.pos_ == "NOUN" or m.org is not None:
                return None
            matches = [c for c, fw in full if all(w in fw for w in wordz)]
        else:
            matches = [c for c, fw in full if all(any(self._same_word(w, f) for f in fw) for w in wordz)]
        if m.title_start < m.start:
            # 'Hafiz Saeed' written before 'Talha Saeed': a title with a surname is how some people
            # are known, so it names a new person unless a full name with that surname came before
            matches = [c for c in matches if any(x.start < m.start for x in clusters[c])]
        if len(matches) <= 1:
            return matches[0] if matches else None
        # Several full names share the word ('Ahmed Dirie Warsame', 'Yusuf Dirie Warsame'): the one
        # named last before this mention, else the first named after it.
        before = [(max(x.start for x in clusters[c] if x.start < m.start), c) for c in matches
                  if any(x.start < m.start for x in clusters[c])]
        if before:
            return max(before)[1]
        return min((min(x.start for x in clusters[c]), c) for c in matches)[1]

    def _org_by_first_word(self, doc: Doc, m: _Mention, clusters: list[list[_Mention]]) -> int | None:
        word = fold(doc[m.start:m.end].text)
        hits = {i for i, c in enumerate(clusters) for x in c
                if x.label == "ORG" and self._same_word((fold(doc[x.start:x.end].text).split() or [""])[0], word)
                and fold(doc[x.start:x.end].text) != word}
        return next(iter(hits)) if len(hits) == 1 else None

    def _org_by_last_word(self, doc: Doc, m: _Mention, clusters: list[list[_Mention]]) -> int | None:
        """'the Brigade' after 'Majeed Brigade': a group's name shortened to its last word, a word for a
        kind of group, joins the one group here whose name ends with it."""
        word = fold(doc[m.start:m.end].text)
        if m.label != "ORG" or m.end - m.start != 1 or word not in self.org_words:
            return None
        hits = {i for i, c in enumerate(clusters) for x in c if x.label == "ORG" and x.end - x.start > 1
                and fold(doc[x.start:x.end].text).split()[-1:] == [word]}
        return next(iter(hits)) if len(hits) == 1 else None

    def _build(self, doc: Doc, state: State, clusters: list[list[_Mention]]) -> None:
        for n, cluster in enumerate(c for c in clusters if c):
            ref = f"e{n + 1}"
            keyed = [m for m in cluster if m.org is not None and len(m.org.org_ids) == 1 and not m.org.partial]
            org_ids = {oid for m in cluster if m.org is not None for oid in m.org.org_ids}
            if keyed or (org_ids and len(org_ids) == 1):
                etype = "organization"
            else:
                persons = [m for m in cluster if m.label == "PERSON" and m.end - m.start >= 2]
                etype = "person" if persons else Counter(self.labels[m.label] for m in cluster).most_common(1)[0][0]
            info = EntityInfo(ref=ref, type=etype)
            keys = {oid for m in keyed for oid in m.org.org_ids} if keyed else org_ids  # type: ignore[union-attr]
            if etype == "organization" and len(keys) == 1:
                info.key = "org:" + next(iter(keys))
            surfaces: list[str] = []
            for m in sorted(cluster, key=lambda m: m.start):
                info.mentions.append((m.start, m.end))
                for i in range(m.start, m.end):
                    state.token_ref[i] = ref
                text = doc[m.start:m.end].text
                surfaces.append(text)
                if m.title_start < m.start:
                    surfaces.append(doc[m.title_start:m.end].text)
            best = max(surfaces, key=lambda s: (len(self._name_words_text(s)), len(s)))
            info.name = self._strip_titles(best)
            info.aliases = sorted({s for s in surfaces if s != info.name})
            state.entities[ref] = info

    def _name_words_text(self, text: str) -> list[str]:
        return [w for w in fold(text).split() if w not in self.titles]

    def _strip_titles(self, text: str) -> str:
        parts = text.split()
        while len(parts) > 1 and parts[0].lower().rstrip(".") in {t.rstrip(".") for t in self.titles}:
            parts = parts[1:]
        return " ".join(parts)

    def _anaphora(self, doc: Doc, state: State) -> None:
        """'he'/'his' -> the last person named before; 'the group' -> the last organisation."""
        last: dict[str, tuple[int, str]] = {}
        # The latest *salient* mention of each kind: a clause's subject, not a modifier ('Taliban
        # officials said the attack was planned by X, who leads the group's network': the group is the
        # one the story is about, not the officials' employer).
        salient: dict[str, tuple[int, str]] = {}
        # A listed group ('org:...') is what 'the group' and 'its' point back to before any other
        # organisation: 'Al-Shabaab claimed the attack on the Sahafi Hotel ... the group's spokesman'.
        marks = sorted((s, info.ref, "group" if info.key else info.type, _is_subject(doc[s:e].root))
                       for info in state.entities.values() for s, e in info.mentions)
        starts = sentence_starts(doc)
        main_group = self._main_group(state)
        # Every mark by kind, for an anaphor whose own words name a group: 'the al Qaeda-linked group' is not
        # al Qaeda, but the group named before the phrase.
        history: dict[str, list[tuple[int, str]]] = {}
        k = 0
        for tok in doc:
            while k < len(marks) and marks[k][0] < tok.i:
                history.setdefault(marks[k][2], []).append((marks[k][0], marks[k][1]))
                last[marks[k][2]] = (marks[k][0], marks[k][1])
                if marks[k][3]:
                    salient[marks[k][2]] = (marks[k][0], marks[k][1])
                k += 1
            kind = None
            if tok.lower_ == "whose":
                # 'Jamiat Ulema-e-Islam, whose leader Fazlur Rehman ...': the relative clause's noun
                rel = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
                if rel is not None and rel.head.i in state.token_ref:
                    state.pronoun_ref[tok.i] = state.token_ref[rel.head.i]
                continue
            if tok.lower_ in self.pronouns and tok.pos_ == "PRON":
                kind = "person"
            elif tok.lower_ in self.group_pronouns and tok.dep_ == "poss":
                kind = "organization"  # 'its fighters', 'its leader
            elif tok.lower_ in self.group_nouns and any(c.lower_ in self.anaphor_determiners for c in tok.children) \
                    and tok.i not in state.token_ref and \
                    not any(c.dep_ in ("compound", "amod", "appos") and c.pos_ == "PROPN" for c in tok.children) and \
                    not any(c.dep_ == "appos" and c.i in state.token_ref for c in tok.children):
                kind = "organization"  # but 'the Wagner group', 'the group Saraya Ansar al-Sunnah' name a group of their own
            if kind == "organization" and "group" in last and (
                    "organization" not in last or tok.lower_ in self.armed_anaphors or
                    sentence_of(starts, last["organization"][0]) - sentence_of(starts, last["group"][0]) <= 2):
                kind = "group"
            elif kind == "organization" and tok.lower_ in self.armed_anaphors:
                kind = None  # 'the rebels' after a ministry: no armed group named yet
            if kind and kind in last:
                at, ref = last[kind]
                if kind != "person" and kind in salient and \
                        sentence_of(starts, tok.i) - sentence_of(starts, salient[kind][0]) <= 2:
                    at, ref = salient[kind]
                if at >= tok.left_edge.i and tok.lower_ in self.group_nouns:
                    before = [m for k2 in (kind, "organization" if kind == "group" else kind)
                              for m in history.get(k2, ()) if m[0] < tok.left_edge.i]
                    at, ref = max(before, default=(-1, ""))
                if ref and sentence_of(starts, tok.i) - sentence_of(starts, at) <= 2:
                    state.pronoun_ref[tok.i] = ref
            if kind in ("organization", "group") and tok.i not in state.pronoun_ref and tok.lower_ in self.group_nouns \
                    and main_group is not None and \
                    all(state.token_ref.get(i) != main_group for i in range(tok.left_edge.i, tok.i)):
                # 'The spokesman for the separatist group, Junaid Baloch, said ...' before the story names
                # the group, or long after: the group the article is about
                state.pronoun_ref[tok.i] = main_group
            if kind in ("group", "organization") and tok.i in state.pronoun_ref and tok.lower_ in self.group_nouns:
                # a chain: 'The group, an affiliate of the Islamic State, claimed it ... its fighters' --
                # 'its' is the group the subject 'the group' named, not the Islamic State in between
                mark = (tok.i, state.pronoun_ref[tok.i])
                last[kind] = mark
                if _is_subject(tok):
                    salient[kind] = mark

    @staticmethod
    def _main_group(state: State) -> str | None:
        """The group an article is about: the listed organisation it names most, else an organisation it
        names at least twice and more than any other; None when no group stands out."""
        orgs = [(len(info.mentions), bool(info.key), ref) for ref, info in state.entities.items()
                if info.type == "organization"]
        listed = sorted((n, ref) for n, keyed, ref in orgs if keyed)
        if listed:
            return listed[-1][1]
        ranked = sorted((n, ref) for n, _, ref in orgs)
        if ranked and ranked[-1][0] >= 2 and (len(ranked) == 1 or ranked[-2][0] < ranked[-1][0]):
            return ranked[-1][1]
        return None


def _is_subject(tok: Token) -> bool:
    """The subject of a main clause (or an apposition to one): what a sentence is about."""
    if tok.dep_ == "appos":
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ not in ("relcl", "acl")


def _is_acronym_of(acr: str, span: Span) -> bool:
    """'PMML' of 'Pakistan Markazi Muslim League', 'PoK' of 'Pakistan-occupied Kashmir', 'LeT' of
    'Lashkar-e-Taiba': the acronym's letters are the initials of the name's parts, in order."""
    if not (2 <= len(acr) <= 8) or not acr[0].isupper() or sum(c.isupper() for c in acr) < 2 or not acr.isalpha():
        return False
    every, caps = initials(fold(span.text).split())  # caps: without articles and connectors ('of', 'e')
    a = acr.lower()
    return bool(every) and (a == every or a == caps or (a[0] == every[0] and _subsequence(a, every)))


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)
