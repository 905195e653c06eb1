"""The analyst UI in a real headless Chromium: the link chart, judgements, the map, and hostile text.

A uvicorn server runs in a thread on 127.0.0.1; Playwright (sync API) drives Debian's chromium.
Every request the page makes outside that server is aborted, so the tests also prove the UI
needs no internet. Screenshots go to test-artefacts/browser/.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from linkwatch.model import RELATION_TYPES
from linkwatch.settings import Settings
from linkwatch.web import create_app
from linkwatch.web.config import find_node_modules

from .builders import HOSTILE_TEXT, IMG, SCRIPT, SEEDS, Built, build
from .conftest import ARTEFACTS, TOKEN, LiveServer
from .fake_extractor import FakeExtractor

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = ARTEFACTS / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
    pytest.mark.skipif(find_node_modules() is None, reason="needs node_modules (run `npm ci` in the repo)"),
]


class Browser:
    """One page, with every dialog, page error, CSP report and off-server request recorded."""

    def __init__(self, base: str) -> None:
        from playwright.sync_api import sync_playwright

        self.base = base
        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        self.context = self.browser.new_context(viewport={"width": 1300, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.external: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", self._console)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, msg: Any) -> None:
        if msg.type == "error" and "favicon" not in msg.text:
            self.errors.append(f"console: {msg.text}")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def goto(self, path: str) -> Any:
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def login(self) -> None:
        self.goto("/login?next=/")
        self.page.fill("input[name=token]", TOKEN)
        self.page.click("form.login button[type=submit]")
        self.page.wait_for_url(self.base + "/")

    def close(self) -> None:
        self.context.close()
        self.browser.close()
        self.pw.stop()


@pytest.fixture
def hand_built(tmp_path: Path) -> tuple[Settings, Built]:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    db = tmp_path / "ui.db"
    return Settings(db=db), build(db, hostile=True)


@pytest.fixture
def live(hand_built: tuple[Settings, Built]) -> Iterator[LiveServer]:
    with LiveServer(create_app(hand_built[0], TOKEN, rate=None, extractor=FakeExtractor())) as server:
        yield server


@pytest.fixture
def browser(live: LiveServer) -> Iterator[Browser]:
    b = Browser(live.url)
    yield b
    b.close()


def chart_ready(b: Browser, path: str = "/chart") -> Any:
    page = b.goto(path)
    page.wait_for_selector("#cy[data-ready=yes]", timeout=15000)
    return page


def tap_edge(page: Any, a: str, b: str, type_: str | None = None) -> str:
    """Find the edge between nodes whose labels match the regular expressions `a` and `b`
    through the chart's test hook (window.linkwatchChart.cy), and tap it."""
    edge_id = page.evaluate(
        """([a, b, type]) => {
            const cy = window.linkwatchChart.cy;
            const ra = new RegExp(a), rb = new RegExp(b);
            const edge = cy.edges().filter(e => {
                const s = e.source().data('label'), t = e.target().data('label');
                return ((ra.test(s) && rb.test(t)) || (ra.test(t) && rb.test(s)))
                    && (!type || e.data('type') === type);
            })[0];
            if (!edge) return null;
            edge.select();
            edge.emit('tap');
            return edge.id();
        }""", [a, b, type_])
    assert edge_id, f"no edge between {a} and {b} in the chart"
    page.wait_for_selector(f"#panel[data-relation='{edge_id}'] blockquote", timeout=10000)
    return str(edge_id)


