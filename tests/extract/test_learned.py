"""The trained relation back-off (extract/learned.py): its features, the component's contract (only pairs no
rule related, never firmer than 'reported', directions from the schema), the shipped artefact, and the
training script on a small slice. Sentences written for these tests."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from linkwatch.extract.learned import NONE, LearnedRelations, RelationModel, fits
from linkwatch.extract.relation_features import pair_features
from linkwatch.extract.state import Claim, EntityInfo, state_of

ROOT = Path(__file__).resolve().parents[2]
RE3D = ROOT.parent / "shared" / "train" / "re3d"

# 'Omar Hadi, commander of the Northern Front, spoke.' as the parser reads it
APPOSITION = [("Omar", "Omar", "PROPN", 1, "compound"), ("Hadi", "Hadi", "PROPN", 9, "nsubj"),
              (",", ",", "PUNCT", 1, "punct"), ("commander", "commander", "NOUN", 1, "appos"),
              ("of", "of", "ADP", 3, "prep"), ("the", "the", "DET", 7, "det"),
              ("Northern", "Northern", "PROPN", 7, "compound"), ("Front", "Front", "PROPN", 4, "pobj"),
              (",", ",", "PUNCT", 1, "punct"), ("spoke", "speak", "VERB", 9, "ROOT"), (".", ".", "PUNCT", 9, "punct")]


def test_features_are_the_construction_not_the_names(blank: Language, parse: Any) -> None:
    doc = parse(blank, APPOSITION)
    feats = pair_features(doc, (0, 2), (6, 8), "person", "organization")
    assert "tp=per>org" in feats and "d=3-5" in feats and "nent=0" in feats
    # the path runs down from the person through the apposition to the group: it turns at the first name
    assert "path=apposv prepv pobjv|X" in feats and "lca=X" in feats
    assert {"on=commander", "on=of", "w=commander", "a1=,"} <= set(feats)
    assert "per>org|btw=, commander of the" in feats
    assert not any("hadi" in f.lower() or "front" in f.lower() for f in feats)  # names never become features


def test_which_classes_two_types_can_take_is_the_schemas_range() -> None:
    assert fits("member_of", ("organization", "person")) and fits("member_of", ("person", "organization"))
    assert not fits("member_of", ("person", "person")) and not fits("met_with", ("person", "organization"))
    assert fits("front_of>", ("organization", "organization")) and not fits("front_of>", ("person", "organization"))
    assert fits(NONE, ("person", "person"))


def _model(weights: dict[str, list[float]], threshold: float = 0.5) -> RelationModel:
    # classes: none, leader_of, met_with; a strong 'commander' feature means leader_of
    return RelationModel({"classes": [NONE, "leader_of", "met_with"], "bias": [0.0, -2.0, -2.0],
                          "weights": weights, "threshold": threshold})


def _component(doc: Any, model: RelationModel, claims: list[Claim] | None = None) -> list[Claim]:
    st = state_of(doc)
    st.entities = {"p": EntityInfo("p", "person", [(0, 2)], name="Omar Hadi"),
                   "o": EntityInfo("o", "organization", [(6, 8)], name="Northern Front")}
    st.claims = list(claims or [])
    finder = LearnedRelations("learned")
    finder.model = model
    finder(doc)
    return st.claims


def test_the_component_adds_a_reported_claim_where_no_rule_related_the_pair(blank: Language, parse: Any) -> None:
    doc = parse(blank, APPOSITION)
    (claim,) = _component(doc, _model({"on=commander": [0.0, 5.0, 0.0]}))
    # the person is the source whatever the order, as the schema's range says; the path turns at the first
    # name, so the claim is a description inside the noun phrase and takes no cue from the clause
    assert (claim.type, claim.source, claim.target) == ("leader_of", "p", "o")
    assert claim.certainty == "reported" and claim.extractor == "linkwatch.learned.v1"
    assert claim.np_scope and claim.sent_start == 0
    # below the threshold, nothing; a pair a rule already related, nothing either
    assert _component(parse(blank, APPOSITION), _model({"on=commander": [0.0, 5.0, 0.0]}, threshold=0.99)) == []
    rule = Claim("member_of", "p", "o", 3, "linkwatch.roles.v1")
    assert _component(parse(blank, APPOSITION), _model({"on=commander": [0.0, 5.0, 0.0]}), [rule]) == [rule]
    # met_with cannot hold between a person and a group, however much the features say it
    assert _component(parse(blank, APPOSITION), _model({"on=commander": [0.0, -9.0, 9.0]}, threshold=0.01)) == []


def test_off_by_default_the_component_does_nothing(blank: Language, parse: Any) -> None:
    doc = parse(blank, APPOSITION)
    st = state_of(doc)
    st.entities = {"p": EntityInfo("p", "person", [(0, 2)]), "o": EntityInfo("o", "organization", [(6, 8)])}
    LearnedRelations("learned")(doc)
    assert st.claims == []


def test_a_model_setting_that_names_no_model_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(OSError) as missing:
        RelationModel.named(str(tmp_path / "absent.json"))
    assert missing.value.filename == str(tmp_path / "absent.json")
    (tmp_path / "words.json").write_text('{"about": "a word list"}')
    with pytest.raises(OSError, match="not a relation model") as wrong:
        RelationModel.named(str(tmp_path / "words.json"))
    assert wrong.value.filename == str(tmp_path / "words.json")


@pytest.mark.slow
def test_the_shipped_model_loads_names_its_sources_and_predicts() -> None:
    from linkwatch.extract import build_nlp
    from linkwatch.extract.components import AFTER_MODEL
    from linkwatch.settings import Settings

    model = RelationModel.named("re3d")
    assert any("re3d" in s and "ATTRIBUTION" in s for s in model.spec["sources"])
    nlp = build_nlp(Settings().model)
    nlp.select_pipes(disable=list(AFTER_MODEL))

    def predict(text: str, a: str, b: str, types: tuple[str, str]) -> Any:
        doc = nlp(text)
        sa, sb = text.index(a), text.index(b)
        x, y = doc.char_span(sa, sa + len(a)), doc.char_span(sb, sb + len(b))
        assert x is not None and y is not None
        return model.predict(pair_features(doc, (x.start, x.end), (y.start, y.end), *types), types)

    fight = predict("The Red Hand Army fought alongside the People's Defence Front against the Northern Militia.",
                    "People's Defence Front", "Northern Militia", ("organization", "organization"))
    assert fight.label == "rival_of" and fight.probability >= model.threshold
    met = predict("Omar Hadi met Ali Karam in Tarsa on Tuesday.", "Omar Hadi", "Ali Karam", ("person", "person"))
    assert met.label == "met_with"


@pytest.mark.slow
@pytest.mark.skipif(not RE3D.is_dir(), reason="needs ../shared/train/re3d")
def test_the_training_script_runs_on_a_slice(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("train_relations", ROOT / "tools" / "train_relations.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    sys.modules["train_relations"] = tool
    spec.loader.exec_module(tool)
    out = tmp_path / "model.json"
    assert tool.main(["--folder", "CENTCOM", "--limit-docs", "3", "--out", str(out)]) == 0
    written = json.loads(out.read_text())
    assert written["trained"]["pairs"] > 0 and written["classes"][0] == NONE
    assert RelationModel.named(str(out)).classes == written["classes"]


@pytest.mark.slow
def test_in_the_pipeline_its_relations_are_reported_at_most_and_hedged_like_the_rules() -> None:
    from linkwatch.extract import Extractor
    from linkwatch.model import Document
    from linkwatch.settings import Settings

    extractor = Extractor(Settings(relation_model="re3d", relevance_gate=False))
    assert extractor.version.endswith(" relations:re3d")
    text = "The Red Hand Army {}fought alongside the People's Defence Front against the Northern Militia."

    def learned(hedge: str) -> list[tuple[str, str, str, str]]:
        (out,) = extractor.extract([Document(id="d", raw_sha256="", text=text.format(hedge), origin="test")])
        names = {e.ref: e.name for e in out.entities}
        return [(r.type, names[r.source], names[r.target], r.evidence[0].certainty.value) for r in out.relations
                if r.evidence[0].extractor == "linkwatch.learned.v1"]

    # the rules read the subject's rivalry; the group beside it is what the back-off adds, as reported
    assert learned("") == [("rival_of", "People's Defence Front", "Northern Militia", "reported")]
    assert learned("may have ") == [("rival_of", "People's Defence Front", "Northern Militia", "unverified")]
    off = Extractor(Settings(relevance_gate=False))
    (out,) = off.extract([Document(id="d", raw_sha256="", text=text.format(""), origin="test")])
    assert all(r.evidence[0].extractor != "linkwatch.learned.v1" for r in out.relations)
