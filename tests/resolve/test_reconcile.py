"""Reconciliation: what a later document says joins nodes filed apart, in whatever order the documents
come; constraints (judgements, documents that tell two things apart, different full names) hold against
any score; a node's type and name come from all its sources."""
from __future__ import annotations

from itertools import permutations
from pathlib import Path

from resolve_articles import Article, entity_named, ingest
from test_order import signature

from linkwatch.store import Store, open_store

ISIS = "org:islamic-state-of-iraq-and-the-levant"


def _every_order(tmp_path: Path, *articles: Article) -> list[dict[str, object]]:
    graphs = []
    for n, order in enumerate(permutations(articles)):
        with open_store(tmp_path / f"{n}.db") as store:
            ingest(store, *order)
            graphs.append(signature(store))
    return graphs


def _people(store: Store) -> list[str]:
    return sorted(e.name for e in store.entities("person"))


def _designation() -> tuple[Article, Article, Article]:
    kunya = (Article("Abu Qasim, an Islamic State commander, was seen in Palma.", source="A")
             .person("p", "Abu Qasim").org("i", "Islamic State", key=ISIS)
             .rel("member_of", "p", "i", "Abu Qasim, an Islamic State commander"))
    name = (Article("Yaseer Hassan, of the Islamic State, led the raid.", source="B")
            .person("p", "Yaseer Hassan").org("i", "Islamic State", key=ISIS)
            .rel("member_of", "p", "i", "Yaseer Hassan, of the Islamic State"))
    bridge = (Article("Abu Yasir Hassan, also known as Abu Qasim, leads the Islamic State there.", source="C")
              .person("p", "Abu Yasir Hassan", "Abu Qasim").org("i", "Islamic State", key=ISIS)
              .rel("leader_of", "p", "i", "Abu Yasir Hassan, also known as Abu Qasim, leads the Islamic State"))
    return kunya, name, bridge


def test_a_document_equating_two_names_joins_the_two_nodes_in_any_order(tmp_path: Path) -> None:
    graphs = _every_order(tmp_path, *_designation())
    assert all(g == graphs[0] for g in graphs)
    with open_store(tmp_path / "0.db") as store:
        [person] = store.entities("person")
        assert person.name == "Abu Yasir Hassan"  # a full name over a kunya; ties broken by the name, not the order
        reconciled = [d for d in store.decisions(person.id, kind="entity") if d["features"].get("kind") == "reconciled"]
        assert reconciled and all(d["outcome"] == "same" for d in reconciled)
        [member] = store.relations(person.id, type="member_of")
        assert len(member.evidence) == 2  # both articles' quotes moved onto the one node


def test_two_spellings_one_document_failed_to_link_are_one_node(store: Store) -> None:
    ingest(store, Article("Sarfraz Bugti said the raid was over. Sarfaraz Bugti later added details.", source="A")
           .person("a", "Sarfraz Bugti").person("b", "Sarfaraz Bugti"))
    assert _people(store) == ["Sarfaraz Bugti"]


def test_names_a_document_tells_apart_stay_apart_though_another_equates_them(tmp_path: Path) -> None:
    """'Abu Hafsan' and 'Abu Hasan' in one article are two men (their consonants differ); a second
    article writing both names for one man does not merge them, in either order, and says why."""
    both = (Article("Abu Hafsan al-Qurashi succeeded Abu Hasan al-Qurashi.", source="A")
            .person("a", "Abu Hafsan al-Qurashi").person("b", "Abu Hasan al-Qurashi"))
    bridge = (Article("Abi Hafsan al-Qurashi, or Abu Hasan al-Qurashi, was named.", source="B")
              .person("c", "Abi Hafsan al-Qurashi", "Abu Hasan al-Qurashi"))
    graphs = _every_order(tmp_path, both, bridge)
    assert graphs[0] == graphs[1]
    with open_store(tmp_path / "0.db") as store:
        assert len(store.entities("person")) == 2
        notes = [str(d["features"].get("note", "")) for e in store.entities("person")
                 for d in store.decisions(e.id, kind="entity")]
        assert any("names both, as different things" in n for n in notes), notes


def test_a_judgement_holds_against_a_bridge(tmp_path: Path) -> None:
    kunya, name, bridge = _designation()
    db = tmp_path / "s.db"
    with open_store(db) as store:
        pipeline = ingest(store, kunya, name)
        a, b = entity_named(store, "Abu Qasim"), entity_named(store, "Yaseer Hassan")
        with store.transaction() as w:
            w.put_judgement(a, b, "not-same", "analyst")
        ingest(store, bridge)
        assert entity_named(store, "Abu Qasim") != entity_named(store, "Yaseer Hassan")
        pipeline.reresolve()
        assert entity_named(store, "Abu Qasim") != entity_named(store, "Yaseer Hassan")


