"""The analysis commands: links, path, timeline, watch, alerts, report, as an analyst runs them."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from linkwatch.cli import main


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def db(built) -> str:  # type: ignore[no-untyped-def]
    return built.store.path


def test_links_table_and_json(seed) -> None:  # type: ignore[no-untyped-def]
    out = run("links", "--db", db(seed), "Hamas", "--paths", "2")
    assert "Hamas — Lashkar-e-Taiba: grade 3" in out
    assert "—participated_in [reported]→" in out  # hedges stay on every hop
    assert '[reported: is said to] "In February 2025' in out  # and on every quote
    data = json.loads(run("links", "--db", db(seed), "--format", "json", "--min-grade", "3", "--centrality"))
    assert len(data["links"]) == 5 and data["actors"][0]["name"] == "Naji Zaheer"
    assert all(len(k["paths"]) == 1 for k in data["links"])
    assert "communities" not in out
    assert "community" in run("links", "--db", db(seed), "--communities")


def test_path_and_timeline(seed) -> None:  # type: ignore[no-untyped-def]
    out = run("path", "--db", db(seed), "Qaddoumi", "Rashid Ali Sandhu", "--limit", "2")
    assert out.startswith("1. 3 hop(s)")
    data = json.loads(run("timeline", "--db", db(seed), "Zaheer", "--format", "json"))
    assert [i["date"] for i in data["dated"]] == ["2025-02-05"]
    assert [i["date"] for i in data["undated"]] == [None, None, None, None]
    text = run("timeline", "--db", db(seed), "Zaheer")
    assert "reported 2026-01-08" in text and "Undated" in text


def test_unknown_or_ambiguous_names_are_errors(seed) -> None:  # type: ignore[no-untyped-def]
    # Exit 1: the command line was well formed, the store has no such one (2 is for a malformed line).
    result = CliRunner().invoke(main, ["timeline", "--db", db(seed), "Masood"])
    assert result.exit_code == 1 and "ambiguous" in result.output and "Masood Ilyas" in result.output
    result = CliRunner().invoke(main, ["path", "--db", db(seed), "Nobody Here", "Hamas"])
    assert result.exit_code == 1 and "no entity matches" in result.output


def test_watch_then_alerts(fiction) -> None:  # type: ignore[no-untyped-def]
    assert "watching Idris Kallan" in run("watch", "add", "--db", db(fiction), "Kallan", "--note", "spokesman")
    listed = json.loads(run("watch", "list", "--db", db(fiction), "--format", "json"))
    assert {w["name"] for w in listed} == {"Tomas Varga", "Idris Kallan"}
    alerts = json.loads(run("alerts", "--db", db(fiction), "--since", fiction.checkpoint, "--format", "json"))
    assert alerts[0]["watched"] and all(a["evidence"] for a in alerts)
    denial = next(a for a in alerts if a["kind"] == "denied")
    assert denial["watched"]  # Kallan is watched now
    assert denial["evidence"][0]["certainty"] == "denied" and denial["evidence"][0]["url"].startswith("https://")
    watched = json.loads(run("alerts", "--db", db(fiction), "--since", fiction.checkpoint, "--watched-only",
                             "--format", "json"))
    assert watched and all(a["watched"] for a in watched)
    assert "no longer watching" in run("watch", "remove", "--db", db(fiction), "Kallan")
    again = CliRunner().invoke(main, ["watch", "remove", "--db", db(fiction), "Kallan"])
    assert again.exit_code == 1 and "not on the watchlist" in again.output
    assert "[new_link]" in run("alerts", "--db", db(fiction), "--since", fiction.checkpoint)


def test_report_writes_html_or_markdown(fiction, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("report", "--db", db(fiction), "-o", str(tmp_path / "brief.html"))
    assert (tmp_path / "brief.html").read_text().startswith("<!doctype html>")
    run("report", "--db", db(fiction), "--entity", "Varga", "-o", str(tmp_path / "varga.md"))
    assert (tmp_path / "varga.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = CliRunner().invoke(main, ["report", "--db", db(fiction), "-o", str(tmp_path / "brief.pdf")])
    assert bad.exit_code == 2
