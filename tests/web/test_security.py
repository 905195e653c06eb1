"""The security pieces on their own: the CSP for a tile server, the token bucket, safe names."""
from __future__ import annotations

from linkwatch.store.search import to_match
from linkwatch.web.auth import local_path
from linkwatch.web.ingest import check_manifest, safe_name
from linkwatch.web.render import http_url
from linkwatch.web.security import RateLimit, content_security_policy


def test_csp_allows_only_the_configured_tile_host() -> None:
    plain = content_security_policy(None)
    assert "img-src 'self' data:;" in plain and "script-src 'self';" in plain
    tiles = content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "https://tile.example.org" in tiles and "https://*.tile.example.org" in tiles
    assert "script-src 'self';" in tiles  # tiles widen images only
    assert content_security_policy("javascript:alert(1)") == plain


def test_token_bucket_refills_at_the_rate() -> None:
    now = [0.0]
    bucket = RateLimit(app=None, rate=2.0, burst=3, clock=lambda: now[0])  # type: ignore[arg-type]
    assert [bucket.take("a", 1) for _ in range(3)] == [0, 0, 0]
    assert bucket.take("a", 1) == 0.5  # empty: half a second until one token is back
    assert bucket.take("b", 1) == 0  # buckets are per client
    now[0] += 1.0
    assert bucket.take("a", 1) == 0


def test_fts_queries_are_quoted_terms() -> None:
    assert to_match('Lashkar-e-Taiba') == '"Lashkar" AND "e" AND "Taiba"*'
    assert to_match('NEAR(a b) OR title:x "') == '"NEAR" AND "a" AND "b" AND "OR" AND "title" AND "x"*'
    assert to_match("*:^()") is None


def test_names_and_paths_from_clients() -> None:
    taken: set[str] = set()
    assert safe_name("../../etc/passwd", taken) == "passwd"
    assert safe_name("..\\..\\boot.ini", taken) == "boot.ini"
    assert safe_name("passwd", taken) == "passwd-1"
    assert safe_name("<img src=x>.html", taken) == "_img_src_x_.html"
    manifest, errors = check_manifest(b'{"path": "/etc/passwd"}\n{"path": "a.txt", "source": "S"}\n',
                                      {"a.txt": "a.txt"}, "upload:m.jsonl")
    assert [e.origin for e in errors] == ["upload:m.jsonl:1"]
    assert manifest.splitlines()[0] == b"" and b'"a.txt"' in manifest.splitlines()[1]
    assert local_path("//evil.example/x") == "/" and local_path("/entities/e1") == "/entities/e1"
    assert http_url("javascript:alert(1)") is None and http_url(" https://example.org/a ") == "https://example.org/a"
