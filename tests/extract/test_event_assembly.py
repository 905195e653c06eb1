"""Events of one document on hand-written parses (blank pipeline): which words mention an occurrence,
which mentions are one occurrence, and what date each gets. Each parse is the one the rule is
written for, so a failure here is the rule's fault, not the statistical parser's."""
from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract.events import DATE_PUBLISHED, DATE_TEXT, EventFinder
from linkwatch.extract.state import PUBLISHED, EventInfo, state_of
from linkwatch.model.schema import schema

Row = tuple[str, str, str, int, str]


def _events(blank: Language, doc: Doc, published: str | None = "2025-03-14") -> list[EventInfo]:
    doc.user_data[PUBLISHED] = published
    EventFinder(blank, "events")(doc)
    return list(state_of(doc).events.values())


def _rows(spec: str, offset: int = 0) -> list[Row]:
    """'word/lemma/POS/head/dep ...' ('word/POS/head/dep' when the lemma is the word), heads counted
    within the sentence and shifted by `offset`."""
    out = []
    for item in spec.split():
        parts = item.split("/")
        word, lemma, pos, head, dep = parts if len(parts) == 5 else [parts[0], parts[0], *parts[1:]]
        out.append((word, lemma, pos, int(head) + offset, dep))
    return out


def _doc(blank: Language, parse: Any, *sentences: str, dates: tuple[str, ...] = ()) -> Doc:
    rows: list[Row] = []
    for s in sentences:
        rows += _rows(s, len(rows))
    ents = ["B-DATE" if r[0] in dates else "O" for r in rows]
    return parse(blank, rows, ents)


GUNMEN = "Gunmen/gunman/NOUN/1/nsubj opened/open/VERB/1/ROOT fire/fire/NOUN/1/dobj on/on/ADP/1/prep a/a/DET/5/det " \
         "bus/bus/NOUN/3/pobj ./PUNCT/1/punct"


# -- the types ---------------------------------------------------------------------------------
def test_subtypes_are_compatible_through_their_family_broad_type() -> None:
    s = schema()
    assert s.event_compatible("attack", "bombing") and s.event_compatible("kidnapping", "attack")
    assert not s.event_compatible("bombing", "kidnapping")  # two kinds: two occasions
    assert not s.event_compatible("meeting", "rally") and s.event_compatible("talks", "meeting")
    assert not s.event_compatible("conference", "attack")  # a conference is never an attack
    assert s.event_specific("attack", "hijacking") == "hijacking"
    assert s.event_specific("hijacking", "attack") == "hijacking"
    assert s.event_family("armed_assault") == "attack" and s.events["clash"].mutual


# -- which words mention an occurrence -----------------------------------------------------------
@pytest.mark.parametrize(("spec", "expected"), [
    (GUNMEN, [("armed_assault", "opened")]),  # a light-verb frame
    ("Rebels/rebel/NOUN/1/nsubj seized/seize/VERB/1/ROOT the/the/DET/3/det town/town/NOUN/1/dobj ./PUNCT/1/punct",
     [("armed_assault", "seized")]),  # taking a place
    ("Rebels/rebel/NOUN/1/nsubj seized/seize/VERB/1/ROOT weapons/weapon/NOUN/1/dobj ./PUNCT/1/punct", []),
    ("Soldiers/soldier/NOUN/2/nsubjpass were/be/AUX/2/auxpass killed/kill/VERB/2/ROOT in/in/ADP/2/prep "
     "a/a/DET/5/det raid/raid/NOUN/3/pobj ./PUNCT/2/punct", [("armed_assault", "raid")]),  # the noun names it
    ("The/the/DET/1/det group/group/NOUN/2/nsubj vowed/vow/VERB/2/ROOT to/to/PART/4/aux attack/attack/VERB/2/xcomp "
     "the/the/DET/6/det capital/capital/NOUN/4/dobj ./PUNCT/2/punct", []),  # a threat
    ("Their/their/PRON/1/poss demands/demand/NOUN/4/nsubjpass were/be/AUX/4/auxpass not/not/PART/4/neg "
     "met/meet/VERB/4/ROOT ./PUNCT/4/punct", []),  # met as in satisfied
    ("We/we/PRON/2/nsubj will/will/AUX/2/aux meet/meet/VERB/2/ROOT Zeb/Zeb/PROPN/2/dobj ./PUNCT/2/punct", []),
    ("Zaheer/PROPN/1/nsubj travelled/travel/VERB/1/ROOT ,/PUNCT/1/punct meeting/meet/VERB/1/advcl "
     "groups/group/NOUN/3/dobj ./PUNCT/1/punct", []),  # a verb of meeting names its own people
    ("The/the/DET/1/det group/group/NOUN/3/nsubj has/have/AUX/3/aux carried/carry/VERB/3/ROOT out/out/ADP/3/prt "
     "attacks/attack/NOUN/3/dobj on/on/ADP/5/prep foreigners/foreigner/NOUN/6/pobj ./PUNCT/3/punct", []),  # a habit
])
def test_mentions(blank: Language, parse: Any, spec: str, expected: list[tuple[str, str]]) -> None:
    doc = _doc(blank, parse, spec)
    found = [(ev.type, doc[t].text) for ev in _events(blank, doc) for t in ev.triggers]
    assert found == expected


