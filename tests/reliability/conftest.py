"""The reliability tests (issue 16) reuse the hand-built stores of the analysis tests."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_name = "linkwatch_test_analyse_conftest"
if _name not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_name, Path(__file__).parents[1] / "analyse" / "conftest.py")
    assert _spec and _spec.loader
    sys.modules[_name] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_name])

fiction = sys.modules[_name].fiction
scenarios = sys.modules[_name].scenarios


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


FakeExtractor = _load("linkwatch_test_fake_extractor", Path(__file__).parents[1] / "web" / "fake_extractor.py").FakeExtractor


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real Pipeline (and CLI) with the web tests' string-search extractor instead of spaCy: for tests of
    what ingest does with inputs, where the model adds nothing but minutes."""
    import linkwatch.extract

    monkeypatch.setattr(linkwatch.extract, "Extractor", lambda settings=None: FakeExtractor())
