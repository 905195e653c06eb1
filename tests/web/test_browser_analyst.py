"""The analyst's pages in headless Chromium: the API documentation, the link chart at 20 and 300 nodes,
the offline map and an event page. Screenshots go to test-artefacts/browser/ (git-ignored); each test
prints where, so a person can look at them.

Every request outside the test server is aborted (test_browser.Browser), so these also prove the pages
need no internet; every CSP violation or script error fails the test.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture
def big_server(tmp_path: Path) -> Iterator[LiveServer]:
    from .big_graph import build_big

    build_big(tmp_path / "big.db")
    with LiveServer(create_app(Settings(db=tmp_path / "big.db"), TOKEN, rate=None)) as server:
        yield server


def chart(b: Browser, path: str) -> Any:
    page = b.goto(path)
    page.wait_for_selector("#cy[data-ready=yes]", timeout=30000)
    page.wait_for_selector("#overview[data-ready=yes]", timeout=10000)
    return page


def all_in_view(page: Any) -> bool:
    """Every shown node's box lies inside the chart's canvas: nothing cut at the edges."""
    return bool(page.evaluate("""() => {
        const cy = window.linkwatchChart.cy, w = cy.width(), h = cy.height();
        return cy.nodes().not('.filtered').every(n => {
            const b = n.renderedBoundingBox({includeLabels: false});
            return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= w + 1 && b.y2 <= h + 1;
        });
    }"""))


def test_chart_at_20_nodes(big_server: LiveServer) -> None:
    import httpx

    # A group's neighbourhood two hops out (its members, their events and meetings): about 20 nodes.
    groups = httpx.get(f"{big_server.url}/api/entities", params={"type": "organization", "limit": 100}).json()
    centre = None
    for g in groups["items"]:
        found = httpx.get(f"{big_server.url}/api/graph", params={"entity": g["id"], "depth": 2}).json()
        if 18 <= len(found["nodes"]) <= 26 and {n["category"] for n in found["nodes"]} >= {"person", "event"}:
            centre = g["id"]
            break
    assert centre, "no group with a 20-node neighbourhood in the test store"
    b = Browser(big_server.url)
    try:
        page = chart(b, f"/chart?entity={centre}&mode=relations&depth=2")
        n = page.evaluate("window.linkwatchChart.cy.nodes().length")
        assert 18 <= n <= 26, n
        assert all_in_view(page)
        # At this size names are readable without hovering: every label is drawn at 9px or more.
        assert page.evaluate("window.linkwatchChart.cy.zoom()") * 14 >= 9
        shot(b, "chart-20-nodes")
        assert not b.errors and not b.external, (b.errors, b.external)
    finally:
        b.close()


def test_chart_kinds_on_the_seeds(seeded: tuple[LiveServer, Built]) -> None:
    b = Browser(seeded[0].url)
    try:
        page = chart(b, "/chart?mode=relations")
        kinds = dict(page.evaluate("window.linkwatchChart.cy.nodes().map(n => [n.data('label'), n.data('category')])"))
        assert kinds["Hamas"] == "militant" and kinds["Pakistan Markazi Muslim League"] == "party"
        assert kinds["Naji Zaheer"] == "person" and kinds["Gujranwala meeting (2026-01)"] == "event"
        labels = page.evaluate("[...document.querySelectorAll('#kind-filter label.kind')].map(l => l.dataset.kind)")
        org_kinds = ["militant", "state_body", "party", "other"]
        assert [k for k in labels if k in org_kinds] == org_kinds  # from the schema, in its order
        assert {"person", "location", "event"} <= set(labels)
        assert all_in_view(page)
        shot(b, "chart-seeds")
        assert not b.errors and not b.external, (b.errors, b.external)
    finally:
        b.close()


def test_chart_at_300_nodes_fits_filters_and_names_on_hover(big_server: LiveServer) -> None:
    b = Browser(big_server.url)
    try:
        page = chart(b, "/chart?mode=relations")
        assert page.evaluate("window.linkwatchChart.cy.nodes().length") == 300
        assert page.evaluate("window.linkwatchChart.cy.edges().length") >= 450
        assert all_in_view(page)  # fit to view: the whole graph, nothing cut off
        zoom = page.evaluate("window.linkwatchChart.cy.zoom()")
        assert zoom < 0.8  # the old chart never went below 0.8 and cut the graph
        # Zoomed out this far, ordinary labels are below the 9px floor (hidden); hubs' stay bigger.
        assert page.evaluate("window.linkwatchChart.cy.nodes().min(n => n.data('font')).value") * zoom < 9
        shot(b, "chart-300-nodes")
        # The overview shows the same 300 nodes and outlines the part in view.
        assert page.evaluate("window.linkwatchChart.view.overview().nodes().length") == 300
        box = page.locator("#overview-view").bounding_box()
        assert box and box["width"] > 20 and box["height"] > 20
        # Hover: a node's name and its links' types are drawn whatever the zoom; the rest fades.
        hovered = page.evaluate("""() => {
            const cy = window.linkwatchChart.cy;
            const n = cy.nodes('[category = "militant"]').max(x => x.degree()).ele;
            n.emit('mouseover');
            return [n.id(), n.style('min-zoomed-font-size'), n.connectedEdges()[0].style('label'),
                    cy.nodes('.faded').length];
        }""")
        assert hovered[1] in ("0", "0px") and hovered[2] and hovered[3] > 200
        shot(b, "chart-300-hover")
        page.evaluate("window.linkwatchChart.cy.elements().removeClass('faded hover near')")
        # Kind filter: drop state bodies and people; nothing of theirs stays shown.
        for kind in ("state_body", "person"):
            page.uncheck(f"#kind-filter input[value={kind}]")
        shown = page.evaluate("window.linkwatchChart.cy.nodes().not('.filtered').map(n => n.data('category'))")
        assert shown and not {"state_body", "person"} & set(shown)
        assert page.evaluate("""window.linkwatchChart.cy.edges().not('.filtered').every(
            e => !e.source().hasClass('filtered') && !e.target().hasClass('filtered'))""")
        page.click("#fit")
        assert all_in_view(page)
        shot(b, "chart-300-kinds")
        for kind in ("state_body", "person"):
            page.check(f"#kind-filter input[value={kind}]")
        # Time slider: 2022 only; every link shown held then, undated ones hidden when asked.
        months = page.evaluate("window.linkwatchChart.view.months()")
        page.evaluate("""([a, b]) => {
            const f = document.getElementById('time-from'), t = document.getElementById('time-to');
            f.value = a; t.value = b;
            f.dispatchEvent(new Event('input')); t.dispatchEvent(new Event('input'));
        }""", [months.index("2022-01"), months.index("2022-12")])
        page.uncheck("#time-undated")
        spans = page.evaluate("""window.linkwatchChart.cy.edges().not('.filtered').map(
            e => [e.data('first'), e.data('last') || e.data('first')])""")
        assert spans and all(f and f[:4] <= "2022" <= (last or f)[:4] for f, last in spans), spans[:5]
        assert page.inner_text("#time-from-label") == "2022-01" and page.inner_text("#time-to-label") == "2022-12"
        hidden = page.evaluate("window.linkwatchChart.cy.edges('.filtered').length")
        assert hidden > 200
        page.click("#fit")
        shot(b, "chart-300-2022")
        # Certainty (a server-side filter): only asserted links come back.
        for c in ("reported", "unverified", "denied"):
            page.uncheck(f"#chart-filters input[name=certainty][value={c}]")
        page.wait_for_selector("#cy[data-ready=yes]", timeout=30000)
        assert set(page.evaluate("window.linkwatchChart.cy.edges().map(e => e.data('certainty'))")) == {"asserted"}
        assert not b.errors and not b.external, (b.errors, b.external)
    finally:
        b.close()


def test_map_draws_borders_clusters_and_seas_offline(big_server: LiveServer) -> None:
    b = Browser(big_server.url)
    try:
        page = b.goto("/map")
        page.wait_for_selector("#map[data-ready=yes]", timeout=30000)
        page.wait_for_timeout(500)  # clusters settle after the first fit
        # Natural Earth's countries, drawn on a canvas from node_modules (no tile server, no internet).
        assert page.locator("#map canvas").count() >= 1
        assert any("/vendor/world-atlas/countries-50m.json" in r for r in page.evaluate(
            "performance.getEntriesByType('resource').map(r => r.name)"))
        # Every event of the test store has a place the gazetteer knows: none is left off the map,
        # seas and regions included.
        assert page.locator("main section h2", has_text="Not on the map").count() == 0
        import httpx

        events = httpx.get(f"{big_server.url}/api/events", params={"limit": 500}).json()["items"]
        used = {e["location"]["id"]: e["location"]["name"] for e in events if e["location"]}
        places = page.evaluate("window.linkwatchMap.places")
        assert places == len(used) >= 12
        names = page.evaluate("""() => {
            const out = [];
            window.linkwatchMap.clusters.eachLayer(l => out.push(l.getTooltip().getContent().textContent));
            return out;
        }""")
        drawn = {n.split(" (")[0] for n in names}
        assert drawn == set(used.values())
        assert {"Red Sea", "Gulf of Aden", "Sahel"} & drawn  # seas and regions from the gazetteer
        # Close places are clustered at this zoom: fewer markers drawn than places.
        clusters = page.locator("#map .marker-cluster").count()
        singles = page.locator("#map path.leaflet-interactive").count()
        assert clusters >= 1 and singles + clusters < places
        # Labels of the markers drawn do not overlap.
        boxes = page.evaluate("""[...document.querySelectorAll('#map .place-label:not(.crowded)')].map(t => {
            const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
        for i, a in enumerate(boxes):
            for c in boxes[i + 1:]:
                assert a[2] <= c[0] or c[2] <= a[0] or a[3] <= c[1] or c[3] <= a[1], (a, c)
        shot(b, "map-300")
        # A click on a cluster zooms in and splits it.
        page.locator("#map .marker-cluster").first.click()
        page.wait_for_timeout(900)
        assert page.locator("#map path.leaflet-interactive").count() > singles
        assert not b.errors and not b.external, (b.errors, b.external)
    finally:
        b.close()


def test_event_page_badges_in_the_browser(seeded: tuple[LiveServer, Built]) -> None:
    server, built = seeded
    b = Browser(server.url)
    try:
        page = b.goto(f"/events/{built.ids['rally']}")
        page.wait_for_load_state("networkidle")
        items = page.locator("dl.roles li.actor")
        assert items.count() == 4
        assert page.locator("dl.roles li.actor.c-unverified .badge.c-unverified").count() == 1
        assert "first reported 2025-02-06" in page.inner_text("main") and "learned" in page.inner_text("main")
        shot(b, "event-page")
        assert not b.errors and not b.external, (b.errors, b.external)
    finally:
        b.close()
