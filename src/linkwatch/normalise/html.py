"""HTML to the article's main text plus what the page says about itself.

trafilatura finds the main content (dropping navigation, comments, tables,
scripts and styles) and reads title, date and site name from the page's
metadata. We call :func:`trafilatura.bare_extraction` rather than
``extract(output_format="txt")``: it runs the same extraction once for text
and metadata together, and it does not apply the Unicode normalisation that
``extract`` adds to its output, so characters reach us as the page had them.

trafilatura declines pages with too little text (a feed entry's two-sentence
summary, a tiny test page); for those a plain tag-stripping fallback keeps the
visible text, still without scripts or styles.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

log = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
# Elements whose content is never article text.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
              "canvas", "head", "nav", "form", "button", "select", "textarea")
# Elements that end a line of text when rendered.
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "article", "section", "header", "footer", "main", "aside",
    "figure", "figcaption", "address", "hr", "body", "html",
})


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date, as trafilatura's htmldate finds it
    sitename: str | None = None
    url: str | None = None  # the canonical URL the page declares
    language: str | None = None  # primary subtag of <html lang>


def html_to_text(html: str, *, url: str | None = None) -> Page:
    """Main text and metadata of the page `html`. The text may be empty (the caller decides)."""
    # Loaded with the first page: a run of plain-text reports never pays for trafilatura's import.
    import trafilatura
    import trafilatura.settings
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:  # not recognisably HTML (e.g. plain text saved as .html): show what is there
        return Page(text=visible_text(html))
    language = _language(tree.get("lang") or tree.get("xml:lang"))
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, output_format="python", with_metadata=True, include_comments=False,
            include_tables=False, favor_precision=True,
        )
    except Exception as exc:  # trafilatura is robust, but a parser bug must not stop an ingest run
        log.warning("trafilatura failed on %s: %s", url or "a page", exc)
        doc = None
    if isinstance(doc, trafilatura.settings.Document) and (doc.text or "").strip():
        return Page(text=doc.text or "", title=doc.title or None, date=doc.date or None,
                    sitename=doc.sitename or None, url=doc.url or None, language=language)
    # bare_extraction worked on a copy, so `tree` is still whole.
    meta = trafilatura.extract_metadata(tree, default_url=url)
    return Page(text=visible_text(html), title=meta.title or None, date=meta.date or None,
                sitename=meta.sitename or None, url=meta.url or None, language=language)


def visible_text(html: str) -> str:
    """The text a browser would show, one line per block element, scripts and styles dropped."""
    # lxml refuses a str that still carries an XML encoding declaration.
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(*_INVISIBLE)):
        el.drop_tree()
    lxml.etree.strip_elements(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False)
    for el in root.iter():
        # Source line breaks and runs of spaces are layout, not text: squash them
        # before the block boundaries add the line breaks that do count.
        el.text = _SPACES.sub(" ", el.text) if el.text else el.text
        el.tail = _SPACES.sub(" ", el.tail) if el.tail else el.tail
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _language(lang: str | None) -> str | None:
    if not lang:
        return None
    m = re.match(r"[A-Za-z]{2,3}\b", lang.strip())
    return m.group(0).lower() if m else None
