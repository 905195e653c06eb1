"""Event coreference through stated affiliations and inferred dates, and the attacks it must keep apart.

A report that names only a group's leader is about the same occasion as one that names the group, when a
document states the tie; an undated report (its date inferred from publication) and no place joins the
dated report of the same occasion; one group's attacks in one province in one month stay several events.
"""
from __future__ import annotations

from pathlib import Path

from resolve_articles import Article, ingest

from linkwatch.resolve.events import EventFeatures, EventProfile, score_events
from linkwatch.resolve.places import gazetteer
from linkwatch.resolve.report import explain
from linkwatch.store import Store, open_store


def dated() -> Article:
    text = "Gunmen of the Sabon Gari Brigade abducted forty pupils from a school in Gwoza on 3 March 2024."
    return (Article(text, source="A", published="2024-03-04").org("g", "Sabon Gari Brigade").place("k", "Gwoza")
            .event("v", "kidnapping", "2024-03-03", "k", ["g"], ["g"], text.rstrip(".")))


def leader_only(published: str = "2024-03-09", date: str = "2024-03") -> Article:
    """No date in the text (inferred from publication: on or before it), no place, only the leader."""
    text = ("Musa Kadiri, leader of the Sabon Gari Brigade, released a video claiming the abduction of the pupils.")
    return (Article(text, source="B", published=published).person("m", "Musa Kadiri").org("g", "Sabon Gari Brigade")
            .rel("leader_of", "m", "g", "Musa Kadiri, leader of the Sabon Gari Brigade")
            .event("v", "kidnapping", date, None, ["m"], [], "claiming the abduction of the pupils",
                   date_source="published"))


def leader_named_elsewhere() -> Article:
    text = "Musa Kadiri claimed the abduction of the pupils in a video."
    return (Article(text, source="C", published="2024-03-09").person("m", "Musa Kadiri")
            .event("v", "kidnapping", "2024-03", None, ["m"], [], "claimed the abduction of the pupils",
                   date_source="published"))


def test_a_leader_at_one_report_and_his_group_at_the_other_are_one_actor(store: Store) -> None:
    ingest(store, dated(), leader_only())
    [event] = store.events()
    assert event.date == "2024-03-03" and len(event.evidence) == 2
    lines = explain(store, event.id)
    assert any("shared_actors = 0.5: People and groups reported at both" in line for line in lines)
    assert any("same_occasion = 1.0" in line for line in lines)


def test_the_tie_counts_whichever_report_comes_first_and_wherever_it_is_stated(tmp_path: Path) -> None:
    # The third report names the leader alone; the second states he leads the group.
    for n, order in enumerate([(dated(), leader_only(), leader_named_elsewhere()),
                               (leader_only(), leader_named_elsewhere(), dated()),
                               (leader_named_elsewhere(), leader_only(), dated())]):
        with open_store(tmp_path / f"{n}.db") as s:
            ingest(s, *order)
            [event] = s.events()
            assert event.date == "2024-03-03" and len(event.evidence) == 3, n


def test_without_a_stated_tie_a_leader_is_not_his_group(store: Store) -> None:
    ingest(store, dated(), leader_named_elsewhere())
    assert len(store.events()) == 2


def test_a_report_whose_undated_event_is_inferred_to_another_month_is_not_it(store: Store) -> None:
    ingest(store, dated(), leader_only(published="2024-02-27", date="2024-02"))
    assert len(store.events()) == 2


def test_one_groups_attacks_in_one_province_in_one_month_stay_apart(store: Store) -> None:
    def attack(source: str, text: str, date: str, town: str | None) -> Article:
        a = Article(text, source=source, published="2024-03-20").org("g", "Sabon Gari Brigade")
        if town:
            a = a.place("k", town)
        return a.event("v", "attack", date, "k" if town else None, ["g"], [], text.rstrip("."))

    ingest(store,
           attack("A", "The Sabon Gari Brigade attacked a market in Gwoza on 3 March 2024.", "2024-03-03", "Gwoza"),
           attack("B", "The Sabon Gari Brigade attacked a barracks in Bama on 3 March 2024.", "2024-03-03", "Bama"),
           attack("C", "The Sabon Gari Brigade attacked a convoy in Borno on 11 March 2024.", "2024-03-11", "Borno"),
           # A month the text gives and no place: it could be any of them, so it is none of them.
           attack("D", "The Sabon Gari Brigade attacked villages in March 2024.", "2024-03", None))
    assert len(store.events()) == 4


def test_an_undated_report_joins_at_most_one_of_two_attacks_and_never_bridges_them() -> None:
    f = EventFeatures(gazetteer())
    gwoza, bama = gazetteer().lookup(["Gwoza"]), gazetteer().lookup(["Bama"])
    assert gwoza is not None and bama is not None
    first = EventProfile("v1", "attack", "2024-03-03", gwoza.key, {"g"}, set())
    second = EventProfile("v2", "attack", "2024-03-11", bama.key, {"g"}, set())
    report = EventProfile(None, "attack", "2024-03", None, {"m"}, {"m"}, inferred=True, allied={"g"})
    assert score_events(f, report, first)[1]["same_occasion"] == 1.0
    assert score_events(f, first, second)[0] == 0.0  # the two it matches contradict each other: never joined


def test_a_tie_to_another_group_does_not_make_a_shared_actor() -> None:
    f = EventFeatures(gazetteer())
    attack = EventProfile("v1", "attack", "2024-03-03", None, {"g"}, set())
    other = EventProfile(None, "attack", "2024-03", None, {"m"}, {"m"}, inferred=True, allied={"h"})
    score, values = score_events(f, other, attack)
    assert values["shared_actors"] == -1.0 and values["same_occasion"] == 0.0 and score < 0.5


