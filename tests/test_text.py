"""One name, one key: extraction, resolution, search and the export fold and skeleton names the same way.

Each stage is exercised through its own code path with spellings of one name that differ in case,
hyphens, apostrophes and accents; every stage must treat them as that one name. The last tests keep
it so: no module outside linkwatch.text defines its own fold or skeleton.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import linkwatch
from linkwatch import text
from linkwatch.analyse.lookup import find_entity
from linkwatch.analyse.view import GraphView
from linkwatch.export.jsonl import aliases
from linkwatch.extract.organisations import OrgIndex
from linkwatch.model import Entity, Judgement
from linkwatch.model.graph import Alias
from linkwatch.model.reference import OrgAlias, Organisation
from linkwatch.resolve.judgements import JudgedPair, Side
from linkwatch.resolve.names import analyse, index_keys, query_keys
from linkwatch.store.search import search

NAME = "Jama'at-ud-Dawa"
SPELLINGS = ["JAMAAT UD DAWA", "Jamaat-ud-Dawa", "Jamā\u2018at ud-Da\u2018wa", "jama`at  ud dawa"]
KEY = "jamaat ud dawa"


def test_the_two_drifted_examples_now_agree() -> None:
    # model.graph.fold gave 'jama at ud dawa' and extract.vocab.fold 'jamaat ud dawa';
    # extract gave Osama the skeleton 'osm' and resolve 'asm'.
    assert {text.fold(s) for s in [NAME, *SPELLINGS]} == {KEY}
    assert text.skeleton("Osama") == text.skeleton("Usama") == "asm"
    assert text.skeleton("Osama") == text.skeleton(analyse("Osama").parts[0])  # a resolver part, skeletoned again


@pytest.mark.parametrize(("raw", "key"), [
    ("Ḥizb al-Mujāhidīn", "hizb al mujahidin"),  # accents go
    ("Gm\u00adbH", "gmbh"),  # a soft hyphen is invisible, not a word break
    ("Hizb_ut-Tahrir", "hizb ut tahrir"),
    ("القاعدة", "القاعدة"),  # Arabic stays Arabic: no transliteration is guessed in the exact key
    ("जैश-ए-मोहम्मद", "जैश ए मोहम्मद"),  # Devanagari vowel signs and viramas are part of the letters
    ("Straße", "strasse"),
])
def test_fold_keeps_letters_of_every_script_and_drops_the_rest(raw: str, key: str) -> None:
    assert text.fold(raw) == key


def test_tokens_transliterate_and_agree_with_fold_on_latin_names() -> None:
    assert text.tokens("al-'Uyayri") == ["al", "uyayri"]
    assert text.tokens("القاعدة")  # any script gives ASCII words for name analysis
    for s in [NAME, *SPELLINGS, "Lashkar-e-Taiba", "Khaled Qaddoumi"]:
        assert " ".join(text.tokens(s)) == text.fold(s)


def test_spelling_is_stable_so_a_skeleton_of_a_spelt_part_is_the_same_key() -> None:
    for part in ["qaddoumi", "tayyiba", "shaykh", "mohammed", "hussain", "islamiyya", "atiyeh"]:
        once = text.spelling(part)
        assert text.spelling(once) == once
        assert text.skeleton(once) == text.skeleton(part)


@pytest.fixture(scope="module")
def index() -> OrgIndex:
    return OrgIndex((Organisation("jud", NAME, aliases=(OrgAlias("JuD", "test list"),)),
                     Organisation("jem", "Jaish-i-Mohammed")))


def test_extraction_looks_every_spelling_up_by_the_same_exact_key(index: OrgIndex) -> None:
    assert KEY in index.exact
    for s in SPELLINGS:
        found, entry = index.lookup(s)
        assert found == {"jud"} and entry is index.exact[KEY]  # the exact entry, not a skeleton guess


def test_extraction_and_resolution_share_the_skeleton(index: OrgIndex) -> None:
    sk = text.skeleton("Jaish-e-Mohammad")
    assert index.lookup("Jaish-e-Mohammad") == ({"jem"}, None)  # found by skeleton
    assert sk in index.skeletons
    # The resolver files a name under the skeleton of its joined parts: the same key.
    assert f"j:organization:{sk}" in index_keys("Jaish-i-Mohammed", "organization")
    assert f"j:person:{text.skeleton('Osama')}" in index_keys("Osama", "person")
    assert index_keys("Osama", "person") & query_keys("Usama", "person")


def test_resolution_judgements_match_names_by_the_same_key() -> None:
    side = Side.of(["e1"], [NAME])
    assert side.names == {KEY}
    for s in SPELLINGS:
        assert JudgedPair("x", "y", Judgement.SAME, a_name=s, b_name="Hamas").applies(side, Side.of(["e2"], ["HAMAS"]))


def test_search_finds_the_entity_by_any_spelling() -> None:
    jud = Entity("e1", "organization", NAME, aliases=[Alias("JuD")])
    # A near miss that fuzzy matching cannot tell apart: only the exact (folded) tier picks right.
    near = Entity("e2", "organization", "Jamaat ud Dawah")
    view = GraphView({e.id: e for e in (jud, near)}, {}, {}, {}, [])
    for s in SPELLINGS:
        assert find_entity(view, s) is jud


class _NoFTSStore:
    """A backend without SQLite's full-text index: search falls back to scanning folded names."""

    def __init__(self, *entities: Entity) -> None:
        self._entities = list(entities)

    def documents(self) -> list[object]:
        return []

    def entities(self) -> list[Entity]:
        return self._entities


def test_search_without_a_full_text_index_folds_the_same_way() -> None:
    store = _NoFTSStore(Entity("e1", "organization", NAME), Entity("e2", "organization", "Hamas"))
    for s in SPELLINGS:
        assert [h.id for h in search(store, s).entities] == ["e1"]  # type: ignore[arg-type]


def test_the_export_lists_each_folded_name_once() -> None:
    entity = Entity("e1", "organization", NAME,
                    aliases=[Alias(s) for s in [NAME, *SPELLINGS, "JuD", "JUD", "Jamaat ud-Dawah"]])
    assert aliases(entity) == ["JuD", "Jamaat ud-Dawah"]


SRC = Path(linkwatch.__file__).parent


def _modules() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(SRC)), ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))]


def test_no_module_but_text_defines_a_fold_or_skeleton() -> None:
    names = {"fold", "skeleton", "place_key", "folded_equal", "tokens", "spelling"}
    found = [f"{path}: {node.name}" for path, tree in _modules() if path != "text.py"
             for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in names]
    assert found == []


def test_no_module_but_text_folds_unicode_itself() -> None:
    """unicodedata.normalize is how a fold starts: only the text layer calls it."""
    found = [path for path, tree in _modules() if path != "text.py"
             for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "normalize"
             and isinstance(node.value, ast.Name) and node.value.id == "unicodedata"]
    assert found == []
