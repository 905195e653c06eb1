"""Issue 16, done-when: random bytes, random HTML and random manifests go through `linkwatch ingest` (the real
command and pipeline; the string-search extractor instead of spaCy) for a bounded number of examples each.
Whatever comes in: no traceback, no crash, every refusal names an input that was given, and what the store
held before is unchanged.

Inputs never reach the network: manifest URLs are drawn from forms refused before any lookup (other schemes,
no host, private addresses)."""
from __future__ import annotations

import json
import re
import sqlite3
import string
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkwatch.cli import main
from linkwatch.store import open_store

EXAMPLES = 40  # per input kind: about 15 s in all on the development machine
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
BEFORE = ["Hamas met Lashkar-e-Taiba in Gujranwala, police said.",
          "Lashkar-e-Taiba and Hamas held talks in Muzaffarabad; Hamas denied it later."]
_ERROR = re.compile(r"^error: (.+?): (.+)$")


class Session:
    """One store for all the examples of a test, holding two documents ingested before any fuzzing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "store.db"
        self.n = 0
        for i, text in enumerate(BEFORE):
            (folder / f"before-{i}.txt").write_text(text)
        self.run([str(folder / f"before-{i}.txt") for i in range(len(BEFORE))])
        self.before = self.snapshot()
        assert len(self.before["documents"]) == 2

    def snapshot(self) -> dict[str, Any]:
        with open_store(self.db) as store:
            docs = {d.id: d for d in store.documents()}
            return {"documents": docs, "blobs": {d.raw_sha256: store.blob(d.raw_sha256) for d in docs.values()},
                    "extractions": {i: store.extraction(i) for i in docs}}

    def example_folder(self) -> Path:
        self.n += 1
        folder = self.folder / f"x{self.n}"
        folder.mkdir()
        return folder

    def run(self, args: list[str]) -> tuple[str, str]:
        result = CliRunner().invoke(main, ["ingest", "--db", str(self.db), "-q", *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        return result.stdout, result.stderr

    def check(self, stderr: str, given: list[str]) -> None:
        """Every refusal names one of the inputs; the documents stored before are as they were."""
        for line in stderr.splitlines():
            if line.startswith("note: "):
                continue
            m = _ERROR.match(line)
            assert m, f"not an error naming its input: {line!r}"
            origin = m.group(1)
            assert any(origin == g or origin.startswith(g + ":") or origin.startswith(g + "#") for g in given), \
                f"{origin!r} names none of {given}"
        now = self.snapshot()
        for doc_id, doc in self.before["documents"].items():
            assert now["documents"].get(doc_id) == doc
            assert now["extractions"][doc_id] == self.before["extractions"][doc_id]
        assert now["blobs"] | self.before["blobs"] == now["blobs"]
        db = sqlite3.connect(self.db)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            db.close()


@pytest.fixture
def session(tmp_path: Path, fake_nlp: None) -> Session:
    return Session(tmp_path)


NAMES = st.sampled_from(["Hamas", "Lashkar-e-Taiba", "Gujranwala", "Muñoz", "Hélène", "\u202e", "\x00", "\ufeff"])
TEXT = st.lists(st.one_of(st.text(max_size=40), NAMES), max_size=12).map(" ".join)


@FUZZ
@given(data=st.lists(st.binary(max_size=3000), min_size=1, max_size=3),
       names=st.lists(st.sampled_from(["a.txt", "b.html", "c.xml", "d", "e.rss", "f.md"]), min_size=3, max_size=3))
def test_random_bytes(session: Session, data: list[bytes], names: list[str]) -> None:
    folder = session.example_folder()
    paths = []
    for content, name in zip(data, names, strict=False):
        path = folder / name
        path.write_bytes(content)
        paths.append(str(path))
    _, stderr = session.run(paths)
    session.check(stderr, paths)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(["div", "p", "span", "script", "style", "article", "table", "td", "a", "b", "nav",
                           "template", "svg", "h1", "li", "ul", "main", "iframe", "br"])
    attrs = st.sampled_from(["", ' class="x"', ' lang="ur"', ' href="javascript:alert(1)"', " hidden",
                             ' charset="x-unknown"', ' style="display:none"', ' onclick="evil()"'])
    return st.builds(lambda t, a, inner, close: f"<{t}{a}>{''.join(inner)}" + (f"</{t}>" if close else ""),
                     tag, attrs, st.lists(children, max_size=4), st.booleans())


HTML_TEXT = TEXT.map(lambda s: s.replace("<", "&lt;")) | st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&nbsp;",
                                                                          "<!-- c -->", "<![CDATA[x]]>", "]]>"])
HTML = st.recursive(HTML_TEXT, _element, max_leaves=40)


@FUZZ
@given(body=HTML, depth=st.sampled_from([0, 3, 300, 3000]),
       head=st.sampled_from(["", "<meta charset='utf-8'>", "<meta charset='koi8-r'>", "<meta charset='bogus'>",
                             "<title>T</title>", "<?xml version='1.0' encoding='latin-1'?>"]),
       encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_random_html(session: Session, body: str, depth: int, head: str, encoding: str) -> None:
    html = f"<html><head>{head}</head><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"
    path = session.example_folder() / "page.html"
    path.write_bytes(html.encode(encoding, errors="replace"))
    _, stderr = session.run([str(path)])
    session.check(stderr, [str(path)])


SAFE_URLS = st.sampled_from(["ftp://example.org/a", "not a url", "http://", "https:///nohost", "http://127.0.0.1:1/",
                             "http://[::1]/x", "http://10.0.0.1/", "file:///etc/passwd", "http://169.254.169.254/"])
VALUES = st.one_of(st.none(), st.integers(), st.booleans(), TEXT, st.lists(st.integers(), max_size=2),
                   st.sampled_from(["2025-02-30", "2025-02-06", "2026-12-07T16:00+03:00", "2023-02-29", ""]))
PATHS = st.sampled_from(["a.txt", "../a.txt", "/etc/hostname", "../../../../etc/passwd", "sub", "missing.txt", "",
                         "a.txt\x00x", "./a.txt", "link.txt"])
ENTRY = st.fixed_dictionaries({}, optional={
    "path": PATHS | VALUES, "text": TEXT | VALUES, "url": SAFE_URLS | VALUES, "published": VALUES,
    "source": VALUES, "title": VALUES, "language": VALUES, "charset": st.sampled_from(["utf-8", "latin-1", "nope"]) | VALUES,
})
LINE = st.one_of(ENTRY.map(json.dumps), st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
                 st.text(alphabet=string.printable, max_size=60), st.just('{"path": "a.txt",'), st.just("[1, 2]"))


@FUZZ
@given(lines=st.lists(LINE, min_size=1, max_size=8))
def test_random_manifests(session: Session, lines: list[str]) -> None:
    folder = session.example_folder()
    (folder / "a.txt").write_text(f"Hamas met Lashkar-e-Taiba, example {session.n}.")
    (folder / "sub").mkdir()
    (folder / "link.txt").symlink_to("/etc/hostname")
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(line.replace("\n", " ") for line in lines) + "\n", encoding="utf-8",
                        errors="surrogateescape")
    _, stderr = session.run(["--manifest", str(manifest)])
    # A manifest line's refusal names MANIFEST:LINE; a path it names, the file (inside its folder).
    session.check(stderr, [str(manifest), str(folder / "a.txt"), str(folder / "./a.txt")])
