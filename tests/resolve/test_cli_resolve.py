"""`linkwatch explain` and `linkwatch entity` read like an analyst's notes."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from resolve_articles import Article, entity_named, ingest

from linkwatch.cli import main
from linkwatch.store import open_store


def build(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    hamas = "org:hamas"
    with open_store(db) as store:
        ingest(store,
               Article("Hamas representative Dr. Khaled Qaddoumi attended a rally in PoK.", source="Indian Defence News")
               .person("p", "Dr. Khaled Qaddoumi").org("h", "Hamas", key=hamas).place("k", "PoK")
               .rel("member_of", "p", "h", "Hamas representative Dr. Khaled Qaddoumi"),
               Article("Khalid al-Qadoumi of Hamas was seen in Pakistan-occupied Kashmir.", source="NDTV")
               .person("p", "Khalid al-Qadoumi").org("h", "Hamas", key=hamas).place("k", "Pakistan-occupied Kashmir")
               .rel("member_of", "p", "h", "Khalid al-Qadoumi of Hamas", "reported"),
               Article("Khaled Mashal, a Hamas leader, spoke in Doha.", source="Al Jazeera")
               .person("p", "Khaled Mashal").org("h", "Hamas", key=hamas).place("d", "Doha")
               .rel("leader_of", "p", "h", "Khaled Mashal, a Hamas leader"))
    return db


def test_explain_says_why_each_name_is_in_the_entity(tmp_path: Path) -> None:
    db = build(tmp_path)
    out = CliRunner().invoke(main, ["explain", "--db", str(db), "Khalid Qadoumi"]).output
    assert "Entity Khaled Qaddoumi (person" in out
    assert "'Khalid al-Qadoumi'" in out and "merged" in out
    assert "name_similarity = 0.967" in out and "Transliteration-aware" in out  # the feature's docstring


def test_entity_shows_names_by_source_relations_and_evidence(tmp_path: Path) -> None:
    db = build(tmp_path)
    out = CliRunner().invoke(main, ["entity", "--db", str(db), "Qaddoumi"]).output
    assert "Khaled Qaddoumi (person" in out
    assert "Indian Defence News: Dr. Khaled Qaddoumi" in out and "NDTV: Khalid al-Qadoumi" in out
    assert "member_of -> Hamas" in out and "[reported]" in out and "grade 2" in out
    place = CliRunner().invoke(main, ["entity", "--db", str(db), "PoK"]).output
    assert "Azad Jammu and Kashmir (location" in place and "PK 06" in place
    assert "PoK (Indian press usage)" in place


def test_explain_a_relation_shows_its_grade(tmp_path: Path) -> None:
    db = build(tmp_path)
    with open_store(db) as store:
        person = entity_named(store, "Khaled Qaddoumi")
        [rel] = store.relations(person, type="member_of")
    out = CliRunner().invoke(main, ["explain", "--db", str(db), rel.id]).output
    assert "2 independent source(s); grade 2 (probably true); STIX confidence 70" in out


def test_resolve_rebuilds_the_same_graph(tmp_path: Path) -> None:
    db = build(tmp_path)
    with open_store(db) as store:
        before = sorted((e.id, e.name) for e in store.entities())
    run = CliRunner().invoke(main, ["resolve", "--db", str(db)])
    assert run.exit_code == 0 and "3 documents" in run.output
    pending = CliRunner().invoke(main, ["resolve", "--db", str(db), "--pending"])
    assert pending.exit_code == 0 and "0 resolved documents" in pending.output
    with open_store(db) as store:
        assert sorted((e.id, e.name) for e in store.entities()) == before


def test_entity_names_the_events_it_links_to(tmp_path: Path) -> None:
    from linkwatch.model import Entity, Event
    from linkwatch.resolve.report import _name
    from linkwatch.store import open_store

    with open_store(tmp_path / "e.db") as store:
        with store.transaction() as w:
            w.upsert_entity(Entity("l1", "location", "Gujranwala"))
            w.upsert_event(Event("v1", "meeting", None, "l1", name="Unity Convention"))
        assert _name(store, "v1") == "meeting 'Unity Convention' in Gujranwala undated (v1)"
        assert _name(store, "l1") == "Gujranwala (l1)"
        assert _name(store, "gone") == "gone"


def test_explain_shows_the_sentence_that_equates_two_names(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = "Ivan Marquez, whose real name is Luciano Marin Arango, returned to the talks."
    with open_store(db) as store:
        ingest(store, Article(text, source="Wire").person("p", "Luciano Marin Arango", "Ivan Marquez")
               .equate("p", "Luciano Marin Arango", "Ivan Marquez", "whose real name is", text))
        [row] = store.alias_evidence(entity_named(store, "Ivan Marquez"))
        assert (row["name"], row["equated"], row["cue"], row["quote"]) == (
            "Luciano Marin Arango", "Ivan Marquez", "whose real name is", text)
    out = CliRunner().invoke(main, ["explain", "--db", str(db), "Ivan Marquez"]).output
    assert "the article equates it with 'Ivan Marquez' (whose real name is)" in out and text in out
    shown = CliRunner().invoke(main, ["entity", "--db", str(db), "Ivan Marquez"]).output
    assert "Names the sources themselves equate:" in shown and "Luciano Marin Arango = Ivan Marquez" in shown


def test_explain_shows_a_node_absorbed_on_reconciliation(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        ingest(store,
               Article("Abu Qasim spoke in Palma.", source="A").person("p", "Abu Qasim"),
               Article("Yaseer Hassan spoke in Palma.", source="B").person("p", "Yaseer Hassan"),
               Article("Abu Yasir Hassan, also known as Abu Qasim, spoke.", source="C")
               .person("p", "Abu Yasir Hassan", "Abu Qasim"))
    out = CliRunner().invoke(main, ["explain", "--db", str(db), "Abu Qasim"]).output
    assert "absorbed on reconciliation" in out, out
    assert "named in the document that created it" in out and "merged (see below)" in out