def test_link_chart_shows_the_quotes_behind_a_link(browser: Browser) -> None:
    # Organisation links (the default view): Hamas and LeT are linked by several paths.
    page = chart_ready(browser)
    assert page.evaluate("window.linkwatchChart.cy.nodes().map(n => n.data('type'))") and \
        set(page.evaluate("window.linkwatchChart.cy.nodes().map(n => n.data('type'))")) == {"organization"}
    tap_edge(page, "^Hamas$", "^Lashkar-e-Taiba$")
    quotes = page.locator("#panel blockquote").all_inner_texts()
    assert any("operational and ideological connection" in q for q in quotes)
    assert page.locator("#panel .path-text").count() >= 1
    browser.shot("chart-links-hamas-let")
    # The evidence graph: every relation an edge, hedged and denied ones drawn differently.
    page = chart_ready(browser, "/chart?mode=relations")
    assert page.evaluate("window.linkwatchChart.cy.edges().length") >= 10
    styles = page.evaluate("""() => Object.fromEntries(window.linkwatchChart.cy.edges().map(
        e => [e.data('certainty'), [e.style('line-style'), e.style('line-color')]]))""")
    assert styles["asserted"][0] == "solid" and styles["reported"][0] == "dashed"
    assert styles["unverified"][0] == "dotted" and styles["denied"][1] != styles["reported"][1]
    # Node styles, arrows and the legend come from /api/schema: every relation type is listed, and a
    # symmetric one (allied_with) is drawn without an arrow.
    assert page.evaluate("[...document.querySelectorAll('#legend-types .relation-type')].map(e => e.dataset.type)") \
        == list(RELATION_TYPES)
    assert page.evaluate("window.linkwatchChart.cy.edges('[type = \"allied with\"]').style('target-arrow-shape')") \
        == "none"
    assert page.evaluate("window.linkwatchChart.cy.edges('[type = \"member of\"]').style('target-arrow-shape')") \
        == "triangle"
    assert page.evaluate("window.linkwatchChart.cy.nodes('[type = \"person\"]').style('shape')") == "ellipse"
    tap_edge(page, "^Hamas$", "^Lashkar-e-Taiba$", "allied with")
    quotes = page.locator("#panel blockquote").all_inner_texts()
    assert any("operational and ideological connection" in q for q in quotes)
    assert any("hosted Palestinian Hamas militants" in q for q in quotes)
    assert page.locator("#panel .badge.c-reported").count() >= 1
    browser.shot("chart-relations-hamas-let")
    # The quote links to its document with the quote highlighted.
    page.locator("#panel a.doclink").first.click()
    page.wait_for_selector("mark#hl")
    assert "connection between the two militant organisations" in page.inner_text("mark#hl")
    browser.shot("document-highlight")
    assert not browser.errors and not browser.external and not browser.dialogs


def test_record_a_judgement_on_a_proposed_merge(browser: Browser, live: LiveServer,
                                               hand_built: tuple[Settings, Built]) -> None:
    ids = hand_built[1].ids
    browser.login()
    page = browser.goto(f"/entities/{ids['qaddoumi']}")
    row = page.locator("table.proposals tbody tr").first
    assert "al-Qadoumi" in row.inner_text()
    row.locator("button[data-judgement=not-same]").click()
    page.wait_for_selector("#status.show")
    assert "Recorded" in page.inner_text("#status")
    assert row.locator("button[data-judgement=not-same]").get_attribute("aria-pressed") == "true"
    browser.shot("entity-judgement")
    judged = httpx.get(f"{live.url}/api/judgements").json()
    assert [(j["judgement"], {j["a"], j["b"]}) for j in judged] == [("not-same", {ids["qaddoumi"], ids["qadoumi"]})]
    assert not browser.errors and not browser.dialogs


def test_ingest_from_the_documents_page(browser: Browser, tmp_path: Path) -> None:
    article = tmp_path / "wire.txt"
    article.write_text("Hamas and Lashkar-e-Taiba leaders met again in Gujranwala, analysts say.", encoding="utf-8")
    browser.login()
    page = browser.goto("/documents")
    page.click("details.ingest summary")
    page.set_input_files("#ingest-form input[name=files]", str(article))
    page.fill("#ingest-form input[name=source]", "Test Wire")
    page.click("#ingest-form button[type=submit]")
    page.wait_for_selector("#ingest-results li.ingest-added a")
    assert "upload:wire.txt" in page.inner_text("#ingest-results")
    browser.shot("documents-ingest")
    page.click("#ingest-results li.ingest-added a")
    page.wait_for_selector(".doc-text")
    assert "Test Wire" in page.inner_text("main")
    assert not browser.errors and not browser.dialogs


def test_map_places_dated_events_without_internet(browser: Browser) -> None:
    page = browser.goto("/map")
    page.wait_for_selector("#map[data-ready=yes]")
    assert page.evaluate("window.linkwatchMap.places") >= 2  # Gujranwala and Karachi
    assert page.locator("#map path.leaflet-interactive").count() >= 2
    page.locator("#map path.leaflet-interactive").first.click()
    page.wait_for_selector(".leaflet-popup-content a")
    page.wait_for_timeout(400)  # the popup fades in
    browser.shot("map")
    assert not browser.errors and not browser.external


