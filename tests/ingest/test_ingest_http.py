"""Fetching URLs: only public addresses unless allowed, bounded in time, size and redirects.

All traffic goes to a server on 127.0.0.1 started by the test; private-range
addresses are only checked, never contacted.
"""
from __future__ import annotations

import ipaddress

import pytest

from linkwatch.ingest import http
from linkwatch.ingest.http import check_url, fetch, is_public, parse_content_type
from linkwatch.model.errors import InputError


def test_fetches_a_page_with_its_type_and_charset(server, make_article):
    url = server.page("/a", make_article("Arrests", "Police arrested three men.").encode("utf-8"),
                      content_type="text/html; charset=UTF-8")
    raw = fetch(url, allow_private=True, timeout=5)
    assert raw.origin == url and raw.url == url
    assert raw.media_type == "text/html"
    assert raw.charset == "utf-8"
    assert b"Police arrested three men." in raw.content


def test_loopback_is_refused_without_allow_private(server):
    url = server.page("/a", "hello")
    with pytest.raises(InputError) as err:
        fetch(url, timeout=5)
    assert err.value.origin == url
    assert "non-public address 127.0.0.1" in err.value.message


def test_localhost_name_is_refused_too(server):
    url = server.page("/a", "hello").replace("127.0.0.1", "localhost")
    with pytest.raises(InputError, match="non-public"):
        fetch(url, timeout=5)


@pytest.mark.parametrize("address", [
    "10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1",
    "100.64.0.1", "240.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "2002:0a00:0001::1", "ff02::1",
])
def test_non_public_addresses(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses(address):
    assert is_public(ipaddress.ip_address(address))


def test_private_literal_is_refused_before_any_connection():
    # check_url resolves and checks only; nothing is sent to 10.0.0.1.
    with pytest.raises(InputError, match="non-public address 10.0.0.1"):
        check_url("http://10.0.0.1/admin")


@pytest.mark.parametrize("url", ["ftp://example.org/a.txt", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url):
    with pytest.raises(InputError, match="only http and https"):
        fetch(url, timeout=1)


def test_unreachable_url_names_the_url(closed_port):
    url = f"http://127.0.0.1:{closed_port}/gone"
    with pytest.raises(InputError) as err:
        fetch(url, allow_private=True, timeout=2)
    assert err.value.origin == url
    assert "cannot fetch" in err.value.message


def test_http_error_status(server):
    url = server.url("/missing")
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(url, allow_private=True, timeout=2)


def test_server_that_never_answers_times_out(server):
    url = server.stall("/slow", seconds=30)
    with pytest.raises(InputError, match="timed out after 0.5 s") as err:
        fetch(url, allow_private=True, timeout=0.5)
    assert err.value.origin == url


def test_body_that_trickles_in_is_cut_at_the_total_deadline(server):
    # Every single read is quick, so only a deadline over the whole fetch stops this.
    url = server.drip("/drip", interval=0.1, chunks=200)
    with pytest.raises(InputError, match="timed out"):
        fetch(url, allow_private=True, timeout=0.6)


def test_redirects_are_followed_and_rechecked(server):
    server.page("/final", "the article text", content_type="text/plain")
    server.redirect("/hop2", "/final")
    url = server.redirect("/hop1", server.url("/hop2"))
    raw = fetch(url, allow_private=True, timeout=5)
    assert raw.origin == url and raw.url == server.url("/final")
    assert raw.content == b"the article text"


def test_every_redirect_hop_is_checked(server, monkeypatch):
    # Pretend the test server's loopback address is public, so the first hop passes
    # the check; the redirect then points at the cloud metadata address, which must
    # be refused before any connection is made to it.
    real = http.is_public
    monkeypatch.setattr(http, "is_public", lambda ip: str(ip) == "127.0.0.1" or real(ip))
    url = server.redirect("/out", "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(InputError, match="non-public address 169.254.169.254") as err:
        fetch(url, timeout=2)
    assert err.value.origin == url


def test_redirect_loop(server):
    server.redirect("/a", "/b")
    url = server.redirect("/b", "/a")
    with pytest.raises(InputError, match="redirect loop") as err:
        fetch(url, allow_private=True, timeout=5)
    assert err.value.origin == url


def test_too_many_redirects(server):
    for i in range(6):
        server.redirect(f"/r{i}", f"/r{i + 1}")
    server.page("/r6", "finally")
    with pytest.raises(InputError, match="more than 3 redirects"):
        fetch(server.url("/r0"), allow_private=True, timeout=5, max_redirects=3)
    assert fetch(server.url("/r0"), allow_private=True, timeout=5, max_redirects=6).content == b"finally"


def test_declared_length_over_the_limit_is_refused_before_reading(server):
    url = server.page("/big", b"x" * 5000, content_type="text/plain")
    with pytest.raises(InputError, match="5000 bytes, over the limit of 1000"):
        fetch(url, allow_private=True, timeout=5, max_bytes=1000)


def test_endless_body_is_aborted_at_the_size_limit(server):
    url = server.endless("/endless")
    with pytest.raises(InputError, match="over the limit of 1000000 bytes"):
        fetch(url, allow_private=True, timeout=10, max_bytes=1_000_000)


def test_feed_served_as_generic_xml_is_sniffed(server):
    url = server.page("/feed", b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>",
                      content_type="text/xml")
    assert fetch(url, allow_private=True, timeout=5).media_type == "application/rss+xml"


@pytest.mark.parametrize(("header", "expected"), [
    ("text/html; charset=UTF-8", ("text/html", "utf-8")),
    ('text/plain;charset="iso-8859-1"', ("text/plain", "iso-8859-1")),
    ("application/rss+xml", ("application/rss+xml", None)),
    (None, (None, None)),
])
def test_parse_content_type(header, expected):
    assert parse_content_type(header) == expected
