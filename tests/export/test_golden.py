"""Golden files: every export of the fictional scenario, compared with tests/golden/ after timestamps
are normalised away (the store stamps facts with the time it learned them).

When an export changes on purpose, regenerate and review the diff:
    LINKWATCH_UPDATE_GOLDEN=1 .venv/bin/pytest tests/export/test_golden.py
"""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from linkwatch.analyse.view import GraphView
from linkwatch.export import get_format
from linkwatch.report import render_markdown

GOLDEN = Path(__file__).parents[1] / "golden"
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?")


def normalise(text: str) -> str:
    text = TIMESTAMP.sub("<timestamp>", text)
    return re.sub(r'lastmodifieddate="[^"]*"', 'lastmodifieddate="<date>"', text)


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    text = normalise(text)
    if os.environ.get("LINKWATCH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path} is missing; run with LINKWATCH_UPDATE_GOLDEN=1 and review it")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt,name", [("stix", "fiction.stix.json"), ("ftm", "fiction.ftm.jsonl"),
                                      ("graphml", "fiction.graphml"), ("gexf", "fiction.gexf")])
def test_stream_exports(fiction, fmt, name) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    get_format(fmt).write(fiction.store, out)
    check(name, out.getvalue())


def test_csv_tables(fiction, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    get_format("csv").write(fiction.store, tmp_path)
    for table in ("entities", "links", "org_links"):
        check(f"fiction.{table}.csv", (tmp_path / f"{table}.csv").read_text(encoding="utf-8-sig"))


def test_markdown_brief(fiction) -> None:  # type: ignore[no-untyped-def]
    md, _ = render_markdown(GraphView.load(fiction.store), "brief.png")
    check("fiction.brief.md", md)
