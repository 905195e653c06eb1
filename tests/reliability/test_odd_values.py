"""Issue 16, row 5: exporters never crash on a stored value. Odd values are written straight into a store
(as an old store, a hand edit or a bug elsewhere could leave them) and every format is exported."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linkwatch import export

ODD = {
    "impossible dates": """
        UPDATE documents SET published = '2025-02-30', ingested_at = '2025-02-28T25:61:00';
        UPDATE events SET date = '2023-02-29', first_seen = '2025-13-45';
        UPDATE relations SET first_seen = 'not-a-date';
        UPDATE evidence SET learned_at = '2025-02-30T00:00:00.000000Z';
        UPDATE relation_history SET at = 'yesterday';
    """,
    "garbage and blanks": """
        UPDATE documents SET published = 'garbage', ingested_at = '', title = '', source = '', url = 'javascript:x';
        UPDATE events SET date = '', first_seen = '', name = '';
        UPDATE entities SET first_seen = '', name = '', key = NULL;
        UPDATE relations SET first_seen = '', role = '';
    """,
    "numbers out of range": """
        UPDATE relations SET grade = 99, confidence = -5, sources = -3;
        UPDATE relation_history SET grade = 77, confidence = 1000;
    """,
    "characters XML cannot carry": """
        UPDATE entities SET name = name || char(0) || char(11) || char(27) || char(65535);
        UPDATE documents SET title = char(1) || 'title', source = char(12);
        UPDATE evidence SET quote = quote || char(8), attribution = char(2);
        UPDATE events SET name = char(3) || 'rally';
    """,
    "huge text": """
        UPDATE entities SET name = name || printf('%.50000c', 'x');
        UPDATE documents SET title = printf('%.100000c', 'y');
    """,
}


def _check(name: str, text: str, folder: Path) -> None:
    if name in ("json", "stix"):
        json.loads(text)
    elif name in ("jsonl", "ftm"):
        assert all(json.loads(line) is not None for line in text.splitlines() if line.strip())
    elif name in ("graphml", "gexf"):
        ET.fromstring(text.encode("utf-8"))  # well-formed XML, whatever the names held
    elif name == "csv":
        files = sorted(folder.glob("*.csv"))
        assert files and all(list(csv.reader(f.open(encoding="utf-8"))) for f in files)


@pytest.mark.parametrize("kind", sorted(ODD))
def test_every_format_exports_a_store_holding_odd_values(fiction, kind: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fiction.store.db.executescript(ODD[kind])
    for name in export.names():
        fmt = export.get_format(name)
        out = tmp_path / f"{kind}-{name}".replace(" ", "_")
        if fmt.to_path:
            n = fmt.write(fiction.store, out)
            text = ""
        else:
            buf = io.StringIO()
            n = fmt.write(fiction.store, buf)
            text = buf.getvalue()
        assert n > 0, name
        _check(name, text, out)


def test_the_web_export_answers_for_a_store_with_impossible_dates(fiction) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from linkwatch.settings import Settings
    from linkwatch.web import create_app

    fiction.store.db.executescript(ODD["impossible dates"])
    client = TestClient(create_app(Settings(db=Path(fiction.store.path)), "t" * 20, rate=None))
    r = client.get("/api/export/stix")
    assert r.status_code == 200 and json.loads(r.content)["type"] == "bundle"
