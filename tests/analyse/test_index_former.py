"""Roles in time through the link index: a tie some source says has ended is `former` in the index's hop
rows, and every read from the index (links and their paths, shortest paths, the timeline) shows it as former
with its end date, exactly as the whole-graph view does; never as current."""
from __future__ import annotations

from linkwatch.analyse.index import ensure, maintain
from linkwatch.analyse.index_paths import shortest_paths
from linkwatch.analyse.index_timeline import timeline
from linkwatch.analyse.indexed import org_links
from linkwatch.analyse.view import GraphView
from linkwatch.model import Alias, Certainty, Document, Entity, Evidence, Relation, make_id, sha256
from linkwatch.store import Store

TEXT = ("Ali Wahab, the chief of the Sahel Front, met Bilal Idris of the Niger Brigade in 2018.\n"
        "The late Ali Wahab, former chief of the Sahel Front, died in May 2021.")
PERSON, OTHER = make_id("e", "person", "wahab"), make_id("e", "person", "idris")
FRONT, BRIGADE = make_id("e", "org", "sahel-front"), make_id("e", "org", "niger-brigade")
LEADS = Relation.make_id("leader_of", PERSON, FRONT)


def _write(store: Store, *, former_later: bool) -> None:
    doc = Document(id=Document.make_id(TEXT), raw_sha256=sha256(TEXT.encode()), text=TEXT, origin="t.txt",
                   source="Test Wire", published="2021-06-01")
    first, second = TEXT.split("\n")
    quote1, quote2 = Evidence(doc.id, 0, len(first), first, "t"), Evidence(doc.id, len(first) + 1, len(TEXT), second, "t")
    with store.transaction() as w:
        w.put_blob(doc.raw_sha256, TEXT.encode())
        w.add_document(doc, None, [])
        for eid, type_, name in ((PERSON, "person", "Ali Wahab"), (OTHER, "person", "Bilal Idris"),
                                 (FRONT, "organization", "Sahel Front"), (BRIGADE, "organization", "Niger Brigade")):
            w.upsert_entity(Entity(eid, type_, name, [Alias(name, doc.id, None)]))
        w.add_relation(Relation(LEADS, "leader_of", PERSON, FRONT, Certainty.ASSERTED, [quote1], role="chief"))
        w.add_relation(Relation(Relation.make_id("member_of", OTHER, BRIGADE), "member_of", OTHER, BRIGADE,
                                Certainty.ASSERTED, [quote1]))
        w.add_relation(Relation(Relation.make_id("met_with", PERSON, OTHER), "met_with", PERSON, OTHER,
                                Certainty.ASSERTED, [quote1]))
        if not former_later:
            w.add_relation(Relation(LEADS, "leader_of", PERSON, FRONT, Certainty.ASSERTED, [quote2], role="chief",
                                    former=True, ended="2021-05"))
        maintain(store, w)
    if former_later:  # the end is learned after the index already holds the tie as current
        with store.transaction() as w:
            w.add_relation(Relation(LEADS, "leader_of", PERSON, FRONT, Certainty.ASSERTED, [quote2], role="chief",
                                    former=True, ended="2021-05"))
            maintain(store, w)


def _check(store: Store) -> None:
    ensure(store)
    whole = GraphView.load(store).by_key[LEADS]
    assert (whole.former, whole.ended, whole.role) == (True, "2021-05", "former chief")
    view, links, _ = org_links(store, n_paths=5)
    hops = [h for link in links for p in link.paths for h in p.hops if h.type == "leader_of"]
    assert hops and all((h.former, h.ended, h.role) == (True, "2021-05", "former chief") for h in hops)
    found = shortest_paths(store, FRONT, BRIGADE)
    hops = [h for p in found.paths for h in p.hops if h.type == "leader_of"]
    assert hops and all((h.former, h.ended, h.role) == (True, "2021-05", "former chief") for h in hops)
    page = timeline(store, PERSON)
    texts = [i.text for i in page.timeline.dated + page.timeline.undated if i.relation == LEADS]
    assert texts and all("former chief" in t for t in texts)


def test_a_former_tie_is_former_in_every_index_read(store: Store) -> None:
    _write(store, former_later=False)
    _check(store)


def test_an_end_learned_later_reaches_the_index(store: Store) -> None:
    _write(store, former_later=True)
    _check(store)
