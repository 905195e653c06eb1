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

libxml2 stops building the tree at 256 levels of nesting and silently drops
everything deeper, so a page nested that deep came out empty and was refused as
having "no article text" (issue 16, row 10). A tree that reaches that depth is
parsed again with the limit raised to libxml2's huge-document bound (2048
levels, still a bound); a page deeper than that is read by a streaming text
extractor (the standard library's event parser, which builds no tree and so has
no depth to run out of).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.etree
import lxml.html

log = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Elements whose content is never article text.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
              "canvas", "head", "nav", "form", "button", "select", "textarea")
# Elements that end a line of text when rendered.
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "article", "section", "header", "footer", "main", "aside",
    "figure", "figcaption", "address", "hr", "body", "html",
})


# libxml2's default nesting limit (XML_PARSE_HUGE raises it to 2048); a tree this deep may have lost content.
DEPTH_LIMIT = 256


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
    if _depth(tree) >= DEPTH_LIMIT - 1:
        deep = _parse_huge(html)
        if deep is None:  # deeper than even the raised limit: no tree can hold it whole
            meta = trafilatura.extract_metadata(tree, default_url=url)
            return Page(text=streamed_text(html), title=meta.title or None, date=meta.date or None,
                        sitename=meta.sitename or None, url=meta.url or None,
                        language=_language(tree.get("lang") or tree.get("xml:lang")))
        tree = deep
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
    # lxml refuses a str that still carries an XML encoding declaration, and text it is asked to set
    # (below) that holds control characters, which a page shows nothing for anyway.
    html = _CONTROLS.sub("", _XML_DECLARATION.sub("", html, count=1))
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    if _depth(root) >= DEPTH_LIMIT - 1:
        deep = _parse_huge(html)
        if deep is None:
            return streamed_text(html)
        root = deep
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


def _depth(root: lxml.etree._Element) -> int:
    """How deep the tree goes, in one pass over its elements."""
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse_huge(html: str) -> lxml.html.HtmlElement | None:
    """The page parsed with the nesting limit raised; None when even that limit cut it short."""
    # A parser per call: its error log is what tells whether the limit was hit, and it must be this parse's.
    parser = lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True,
                                  remove_pis=True)
    try:
        root = lxml.html.document_fromstring(_CONTROLS.sub("", _XML_DECLARATION.sub("", html, count=1)), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        log.info("HTML nested deeper than libxml2 allows: read with the streaming extractor")
        return None
    return root


class _TextStream(HTMLParser):
    """Visible text from parser events, with no tree: a line break at every block element, nothing from
    inside invisible elements (scripts, styles, navigation, ...)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # open invisible elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(_SPACES.sub(" ", data))


def streamed_text(html: str) -> str:
    """The visible text of `html` read as a stream of tags, for pages too deep for any tree."""
    stream = _TextStream()
    stream.feed(html)
    stream.close()
    lines = (" ".join(line.split()) for line in "".join(stream.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _language(lang: str | None) -> str | None:
    if not lang:
        return None
    m = re.match(r"[A-Za-z]{2,3}\b", lang.strip())
    return m.group(0).lower() if m else None
