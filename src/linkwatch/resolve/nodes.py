"""What a node is and what it is called, decided from all its sources rather than the first one.

- **A mention's type** (:func:`mention_type`): the model's label on one mention is the weakest evidence
  there is. A "place" no gazetteer knows whose name is a body's ('the Colombian Federation of Cattlemen',
  'Institute for Development and Peace Studies': names.json institution_heads) is a group; a "group" or
  "person" whose name ends in a building's noun ('Kuje prison': names.json facility_words) is a place. A name the model called a person or an organisation that the gazetteer knows as a place of
  the story's countries (or as a country or province), said by nothing in the document to lead or
  belong to a group or to hold a role, is a place: 'QUETTA:' in a dateline, 'Kuje' as an organisation.
  A "person" named only by initials ('ASWJ') is a group.
- **A node's type** (:func:`node_type`): the reference list's (an organisation key says organisation, a
  gazetteer key place), else the type most of its documents gave it; on a tie, the name decides (a name
  with an organisation word such as 'Front' or 'Brigade' is a group's, and so is one known by single
  words only, as 'Reuters' from a credit line, when the tie is between person and group).
- **A node's canonical name** (:func:`canonical_name`): the spelling most of its sources use (the
  ``canonical_names`` setting can prefer the organisation list's); every other spelling stays an alias
  with its source. A place the gazetteer knows keeps the gazetteer's name: for a disputed region the
  term most sources use is one side's term. An acronym is the name only when nothing else is; a person's
  full name over a part of it (a document naming him by the part counts for the full name); then the
  name used by the most documents; then the name with more
  parts; then the name whose words are spelt the way most documents spell them ('Khaled Qaddoumi' over
  'Khaled Kaddoumi' when 'Qaddoumi' is the commoner spelling); then alphabetical order, so the name
  never depends on which document came first.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from linkwatch.data import words
from linkwatch.model import LocalEntity
from linkwatch.model.reference import organisations
from linkwatch.resolve.names import analyse, display_name, full_names, rules, within
from linkwatch.resolve.places import Gazetteer, Place
from linkwatch.text import fold, tokens, writing_script

REFERENCE = "reference"  # the canonical_names setting that prefers reference-list names
GROUP_TYPE = "organization"
PLACE_TYPE = "location"
PERSON_TYPE = "person"
# Keys the gazetteer gives places; organisation keys start "org:".
PLACE_KEYS = ("geonames:", "place:")


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return frozenset(fold(w) for w in words("names.json", "org_words"))


@lru_cache(maxsize=1)
def _reference_names() -> frozenset[str]:
    """Every name of a listed organisation, folded: such a name is not re-typed as a place."""
    return frozenset(fold(n) for o in organisations() for n in [o.name, *(a.name for a in o.aliases)])


def mention_type(local: LocalEntity, gazetteer: Gazetteer, countries: Collection[str],
                 acting: bool, places: Collection[str] = ()) -> tuple[str, Place | None]:
    """The type resolution gives one document's entity, and the place when it is one the model mislabelled.
    `acting`: the document says it belongs to a group or holds a role; `places`: the folded names the
    document's own place entities go by (a name the document calls a place elsewhere is that place)."""
    names = [n for n in dict.fromkeys([local.name, *local.aliases]) if n.strip()]
    if local.type == PERSON_TYPE and names and all(_acronym(n) and " " not in n.strip() for n in names):
        return GROUP_TYPE, None  # 'ASWJ': people are not named by initials in these sources; groups are
    if local.type == PLACE_TYPE and not local.key and names and any(_institution(n) for n in names) \
            and gazetteer.lookup(names, countries) is None and not any(_state_name(n, gazetteer) for n in names):
        # 'the Colombian Federation of Cattlemen' as a place: a body's name that no gazetteer knows.
        return GROUP_TYPE, None
    if local.type not in (PERSON_TYPE, GROUP_TYPE) or local.key or not names:
        return local.type, None
    if not acting and not local.roles and any(_facility(n) for n in names) and not any(_institution(n) for n in names):
        # 'Kuje prison', 'General Santander school' as a group: a building's name is a place's.
        return PLACE_TYPE, None
    if all(fold(n) in places for n in names):
        # 'Awaran' as a person beside 'in Awaran': the document's own place reading of the very same
        # name outweighs a role word a parse hung on the mislabelled one.
        return PLACE_TYPE, None
    if acting or local.roles or any(fold(n) in _reference_names() for n in names):
        return local.type, None
    found = [gazetteer.lookup([n], countries) for n in names]
    place = found[0]
    if place is None or any(p is None or p.key != place.key for p in found):
        return local.type, None
    if place.feature in ("country", "region") or place.country in countries:
        return PLACE_TYPE, place
    return local.type, None


