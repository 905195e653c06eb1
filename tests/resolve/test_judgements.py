"""Analyst judgements beat scores, apply to later documents, and survive a rebuild."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from resolve_articles import Article, entity_named, ingest

from linkwatch.cli import main
from linkwatch.model import Judgement
from linkwatch.resolve.judgements import JudgedPair, Judgements, Side
from linkwatch.store import Store, open_store


def karim(text: str, name: str, source: str) -> Article:
    return (Article(text, source=source).person("p", name).org("f", "Northern Front")
            .rel("member_of", "p", "f", text.split(",")[0]))


ABU_KARIM = karim("Abu Karim, the Northern Front spokesman, claimed the attack.", "Abu Karim", "A")
KARIM_NASSER = karim("Karim Nasser, a Northern Front official, was arrested.", "Karim Nasser", "B")


def test_same_merges_what_the_names_alone_never_would(store: Store) -> None:
    pipeline = ingest(store, ABU_KARIM, KARIM_NASSER)
    a, b = entity_named(store, "Abu Karim"), entity_named(store, "Karim Nasser")
    assert a != b
    with store.transaction() as w:
        w.put_judgement(a, b, "same", "analyst")
    pipeline.reresolve()
    assert entity_named(store, "Abu Karim") == entity_named(store, "Karim Nasser") == a
    [merge] = [d for d in store.decisions(a, kind="entity") if d["outcome"] == "same" and "judgement" in d["features"]]
    assert merge["features"]["judgement"] == "same"
    # and a later document naming Karim Nasser joins the merged entity too
    ingest(store, karim("Karim Nasser, of the Northern Front, was released on bail.", "Karim Nasser", "C"))
    assert entity_named(store, "Karim Nasser") == a
    pipeline.reresolve()  # replayed again: still one
    assert entity_named(store, "Abu Karim") == entity_named(store, "Karim Nasser")


def test_not_same_splits_even_an_exact_spelling_match(store: Store) -> None:
    one = karim("Khaled Ahmed, a Northern Front commander, spoke.", "Khaled Ahmed", "A")
    two = karim("Khaled Ahmed, of the Northern Front, was killed.", "Khaled Ahmed", "B")
    pipeline = ingest(store, one, two)
    [person] = store.entities("person")
    # `explain` lists each merged report as <doc>#<ref>; the analyst says that one is someone else
    [mention] = [d["b"] for d in store.decisions(person.id) if d["outcome"] == "same"]
    with store.transaction() as w:
        w.put_judgement(person.id, mention, "not-same")
    pipeline.reresolve()
    people = store.entities("person")
    assert len(people) == 2 and person.id in {p.id for p in people}
    pipeline.reresolve()  # and again: the same two ids
    assert sorted(p.id for p in store.entities("person")) == sorted(p.id for p in people)


def test_judgements_match_by_name_when_ids_have_changed() -> None:
    j = Judgements([JudgedPair("e-old-1", "e-old-2", Judgement.NOT_SAME, "Khaled Qaddoumi", "Khaled Kaddoumi")])
    x = Side.of(["e-new-1"], ["Khaled Qaddoumi"])
    y = Side.of(["e-new-2"], ["Khaled Kaddoumi"])
    verdict = j.verdict(x, y)
    assert verdict is not None and verdict.judgement == "not-same"
    assert j.verdict(x, Side.of(["e3"], ["Khaled Mashal"])) is None


def _db(tmp_path: Path, *articles: Article) -> Path:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        ingest(store, *articles)
    return db


def test_judge_command_stores_the_judgement_and_rebuilds(tmp_path: Path) -> None:
    db = _db(tmp_path, ABU_KARIM, KARIM_NASSER)
    run = CliRunner().invoke(main, ["judge", "--db", str(db), "same", "Abu Karim", "Karim Nasser", "--author", "me"])
    assert run.exit_code == 0, run.output
    assert "now one entity" in run.output
    with open_store(db) as store:
        [j] = store.judgements()
        assert (j["judgement"], j["author"]) == ("same", "me")
        assert entity_named(store, "Abu Karim") == entity_named(store, "Karim Nasser")
        # a full rebuild from the command line keeps it
    assert CliRunner().invoke(main, ["resolve", "--db", str(db)]).exit_code == 0
    with open_store(db) as store:
        assert entity_named(store, "Abu Karim") == entity_named(store, "Karim Nasser")


def test_judge_not_same_on_a_name_inside_one_entity_splits_those_mentions(tmp_path: Path) -> None:
    one = karim("Khaled Qaddoumi, a Northern Front envoy, spoke.", "Khaled Qaddoumi", "A")
    two = karim("Khalid al-Qadoumi, a Northern Front envoy, travelled.", "Khalid al-Qadoumi", "B")
    db = _db(tmp_path, one, two)
    with open_store(db) as store:
        assert len(store.entities("person")) == 1
    run = CliRunner().invoke(main, ["judge", "--db", str(db), "not-same", "Khaled Qaddoumi", "Khalid al-Qadoumi"])
    assert run.exit_code == 0, run.output
    assert "now separate entities" in run.output
    with open_store(db) as store:
        assert len(store.entities("person")) == 2
        assert entity_named(store, "Khaled Qaddoumi") != entity_named(store, "Khalid al-Qadoumi")


def test_unsure_keeps_apart_and_retires_the_proposal(tmp_path: Path) -> None:
    hum = (Article("Fazlur Rehman Khalil, founder of Harkat-ul-Mujahideen, spoke.", source="A")
           .person("p", "Fazlur Rehman Khalil").org("o", "Harkat-ul-Mujahideen", key="org:harakat-ul-mujahidin")
           .rel("leader_of", "p", "o", "Fazlur Rehman Khalil, founder of Harkat-ul-Mujahideen"))
    jui = (Article("Fazal-ur-Rahman Khalil, chief of Jamiat Ulema-e-Islam, spoke.", source="B")
           .person("p", "Fazal-ur-Rahman Khalil").org("o", "Jamiat Ulema-e-Islam")
           .rel("leader_of", "p", "o", "Fazal-ur-Rahman Khalil, chief of Jamiat Ulema-e-Islam"))
    db = _db(tmp_path, hum, jui)
    shown = CliRunner().invoke(main, ["entity", "--db", str(db), "Fazlur Rehman Khalil"])
    assert "Proposed merges waiting" in shown.output, shown.output
    with open_store(db) as store:
        a, b = entity_named(store, "Fazlur Rehman Khalil"), entity_named(store, "Fazal-ur-Rahman Khalil")
    assert CliRunner().invoke(main, ["judge", "--db", str(db), "unsure", a, b]).exit_code == 0
    with open_store(db) as store:
        assert len(store.entities("person")) == 2
    shown = CliRunner().invoke(main, ["entity", "--db", str(db), a])
    assert "Proposed merges waiting" not in shown.output
