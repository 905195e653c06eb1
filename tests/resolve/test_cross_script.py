"""Names across scripts (issue 18, item 4): an Urdu, Hindi or Arabic report of a person or group joins the
node an English report made when the romanisations agree and a fact agrees too, never on the spelling alone.
The names are made up for the tests; the multilingual articles stay in ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest
from resolve_articles import Article, ingest

from linkwatch.model import MatchOutcome
from linkwatch.resolve.features import Profile, compare
from linkwatch.resolve.names import CROSS_SCRIPT, best_match, index_keys, query_keys
from linkwatch.store import Store

LATIN, URDU, HINDI = "Tariq Mahmood", "طارق محمود", "तारिक महमूद"


def test_one_name_in_three_scripts_matches_as_a_romanisation() -> None:
    for script_name in (URDU, HINDI):
        m = best_match([script_name], [LATIN], "person")
        assert (m.kind, m.score) == ("romanised", CROSS_SCRIPT)
    assert best_match([URDU], [HINDI], "person").kind == "romanised"


def test_another_name_a_short_name_and_a_place_do_not() -> None:
    assert best_match(["طارق مسعود"], [LATIN], "person").score < 0.5  # Tariq Masood: a consonant more
    assert best_match(["علی"], ["Ali"], "person").kind != "romanised"  # one consonant: too short to trust
    assert best_match(["ناصر آباد"], ["Nasirabad"], "location").kind != "romanised"  # the gazetteer's job


def test_a_script_name_finds_the_latin_node_by_its_blocking_keys() -> None:
    for script_name in (URDU, HINDI):
        assert any(k.startswith("x:") for k in query_keys(script_name, "person") & index_keys(LATIN, "person"))


def test_a_romanisation_alone_is_a_proposal_and_with_a_shared_group_a_merge() -> None:
    alone = compare(Profile(None, "person", [URDU]), Profile("e1", "person", [LATIN]))
    assert alone.outcome is MatchOutcome.UNSURE
    with_group = compare(Profile(None, "person", [URDU], affiliations={"org:x"}),
                         Profile("e1", "person", [LATIN], affiliations={"org:x"}))
    assert with_group.outcome is MatchOutcome.SAME
    other_group = compare(Profile(None, "person", [URDU], affiliations={"org:x"}),
                          Profile("e1", "person", [LATIN], affiliations={"org:y"}))
    assert other_group.outcome is MatchOutcome.DIFFERENT


def _report(text: str, name: str, group: str, source: str, key: str = "org:noor") -> Article:
    # The group keyed to the reference list, as the multilingual reader keys the groups it knows.
    a = Article(text, source=source).person("p", name).org("g", group, key=key)
    return a.rel("leader_of", "p", "g", text)


def test_reports_in_three_scripts_of_one_leader_are_one_node_named_in_latin(store: Store) -> None:
    ingest(store,
           _report("طارق محمود، لشکرِ نور کے سربراہ", URDU, "لشکرِ نور", "Urdu daily"),
           _report("Tariq Mahmood, the chief of Lashkar-e-Noor, spoke.", LATIN, "Lashkar-e-Noor", "English daily"),
           _report("लश्कर-ए-नूर के प्रमुख तारिक महमूद", HINDI, "लश्कर-ए-नूर", "Hindi daily"))
    [person] = store.entities("person")
    assert person.name == LATIN  # the analyst's script, though two reports of three use another
    assert {URDU, HINDI} <= {a.name for a in person.aliases}
    [group] = store.entities("organization")
    assert group.name == "Lashkar-e-Noor"
    assert len(store.relations(person.id, type="leader_of")) == 1
    merges = [d for d in store.decisions(person.id, kind="entity") if d["outcome"] == "same"]
    assert any(d["features"].get("kind") == "romanised" for d in merges)  # explain says why


def test_a_namesake_in_another_script_with_another_group_stays_apart(store: Store) -> None:
    ingest(store,
           _report("Tariq Mahmood, the chief of Lashkar-e-Noor, spoke.", LATIN, "Lashkar-e-Noor", "English daily"),
           _report("طارق محمود، جمعیتِ صبح کے سربراہ", URDU, "جمعیتِ صبح", "Urdu daily", key="org:subh"))
    assert len(store.entities("person")) == 2


SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "dev-multilingual"
ENGLISH = """Jaish chief and Lashkar founder under pressure

LAHORE, July 17 -- Pakistani police arrested Hafiz Saeed, the founder of Lashkar-e-Taiba, on Wednesday, officials said.

Separately, Jaish-e-Mohammed chief Masood Azhar has not been seen in public for months. Hezbollah leader
Hassan Nasrallah said in a speech that the group would keep supporting the Houthis in Yemen.
"""


@pytest.mark.slow
def test_english_and_urdu_hindi_arabic_reports_share_their_nodes(tmp_path: Path) -> None:
    """The done-when of issue 18: the multilingual articles with an English one give one node for each group and
    person named in both."""
    if not (SHARED / "manifest.jsonl").exists():
        pytest.skip("../shared/dev-multilingual is not beside the checkout")
    from linkwatch.ingest import read_inputs
    from linkwatch.pipeline import Pipeline
    from linkwatch.settings import Settings
    from linkwatch.store import open_store

    english = tmp_path / "english.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    with open_store(tmp_path / "joint.db") as store:
        settings = Settings()
        Pipeline(store, settings).run(read_inputs([str(english)], settings=settings,
                                                  manifests=[SHARED / "manifest.jsonl"]))
        for latin, scripts in (("Masood Azhar", {"مسعود اظہر", "मसूद अजहर"}),
                               ("Hafiz Saeed", {"हाफिज सईद"}),
                               ("Hezbollah", {"حزب الله"})):
            nodes = [e for e in store.entities() if latin in {e.name, *(a.name for a in e.aliases)}]
            assert len(nodes) == 1, (latin, [e.name for e in nodes])
            names = {nodes[0].name, *(a.name for a in nodes[0].aliases)}
            assert scripts <= names, (latin, names)
            assert nodes[0].name.isascii(), nodes[0].name


def test_pages_and_briefs_show_a_script_name_with_its_latin_spelling(tmp_path: Path) -> None:
    """Item 5: the Latin spelling beside a name in another script, escaped like any article text."""
    from fastapi.testclient import TestClient

    from linkwatch.analyse.view import GraphView
    from linkwatch.report.brief import render_html
    from linkwatch.romanise import romanised
    from linkwatch.settings import Settings
    from linkwatch.store import open_store
    from linkwatch.web import create_app

    spelt = romanised(URDU)
    assert spelt and spelt.isascii() and spelt != URDU
    db = tmp_path / "store.db"
    with open_store(db) as store:
        ingest(store, _report("طارق محمود، لشکرِ نور کے سربراہ <script>x</script>", URDU, "لشکرِ نور", "Urdu daily"))
        [person] = store.entities("person")
        brief = render_html(GraphView.load(store), focus=person.id)
    assert f"{URDU} ({spelt})" in brief
    with TestClient(create_app(Settings(db=db), "token-0123456789abcdef", rate=None)) as client:
        page = client.get(f"/entities/{person.id}").text
    assert URDU in page and f"({spelt})" in page and "<script>x" not in page
