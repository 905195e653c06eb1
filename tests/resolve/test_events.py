"""Event coreference: one occasion reported twice is one event; distinct occasions stay distinct."""
from __future__ import annotations

from pathlib import Path

from resolve_articles import Article, entity_named, ingest

from linkwatch.resolve.events import EventFeatures, EventProfile, index_keys, query_keys, score_events
from linkwatch.resolve.places import gazetteer
from linkwatch.resolve.report import explain
from linkwatch.store import Store, open_store

LET, JEM, HAMAS = "org:lashkar-e-tayyiba", "org:jaish-i-mohammed", "org:hamas"


def solidarity_day() -> Article:
    text = ("LeT and JeM hosted Hamas leaders at an event in Pakistan-occupied Kashmir on February 5, 2025, "
            "Kashmir Solidarity Day. Khaled Qaddoumi was present.")
    return (Article(text, source="Indian Defence News", published="2025-02-06")
            .org("l", "LeT", key=LET).org("j", "JeM", key=JEM).org("h", "Hamas", key=HAMAS)
            .place("k", "Pakistan-occupied Kashmir").person("q", "Khaled Qaddoumi")
            .event("v", "event", "2025-02-05", "k", ["q", "h"], ["l", "j"],
                   "an event in Pakistan-occupied Kashmir on February 5, 2025", name="Kashmir Solidarity Day")
            .rel("participated_in", "q", "v", "Khaled Qaddoumi was present", "reported"))


def zaheer_rally() -> Article:
    text = ("In February 2025, Naji Zaheer visited PoK, where he addressed an anti-India rally alongside commanders "
            "from Lashkar-e-Taiba and Jaish-e-Mohammed. In January 2026 he was chief guest at a PMML event in "
            "Gujranwala.")
    return (Article(text, source="News of Kashmir", published="2026-01-08")
            .person("z", "Naji Zaheer").place("k", "PoK").place("g", "Gujranwala")
            .org("l", "Lashkar-e-Taiba", key=LET).org("j", "Jaish-e-Mohammed", key=JEM).org("p", "PMML")
            .event("v1", "rally", "2025-02", "k", ["z", "l", "j"], [], "addressed an anti-India rally")
            .event("v2", "event", "2026-01", "g", ["z"], ["p"], "chief guest at a PMML event in Gujranwala")
            .rel("participated_in", "z", "v1", "he addressed an anti-India rally", "reported")
            .rel("participated_in", "z", "v2", "he was chief guest at a PMML event"))


def test_one_rally_reported_at_two_precisions_is_one_event_and_a_later_one_stays_apart(store: Store) -> None:
    ingest(store, solidarity_day(), zaheer_rally())
    events = store.events()
    assert len(events) == 2
    pok = next(e for e in events if e.date and e.date.startswith("2025-02"))
    assert pok.date == "2025-02-05" and pok.name == "Kashmir Solidarity Day"
    assert entity_named(store, "Naji Zaheer") in pok.participants
    assert entity_named(store, "Khaled Qaddoumi") in pok.participants
    assert len(pok.evidence) == 2
    [merge] = [d for d in store.decisions(pok.id, kind="event") if d["outcome"] == "same"]
    assert merge["features"]["features"]["date_agreement"] == 0.8
    assert merge["features"]["features"]["place_agreement"] == 1.0
    gujranwala = next(e for e in events if e.id != pok.id)
    assert gujranwala.date == "2026-01" and entity_named(store, "Naji Zaheer") in gujranwala.participants


def test_a_report_placed_in_the_city_joins_one_placed_in_its_province(store: Store) -> None:
    city = (Article("JeM held a rally in Rawalakot on 5 February 2025; Masood Ilyas spoke.", source="A")
            .org("j", "JeM", key=JEM).place("r", "Rawalakot").person("m", "Masood Ilyas")
            .event("v", "rally", "2025-02-05", "r", ["m"], ["j"], "a rally in Rawalakot on 5 February 2025"))
    province = (Article("Jaish commander Masood Ilyas addressed a gathering in PoK in February 2025.", source="B")
                .org("j", "Jaish", key=JEM).place("k", "PoK").person("m", "Masood Ilyas")
                .event("v", "gathering", "2025-02", "k", ["m", "j"], [], "addressed a gathering in PoK"))
    ingest(store, city, province)
    [event] = store.events()
    assert event.location == entity_named(store, "Rawalakot")  # the more specific place is kept
    assert event.type == "rally" and event.date == "2025-02-05"