def test_a_continent_neither_places_nor_contradicts_an_event() -> None:
    """'West Africa' contains no place by code: against a town it is unknown, not another place."""
    f = EventFeatures(gazetteer())
    west_africa, gwoza, bama = (gazetteer().lookup([n]) for n in ("West Africa", "Gwoza", "Bama"))
    assert west_africa is not None and gwoza is not None and bama is not None
    dated = EventProfile("v1", "kidnapping", "2024-03-03", gwoza.key, {"g"}, set())
    report = EventProfile(None, "kidnapping", "2024-03", west_africa.key, {"g"}, set(), inferred=True)
    values = score_events(f, report, dated)[1]
    assert values["place_agreement"] == 0.0 and values["same_occasion"] == 1.0
    assert score_events(f, EventProfile(None, "kidnapping", "2024-03-03", bama.key, {"g"}, set()), dated)[0] == 0.0


def _church(source: str, text: str, published: str, date: str, groups: list[str], place: bool,
            date_source: str | None = None) -> Article:
    a = Article(text, source=source, published=published)
    for n, g in enumerate(groups):
        a = a.org(f"g{n}", g)
    if place:
        a = a.place("k", "Homs")
    return a.event("v", "bombing", date, "k" if place else None, [f"g{n}" for n in range(len(groups))], [],
                   text.rstrip("."), date_source=date_source)


def test_an_event_a_report_added_to_is_compared_again_whatever_the_order(tmp_path: Path) -> None:
    """The blamed group's report and the claiming group's report share no actor; a third report naming both
    joins the claim, and the event it makes then takes in the blame too: in every order."""
    claim = _church("A", "Saraya Tilal claimed the church bombing in Homs on 22 June 2025.", "2025-06-23",
                    "2025-06-22", ["Saraya Tilal"], True)
    blame = _church("B", "Officials blamed Jund al-Wadi for the church bombing in Homs.", "2025-06-24",
                    "2025-06", ["Jund al-Wadi"], True, "published")
    both = _church("C", "Saraya Tilal, not Jund al-Wadi, carried out the church bombing, it said.", "2025-06-25",
                   "2025-06", ["Saraya Tilal", "Jund al-Wadi"], False, "published")
    for n, order in enumerate([(claim, blame, both), (blame, both, claim), (both, blame, claim),
                               (blame, claim, both)]):
        with open_store(tmp_path / f"{n}.db") as s:
            ingest(s, *order)
            [event] = s.events()
            assert event.date == "2025-06-22" and len(event.evidence) == 3, n
            if n == 1:  # the blame came first and stood alone until the claim joined the third report
                assert any("(one occasion with the event this report added to)" in line for line in explain(s, event.id))


def test_two_members_of_one_group_at_rallies_in_one_city_in_one_month_are_two_rallies(store: Store) -> None:
    def rally(source: str, person: str, date: str) -> Article:
        text = f"{person}, a commander of the Sabon Gari Brigade, addressed a rally in Maiduguri."
        return (Article(text, source=source, published="2024-03-20").person("p", person)
                .org("g", "Sabon Gari Brigade").place("k", "Maiduguri")
                .rel("member_of", "p", "g", f"{person}, a commander of the Sabon Gari Brigade")
                .event("v", "rally", date, "k", ["p"], [], "addressed a rally in Maiduguri"))

    ingest(store, rally("A", "Musa Kadiri", "2024-03-03"), rally("B", "Idris Lawan", "2024-03"))
    assert len(store.events()) == 2
    f = EventFeatures(gazetteer())
    one = EventProfile("v1", "rally", "2024-03-03", None, {"p1"}, {"p1"}, allied={"g"})
    other = EventProfile(None, "rally", "2024-03", None, {"p2"}, {"p2"}, allied={"g"})
    assert score_events(f, other, one)[1]["shared_actors"] == -1.0


def test_events_a_report_bridges_keep_the_best_date_whatever_the_order(tmp_path: Path) -> None:
    """A group's rally dated by month and a man's gathering dated by day share no actor; a report naming both
    joins them. The day is the event's date in every order, also when the month-dated one took the report."""
    city = (Article("The Sabon Gari Brigade held a rally in Rawalakot in February 2025.", source="A")
            .org("g", "Sabon Gari Brigade").place("r", "Rawalakot")
            .event("v", "rally", "2025-02", "r", [], ["g"], "held a rally in Rawalakot in February 2025"))
    province = (Article("Musa Kadiri addressed a gathering in Azad Kashmir on 5 February 2025.", source="B")
                .person("m", "Musa Kadiri").place("k", "Azad Kashmir")
                .event("v", "gathering", "2025-02-05", "k", ["m"], [], "addressed a gathering in Azad Kashmir"))
    both = (Article("Musa Kadiri spoke at the Sabon Gari Brigade rally in Rawalakot in February 2025.", source="C")
            .org("g", "Sabon Gari Brigade").person("m", "Musa Kadiri").place("r", "Rawalakot")
            .event("v", "rally", "2025-02", "r", ["m"], ["g"], "spoke at the Sabon Gari Brigade rally in Rawalakot"))
    for n, order in enumerate([(city, province, both), (province, city, both), (both, city, province)]):
        with open_store(tmp_path / f"{n}.db") as s:
            ingest(s, *order)
            [event] = s.events()
            assert event.date == "2025-02-05" and event.type == "rally" and len(event.evidence) == 3, n
