"""RSS/Atom feeds: refused when not XML or when they declare entities; entries followed to their articles."""
from __future__ import annotations

from linkwatch.ingest import read_inputs
from linkwatch.ingest.feeds import is_feed, read_feed
from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.settings import Settings

LOCAL = Settings(allow_private=True, http_timeout=5)

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>&g;</title>
<item><title>x</title><description>&g;</description></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&secret;</title></item></channel></rss>"""


def rss(items: str, title: str = "Valley Ledger") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link>
<description>News</description>{items}</channel></rss>"""


def item(title: str, link: str | None = None, description: str | None = None,
         date: str = "Thu, 06 Feb 2025 10:00:00 GMT") -> str:
    parts = [f"<title>{title}</title>", f"<pubDate>{date}</pubDate>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if description:
        parts.append(f"<description><![CDATA[{description}]]></description>")
    return "<item>" + "".join(parts) + "</item>"


def _feed_raw(content: bytes | str, origin: str = "feed.xml") -> RawDocument:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return RawDocument(content=data, origin=origin, media_type="application/rss+xml")


def test_entity_expansion_bomb_is_refused():
    [err] = list(read_feed(_feed_raw(BOMB)))
    assert isinstance(err, InputError)
    assert err.origin == "feed.xml" and "refused" in err.message


def test_external_entity_is_refused():
    [err] = list(read_feed(_feed_raw(XXE)))
    assert isinstance(err, InputError) and "refused" in err.message


def test_bomb_in_a_file_is_refused_through_read_inputs(tmp_path):
    path = tmp_path / "bomb.rss"
    path.write_bytes(BOMB)
    [err] = list(read_inputs([str(path)], settings=LOCAL))
    assert isinstance(err, InputError) and err.origin == str(path) and "refused" in err.message


def test_feed_that_is_not_xml_is_refused_naming_it(server):
    url = server.page("/feed", "this is not a feed at all", content_type="application/rss+xml")
    [err] = list(read_inputs([url], settings=LOCAL))
    assert isinstance(err, InputError)
    assert err.origin == url and "not a feed" in err.message


def test_broken_xml_in_a_feed_file_is_refused(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_text("<rss version='2.0'><channel><title>A & B</title></channel></rss>")
    [err] = list(read_inputs([str(path)], settings=LOCAL))
    assert isinstance(err, InputError) and err.origin == str(path) and "not well-formed" in err.message


def test_local_feed_entries_are_followed_to_their_articles(server, make_article):
    server.page("/a1", make_article("Arrests in Rahimabad", "Police arrested three men on Monday."))
    server.page("/a2", make_article("Talks announced", "Two factions announced joint talks."))
    feed = rss(
        item("Feed title for a1", server.url("/a1"), "teaser one")
        + item("Feed title for a2", server.url("/a2"), date="Fri, 07 Feb 2025 09:30:00 +0500")
        + item("Dead link", server.url("/gone"), "<p>The summary stands in when the link fails.</p>")
        + item("No link, no text")
    )
    url = server.page("/feed.xml", feed, content_type="application/rss+xml")
    items = list(read_inputs([url], settings=LOCAL))
    a1, a2, dead, empty = items
    assert isinstance(a1, RawDocument) and isinstance(a2, RawDocument)
    assert b"Police arrested three men on Monday." in a1.content and a1.media_type == "text/html"
    assert (a1.url, a1.title, a1.published, a1.source) == (
        server.url("/a1"), "Feed title for a1", "2025-02-06", "Valley Ledger")
    assert a2.published == "2025-02-07" and b"joint talks" in a2.content
    assert isinstance(dead, RawDocument) and b"The summary stands in" in dead.content
    assert dead.url == server.url("/gone") and dead.title == "Dead link"
    assert isinstance(empty, InputError) and "neither a link" in empty.message


def test_entries_are_not_fetched_without_follow(server):
    feed = rss(item("Only the summary", server.url("/never"), "<p>Summary text of the entry.</p>"))
    [doc] = list(read_feed(_feed_raw(feed), follow=False))
    assert isinstance(doc, RawDocument) and b"Summary text of the entry." in doc.content


def test_source_given_by_the_user_wins_over_the_feed_title():
    feed = rss(item("t", None, "<p>Body.</p>"), title="Feed Title")
    [doc] = list(read_feed(RawDocument(content=feed.encode(), origin="f.xml",
                                       media_type="application/rss+xml", source="Chosen Name")))
    assert isinstance(doc, RawDocument) and doc.source == "Chosen Name"


def test_atom_feed_file_expands(tmp_path):
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id><updated>2025-02-06T00:00:00Z</updated>
<entry><title>Entry one</title><id>urn:1</id><updated>2025-02-05T12:00:00Z</updated>
<content type="html">&lt;p&gt;Entry one says something.&lt;/p&gt;</content></entry></feed>"""
    path = tmp_path / "news.atom"
    path.write_text(atom)
    [doc] = list(read_inputs([str(path)], settings=LOCAL, follow=False))
    assert isinstance(doc, RawDocument)
    assert (doc.title, doc.published, doc.source) == ("Entry one", "2025-02-05", "Atom News")
    assert b"Entry one says something." in doc.content
    assert doc.origin == f"{path}#entry1"


def test_is_feed_by_content_even_when_declared_generic():
    raw = RawDocument(content=b"<?xml version='1.0'?><rss version='2.0'/>", origin="x", media_type="text/xml")
    assert is_feed(raw)
    assert not is_feed(RawDocument(content=b"<html><body>x</body></html>", origin="y", media_type="text/html"))