def test_undated_reports_need_a_shared_place_and_shared_people(store: Store) -> None:
    a = (Article("Hamas commander Naji Zaheer shared a stage with Rashid Ali Sandhu in Gujranwala.", source="A")
         .person("z", "Naji Zaheer").person("s", "Rashid Ali Sandhu").place("g", "Gujranwala")
         .event("v", "meeting", None, "g", ["z", "s"], [], "shared a stage with Rashid Ali Sandhu in Gujranwala"))
    b = (Article("Zaheer and Sandhu (Naji Zaheer, Rashid Ali Sandhu) met at a Gujranwala event.", source="B")
         .person("z", "Naji Zaheer", "Zaheer").person("s", "Rashid Ali Sandhu", "Sandhu").place("g", "Gujranwala")
         .event("v", "event", None, "g", ["z", "s"], [], "met at a Gujranwala event"))
    c = (Article("Rashid Ali Sandhu later spoke at another gathering in Gujranwala.", source="C")
         .person("s", "Rashid Ali Sandhu").place("g", "Gujranwala")
         .event("v", "gathering", None, "g", ["s"], [], "spoke at another gathering in Gujranwala"))
    ingest(store, a, b, c)
    events = store.events()
    assert len(events) == 2
    assert sorted(len(e.evidence) for e in events) == [1, 2]


def test_contradictions_keep_events_apart() -> None:
    f = EventFeatures(gazetteer())
    pok, gujranwala = "place:azad-kashmir", "geonames:1177662"
    rally = EventProfile(None, "rally", "2025-02-05", pok, {"e1", "e2"}, {"e1"})
    assert score_events(f, rally, EventProfile("v", "rally", "2025-02-06", pok, {"e1", "e2"}, {"e1"}))[0] == 0.0
    assert score_events(f, rally, EventProfile("v", "rally", "2025-02", gujranwala, {"e1", "e2"}, {"e1"}))[0] == 0.0
    assert score_events(f, rally, EventProfile("v", "attack", "2025-02-05", pok, {"e1", "e2"}, {"e1"}))[0] == 0.0
    score, values = score_events(f, rally, EventProfile("v", "conference", "2025-02", pok, set(), set()))
    assert score >= 0.75 and values["type_agreement"] == 0.5


def test_a_country_alone_is_not_enough_to_merge() -> None:
    f = EventFeatures(gazetteer())
    pakistan = "geonames:1168579"
    a = EventProfile(None, "rally", "2025-02", pakistan, set(), set())
    b = EventProfile("v", "rally", "2025-02", pakistan, set(), set())
    assert score_events(f, a, b)[0] < 0.75


def test_one_fact_from_two_documents_is_one_relation_with_both_quotes(store: Store) -> None:
    first = solidarity_day()
    second = (Article("Khaled Qaddoumi attended the Kashmir Solidarity Day event in PoK on 5 February 2025.",
                      source="Other outlet")
              .person("q", "Khaled Qaddoumi").place("k", "PoK")
              .event("v", "event", "2025-02-05", "k", ["q"], [], "the Kashmir Solidarity Day event in PoK",
                     name="Kashmir Solidarity Day")
              .rel("participated_in", "q", "v", "Khaled Qaddoumi attended"))
    ingest(store, first, second)
    [rel] = store.relations(type="participated_in")
    assert len(rel.evidence) == 2 and rel.sources == 2
    assert rel.certainty.value == "asserted"  # the strongest label any source supports


LAHORE, MULTAN, PUNJAB, PAKISTAN = "geonames:1172451", "geonames:1169825", "place:punjab-pakistan", "geonames:1168579"


def test_blocking_finds_the_place_its_regions_and_what_lies_inside_but_not_sibling_places() -> None:
    """A month's events in a province are one block that grows with the store; a report placed in a
    city needs the city, the regions around it and what lies inside it, never another city of the
    province (the places contradict, so such a pair can never merge)."""
    def filed(place: str, containers: list[str]) -> set[str]:
        return index_keys("2025-02-05", [place, *containers], set())

    in_lahore = query_keys("2025-02", [LAHORE, PUNJAB], set())
    assert in_lahore & filed(LAHORE, [PUNJAB, PAKISTAN])
    assert in_lahore & filed(PUNJAB, [PAKISTAN])  # reported only as "in Punjab"
    assert not in_lahore & filed(MULTAN, [PUNJAB, PAKISTAN])
    in_punjab = query_keys("2025-02", [PUNJAB], set())
    assert in_punjab & filed(LAHORE, [PUNJAB, PAKISTAN]) and in_punjab & filed(MULTAN, [PUNJAB, PAKISTAN])
    in_pakistan = query_keys("2025", [PAKISTAN], set())  # a year only, a country only: every month inside it
    assert in_pakistan & filed(MULTAN, [PUNJAB, PAKISTAN])


