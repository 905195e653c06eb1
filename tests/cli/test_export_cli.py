"""`linkwatch export` writes FORMAT.md's JSON Lines, and refuses what it cannot do."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.model import Alias, Certainty, Document, Entity, Evidence, Relation
from linkwatch.store import open_store

TEXT = "Jaish commander Masood Ilyas was reportedly present."


def build(db: Path) -> None:
    doc = Document(id=Document.make_id(TEXT), raw_sha256="f" * 64, text=TEXT, origin="a.txt", url="https://x.test/a")
    with open_store(db) as store, store.transaction() as w:
        w.put_blob("f" * 64, TEXT.encode())
        w.add_document(doc, None, [])
        w.upsert_entity(Entity("e1", "person", "Masood Ilyas", [Alias("Ilyas", doc.id)]))
        w.upsert_entity(Entity("o1", "organization", "Jaish-e-Mohammed", [Alias("Jaish", doc.id)]))
        quote = "Jaish commander Masood Ilyas"
        w.add_relation(Relation("r1", "member_of", "e1", "o1", Certainty.ASSERTED,
                                [Evidence(doc.id, 0, len(quote), quote, "t.v1")], role="commander"))


def test_jsonl_export_has_every_kind_with_evidence_offsets(tmp_path: Path) -> None:
    build(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "s.db"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = {r["kind"] for r in rows}
    assert {"document", "entity", "relation"} <= kinds
    [rel] = [r for r in rows if r["kind"] == "relation"]
    assert (rel["type"], rel["certainty"], rel["role"]) == ("member_of", "asserted", "commander")
    ev = rel["evidence"][0]
    assert TEXT[ev["start"]:ev["end"]] == ev["text"]
    person = next(r for r in rows if r.get("id") == "e1")
    assert person["aliases"] == ["Ilyas"]


def test_export_to_a_file_and_as_one_json_object(tmp_path: Path) -> None:
    build(tmp_path / "s.db")
    out = tmp_path / "graph.json"
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "s.db"), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0
    graph = json.loads(out.read_text())
    assert sorted(e["name"] for e in graph["entities"]) == ["Jaish-e-Mohammed", "Masood Ilyas"]
    assert graph["relations"][0]["evidence"][0]["text"] == "Jaish commander Masood Ilyas"


def test_unknown_format_is_a_usage_error_and_a_missing_store_an_error(tmp_path: Path) -> None:
    build(tmp_path / "s.db")
    bad = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "s.db"), "--format", "pdf"])
    assert bad.exit_code == 2 and "unknown export format" in bad.output
    missing = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no store" in missing.output
    assert not (tmp_path / "none.db").exists()
