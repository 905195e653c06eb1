"""Timelines: dated items in order at their own precision, undated ones apart and never given a date."""
from __future__ import annotations

from linkwatch.analyse.timeline import all_events, timeline
from linkwatch.analyse.view import GraphView, date_sort_key, on_or_after, precision


def test_dates_of_mixed_precision_sort_sensibly() -> None:
    dates = ["2025-03-14", "2025", "2025-02", "2024-12-31", "2025-02-05", "2025-03"]
    assert sorted(dates, key=date_sort_key) == ["2024-12-31", "2025", "2025-02", "2025-02-05", "2025-03",
                                                "2025-03-14"]
    assert [precision(d) for d in ("2025", "2025-02", "2025-02-05", None)] == ["year", "month", "day", "none"]
    assert on_or_after("2025", "2025-06-01") and not on_or_after("2025-05", "2025-06-01")
    assert not on_or_after(None, "2025-01-01")


def test_organisation_timeline_with_its_members(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    t = timeline(view, fiction.ids["ncb"], include_members=True)
    assert [(i.date, i.precision) for i in t.dated] == [
        ("2023", "year"), ("2024-11-02", "day"), ("2024-11-02", "day"), ("2025-03", "month"),
        ("2025-03-14", "day"), ("2025-03-14", "day")]
    member_items = [i for i in t.dated if i.text.startswith("via member_of Tomas Varga")]
    assert len(member_items) == 3
    denied = [i for i in t.dated if "carried_out [denied]" in i.text]
    assert denied and denied[0].certainty.value == "denied" and denied[0].grade == 5
    assert all(i.date is None for i in t.undated)
    undated = {i.text for i in t.undated}
    assert "Sable Valley Front front_of Northern Crescent Brigade (as front)" in undated
    assert [i.reported for i in t.undated] == sorted(i.reported or "9999" for i in t.undated)


def test_undated_events_are_listed_apart_never_dated(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    t = timeline(view, seed.ids["zaheer"])
    [rally] = [i for i in t.dated if i.event == seed.ids["rally"]]
    assert rally.date == "2025-02-05" and rally.certainty.value == "reported" and rally.place == "Pakistan-occupied Kashmir"
    [meeting] = [i for i in t.undated if i.event == seed.ids["gujranwala_event"]]
    assert meeting.date is None and meeting.reported == "2026-01-08" and meeting.place == "Gujranwala"
    assert "Rashid Ali Sandhu (participated_in)" in meeting.others
    assert meeting.outlets == ["News of Kashmir"]


def test_place_and_whole_store_timelines(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    place = timeline(view, fiction.ids["port_alder"])
    assert [i.date for i in place.dated] == ["2023", "2024-11-02"]
    everything = all_events(view)
    assert [i.date for i in everything.dated] == ["2023", "2024-11-02", "2025-03", "2025-03-14"]
    rally = everything.dated[1]
    assert rally.sources == 2  # Harbor Ledger (its copy counts once) and Meridia Monitor
    assert "Aggregator Daily (copy of Harbor Ledger)" in rally.outlets
    assert "Idris Kallan (participated_in [unverified, denied by a source])" in rally.others