def test_a_habit_in_recent_years_is_no_occurrence(blank: Language, parse: Any) -> None:
    doc = _doc(blank, parse, "It/it/PRON/2/nsubj has/have/AUX/2/aux attacked/attack/VERB/2/ROOT "
               "foreigners/foreigner/NOUN/2/dobj in/in/ADP/2/prep recent/recent/ADJ/6/amod years/year/NOUN/4/pobj "
               "./PUNCT/2/punct", dates=("recent", "years"))
    assert _events(blank, doc) == []


# -- which mentions are one occurrence ---------------------------------------------------------
HIJACK = "Militants/militant/NOUN/1/nsubj hijacked/hijack/VERB/1/ROOT a/a/DET/3/det train/train/NOUN/1/dobj " \
         "on/on/ADP/1/prep Tuesday/Tuesday/PROPN/4/pobj ./PUNCT/1/punct"
ATTACKERS = "The/the/DET/1/det attackers/attacker/NOUN/2/nsubj opened/open/VERB/2/ROOT fire/fire/NOUN/2/dobj " \
            "./PUNCT/2/punct"


def test_a_verb_retells_the_attack_and_keeps_its_specific_type(blank: Language, parse: Any) -> None:
    doc = _doc(blank, parse, HIJACK, ATTACKERS, dates=("Tuesday",))
    (ev,) = _events(blank, doc)
    assert ev.type == "hijacking" and [doc[t].text for t in ev.triggers] == ["hijacked", "opened"]
    assert (ev.date, ev.date_source) == ("2025-03-11", DATE_TEXT)  # the Tuesday before Friday 14 March


def test_another_attack_is_a_new_one(blank: Language, parse: Any) -> None:
    doc = _doc(blank, parse, HIJACK,
               "Another/another/DET/1/det attack/attack/NOUN/2/nsubj followed/follow/VERB/2/ROOT ./PUNCT/2/punct",
               dates=("Tuesday",))
    assert [ev.type for ev in _events(blank, doc)] == ["hijacking", "attack"]


def test_a_predicate_noun_says_what_it_was(blank: Language, parse: Any) -> None:
    doc = _doc(blank, parse,
               "An/an/DET/1/det explosion/explosion/NOUN/2/nsubj hit/hit/VERB/2/ROOT the/the/DET/4/det "
               "convoy/convoy/NOUN/2/dobj ./PUNCT/2/punct",
               "Police/police/NOUN/1/nsubj said/say/VERB/1/ROOT it/it/PRON/3/nsubj was/be/AUX/1/ccomp a/a/DET/6/det "
               "suicide/suicide/NOUN/6/compound attack/attack/NOUN/3/attr ./PUNCT/1/punct")
    (ev,) = _events(blank, doc)
    assert ev.type == "bombing" and len(ev.triggers) == 2


BOKO = "Boko/Boko/PROPN/1/compound Haram/Haram/PROPN/9/nsubj ,/PUNCT/1/punct which/PRON/4/nsubj " \
       "kidnapped/kidnap/VERB/1/relcl schoolgirls/schoolgirl/NOUN/4/dobj in/ADP/4/prep 2014/NUM/6/pobj ,/PUNCT/1/punct " \
       "attacked/attack/VERB/9/ROOT a/DET/11/det school/NOUN/9/dobj"


@pytest.mark.parametrize(("tail", "dates"), [
    (" on/ADP/9/prep Monday/PROPN/12/pobj ./PUNCT/9/punct", ("2014", "Monday")),
    (" ./PUNCT/9/punct", ("2014",)),  # undated: still not the kidnapping told in the description
])
def test_a_background_description_keeps_its_own_event(blank: Language, parse: Any, tail: str,
                                                      dates: tuple[str, ...]) -> None:
    # "Boko Haram, which kidnapped schoolgirls in 2014, attacked a school [on Monday]."
    doc = _doc(blank, parse, BOKO + tail, dates=dates)
    events = _events(blank, doc)
    assert [ev.type for ev in events] == ["kidnapping", "attack"]
    assert events[0].date == "2014" and events[1].date != "2014"


