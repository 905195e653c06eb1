"""Issue 16, row 1: a long document is extracted in bounded windows (cost linear in length; the timing is
benchmarks/long_documents.py's), text past the extraction limit is stored and searchable but not extracted,
and the document records where extraction stopped."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.extract.windows import OVERLAP, WINDOW, Window, merge, windows
from linkwatch.model import Certainty, DocExtraction, Evidence, LocalEntity, LocalRelation, Mention, RawDocument
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import open_store
from linkwatch.store.search import search

from .conftest import FakeExtractor

WORDS = "the of and police said group leaders met in city on a border district commanders".split()


def _text(size: int, seed: int = 1, paragraphs: bool = True) -> str:
    rng = random.Random(seed)
    out, n = [], 0
    while n < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30))).capitalize() + "."
        out.append(sentence + ("\n" if paragraphs and rng.random() < 0.2 else " "))
        n += len(out[-1])
    return "".join(out)[:size]


@pytest.mark.parametrize(("size", "paragraphs"), [(9_000, True), (10_001, True), (95_000, True), (95_000, False)])
def test_windows_cover_the_text_in_bounded_pieces(size: int, paragraphs: bool) -> None:
    text = _text(size, paragraphs=paragraphs)
    found = windows(text)
    assert found[0].start == found[0].own == 0 and found[-1].end == len(text)
    for before, after in zip(found, found[1:], strict=False):
        assert after.own == before.end  # own parts tile the text: every character is one window's
        assert before.start <= after.start <= after.own and after.own - after.start <= OVERLAP
    for w in found:
        assert w.end - w.start <= WINDOW and w.end > w.own
        if paragraphs and w.end < len(text):
            assert text[w.end - 1] == "\n"  # cut at a paragraph break
        elif w.end < len(text):
            assert text[w.end - 2:w.end] in (". ", "  ") or text[w.end - 1] == " "
    if size <= WINDOW:
        assert found == [Window(0, 0, size)]


def test_a_text_without_breaks_is_still_cut() -> None:
    text = "x" * (3 * WINDOW + 7)
    found = windows(text)
    assert [w.end - w.own for w in found] == [WINDOW, WINDOW, WINDOW, 7]


def _piece(doc: str, text: str, names: list[tuple[str, str]]) -> DocExtraction:
    """An extraction of one window: each (ref, name) found where it first occurs, and a relation per sentence
    naming two of them."""
    x = DocExtraction(doc, "test.v1")
    for ref, name in names:
        at = text.index(name)
        x.entities.append(LocalEntity(ref, "person", name))
        x.mentions.append(Mention(at, at + len(name), name, "person", ref))
    start = text.index("Naji Zaheer met")
    quote = text[start:text.index(".", start) + 1]
    x.relations.append(LocalRelation("met_with", names[0][0], names[1][0],
                                     [Evidence(doc, start, start + len(quote), quote, "test.v1", Certainty.ASSERTED)]))
    return x


def test_windows_are_merged_with_document_offsets_and_one_entity_per_name() -> None:
    text = ("Filler sentence.\n" * 700) + "Naji Zaheer met Rashid Sandhu in Gujranwala.\n" + ("More filler.\n" * 700)
    text += "Later, Naji Zaheer met Rashid Sandhu again.\n"
    found = windows(text)
    assert len(found) > 2
    pieces = []
    for w in found:
        body = text[w.start:w.end]
        names = [("e1", "Naji Zaheer"), ("e2", "Rashid Sandhu")] if "Naji Zaheer met" in body else []
        pieces.append((w, _piece("d1", body, names) if names else DocExtraction("d1", "test.v1")))
    merged = merge("d1", "test.v1", pieces)
    assert sorted(e.name for e in merged.entities) == ["Naji Zaheer", "Rashid Sandhu"]  # joined across windows
    assert len(merged.relations) == 2 and {r.source for r in merged.relations} == {"e1"}
    for r in merged.relations:
        for e in r.evidence:
            assert text[e.start:e.end] == e.quote  # invariant 1 holds in document offsets
    for m in merged.mentions:
        assert text[m.start:m.end] == m.text


def test_names_a_window_kept_apart_stay_apart() -> None:
    w1, w2 = Window(0, 0, 100), Window(100, 100, 200)
    a = DocExtraction("d", "t", entities=[LocalEntity("e1", "person", "Omar Warsame", ["Warsame"]),
                                          LocalEntity("e2", "person", "Ali Warsame", ["Warsame"])],
                      mentions=[Mention(0, 12, "Omar Warsame", "person", "e1"), Mention(20, 31, "Ali Warsame", "person", "e2")])
    b = DocExtraction("d", "t", entities=[LocalEntity("e1", "person", "Warsame")],
                      mentions=[Mention(5, 12, "Warsame", "person", "e1")])
    merged = merge("d", "t", [(w1, a), (w2, b)])
    # The brothers stay two; the later "Warsame" joins one of them, never both.
    assert sorted(e.name for e in merged.entities) == ["Ali Warsame", "Omar Warsame"]


def test_text_past_the_limit_is_stored_searchable_and_not_extracted(tmp_path: Path) -> None:
    head = "Hamas met Lashkar-e-Taiba in Gujranwala, police said.\n" + _text(6_000)
    tail = "\nThe zanzibarian courier was seen with Hamas and Lashkar-e-Taiba again.\n" + _text(3_000, seed=2)
    settings = Settings(db=tmp_path / "s.db", max_extract_chars=len(head) + 10)
    seen: list[str] = []

    class Recording(FakeExtractor):  # type: ignore[misc,valid-type]
        def extract(self, docs):  # type: ignore[no-untyped-def]
            seen.extend(d.text[:d.truncated_at] for d in docs)
            return super().extract(docs)

    with open_store(settings.db) as store:
        summary = Pipeline(store, settings, extractor=Recording()).run(
            [RawDocument((head + tail).encode(), "long.txt")])
        [doc] = list(store.documents())
        assert len(doc.text) >= len(head + tail) - 10  # the whole text is stored
        assert doc.truncated_at is not None and doc.truncated_at <= settings.max_extract_chars
        assert "zanzibarian" in doc.text and "zanzibarian" not in doc.text[:doc.truncated_at]
        assert "zanzibarian" not in seen[0]
        assert [d.id for d in search(store, "zanzibarian").documents] == [doc.id]
    [result] = summary.results
    assert any("only the first" in n for n in result.notes)


def test_ingest_says_when_a_document_was_cut(tmp_path: Path, fake_nlp: None) -> None:
    (tmp_path / "long.txt").write_text("Hamas met Lashkar-e-Taiba.\n" + _text(30_000))
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "long.txt"), "--db", str(tmp_path / "s.db"), "-q"],
                                env={"LINKWATCH_MAX_EXTRACT_CHARS": "20000"})
    assert result.exit_code == 0, result.output
    assert "only the first" in result.stderr and "1 with notes" in result.stdout


@pytest.mark.slow
def test_the_real_extractor_reads_a_long_document_in_windows(tmp_path: Path) -> None:
    from linkwatch.extract import Extractor
    from linkwatch.normalise import normalise

    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"
    articles = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*/*.txt"))]
    text = "\n\n".join(articles * 2)  # about 17 KB: two windows or more
    doc = normalise(RawDocument(text.encode(), "long.txt", published="2025-03-12"))
    assert len(windows(doc.text)) >= 2
    [x] = Extractor(Settings()).extract([doc])
    for item in [*x.relations, *x.events]:
        for e in item.evidence:
            assert doc.text[e.start:e.end] == e.quote
    for m in x.mentions:
        assert doc.text[m.start:m.end] == m.text
    refs = {e.ref for e in x.entities}
    assert len(refs) == len(x.entities) and all(m.ref in refs for m in x.mentions)
    assert all(r.source in refs | {v.ref for v in x.events} for r in x.relations)
    # Each article is there twice, in different windows: its names are one entity each, not two.
    named = [(e.type, e.name) for e in x.entities]
    assert len(named) == len(set(named))
    assert {m.start for m in x.mentions if m.text == "Hamas"} >= {doc.text.find("Hamas"), doc.text.rfind("Hamas")}
