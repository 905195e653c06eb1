"""Property-based API tests from the OpenAPI description: no input makes the server fail.

Schemathesis (its Python API) generates requests for every operation from the app's own
OpenAPI description, valid and invalid, and calls the ASGI app in process with the token,
so the write endpoints are explored too. Examples are bounded per operation and mode so
the run stays well under two minutes. (schemathesis.pytest.from_fixture does not work
with pytest 9, hence a plain test that loops over the operations.)
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from linkwatch.settings import Settings
from linkwatch.web import create_app

from .builders import SEEDS, build
from .conftest import TOKEN
from .fake_extractor import FakeExtractor

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}


def _runner(operation: Any, mode: GenerationMode) -> Callable[[], None]:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        # No 5xx for any input; JSON answers must match the models the description documents.
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                               checks=[not_a_server_error, response_schema_conformance])

    return run


def test_no_server_errors_for_generated_requests(tmp_path: Path) -> None:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    db = tmp_path / "web.db"
    build(db, hostile=True)
    app = create_app(Settings(db=db), TOKEN, rate=None, max_upload=256 * 1024, extractor=FakeExtractor())
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    failures: list[str] = []
    for operation in operations:
        for mode in EXAMPLES:
            try:
                _runner(operation, mode)()
            except Unsatisfiable:
                continue  # no invalid request exists for an operation without parameters
            except Exception as exc:  # collect every operation's failure, not just the first
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    assert not failures, "\n\n".join(failures)
