"""`linkwatch serve`: binds 127.0.0.1 unless told otherwise, and never starts with writes open to anyone."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from linkwatch.cli import main


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        seen.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("LINKWATCH_TOKEN", raising=False)
    monkeypatch.delenv("LINKWATCH_TILE_URL", raising=False)
    return seen


def test_defaults_to_localhost_and_prints_a_generated_token(served: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8000
    config = served["app"].state.config
    assert config.token and config.token in result.output and not config.protect_reads


def test_token_from_environment_and_read_protection(served: dict[str, Any], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINKWATCH_TOKEN", "from-env")
    monkeypatch.setenv("LINKWATCH_TILE_URL", "https://tiles.example.org/{z}/{x}/{y}.png")
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--protect-reads",
                                       "--host", "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0, result.output
    config = served["app"].state.config
    assert config.token == "from-env" and config.protect_reads and "from-env" not in result.output
    assert config.tile_url.startswith("https://tiles.example.org") and served["port"] == 9001
    assert "warning" in result.output  # binding beyond this machine is said out loud


def test_read_only_refuses_writes_and_read_protection(served: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--read-only"])
    assert result.exit_code == 0 and served["app"].state.config.token is None
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--read-only", "--protect-reads"])
    assert result.exit_code != 0
