"""Every command takes a PostgreSQL store by URL (`--db postgresql://...` or LINKWATCH_DB), as it takes a file."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from linkwatch.cli import main

TEXT = ("Militants of the Northern Front attacked a police post outside Dara town on Tuesday, local officials said. "
        "The group's spokesman, Abu Karim, claimed responsibility.")


def test_ingest_then_read_commands_by_url(tmp_path: Path, pg_url: str, monkeypatch: object) -> None:
    import linkwatch.extract
    from web.fake_extractor import FakeExtractor

    monkeypatch.setattr(linkwatch.extract, "Extractor", lambda settings=None: FakeExtractor())  # type: ignore[attr-defined]
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", "--db", pg_url, str(article)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("added 1 ")
    again = runner.invoke(main, ["ingest", str(article)], env={"LINKWATCH_DB": pg_url})
    assert again.exit_code == 0 and "skipped 1 duplicate" in again.output, again.output
    for command in (["links"], ["export", "--format", "jsonl"], ["reindex"]):
        result = runner.invoke(main, [*command, "--db", pg_url])
        assert result.exit_code == 0, (command, result.output)


def test_a_read_command_on_a_database_without_a_store_says_so(pg_url: str) -> None:
    result = CliRunner().invoke(main, ["links", "--db", pg_url])
    assert result.exit_code == 1 and "no linkwatch store at postgresql://" in result.output, result.output
    assert "Traceback" not in result.output
