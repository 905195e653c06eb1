"""HTML to text: scripts and styles never reach the text; metadata comes from the page unless given."""
from __future__ import annotations

import pytest

from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.normalise import normalise
from linkwatch.normalise.html import html_to_text, visible_text

PARAGRAPHS = [
    "Police in Rahimabad said on Monday that they had arrested three men accused of collecting money "
    "for a banned militant group at a charity stall outside a mosque.",
    "The arrests followed a two-month investigation by the provincial counter-terrorism department, "
    "which said the men had raised funds under the name of a relief trust registered last year.",
    "A lawyer for the three men said they were volunteers who believed they were helping flood victims.",
]


def page(with_scripts: int = 50) -> str:
    blocks = [
        f'<script>var secret{i} = "SCRIPT-TEXT-{i}"; document.write("INJECTED-{i}");</script>'
        f"<style>.x{i} {{ content: 'STYLE-TEXT-{i}'; }}</style>"
        for i in range(with_scripts)
    ]
    scripts = "".join(blocks)
    body = "".join(f"<p>{p}</p>{''.join(blocks[:3])}" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="en-GB"><head><title>Three held over charity funds | Valley Ledger</title>
<meta property="og:site_name" content="Valley Ledger">
<meta property="article:published_time" content="2025-02-06T08:00:00+05:00">
{scripts}</head><body>{scripts}<nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Three held over charity funds</h1>{body}</article>
<noscript>NOSCRIPT-TEXT</noscript>{scripts}</body></html>"""


def test_script_heavy_page_gives_only_the_article_text():
    result = html_to_text(page())
    for p in PARAGRAPHS:
        assert p in result.text
    for marker in ("SCRIPT-TEXT", "INJECTED", "STYLE-TEXT", "NOSCRIPT-TEXT", "var secret"):
        assert marker not in result.text
    assert result.title and "Three held over charity funds" in result.title
    assert result.date == "2025-02-06"
    assert result.sitename == "Valley Ledger"
    assert result.language == "en"


def test_tiny_fragment_falls_back_to_visible_text():
    result = html_to_text("<p>Short summary of the <b>news</b>.</p><script>alert('SCRIPT')</script>")
    assert result.text == "Short summary of the news."


def test_visible_text_keeps_blocks_on_their_own_lines():
    text = visible_text("<div><h2>Heading</h2><p>One  sentence\n here.</p><ul><li>a</li><li>b</li></ul>"
                        "<style>p{}</style><!-- a comment --></div>")
    assert text == "Heading\nOne sentence here.\na\nb"


def test_given_metadata_wins_over_the_page():
    raw = RawDocument(content=page(2).encode(), origin="x.html", media_type="text/html",
                      title="Given title", published="2025-02-07", source="Given source", language="ur")
    doc = normalise(raw)
    assert (doc.title, doc.published, doc.source, doc.language) == (
        "Given title", "2025-02-07", "Given source", "ur")


def test_page_metadata_fills_the_gaps():
    doc = normalise(RawDocument(content=page(2).encode(), origin="x.html", media_type="text/html"))
    assert doc.published == "2025-02-06" and doc.source == "Valley Ledger" and doc.language == "en"
    assert "SCRIPT-TEXT" not in doc.text


def test_page_of_only_scripts_has_no_text():
    html = "<html><head><script>var a = 'x';</script></head><body><script>b()</script></body></html>"
    with pytest.raises(InputError, match="no article text"):
        normalise(RawDocument(content=html.encode(), origin="s.html", media_type="text/html"))


def test_plain_text_labelled_html_keeps_its_words():
    doc = normalise(RawDocument(content=b"Just words, no markup.\nA second line.", origin="p.html",
                                media_type="text/html"))
    assert doc.text == "Just words, no markup. A second line."


def test_xhtml_with_an_xml_declaration():
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>T</title></head><body><p>Short xhtml paragraph.</p></body></html>")
    assert html_to_text(html).text == "Short xhtml paragraph."
