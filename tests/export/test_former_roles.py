"""Roles in time: a tie a source says has ended ('former chief', 'the late X') is stored as former, read
'former ...' on every surface once any source says so, and exported with its end date where known
(FollowTheMoney endDate, STIX stop_time)."""
from __future__ import annotations

import io
import json

from stix2validator import ValidationOptions, validate_string

from linkwatch.export import get_format
from linkwatch.model import Alias, Certainty, Document, Entity, Evidence, Relation, make_id, sha256
from linkwatch.store import Store

TEXT = "Ali Wahab, the group's chief, spoke in 2018.\nThe late Ali Wahab, former chief of the Sahel Front, died in May 2021."


def _store(store: Store) -> str:
    doc = Document(id=Document.make_id(TEXT), raw_sha256=sha256(TEXT.encode()), text=TEXT, origin="t.txt",
                   source="Test Wire", published="2021-06-01")
    person, group = make_id("e", "person", "wahab"), make_id("e", "org", "sahel-front")
    first, second = TEXT.split("\n")
    quote = [Evidence(doc.id, 0, len(first), first, "test"),
             Evidence(doc.id, len(first) + 1, len(TEXT), second, "test")]
    rid = Relation.make_id("leader_of", person, group)
    with store.transaction() as w:
        w.put_blob(doc.raw_sha256, TEXT.encode())
        w.add_document(doc, None, [])
        w.upsert_entity(Entity(person, "person", "Ali Wahab", [Alias("Ali Wahab", doc.id, None)]))
        w.upsert_entity(Entity(group, "organization", "Sahel Front", [Alias("Sahel Front", doc.id, None)]))
        w.add_relation(Relation(rid, "leader_of", person, group, Certainty.ASSERTED, quote[:1], role="chief"))
        w.add_relation(Relation(rid, "leader_of", person, group, Certainty.ASSERTED, quote[1:], role="chief",
                                former=True, ended="2021-05"))
        # a later report that still calls him chief does not make the tie current again
        w.add_relation(Relation(rid, "leader_of", person, group, Certainty.ASSERTED, quote[:1], role="chief"))
    return rid


def test_a_former_tie_stays_former_and_keeps_its_end(store: Store) -> None:
    rid = _store(store)
    rel = store.relation(rid)
    assert rel is not None and (rel.former, rel.ended, rel.role) == (True, "2021-05", "former chief")


def test_the_exports_carry_the_end(store: Store) -> None:
    rid = _store(store)
    out = io.StringIO()
    get_format("jsonl").write(store, out)
    [row] = [r for r in map(json.loads, out.getvalue().splitlines()) if r["kind"] == "relation"]
    assert (row["id"], row["former"], row["ended"], row["role"]) == (rid, True, "2021-05", "former chief")
    out = io.StringIO()
    get_format("stix").write(store, out)
    [rel] = [o for o in json.loads(out.getvalue())["objects"] if o["type"] == "relationship"]
    assert rel["stop_time"] == "2021-05-31T23:59:59.999Z" and rel["linkwatch_former"] is True
    assert validate_string(out.getvalue(), ValidationOptions()).is_valid
    out = io.StringIO()
    get_format("ftm").write(store, out)
    [link] = [e for e in map(json.loads, out.getvalue().splitlines()) if e["schema"] == "Directorship"]
    assert link["properties"]["endDate"] == ["2021-05"] and link["properties"]["role"] == ["former chief"]
