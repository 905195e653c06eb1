"""The analyst's pages in headless Chromium: the API documentation, the link chart at 20 and 300 nodes,
the offline map and an event page. Screenshots go to test-artefacts/browser/ (git-ignored); each test
prints where, so a person can look at them.

Every request outside the test server is aborted (test_browser.Browser), so these also prove the pages
need no internet; every CSP violation or script error fails the test.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkwatch.settings import Settings
from linkwatch.web import create_app

from .builders import SEEDS, Built, build
from .conftest import TOKEN, LiveServer
from .test_browser import SHOTS, Browser, pytestmark  # noqa: F401  (same skips and marks)


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[LiveServer, Built]]:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    db = tmp_path / "ui.db"
    built = build(db, hostile=False)
    with LiveServer(create_app(Settings(db=db), TOKEN, rate=None)) as server:
        yield server, built


def shot(b: Browser, name: str) -> None:
    b.shot(name)
    print(f"screenshot: {SHOTS / (name + '.png')}")


def test_api_docs_page_runs_under_the_csp(seeded: tuple[LiveServer, Built]) -> None:
    b = Browser(seeded[0].url)
    try:
        page = b.goto("/docs")
        page.wait_for_selector("#swagger-ui[data-ready=yes]", timeout=20000)
        page.wait_for_selector("#swagger-ui .opblock-tag", timeout=10000)
        text = page.inner_text("#swagger-ui")
        assert "/api/entities" in text and "/healthz" in text
        assert page.locator("#swagger-ui .btn.authorize").count() == 1  # the bearer scheme is declared
        shot(b, "api-docs")
        assert not b.errors, b.errors
        assert not b.external, b.external
    finally:
        b.close()
