"""Shared fixtures. Test articles from outside the project stay in ../shared; the
repo's own fixtures (tests/fixtures/) are articles written for the tests."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import pgcluster
from linkwatch.settings import Settings
from linkwatch.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


def pytest_sessionstart(session: pytest.Session) -> None:
    """On a developer's machine, tests that need ../shared, Chromium or the npm packages skip
    with a reason. In CI they must all run: a missing piece there is a broken set-up, not a skip."""
    if not os.environ.get("CI"):
        return
    missing = [what for what, ok in (
        ("../shared/seeds beside the checkout", (SEEDS / "manifest.jsonl").exists()),
        ("../shared/eval/score.py", (SHARED / "eval" / "score.py").exists()),
        ("../shared/dev (the evaluation gate's dev corpus)", (SHARED / "dev" / "docs" / "manifest.jsonl").exists()),
        ("Chromium (scripts/setup.sh installs Debian's chromium)", bool(shutil.which("chromium"))),
        ("node_modules (scripts/setup.sh runs npm ci)", (ROOT / "node_modules").is_dir()),
        ("PostgreSQL (scripts/setup.sh installs Debian's postgresql)", pgcluster.bindir() is not None),
        ("psycopg (requirements.lock)", importlib.util.find_spec("psycopg") is not None),
        ("Ray (requirements.lock)", importlib.util.find_spec("ray") is not None),
    ) if not ok]
    if missing:
        raise pytest.UsageError("CI needs " + "; ".join(missing))


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


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL cluster for the whole run (started on first use, stopped at the end), and the URL
    of a database in it. Skips with a reason where PostgreSQL is not installed; in CI that fails at start-up."""
    if pgcluster.bindir() is None or importlib.util.find_spec("psycopg") is None:
        pytest.skip("PostgreSQL or psycopg is not installed (scripts/setup.sh installs both)")
    with pgcluster.Cluster() as cluster:
        yield cluster.create_database("linkwatch_test")


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """A new, empty PostgreSQL store: a schema of its own in the run's database, named by the URL's search_path
    (so a store is made in milliseconds, not a database per test)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_database, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    yield f"{pg_database}?options=-csearch_path%3D{schema}%2Cpublic"
    with psycopg.connect(pg_database, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema} CASCADE")


# The hand-made stores of tests/analyse/scenarios.py, written through the Writer API: the analysis, export and
# reliability tests all read them.
def load_scenarios() -> ModuleType:
    """scenarios.py by path, so any test folder can use it whatever pytest puts on sys.path."""
    name = "linkwatch_test_scenarios"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "analyse" / "scenarios.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def seed(store: Store, seeds: Path):  # type: ignore[no-untyped-def]
    return load_scenarios().build_seed(store, seeds)


@pytest.fixture
def fiction(store: Store):  # type: ignore[no-untyped-def]
    return load_scenarios().build_fiction(store)


@pytest.fixture
def scenarios() -> ModuleType:
    return load_scenarios()


@pytest.fixture
def small(store: Store):  # type: ignore[no-untyped-def]
    return load_scenarios().build_small(store)