# -- dates of the whole document -------------------------------------------------------------------
EXPLOSION = "An/an/DET/1/det explosion/explosion/NOUN/2/nsubj killed/kill/VERB/2/ROOT two/two/NUM/4/nummod " \
            "people/people/NOUN/2/dobj in/in/ADP/2/prep Karachi/Karachi/PROPN/5/pobj ./PUNCT/2/punct"


@pytest.mark.parametrize(("published", "date"), [
    ("2024-10-20", "2024-10"),  # the week before publication lies in October
    ("2024-10-03", "2024"),  # it reaches back into September: only the year is sure
    ("2024-10", "2024"),  # a month's publication: the week before it may be September
    (None, None),
])
def test_the_main_event_undated_in_the_text_is_dated_from_publication(blank: Language, parse: Any,
                                                                      published: str | None, date: str | None) -> None:
    doc = _doc(blank, parse, EXPLOSION)
    (ev,) = _events(blank, doc, published)
    assert (ev.date, ev.date_source) == (date, DATE_PUBLISHED if date else None)


def test_a_claims_date_bounds_the_attack(blank: Language, parse: Any) -> None:
    # "In 2024, the BLA claimed responsibility for attacks near Gwadar."
    doc = _doc(blank, parse, "In/in/ADP/5/prep 2024/2024/NUM/0/pobj ,/,/PUNCT/5/punct the/the/DET/4/det "
               "BLA/BLA/PROPN/5/nsubj claimed/claim/VERB/5/ROOT responsibility/responsibility/NOUN/5/dobj "
               "for/for/ADP/6/prep attacks/attack/NOUN/7/pobj near/near/ADP/8/prep Gwadar/Gwadar/PROPN/9/pobj "
               "./PUNCT/5/punct", dates=("2024",))
    (ev,) = _events(blank, doc, "2025-08-11")
    assert (ev.date, ev.date_source) == ("2024", DATE_TEXT)


def test_a_day_claim_gives_the_attack_the_week_before_it() -> None:
    finder = EventFinder.__new__(EventFinder)
    finder.reporting_days = 7
    assert finder.before("2021-03-29") == "2021-03"
    assert finder.before("2021-04-02") == "2021"
    assert finder.before("2021-03") == "2021-03"


def test_a_new_attack_noun_nearby_tells_the_same_attack(blank: Language, parse: Any) -> None:
    # "Militants stormed the town on Wednesday. The jihadis laid siege to the town."
    doc = _doc(blank, parse,
               "Militants/militant/NOUN/1/nsubj stormed/storm/VERB/1/ROOT the/DET/3/det town/NOUN/1/dobj on/ADP/1/prep "
               "Wednesday/PROPN/4/pobj ./PUNCT/1/punct",
               "The/DET/1/det jihadis/jihadi/NOUN/2/nsubj laid/lay/VERB/2/ROOT siege/NOUN/2/dobj to/ADP/2/prep "
               "the/DET/6/det town/NOUN/4/pobj ./PUNCT/2/punct", dates=("Wednesday",))
    (ev,) = _events(blank, doc)
    assert [doc[t].text for t in ev.triggers] == ["stormed", "siege"]


def test_a_relative_clause_says_which_attack(blank: Language, parse: Any) -> None:
    # "Fighters clashed in Idlib. ISIS claimed the attack that targeted a shrine."
    doc = _doc(blank, parse,
               "Fighters/fighter/NOUN/1/nsubj clashed/clash/VERB/1/ROOT in/ADP/1/prep Idlib/PROPN/2/pobj ./PUNCT/1/punct",
               "ISIS/PROPN/1/nsubj claimed/claim/VERB/1/ROOT the/DET/3/det attack/NOUN/1/dobj that/PRON/5/nsubj "
               "targeted/target/VERB/3/relcl a/DET/7/det shrine/NOUN/5/dobj ./PUNCT/1/punct")
    assert [ev.type for ev in _events(blank, doc)] == ["clash", "attack"]


def test_a_date_since_which_is_no_date_of_the_occurrence(blank: Language, parse: Any) -> None:
    # "It was the group's largest operation since its defeat in March 2019."
    doc = _doc(blank, parse,
               "It/PRON/1/nsubj was/be/AUX/1/ROOT the/DET/5/det group/NOUN/5/poss largest/ADJ/5/amod "
               "operation/NOUN/1/attr since/ADP/5/prep its/PRON/8/poss defeat/NOUN/6/pobj in/ADP/8/prep "
               "March/PROPN/9/pobj 2019/NUM/10/nummod ./PUNCT/1/punct", dates=("March", "2019"))
    (ev,) = _events(blank, doc, published="2022-01-21")
    assert ev.date != "2019-03"
