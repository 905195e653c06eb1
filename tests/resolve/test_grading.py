"""Grades: independent sources counted once, the Admiralty scale, STIX confidence, denials shown."""
from __future__ import annotations

from resolve_articles import Article, ingest

from linkwatch.model import Certainty
from linkwatch.resolve.grading import STIX_CONFIDENCE, grade, independent_sources
from linkwatch.store import Store
from linkwatch.store.base import SourceRow


def row(doc: str, certainty: str = "asserted", source: str | None = None, copy_of: str | None = None) -> SourceRow:
    return SourceRow(doc, copy_of, source, None, certainty, "2026-01-01T00:00:00Z")


def test_copies_and_one_outlet_count_once() -> None:
    rows = [row("d1", source="Wire"), row("d2", source="Courier", copy_of="d1"), row("d3", source="Wire"),
            row("d4", source="Daily")]
    groups = independent_sources(rows)
    assert groups["d1"] == groups["d2"] == groups["d3"] != groups["d4"]
    assert grade(rows).sources == 2


def test_the_admiralty_scale() -> None:
    assert grade([row("a", source="A"), row("b", source="B"), row("c", source="C")]).grade == 1
    assert grade([row("a", source="A"), row("b", source="B")]).grade == 2
    assert grade([row("a", source="A"), row("b", "reported", source="B")]).grade == 2
    assert grade([row("a", source="A")]).grade == 3
    assert grade([row("a", "reported", source="A")]).grade == 3
    assert grade([row("a", "unverified", source="A")]).grade == 4
    assert grade([row("a", "denied", source="A")]).grade == 5
    assert grade([]).grade == 6


def test_one_outlet_saying_it_three_times_is_not_confirmation() -> None:
    assert grade([row("a", source="A"), row("b", source="A"), row("c", source="A")]).grade == 3


def test_a_denial_costs_a_step_and_is_kept() -> None:
    g = grade([row("a", source="A"), row("b", source="B"), row("c", "denied", source="Government")])
    assert g.grade == 3 and g.denied and g.certainty is Certainty.ASSERTED


def test_stix_confidence_follows_the_admiralty_mapping() -> None:
    assert [STIX_CONFIDENCE[g] for g in range(1, 6)] == [90, 70, 50, 30, 10]
    assert grade([row("a", source="A")]).confidence == 50


def test_a_denied_relation_stays_in_the_graph_with_its_denial(store: Store) -> None:
    claim = (Article("Officials said Rashid Ali Sandhu is a Lashkar-e-Taiba commander.", source="A")
             .person("p", "Rashid Ali Sandhu").org("l", "Lashkar-e-Taiba", key="org:lashkar-e-tayyiba")
             .rel("member_of", "p", "l", "Rashid Ali Sandhu is a Lashkar-e-Taiba commander", "reported"))
    denial = (Article("Rashid Ali Sandhu denied being a member of Lashkar-e-Taiba.", source="B")
              .person("p", "Rashid Ali Sandhu").org("l", "Lashkar-e-Taiba", key="org:lashkar-e-tayyiba")
              .rel("member_of", "p", "l", "Rashid Ali Sandhu denied being a member of Lashkar-e-Taiba", "denied"))
    ingest(store, claim, denial)
    [rel] = store.relations(type="member_of")
    assert {e.certainty for e in rel.evidence} == {Certainty.REPORTED, Certainty.DENIED}
    assert rel.certainty is Certainty.REPORTED and rel.grade == 4 and rel.sources == 2
    history = [h["grade"] for h in store.relation_history() if h["relation_id"] == rel.id]
    assert history == [3, 4]  # the denial lowered it, and the change is on record


def test_grading_from_grouped_rows_equals_grading_from_every_row(store: Store) -> None:
    """The resolver grades from one row per outlet and label; the grade must not change."""
    wire = "Officials said Rashid Ali Sandhu is a Lashkar-e-Taiba commander."
    articles = [
        Article(wire, source="Wire"),
        Article(wire + " More to follow.", source="Courier"),  # a near-duplicate copy, another outlet
        Article("Rashid Ali Sandhu, a Lashkar-e-Taiba commander, spoke again.", source="Wire"),
        Article("Rashid Ali Sandhu, a Lashkar-e-Taiba commander, left Lahore.", source="Wire"),
        Article("Rashid Ali Sandhu is said to be a Lashkar-e-Taiba commander.", source="Daily"),
        Article("Rashid Ali Sandhu, a Lashkar-e-Taiba commander, was seen.", source=None),
    ]
    for a in articles:
        quote = a.text.split(" More")[0].rstrip(".")
        certainty = "reported" if "said" in quote else "asserted"
        (a.person("p", "Rashid Ali Sandhu").org("l", "Lashkar-e-Taiba", key="org:lashkar-e-tayyiba")
         .rel("member_of", "p", "l", quote, certainty))
    ingest(store, *articles)
    [rel] = store.relations(type="member_of")
    full, grouped = grade(store.relation_sources(rel.id)), grade(store.relation_source_groups(rel.id))
    assert full == grouped
    assert len(store.relation_source_groups(rel.id)) < len(store.relation_sources(rel.id))
    assert rel.sources == full.sources