def test_events_judged_the_same_merge_even_when_no_key_brings_them_together(store: Store) -> None:
    lahore = (Article("Hamas leaders held a meeting in Lahore in March 2025.", source="A")
              .org("h", "Hamas", key=HAMAS).place("l", "Lahore")
              .event("v", "meeting", "2025-03", "l", ["h"], [], "held a meeting in Lahore in March 2025"))
    pipeline = ingest(store, lahore)
    multan = (Article("A gathering of Hamas leaders took place in Multan in March 2025.", source="B")
              .org("h", "Hamas", key=HAMAS).place("m", "Multan")
              .event("v", "gathering", "2025-03", "m", ["h"], [], "A gathering of Hamas leaders took place"))
    ingest(store, multan)
    assert len(store.events()) == 2  # two cities: two events
    lahore_event = next(e for e in store.events() if e.location == entity_named(store, "Lahore"))
    [report] = [r for r in store.mentions() if r["text"] == "Multan"]
    with store.transaction() as w:  # an analyst says the Multan report is the Lahore meeting
        w.put_judgement(lahore_event.id, f"{report['doc_id']}#v", "same", "analyst")
    pipeline.reresolve()
    [event] = store.events()
    assert event.id == lahore_event.id and len(event.evidence) == 2


def _kuje(text: str, source: str, date: str | None, place: str | None, date_source: str | None = None,
          group: str = "ISWAP", published: str = "2022-07-07") -> Article:
    a = Article(text, source=source, published=published).org("g", group)
    if place:
        a = a.place("k", place)
    return a.event("v", "attack", date, "k" if place else None, ["g"], [], text.split(".")[0], date_source=date_source)


def test_one_attack_dated_by_one_report_and_not_by_another_is_one_event(store: Store) -> None:
    """A report dates the attack; another, published two days later, says only 'the attack' (its
    date inferred from publication: on or before); a third places it without a date's day."""
    ingest(store,
           _kuje("ISWAP attacked the prison in Kuje on 5 July 2022.", "A", "2022-07-05", "Kuje"),
           _kuje("ISWAP claimed the attack on the prison.", "B", "2022-07-07", None, "published"),
           _kuje("ISWAP fighters stormed the Kuje prison on July 5, 2022.", "C", "2022-07-05", None))
    [event] = store.events()
    assert event.date == "2022-07-05" and event.date_source == "text"
    merges = [d for d in store.decisions(event.id, kind="event") if d["outcome"] == "same"]
    assert any(d["features"]["features"]["same_occasion"] == 1.0 for d in merges)
    lines = explain(store, event.id)  # what `linkwatch explain` prints: the event, and why each report joined
    assert lines[0].startswith("Event attack in Kuje 2022-07-05")
    assert any("same_occasion = 1.0: One occasion by the rule" in line for line in lines)


def test_an_attack_after_a_report_was_published_is_not_the_one_it_reported(store: Store) -> None:
    ingest(store,
           _kuje("ISWAP claimed the attack on the prison.", "A", "2022-07-07", None, "published"),
           _kuje("ISWAP attacked the prison in Kuje on 9 July 2022.", "B", "2022-07-09", "Kuje"))
    assert len(store.events()) == 2


def test_attacks_at_one_place_stay_apart_when_their_dates_or_actors_differ(store: Store) -> None:
    ingest(store,
           _kuje("ISWAP attacked the prison in Kuje on 5 July 2022.", "A", "2022-07-05", "Kuje"),
           _kuje("ISWAP attacked the prison in Kuje again on 12 July 2022.", "B", "2022-07-12", "Kuje"),
           _kuje("Bandits attacked a market in Kuje on 5 July 2022.", "C", "2022-07-05", "Kuje", group="Ansaru"))
    assert len(store.events()) == 3


def test_a_report_that_is_one_occasion_with_two_stored_events_joins_them_in_any_order(tmp_path: Path) -> None:
    city = (Article("JeM held a rally in Rawalakot on 5 February 2025.", source="A")
            .org("j", "JeM", key=JEM).place("r", "Rawalakot")
            .event("v", "rally", "2025-02-05", "r", [], ["j"], "a rally in Rawalakot on 5 February 2025"))
    province = (Article("Masood Ilyas addressed a gathering in PoK in February 2025.", source="B")
                .place("k", "PoK").person("m", "Masood Ilyas")
                .event("v", "gathering", "2025-02", "k", ["m"], [], "addressed a gathering in PoK"))
    both = (Article("Masood Ilyas spoke at the JeM rally in Rawalakot on 5 February 2025.", source="C")
            .org("j", "JeM", key=JEM).place("r", "Rawalakot").person("m", "Masood Ilyas")
            .event("v", "rally", "2025-02-05", "r", ["m"], ["j"], "spoke at the JeM rally in Rawalakot"))
    for n, order in enumerate([(city, province, both), (both, province, city), (city, both, province)]):
        with open_store(tmp_path / f"{n}.db") as s:
            ingest(s, *order)
            [event] = s.events()
            assert event.date == "2025-02-05" and len(event.evidence) == 3
