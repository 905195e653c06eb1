"""The store tests' backends: every test taking `backend` runs once on each."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from linkwatch.store import Store, open_store

BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], Store]] = {
    "sqlite": lambda request, tmp: open_store(tmp / "contract.db"),
    "postgresql": lambda request, tmp: open_store(request.getfixturevalue("pg_url")),
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with BACKENDS[request.param](request, tmp_path) as s:
        yield s
