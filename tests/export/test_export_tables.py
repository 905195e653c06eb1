"""CSV tables for i2 Analyst's Notebook / Maltego: a folder of entities, links and organisation links."""
from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.export.tables import ENTITY_COLUMNS, LINK_COLUMNS


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_folder_via_the_cli(fiction, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "tables"
    result = CliRunner().invoke(main, ["export", "--db", fiction.store.path, "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["entities.csv", "links.csv", "org_links.csv"]
    assert (out / "entities.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel / ANB
    entities, links = read(out / "entities.csv"), read(out / "links.csv")
    assert list(entities[0]) == ENTITY_COLUMNS and list(links[0]) == LINK_COLUMNS
    ids = {e["Entity ID"] for e in entities}
    assert all(r["From ID"] in ids and r["To ID"] in ids for r in links)
    types = {e["Label"]: e["Entity Type"] for e in entities}
    assert types["Tomas Varga"] == "Person" and types["attack 'police post attack' in Kessington (2025-03-14)"] == "Event"
    [alliance] = [r for r in links if r["Link Type"] == "allied_with"]
    assert alliance["Arrows"] == "No arrows" and alliance["Certainty"] == "asserted"
    front = [r for r in links if r["Link Type"] == "front_of"][0]
    assert front["Sources"] == "2" and "Aggregator Daily (copy of Harbor Ledger)" in front["Outlets"]
    orgs = read(out / "org_links.csv")
    assert {(r["From Label"], r["To Label"]) for r in orgs} >= {("Sable Valley Front", "Northern Crescent Brigade")}


def test_a_file_in_the_way_is_refused(fiction, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x").write_text("")
    result = CliRunner().invoke(main, ["export", "--db", fiction.store.path, "--format", "csv", "-o",
                                       str(tmp_path / "x")])
    assert result.exit_code != 0