def test_a_chain_of_weak_links_never_joins_two_different_men(tmp_path: Path) -> None:
    """'Qaddoumi' alone may be either of two Qaddoumis of one group: it joins one of them, never both, in
    any order. (Which one depends on the order: reconciliation merges nodes but does not take a mention
    back out of one, so a mention that was unambiguous when it came stays where it went.)"""
    def qaddoumi(text: str, name: str, source: str) -> Article:
        return (Article(text, source=source).person("p", name, roles=["commander"])
                .org("h", "Hamas", key="org:hamas").place("g", "Gujranwala")
                .rel("member_of", "p", "h", text.split(",")[0]))
    articles = (qaddoumi("Khaled Qaddoumi, a Hamas commander, was in Gujranwala.", "Khaled Qaddoumi", "A"),
                qaddoumi("Naji Qaddoumi, a Hamas commander, was in Gujranwala too.", "Naji Qaddoumi", "B"),
                qaddoumi("Qaddoumi, the Hamas commander, spoke in Gujranwala.", "Qaddoumi", "C"))
    _every_order(tmp_path, *articles)
    for n in range(6):
        with open_store(tmp_path / f"{n}.db") as store:
            assert sorted(e.name for e in store.entities("person")) == ["Khaled Qaddoumi", "Naji Qaddoumi"]
            assert entity_named(store, "Qaddoumi") in {entity_named(store, "Khaled Qaddoumi"),
                                                       entity_named(store, "Naji Qaddoumi")}


def test_a_place_the_model_called_a_group_is_the_place(store: Store) -> None:
    ingest(store,
           Article("QUETTA: Snow fell across Balochistan, officials in Pakistan said.", source="A")
           .org("q", "QUETTA").org("b", "Balochistan"),
           Article("Police in Quetta arrested two men.", source="B").place("q", "Quetta"))
    [quetta] = [e for e in store.entities() if e.name == "Quetta"]
    assert quetta.type == "location" and quetta.key == "geonames:1167528"
    assert {"QUETTA", "Quetta"} <= {a.name for a in quetta.aliases}
    assert not store.entities("organization")


def test_a_person_named_like_a_city_abroad_stays_a_person(store: Store) -> None:
    """'Hassan' is a city in India; in a story about Nigeria the name is a man's."""
    ingest(store, Article("Hassan told reporters in Nigeria the attack was over.", source="A")
           .person("h", "Hassan").place("n", "Nigeria"))
    assert _people(store) == ["Hassan"]


def test_initials_are_a_group_not_a_person(store: Store) -> None:
    ingest(store, Article("ASWJ fighters took the port.", source="A").person("a", "ASWJ"))
    assert [e.name for e in store.entities("organization")] == ["ASWJ"] and not store.entities("person")


def test_a_full_name_typed_two_ways_is_one_node_whose_type_the_name_decides(tmp_path: Path) -> None:
    person = Article("Jaish commander Masood Ilyas spoke at the rally.", source="A").person("p", "Masood Ilyas")
    group = Article("Masood Ilyas, a commander of Jaish, was there.", source="B").org("o", "Masood Ilyas")
    graphs = _every_order(tmp_path, person, group)
    assert graphs[0] == graphs[1]
    with open_store(tmp_path / "1.db") as store:  # the group's report first
        [entity] = store.entities()
        assert entity.type == "person"  # one vote each; a name without an organisation word is a person's


def test_the_canonical_name_is_the_spelling_most_sources_use(tmp_path: Path) -> None:
    def rep(text: str, name: str, source: str) -> Article:
        return Article(text, source=source).org("l", name, key="org:lashkar-e-tayyiba")
    articles = [rep("Lashkar-e-Taiba claimed it.", "Lashkar-e-Taiba", "A"),
                rep("Lashkar-e-Taiba denied it.", "Lashkar-e-Taiba", "B"),
                rep("Lashkar-e-Tayyaba was blamed.", "Lashkar-e-Tayyaba", "C")]
    with open_store(tmp_path / "s.db") as store:
        ingest(store, *articles)
        [let] = store.entities("organization")
        assert let.name == "Lashkar-e-Taiba"  # not the designation list's 'Lashkar e-Tayyiba'
    from linkwatch.pipeline import Pipeline
    from linkwatch.settings import Settings
    with open_store(tmp_path / "s.db") as store:
        Pipeline(store, Settings(canonical_names="reference")).reresolve()
        [let] = store.entities("organization")
        assert let.name == "Lashkar e-Tayyiba"
        assert {"Lashkar-e-Taiba", "Lashkar-e-Tayyaba"} <= {a.name for a in let.aliases}
