"""Shared fixtures. Test articles from outside the project stay in ../shared; the
repo's own fixtures (tests/fixtures/) are articles written for the tests."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkwatch.settings import Settings
from linkwatch.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "store.db") as s:
        yield s


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "store.db")


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    return SEEDS
