"""The generality rules on the real model's parses: sentences shaped like the ones that went wrong."""
from __future__ import annotations

import pytest

from linkwatch.extract import Extractor
from linkwatch.model import DocExtraction, Document
from linkwatch.model.schema import schema

pytestmark = pytest.mark.slow


def _run(extractor: Extractor, text: str, published: str = "2025-02-06") -> DocExtraction:
    (r,) = extractor.extract([Document(id="d1", raw_sha256="", text=text, origin="t", published=published)])
    return r


def _rels(r: DocExtraction) -> set[tuple[str, str, str, str]]:
    # Events by family: a drone strike is now typed 'bombing', a subtype of the attack family.
    name = {e.ref: e.name for e in r.entities} | {v.ref: f"event:{schema().event_family(v.type)}" for v in r.events}
    return {(x.type, name[x.source], name[x.target], x.certainty.value) for x in r.relations}


def test_no_comment_is_no_denial(extractor: Extractor) -> None:
    r = _run(extractor, "Hamas commander Naji Zaheer met LeT commander Rashid Ali Sandhu in Gujranwala. "
                        "While Islamabad has not officially commented on the Gujranwala meeting, observers warn "
                        "that closer ties could complicate regional security.")
    (meeting,) = r.events
    assert {ev.certainty.value for ev in meeting.evidence} == {"asserted"}
    assert ("met_with", "Naji Zaheer", "Rashid Ali Sandhu", "asserted") in _rels(r)
    assert all(x.role and "v1" not in x.role for x in r.relations)


def test_places_people_and_titles(extractor: Extractor) -> None:
    r = _run(extractor, "Masood Ilyas, a commander of Jaish-e-Mohammed, addressed the rally in Rawalakot. "
                        "Maulana Fazal-ur-Rahman also spoke. Jamiat leaders were present.")
    types = {e.name: (e.type, e.key) for e in r.entities}
    assert types["Rawalakot"] == ("location", None)
    assert types["Masood Ilyas"] == ("person", None)
    assert types["Fazal-ur-Rahman"] == ("person", None)
    assert types["Jamiat"] == ("organization", None)  # a common word: no listed group
    assert ("member_of", "Masood Ilyas", "Jaish-e-Mohammed", "asserted") in _rels(r)


def test_alliances_and_allegiance(extractor: Extractor) -> None:
    r = _run(extractor, "Lashkar-e-Taiba and Hamas have joined forces, officials said. "
                        "The ISGS pledged allegiance to the Islamic State in 2016.")
    rels = _rels(r)
    assert ("allied_with", "Lashkar-e-Taiba", "Hamas", "reported") in rels
    assert ("front_of", "ISGS", "Islamic State", "asserted") in rels


def test_future_dates_need_future_cues(extractor: Extractor) -> None:
    ahead = _run(extractor, "Hamas commander Naji Zaheer will meet LeT commander Rashid Ali Sandhu on Friday.")
    past = _run(extractor, "Hamas commander Naji Zaheer met LeT commander Rashid Ali Sandhu on Friday.")
    assert [v.date for v in ahead.events] == ["2025-02-07"]
    assert [v.date for v in past.events] == ["2025-01-31"]


def test_victims_are_not_perpetrators(extractor: Extractor) -> None:
    r = _run(extractor, "Abu Ali al-Basri, a senior commander of Kata'ib Hizballah, was killed alongside Mohsen "
                        "Rahimi, an adviser from the Quds Force, in a drone strike near Baghdad airport, the militia "
                        "said. The Pentagon denied any involvement in the attack.")
    rels = _rels(r)
    assert ("participated_in", "Abu Ali al-Basri", "event:attack", "reported") in rels
    assert ("participated_in", "Mohsen Rahimi", "event:attack", "reported") in rels
    assert ("carried_out", "Pentagon", "event:attack", "denied") in rels
    assert not any(t == "carried_out" and s in ("Abu Ali al-Basri", "Mohsen Rahimi") for t, s, _, _ in rels)
