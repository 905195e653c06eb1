"""The organisation link graph: which groups are linked, through what, graded by the weakest hop."""
from __future__ import annotations

import json

from linkwatch.analyse.links import actor_groups, org_links
from linkwatch.analyse.view import GraphView
from linkwatch.model import Certainty


def pairs(view: GraphView, links: list) -> set[frozenset[str]]:  # type: ignore[type-arg]
    return {frozenset((view.name(k.a), view.name(k.b))) for k in links}


def test_seed_links_are_the_analysts_org_links(seed, seeds) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    gold = json.loads((seeds / "gold.json").read_text())
    names = {"hamas": "Hamas", "let": "Lashkar-e-Taiba", "jem": "Jaish-e-Mohammed",
             "pmml": "Pakistan Markazi Muslim League"}
    expected = {frozenset((names[a], names[b])) for a, b in gold["org_links"]}
    assert pairs(view, org_links(view)) == expected


def test_hamas_reaches_let_through_the_pmml_event_and_the_front_claim(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    [link] = [k for k in org_links(view, seed.ids["hamas"]) if seed.ids["let"] in (k.a, k.b)]
    texts = [p.describe(view) for p in link.paths]
    via_front = [t for t in texts if "front_of [reported]" in t and "meeting in Gujranwala" in t]
    assert via_front, texts
    assert "Naji Zaheer" in via_front[0] and "Pakistan Markazi Muslim League" in via_front[0]
    assert set(link.kinds) == {"meeting", "shared_event"}
    # Two outlets: the PoK rally (Indian Defence News) and the Gujranwala meeting (News of Kashmir).
    assert link.sources == 2
    assert link.seen(view) == ("2025-02-05", "2026-01-08")


def test_a_path_is_as_good_as_its_weakest_hop_and_the_best_path_grades_the_link(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    for link in org_links(view):
        for p in link.paths:
            assert p.grade == max(h.grade for h in p.hops)
            assert p.certainty.strength == min(h.certainty.strength for h in p.hops)
        assert link.grade == min(p.grade for p in link.paths)
        assert link.paths == sorted(link.paths, key=lambda p: p.rank())
    [jem] = [k for k in org_links(view, seed.ids["jem"]) if seed.ids["let"] in (k.a, k.b)]
    assert jem.best.certainty is Certainty.ASSERTED  # both hosted the rally, in the source's own voice
    assert any(p.certainty is Certainty.UNVERIFIED and p.grade == 4 for p in jem.paths)


def test_filters_by_organisation_date_and_grade(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    pmml = org_links(view, seed.ids["pmml"])
    assert pairs(view, pmml) == {frozenset({"Hamas", "Pakistan Markazi Muslim League"}),
                                 frozenset({"Pakistan Markazi Muslim League", "Lashkar-e-Taiba"})}
    recent = org_links(view, since="2026-01-01")
    assert frozenset({"Hamas", "Jaish-e-Mohammed"}) not in pairs(view, recent)  # only the 2025 rally links them
    assert all(p.date(view) >= "2026-01-01" for k in recent for p in k.paths)
    assert org_links(view, min_grade=2) == []
    assert len(org_links(view, min_grade=3)) == 5


def test_a_year_only_date_counts_as_possibly_after_a_finer_since(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    # The founding congress is dated "2023" only; it links nobody, but the 2024-11 rally must survive
    # a since of 2024-11-01 and be dropped by 2024-12-01.
    assert org_links(view, since="2024-11-01")
    kept = org_links(view, since="2024-12-01")
    assert all(p.date(view) >= "2024-12" for k in kept for p in k.paths)


def test_copies_count_once_in_a_links_sources(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    [link] = [k for k in org_links(view, fiction.ids["svf"]) if fiction.ids["ncb"] in (k.a, k.b)]
    # Harbor Ledger (front claim, rally), its syndicated copy in Aggregator Daily (counts with Harbor
    # Ledger), Meridia Monitor (front claim) and Valley Post (Varga, NCB commander, at the rally): three.
    assert link.sources == 3
    aggregator = next(d.id for d in view.documents.values() if d.source == "Aggregator Daily")
    harbor = next(d.id for d in view.documents.values() if d.source == "Harbor Ledger")
    assert view.source_of[aggregator] == view.source_of[harbor]
    assert link.kinds == ["front", "shared_event"]


def test_a_link_resting_on_a_denial_stays_labelled_denied(small) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(small.store)
    [link] = [k for k in org_links(view, small.ids["amber"])]
    assert {view.name(link.a), view.name(link.b)} == {"Amber Hand", "Iron Sickle"}
    assert link.certainty is Certainty.DENIED and link.grade == 5
    assert "participated_in [denied]" in link.best.describe(view)


def test_actor_groups_lists_every_group_a_person_was_seen_with(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    groups = actor_groups(view, seed.ids["zaheer"])
    assert {view.name(g) for g in groups} == {"Hamas", "Lashkar-e-Taiba", "Jaish-e-Mohammed",
                                              "Pakistan Markazi Muslim League"}
    assert groups[seed.ids["hamas"]][0].kind == "affiliation"
    assert {p.kind for p in groups[seed.ids["let"]]} >= {"meeting", "shared_event"}
