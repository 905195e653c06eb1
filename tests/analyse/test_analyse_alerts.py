"""Alerts come from what the store learned since a time, and each cites its evidence."""
from __future__ import annotations

from linkwatch.analyse.alerts import compute_alerts
from linkwatch.analyse.view import GraphView
from linkwatch.store.sql import now


def by_kind(alerts: list) -> dict[str, list]:  # type: ignore[type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for a in alerts:
        out.setdefault(a.kind, []).append(a)
    return out


def test_what_changed_in_the_second_stage(fiction) -> None:  # type: ignore[no-untyped-def]
    store, ids = fiction.store, fiction.ids
    view = GraphView.load(store)
    alerts = compute_alerts(store, fiction.checkpoint)
    kinds = by_kind(alerts)
    assert set(kinds) == {"new_link", "watched_new_group", "link_grade_up", "grade_up", "denied", "event_new_source"}

    [new_link] = kinds["new_link"]
    assert set(new_link.subjects[:2]) == {ids["ncb"], ids["grb"]}
    assert new_link.watched  # Tomas Varga, on the watchlist, is on the path
    assert new_link.certainty == "reported" and "met_with [reported]" in (new_link.path or "")

    [seen_with] = kinds["watched_new_group"]
    assert seen_with.subjects[:2] == [ids["varga"], ids["grb"]]

    link_up = {frozenset(a.subjects[:2]): a for a in kinds["link_grade_up"]}
    assert set(link_up) == {frozenset({ids["ncb"], ids["rcm"]}), frozenset({ids["ncb"], ids["svf"]})}
    alliance = link_up[frozenset({ids["ncb"], ids["rcm"]})]
    assert alliance.previous["grade"] == 4 and alliance.grade == 3  # unverified presence → asserted alliance
    assert "allied_with" in (alliance.path or "")

    ups = {(a.subjects[0], a.subjects[1]) for a in kinds["grade_up"]}
    assert (ids["svf"], ids["ncb"]) in ups  # the front claim, now asserted by a second outlet
    [denial] = kinds["denied"]
    assert denial.subjects == [ids["kallan"], ids["port_rally"]]
    assert [e.certainty.value for e in denial.evidence] == ["denied"]

    [event] = kinds["event_new_source"]
    assert event.subjects[0] == ids["port_rally"] and "Meridia Monitor" in event.title

    for a in alerts:
        assert a.evidence, a.title
        assert all(e.doc in view.documents for e in a.evidence)
        assert a.at >= fiction.checkpoint
    assert alerts[0].watched  # watched first


def test_nothing_new_after_the_last_ingest(fiction) -> None:  # type: ignore[no-untyped-def]
    assert compute_alerts(fiction.store, now()) == []


def test_from_the_beginning_every_link_is_new_and_nothing_changed(fiction) -> None:  # type: ignore[no-untyped-def]
    kinds = by_kind(compute_alerts(fiction.store, "2000-01-01"))
    assert "grade_up" not in kinds and "denied" not in kinds and "event_new_source" not in kinds
    assert len(kinds["new_link"]) == 4
    assert len(kinds["new_front"]) == 1


def test_a_new_front_claim_and_the_link_it_makes(small) -> None:  # type: ignore[no-untyped-def]
    kinds = by_kind(compute_alerts(small.store, small.checkpoint))
    [front] = kinds["new_front"]
    assert front.certainty == "reported" and "(reported)" in front.title
    assert front.evidence[0].cues == ("Analysts say",)
    # The front stands for the Iron Sickle, but it did nothing with the Amber Hand: no new link.
    [link] = kinds["new_link"]
    assert {small.ids["relief"], small.ids["sickle"]} == set(link.subjects[:2])
