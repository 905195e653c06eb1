"""benchmarks/re3d.py: how re3d's relations map onto the schema and how extractions are matched to them,
on a tiny document in re3d's format written for this test (no spaCy: the extraction is written by hand)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("re3d_benchmark", ROOT / "benchmarks" / "re3d.py")
assert _spec and _spec.loader
re3d = importlib.util.module_from_spec(_spec)
sys.modules["re3d_benchmark"] = re3d
_spec.loader.exec_module(re3d)

TEXT = ("Omar Hadi, a commander of the Northern Front, met Ali Karam in Tarsa. "
        "The Northern Front fights the Southern Army. Hadi is also called Abu Nur.")


def _at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def _write(folder: Path) -> None:
    folder.mkdir()
    ents = [("Omar Hadi", 0, "Person"), ("the Northern Front", 0, "Organisation"), ("Ali Karam", 0, "Person"),
            ("Tarsa", 0, "Location"), ("The Northern Front", 0, "Organisation"),
            ("the Southern Army", 0, "Organisation"), ("Hadi", 1, "Person"), ("Abu Nur", 0, "Person")]
    rels = [("Omar Hadi", 0, "the Northern Front", 0, "BelongsTo"),
            ("Omar Hadi", 0, "Ali Karam", 0, "CommWith"),
            ("Ali Karam", 0, "Omar Hadi", 0, "CommWith"),  # re3d often annotates both ways: counted once
            ("Omar Hadi", 0, "Tarsa", 0, "CoLocated"),  # no linkwatch type: skipped
            ("The Northern Front", 0, "the Southern Army", 0, "FightingAgainst"),
            ("Hadi", 1, "Abu Nur", 0, "IsSynonymOf")]
    (folder / "documents.json").write_text(json.dumps({"_id": "D1", "text": TEXT}) + "\n")
    with (folder / "entities.json").open("w") as f:
        for word, nth, kind in ents:
            b, e = _at(word, nth)
            f.write(json.dumps({"begin": b, "end": e, "type": kind, "value": word, "documentId": "D1"}) + "\n")
    with (folder / "relations.json").open("w") as f:
        for s, sn, t, tn, kind in rels:
            (sb, se), (tb, te) = _at(s, sn), _at(t, tn)
            f.write(json.dumps({"sourceBegin": sb, "sourceEnd": se, "targetBegin": tb, "targetEnd": te,
                                "type": kind, "documentId": "D1"}) + "\n")


def _mention(word: str, ref: str, kind: str, nth: int = 0) -> dict[str, object]:
    b, e = _at(word, nth)
    return {"start": b, "end": e, "text": word, "type": kind, "ref": ref}


def test_mapping_onto_the_schema(tmp_path: Path) -> None:
    _write(tmp_path / "F")
    (doc,) = re3d.load_folder(tmp_path / "F")
    assert sorted(g.label for g in doc.relations) == ["member_of", "met_with", "met_with", "rival_of"]
    pairs = re3d.gold_pairs(doc)
    assert sorted(pairs) == [("member_of", "omar hadi", "northern front"), ("met_with", "ali karam", "omar hadi"),
                             ("rival_of", "northern front", "southern army")]
    assert [(a.text, b.text) for a, b in doc.synonyms] == [("Hadi", "Abu Nur")]


def test_matching_by_offsets_and_names(tmp_path: Path) -> None:
    _write(tmp_path / "F")
    (doc,) = re3d.load_folder(tmp_path / "F")
    extraction = {
        "entities": [{"ref": "p1", "type": "person", "name": "Omar Hadi", "aliases": ["Hadi"]},
                     {"ref": "o1", "type": "organization", "name": "Northern Front", "aliases": []},
                     {"ref": "p2", "type": "person", "name": "Ali Karam", "aliases": []},
                     {"ref": "o2", "type": "organization", "name": "Southern Army", "aliases": []},
                     {"ref": "o3", "type": "organization", "name": "Tarsa Council", "aliases": []}],
        # 'Northern Front' is matched by its offsets inside 'the Northern Front'; the second mention of it
        # and 'Southern Army' only by their folded names.
        "mentions": [_mention("Omar Hadi", "p1", "person"), _mention("Northern Front", "o1", "organization"),
                     _mention("Ali Karam", "p2", "person"), _mention("Hadi", "p1", "person", 1)],
        "relations": [{"type": "leader_of", "source": "p1", "target": "o1"},  # a leader belongs too: found
                      {"type": "met_with", "source": "p2", "target": "p1"},  # symmetric: either way round
                      {"type": "allied_with", "source": "o1", "target": "o2"},  # wrong type: a false positive
                      {"type": "rival_of", "source": "o1", "target": "o3"}],  # unannotated end: not judged
    }
    t = re3d.score(doc, extraction)
    assert t.gold == {"member_of": 1, "met_with": 1, "rival_of": 1}
    assert t.tp == {"member_of": 1, "met_with": 1}
    assert t.predicted == {"leader_of": 1, "met_with": 1, "allied_with": 1}
    assert t.correct == {"leader_of": 1, "met_with": 1}
    assert (t.synonyms, t.synonyms_found) == (1, 0)  # 'Abu Nur' is no mention of p1
    extraction["entities"][0]["aliases"].append("Abu Nur")  # type: ignore[index]
    assert re3d.score(doc, extraction).synonyms_found == 1
    assert (t.named, t.named_found) == (3, 2)
    assert not re3d.named(re3d.Span(0, 2, "we", "Organisation")) and re3d.named(re3d.Span(0, 3, "the Coalition", "x"))
    head = re3d.report("F", t)[0]
    assert "P 0.667 (2/3) R 0.667 (2/3)" in head


def test_muc4_perpetrator_matching() -> None:
    spec = importlib.util.spec_from_file_location("muc4_benchmark", ROOT / "benchmarks" / "muc4.py")
    assert spec and spec.loader
    muc4 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(muc4)
    text = "urban guerrillas of the red front bombed a bank. the red front said it acted alone."
    record = {"templates": [{"incident_type": "bombing", "PerpOrg": [[["red front", 24], ["the red front", 49]]]},
                            {"incident_type": "forced work stoppage", "PerpOrg": [[["blue union", 0]]]}]}
    (perp,) = muc4.perpetrators(record)  # only attack types count
    assert perp == [("red front", 24), ("the red front", 49)] and text[24:33] == "red front"
    ex = {"entities": [{"ref": "o1", "type": "organization", "name": "Red Front", "aliases": []}],
          "mentions": [{"ref": "o1", "start": 24, "end": 33}], "relations": []}
    assert muc4.found(ex, perp) == (True, False)
    ex["relations"] = [{"type": "carried_out", "source": "o1", "target": "v1"}]
    assert muc4.found(ex, perp) == (True, True)
    ex["mentions"], ex["entities"][0]["name"] = [], "Front"  # neither an overlapping mention nor the name
    assert muc4.found(ex, perp) == (False, False)
