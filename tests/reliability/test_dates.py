"""Issue 16, row 5 and row 9: every date that enters goes through one parser (model.dates), which checks
the calendar, names the field and the value when it refuses, and turns an offset into UTC."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.extract.dates import normalise as text_date
from linkwatch.ingest.manifest import read_manifest
from linkwatch.model import InputError, RawDocument
from linkwatch.model.dates import DateError, is_date, parse_date
from linkwatch.normalise import normalise

IMPOSSIBLE = ["2025-02-30", "2023-02-29", "2025-02-28T25:61:00", "2025-13-45", "not-a-date", "", "0000",
              "2025-02-06T10:00+24:00", "06/02/2025"]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_impossible_dates_are_refused_naming_field_and_value(value: str) -> None:
    with pytest.raises(DateError) as err:
        parse_date(value, "published")
    assert str(err.value).startswith("published: not an ISO 8601 date")
    assert repr(value) in str(err.value)
    assert not is_date(value)


@pytest.mark.parametrize(("value", "stored"), [
    ("2025", "2025"), ("2025-02", "2025-02"), ("2024-02-29", "2024-02-29"), (" 2025-02-06 ", "2025-02-06"),
    ("2026-12-07T16:00+03:00", "2026-12-07T13:00:00.000000Z"),
    ("2025-02-06 10:30:15.5-0200", "2025-02-06T12:30:15.500000Z"),
    ("2025-02-06T10:30", "2025-02-06T10:30:00.000000Z"),  # no offset: UTC
    ("2025-02-06T23:30:00Z", "2025-02-06T23:30:00.000000Z"),
])
def test_real_dates_keep_their_precision_and_instants_become_utc(value: str, stored: str) -> None:
    assert parse_date(value) == stored


def test_instants_sort_as_strings_like_the_store_timestamps() -> None:
    from linkwatch.store.sql import now

    stamp = now()
    assert len(parse_date("2025-02-06T10:00Z")) == len(stamp)
    assert parse_date("2025-02-06T10:00:00Z") < "2025-02-06T10:00:00.000001Z"


def test_a_long_hostile_value_is_not_echoed_whole() -> None:
    with pytest.raises(DateError) as err:
        parse_date("9" * 10_000, "since")
    assert len(str(err.value)) < 300


def test_manifest_dates_are_checked_on_the_calendar(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(json.dumps({"text": f"Article {i}.", "published": d})
                                  for i, d in enumerate(["2025-02-30", "2023-02-29", "2025-02-28T25:61:00",
                                                         "2025-02-06T10:00+05:00"], 1)) + "\n")
    items = list(read_manifest(manifest, max_bytes=1 << 20))
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.origin for e in errors] == [f"{manifest}:1", f"{manifest}:2", f"{manifest}:3"]
    assert all("'published': not an ISO 8601 date" in e.message for e in errors)
    [good] = [i for i in items if isinstance(i, RawDocument)]
    assert good.published == "2025-02-06T05:00:00.000000Z"


@pytest.mark.parametrize("value", ["2025-02-30", "2023-02-29", "2025-02-28T25:61:00"])
def test_published_option_is_checked(tmp_path: Path, value: str) -> None:
    (tmp_path / "a.txt").write_text("Police arrested three men.")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"),
                                       "--published", value])
    assert result.exit_code == 2
    assert "--published: not an ISO 8601 date" in result.output and value in result.output
    assert not (tmp_path / "s.db").exists()


def test_a_page_that_declares_an_impossible_date_keeps_no_date() -> None:
    html = ('<html><head><meta property="article:published_time" content="2025-02-30"></head><body>'
            "<article><p>" + "Police arrested three men near the border on Monday evening. " * 8 + "</p></article>"
            "</body></html>")
    doc = normalise(RawDocument(html.encode(), "page.html", media_type="text/html"))
    assert doc.published is None or is_date(doc.published)


def test_an_iso_date_written_in_a_text_must_exist() -> None:
    assert text_date("on 2025-02-30", "2025-03-01") is None
    assert text_date("on 2025-02-28", "2025-03-01") == "2025-02-28"


@pytest.mark.parametrize("value", ["not-a-date", "2025-13-45", ""])
def test_alerts_since_is_checked(fiction, value: str) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["alerts", "--db", fiction.store.path, "--since", value])
    assert result.exit_code == 2 and "--since: not an ISO 8601 date" in result.output
    assert "no alerts since" not in result.output


def test_alerts_since_with_an_offset_is_the_same_instant_in_utc(fiction) -> None:  # type: ignore[no-untyped-def]
    utc = datetime.strptime(fiction.checkpoint, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    east = utc.astimezone(timezone(timedelta(hours=3))).isoformat()  # ...T16:00:00.123456+03:00 for 13:00Z

    def kinds(since: str) -> list[str]:
        result = CliRunner().invoke(main, ["alerts", "--db", fiction.store.path, "--since", since, "--format", "json"])
        assert result.exit_code == 0, result.output
        return sorted(a["kind"] for a in json.loads(result.output))

    assert kinds(east) == kinds(fiction.checkpoint)
    assert "new_link" in kinds(east)
