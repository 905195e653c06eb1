"""The analyst brief: sections, citations, escaping, the figure; and a look at it in a real browser."""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from linkwatch.analyse.view import GraphView
from linkwatch.report import context, render_html, render_markdown, write_brief


def test_html_brief_has_links_figure_timeline_and_numbered_citations(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    html = render_html(view)
    for heading in ("Key links", "Network", "Timeline", "Citations"):
        assert f">{heading}<" in html
    svg = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert svg and base64.b64decode(svg.group(1)).lstrip().startswith(b"<?xml")
    cited = {int(n) for n in re.findall(r'href="#c(\d+)"', html)}
    listed = {int(n) for n in re.findall(r'<li id="c(\d+)">', html)}
    assert cited == listed == set(range(1, len(listed) + 1))
    assert "https://meridia.example/alliance" in html


def test_article_text_is_escaped(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    html = render_html(view)
    assert "Residents said &lt;b&gt;thousands&lt;/b&gt; attended &amp; cheered." in html
    assert "<b>thousands" not in html
    md, _ = render_markdown(view, "brief.png")
    assert "&lt;b&gt;thousands" in md and "<b>thousands" not in md


def test_hedged_and_denied_items_keep_their_labels(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    ctx, hops = context(view, fiction.ids["varga"])
    hedged = [s for link in ctx["links"] for p in link["paths"] for s in p["segments"] if s.get("hedged")]
    assert hedged and all(s["label"] != "asserted" for s in hedged)
    html = render_html(view, fiction.ids["varga"])
    assert "carried_out [denied] attack" in html
    assert "met_with <em>[reported]</em>" in html
    assert any(h.certainty.value == "denied" for h in hops)  # the figure draws the denial (dotted, labelled)


def test_markdown_brief_writes_its_png_beside_it(seed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    written = write_brief(view, tmp_path / "out" / "brief.md", focus=seed.ids["hamas"])
    assert [p.name for p in written] == ["brief.md", "brief.png"]
    md = written[0].read_text()
    assert "![Network of the key links](brief.png)" in md
    assert "| 1 | **Hamas — " in md
    assert re.search(r"^1\. <a id=\"c1\"></a>“", md, re.M)


def test_same_store_same_brief(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    assert render_html(view) == render_html(GraphView.load(fiction.store))


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_brief_renders_in_chromium(fiction, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    [html] = write_brief(GraphView.load(fiction.store), tmp_path / "brief.html")
    shot = tmp_path / "brief.png"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1200,2400", f"--screenshot={shot}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a page with a figure, not a blank one