def test_hostile_text_never_runs(browser: Browser, live: LiveServer, hand_built: tuple[Settings, Built]) -> None:
    ids = hand_built[1].ids
    # Also send a hostile article through the real ingest path (upload → normalise → pipeline).
    html = f"<html><head><title>{SCRIPT}</title></head><body><article><h1>{IMG}</h1><p>{HOSTILE_TEXT}</p>" \
           f"<p>Hamas and Lashkar-e-Taiba were named together again.</p></article></body></html>"
    up = httpx.post(f"{live.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                    files={"files": (f"{IMG}.html", html.encode(), "text/html")}, timeout=60)
    assert up.status_code == 200, up.text
    plain = f"{HOSTILE_TEXT}\nAgain: {IMG} and {SCRIPT} named Hamas and Lashkar-e-Taiba.".encode()
    up2 = httpx.post(f"{live.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                     files={"files": ("wire.txt", plain, "text/plain")}, data={"source": f"Wire {SCRIPT}"}, timeout=60)
    assert up2.status_code == 200 and up2.json()["added"] == 1, up2.text
    uploaded = [r["doc_id"] for r in up.json()["results"] + up2.json()["results"] if r["doc_id"]]

    browser.login()
    pages = {
        "search": "/?q=brigade", "search-abu": "/?q=abu+dialog", "documents": "/documents",
        "hostile-doc": f"/documents/{ids['hostile_doc']}?start=0&end=60",
        "hostile-org": f"/entities/{ids['hostile_org']}", "hostile-person": f"/entities/{ids['hostile_person']}",
        "hamas": f"/entities/{ids['hamas']}", "events": "/events", "hostile-event": f"/events/{ids['hostile_event']}",
        "alerts": "/alerts", "map": "/map",
    } | {f"uploaded-{i}": f"/documents/{d}" for i, d in enumerate(uploaded)}
    for name, path in pages.items():
        browser.goto(path)
        browser.page.wait_for_load_state("networkidle")
        assert browser.page.evaluate("window.__pwned") is None, name
        browser.shot(f"hostile-{name}")
    # The chart and its side panel render hostile names and quotes too.
    page = chart_ready(browser, f"/chart?entity={ids['hostile_org']}&mode=relations")
    labels = page.evaluate("window.linkwatchChart.cy.nodes().map(n => n.data('label'))")
    hostile_labels = [label for label in labels if "<img" in label or "<script>" in label]
    assert len(hostile_labels) >= 2, labels
    tap_edge(page, "<img src=x", "^Hamas$")
    assert SCRIPT in page.inner_text("#panel")  # shown as text ...
    assert page.locator("#panel script, #panel img, #panel svg, #panel iframe").count() == 0  # ... never as markup
    browser.shot("hostile-chart-panel")
    # Map popups are built from the same names.
    browser.goto("/map").wait_for_selector("#map[data-ready=yes]")
    browser.page.locator("#map path.leaflet-interactive").first.click()
    browser.page.wait_for_selector(".leaflet-popup-content")
    browser.page.wait_for_timeout(400)  # the popup fades in
    browser.shot("hostile-map-popup")
    assert browser.page.evaluate("window.__pwned") is None
    assert browser.dialogs == [], browser.dialogs
    assert not [e for e in browser.errors if "Content Security Policy" not in e], browser.errors
    assert not browser.external


def test_seeds_through_the_real_pipeline(tmp_path: Path) -> None:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    settings = Settings(db=tmp_path / "seeds.db")
    with LiveServer(create_app(settings, TOKEN, rate=None)) as live:
        files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(SEEDS.glob("*.txt"))]
        files.append(("manifest", ("manifest.jsonl", (SEEDS / "manifest.jsonl").read_bytes(), "application/json")))
        r = httpx.post(f"{live.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, files=files,
                       timeout=300)
        assert r.status_code == 200, r.text
        assert r.json()["added"] == 2, r.json()
        b = Browser(live.url)
        try:
            page = chart_ready(b)  # organisation links
            tap_edge(page, "^Hamas$", "Lashkar|LeT")
            assert page.locator("#panel blockquote").count() >= 1
            b.shot("seeds-chart-hamas-let")
            assert not b.errors and not b.external and not b.dialogs
        finally:
            b.close()


def test_artefacts_are_ignored_by_git() -> None:
    gitignore = (Path(__file__).resolve().parents[2] / ".gitignore").read_text()
    # node_modules without a slash: a worktree's symlink to another checkout's packages is a file.
    assert "test-artefacts/" in gitignore and "node_modules" in gitignore.splitlines()
