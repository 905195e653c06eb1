"""Fixtures for the extraction tests: a blank English pipeline for rule components, and the real
model (loaded once per session) for the few tests marked slow."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract import Extractor
from linkwatch.model import Document
from linkwatch.settings import Settings

CORPORA = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"


@pytest.fixture(scope="session")
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(Settings())


def parsed(nlp: Language, rows: list[tuple[str, str, str, int, str]], ents: list[str] | None = None) -> Doc:
    """A Doc from hand-written analysis rows: (word, lemma, pos, head index, dep).
    Lets rule components be tested on exactly the parse they are meant for."""
    words = [r[0] for r in rows]
    spaces = [not (i + 1 < len(words) and words[i + 1] in {",", ".", "'s", ")", "-"} or w in {"(", "-"})
              for i, w in enumerate(words)]
    return Doc(nlp.vocab, words=words, spaces=spaces, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               heads=[r[3] for r in rows], deps=[r[4] for r in rows], ents=ents or ["O"] * len(rows))


@pytest.fixture(scope="session")
def parse() -> object:
    return parsed


def corpus_documents(folder: Path, cut: tuple[str, ...] = ()) -> list[Document]:
    """Documents built straight from a corpus folder (no ingest), optionally cutting boilerplate
    the normaliser would have removed."""
    docs = []
    for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = (folder / rec["path"]).read_text(encoding="utf-8")
        for marker in cut:
            text = text.split(marker)[0] if marker.endswith(":") else text.replace(marker, "")
        docs.append(Document(id=Document.make_id(text), raw_sha256="", text=text, origin=rec["path"],
                             url=rec.get("url"), published=rec.get("published")))
    return docs


@pytest.fixture(scope="session")
def load_corpus() -> object:
    return corpus_documents