def node_type(key: str | None, votes: dict[str, int], names: Sequence[str], current: str) -> str:
    """The reference list's type, else the majority of documents; on a tie, the name's own words."""
    if key:
        return PLACE_TYPE if key.startswith(PLACE_KEYS) else GROUP_TYPE if key.startswith("org:") else current
    if not votes:
        return current
    top = max(votes.values())
    tied = sorted(t for t, n in votes.items() if n == top)
    if len(tied) == 1:
        return tied[0]
    if GROUP_TYPE in tied and any(w in _org_words() for n in names for w in fold(n).split()):
        return GROUP_TYPE
    if GROUP_TYPE in tied and PERSON_TYPE in tied and not full_names(names):
        return GROUP_TYPE  # one word for a person in one source, a group in another: 'Reuters' from a credit line
    for preferred in (PERSON_TYPE, GROUP_TYPE, PLACE_TYPE):
        if preferred in tied:
            return preferred
    return tied[0]


@lru_cache(maxsize=1)
def _institution_heads() -> frozenset[str]:
    return frozenset(fold(w) for w in words("names.json", "institution_heads"))


@lru_cache(maxsize=1)
def _connectors() -> frozenset[str]:
    return frozenset(fold(w) for w in words("names.json", "name_connectors"))


def _institution(name: str) -> bool:
    """Whether a name's head, its last word before 'of', 'for' or 'in' ('Federation' in 'Colombian
    Federation of Cattlemen'), is a body's head noun."""
    head: str | None = None
    for word in fold(name).split():
        if word in _connectors():
            break
        head = word
    return head is not None and head in _institution_heads()


@lru_cache(maxsize=1)
def _facility_words() -> frozenset[str]:
    return frozenset(fold(w) for w in words("names.json", "facility_words"))


def _facility(name: str) -> bool:
    """A name of two words or more ending in a building's noun ('Kuje prison', 'Hotel Amarula' does not)."""
    parts = fold(name).split()
    return len(parts) >= 2 and parts[-1] in _facility_words()


def _state_name(name: str, gazetteer: Gazetteer) -> bool:
    """A state's formal name ('Russian Federation', 'Federation of Malaysia'): besides its head, only
    places' names and the words for their peoples."""
    words_ = [w for w in fold(name).split() if w not in _connectors()]
    rest = [w for w in words_ if w not in _institution_heads()]
    if not rest or len(rest) == len(words_):
        return False
    endings = words("names.json", "demonym_endings")
    return all(gazetteer.country_of_name(w) or any(gazetteer.country_of_name(w[:-len(e)]) for e in endings
                                                   if w.endswith(e) and len(w) > len(e) + 2) for w in rest)


def _acronym(name: str) -> bool:
    return name.isupper() or (len(name) <= 6 and sum(ch.isupper() for ch in name) >= 2)


def canonical_name(counts: Iterable[tuple[str, int]], type_: str, reference: str | None,
                   policy: str = "sources") -> str | None:
    """The canonical name of a node from its names and how many documents use each; `reference` is
    the reference list's or gazetteer's name, chosen first under the "reference" policy and used when
    the sources give none."""
    if reference and (policy == REFERENCE or type_ == PLACE_TYPE):
        # A place keeps the gazetteer's name whatever the setting: for a disputed region the term most
        # sources use is one side's term (PoK, AJK), and the gazetteer's is the neutral one.
        return reference
    docs: Counter[str] = Counter()
    for name, n in counts:
        shown = display_name(name, type_)
        if shown.strip():
            docs[shown] += max(n, 1)
    if not docs:
        return reference
    spellings: Counter[str] = Counter()
    for shown, n in docs.items():
        for part in _words(shown):
            spellings[part] += n
    # The analyst reads the chart in Latin letters: a node that English and Urdu reports share is shown by
    # its Latin name, however many Urdu reports use their own; the script names stay its aliases.
    names = [n for n in docs if writing_script(n) == "latin"] or list(docs)
    full = [n for n in names if not _acronym(n)] or names
    if type_ == PERSON_TYPE:
        # A person's full name, not a part of it ('al-Hashimi al-Qurashi' is in 'Abu Hasan al-Hashimi
        # al-Qurashi', 'Bugti' in 'Sarfraz Bugti'); the documents using a part count for the full name.
        whole = full_names(full)
        for part in [x for x in names if x not in whole]:
            for name in whole:
                if within(part, name, type_):
                    docs[name] += docs[part]
        full = whole or full

    def spelt(name: str) -> float:
        """How common the name's spelling of each of its words is, on average."""
        parts = _words(name)
        return sum(spellings[p] for p in parts) / len(parts) if parts else 0.0

    # Then the name with most parts, titles that are part of how sources name him counted ('Hafiz Saeed' over
    # 'Saeed'), then the commoner spelling.
    return min(full, key=lambda n: (-docs[n], -len(analyse(n, type_).parts), -len(_words(n)), -spelt(n), n))



def _words(name: str) -> set[str]:
    """The words of a name that are spelt (not its articles and connectors: 'al', 'ul'; its titles are)."""
    articles = rules().articles
    return {w for w in tokens(name) if w not in articles}
