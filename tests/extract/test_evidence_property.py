"""Property: whatever the text looks like, every mention and evidence offset indexes the
document text exactly, and every event and relation carries evidence."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkwatch.extract import Extractor
from linkwatch.model import Document

pytestmark = pytest.mark.slow

GROUPS = ["Lashkar-e-Taiba", "LeT", "Jaish-e-Mohammad", "Hamas", "al-Shabaab", "the TTP", "Hizbul Mujahideen",
          "the Pakistan Markazi Muslim League (PMML)", "Tehreek-e-Jihad Waziristan (TJW)", "Jaish"]
PEOPLE = ["Naji Zaheer", "Dr. Khaled Qaddoumi", "al-Qadoumi", "Zaheer", "Maulana Saifullah Durrani", "Gul Zaman Wazir",
          "Talha Saif", "Hafiz Abdul Rauf", "He", "She"]
PLACES = ["Gujranwala", "Pakistan-occupied Kashmir (PoK)", "Mogadishu", "the Gaza Strip", "Bannu", "Karachi"]
WHEN = ["on Sunday", "last week", "in February 2025", "earlier this year", "on March 3", "in 2023", ""]
TEMPLATES = [
    "{p} , a {g} commander , was present at the rally in {l} {w} .",
    "Reports indicate that {p} , brother of {g} chief {q} , attended the meeting .",
    "Also purportedly in attendance were {p} and {q} .",
    "{g} claimed responsibility for the attack in {l} {w} , according to police .",
    "The event was organised by {g} , which is widely viewed as a front for {h} .",
    "{p} met {q} in {l} {w} .",
    "{h} denied any role in the bombing .",
    "Videos suggest {p}'s presence at the gathering , but independent verification is lacking .",
    "{p} is said to have visited {l} , where he addressed a rally alongside commanders from {g} and {h} .",
    "{g}'s spokesman {p} said the group had no links with {h} .",
]
SEPARATORS = [" ", "\n", "\n\n\n", "  ", "\t", " \u00a0"]


@st.composite
def articles(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        template = draw(st.sampled_from(TEMPLATES))
        sentence = template.format(p=draw(st.sampled_from(PEOPLE)), q=draw(st.sampled_from(PEOPLE)),
                                   g=draw(st.sampled_from(GROUPS)), h=draw(st.sampled_from(GROUPS)),
                                   l=draw(st.sampled_from(PLACES)), w=draw(st.sampled_from(WHEN)))
        if draw(st.booleans()):
            sentence = sentence.replace(" ,", ",").replace(" .", ".")
        parts.append(sentence)
        parts.append(draw(st.sampled_from(SEPARATORS)))
    noise = draw(st.text(alphabet=st.sampled_from("abc XYZ-'’é\n.,()"), max_size=30))
    return noise + "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=articles(), published=st.sampled_from([None, "2025-02-06", "2024-11-20"]))
def test_offsets_always_index_the_text(extractor: Extractor, text: str, published: str | None) -> None:
    doc = Document(id="d1", raw_sha256="", text=text, origin="generated", published=published)
    (r,) = extractor.extract([doc])
    refs = {e.ref for e in r.entities}
    for m in r.mentions:
        assert text[m.start:m.end] == m.text and m.ref in refs
    for item in [*r.events, *r.relations]:
        assert item.evidence
        for ev in item.evidence:
            assert text[ev.start:ev.end] == ev.quote
            assert ev.quote == ev.quote.strip() and ev.quote
    for rel in r.relations:
        assert rel.source in refs
        assert rel.target in refs | {v.ref for v in r.events}
    for v in r.events:
        assert v.date is None or v.date[:4].isdigit()
