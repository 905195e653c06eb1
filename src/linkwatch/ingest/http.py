"""Fetch one URL safely: public addresses only, bounded in size, time and redirects.

A URL given to linkwatch (or found in a feed) is untrusted. Without care it can
make the tool read internal services (server-side request forgery: cloud
metadata at 169.254.169.254, an admin page on localhost), fill the memory, or
hang. So:

* only ``http`` and ``https``;
* the host is resolved with :func:`socket.getaddrinfo` and *every* address it
  resolves to must be public (not private, loopback, link-local, multicast,
  reserved, unspecified or otherwise non-global, including IPv4 addresses
  embedded in IPv6 ones); ``allow_private`` lifts this for local testing;
* redirects are followed by hand so that each hop is checked the same way, up
  to ``max_redirects``, and a hop back to a URL already visited is a loop;
* the body is streamed and the download aborted once it passes ``max_bytes``;
* ``timeout`` bounds the whole fetch, all hops included: each network wait is
  capped by the time left, and the deadline is checked between chunks.

Known limit: httpx resolves the host again when it connects, so a DNS server
that answers differently the second time (DNS rebinding) is not stopped here.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from linkwatch import __version__
from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.model.media import sniff

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"linkwatch/{__version__} (+research crawler; one request per article)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 20.0,
    max_bytes: int = 64 * 1024 * 1024,
    max_redirects: int = 5,
) -> RawDocument:
    """GET `url` and return its body as a RawDocument; raise InputError(url, ...) on any failure.

    `origin` is the URL asked for; `url` is where the redirects ended.
    `media_type` comes from the Content-Type header, corrected by sniffing the
    body; `charset` is the header's charset parameter, if any.
    """
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    current = url
    # trust_env=False: an HTTP proxy from the environment would resolve the
    # host itself and so make the address check meaningless.
    import httpx  # loaded with the first download: an ingest of local files never pays for it

    with httpx.Client(trust_env=False, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
        for _hop in range(max_redirects + 1):
            check_url(current, allow_private=allow_private, origin=url)
            seen.add(current)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise InputError(url, f"timed out after {timeout:g} s")
            try:
                with client.stream("GET", current, timeout=httpx.Timeout(remaining)) as resp:
                    location = resp.headers.get("location")
                    if resp.status_code in _REDIRECTS and location:
                        nxt = str(resp.url.join(location))
                        if nxt in seen:
                            raise InputError(url, f"redirect loop: {current} -> {nxt}")
                        current = nxt
                        continue
                    if not 200 <= resp.status_code < 300:
                        raise InputError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                    content = _read_body(resp, url, max_bytes, deadline, timeout)
                    media_type, charset = parse_content_type(resp.headers.get("content-type"))
                    return RawDocument(
                        content=content,
                        origin=url,
                        media_type=sniff(content[:8192], declared=media_type, name=resp.url.path),
                        url=str(resp.url),
                        charset=charset,
                    )
            except httpx.TimeoutException:
                raise InputError(url, f"timed out after {timeout:g} s") from None
            except httpx.InvalidURL as exc:
                raise InputError(url, f"invalid URL: {exc}") from None
            except httpx.HTTPError as exc:
                raise InputError(url, f"cannot fetch: {exc or type(exc).__name__}") from None
    raise InputError(url, f"more than {max_redirects} redirects")


def _read_body(resp: httpx.Response, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(url, f"response is {declared} bytes, over the limit of {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    # iter_bytes decompresses, so the limit also holds against a compression bomb.
    # No chunk_size: httpx would then buffer until a chunk is full, and the
    # deadline could not be checked while a slow body trickles in.
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"response is over the limit of {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise InputError(url, f"timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def check_url(url: str, *, allow_private: bool = False, origin: str | None = None) -> None:
    """Raise InputError unless `url` is http(s) with a host whose every address may be fetched."""
    origin = origin or url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(origin, f"invalid URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(origin, f"only http and https URLs can be fetched, not {url}")
    host = parts.hostname
    if not host:
        raise InputError(origin, f"URL has no host: {url}")
    if allow_private:
        return
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(origin, f"cannot resolve host {host}: {exc}") from None
    for info in infos:
        address = str(info[4][0])
        ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone id
        if not is_public(ip):
            raise InputError(origin, f"refused: {host} resolves to non-public address {ip} (use --allow-private to permit)")


def is_public(ip: IPAddress) -> bool:
    """True if `ip` is a globally routable unicast address, also looking inside IPv6 forms that embed IPv4."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if any(e is not None and not is_public(e) for e in embedded):
            return False
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )


def parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=UTF-8"`` -> ``("text/html", "utf-8")``."""
    if not header:
        return None, None
    media_type, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media_type.strip().lower() or None, charset
