"""Fetching URLs safely: every hop vetted by the SSRF guard, connections pinned, size and time capped.

Redirects are followed here, not by httpx, so that each hop's host is resolved and vetted before any
connection. The request then goes to the vetted address itself, never to the name (a second lookup
could answer differently: DNS rebinding), with the real name in the Host header and, for https, as
the TLS server name, so certificates are still checked against the name (httpcore's `sni_hostname`
request extension). Bodies are read incrementally; gzip is inflated here under the same byte cap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from audiatur.errors import FetchFailed, FetchRefused, InputError, TooLarge

from .addresses import IPAddress, Resolver, parse_numeric_host, refusal, resolve
from .compression import Inflater
from .options import IngestOptions

__all__ = ["MAX_REDIRECTS", "Fetched", "fetch"]

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/pdf, "
    "application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5"
)
_INFLATED = frozenset({"gzip", "x-gzip", "deflate"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A fetched response: where it ended up, its status, type, headers and body."""

    url: str  # the final URL, after redirects
    requested_url: str
    status: int
    content_type: str  # media type, lower case, without parameters ("" when the server gave none)
    charset: str | None
    content: bytes
    headers: Mapping[str, str]
    retrieved_at: datetime


@dataclass(frozen=True, slots=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) form
    port: int
    path: str  # path and query
    numeric: IPAddress | None

    @property
    def host_header(self) -> str:
        host = str(self.numeric) if self.numeric is not None else self.host
        if self.numeric is not None and self.numeric.version == 6:
            host = f"[{host}]"
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    def pinned(self, address: IPAddress) -> str:
        literal = f"[{address}]" if address.version == 6 else str(address)
        return urlunsplit((self.scheme, f"{literal}:{self.port}", self.path, "", ""))


def _target(url: str) -> _Target:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise FetchRefused(url, f"only http and https URLs are fetched, not {scheme or 'a scheme-less URL'}")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(url, "URLs carrying credentials are not fetched")
    host = parts.hostname
    if not host:
        raise FetchRefused(url, "URL has no host")
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise FetchRefused(url, f"invalid port: {exc}") from exc
    try:
        numeric = parse_numeric_host(host)
    except FetchRefused as exc:
        raise FetchRefused(url, f"{host}: {exc.reason}") from exc
    if numeric is None:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise FetchRefused(url, f"invalid host name {host!r}") from exc
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(url=url, scheme=scheme, host=host, port=port, path=path, numeric=numeric)


def _vetted(target: _Target, options: IngestOptions, resolver: Resolver | None) -> list[IPAddress]:
    try:
        addresses = (
            resolve(target.host, target.port, resolver) if target.numeric is None else [target.numeric]
        )
    except FetchFailed as exc:
        raise FetchFailed(target.url, f"{target.host}: {exc.reason}") from exc
    if options.allow_private:
        return addresses
    for address in addresses:
        key = f"[{address}]:{target.port}" if address.version == 6 else f"{address}:{target.port}"
        if key in options.allow_addresses:
            continue
        if reason := refusal(address):
            named = f"{target.host} resolves to " if target.numeric is None else ""
            raise FetchRefused(target.url, f"{named}{reason}")
    return addresses


def _remaining(deadline: float, url: str, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchFailed(url, f"timed out after {timeout:g}s")
    return left


def _send(
    client: httpx.Client, target: _Target, addresses: list[IPAddress], deadline: float, options: IngestOptions
) -> httpx.Response:
    headers = {
        "Host": target.host_header,
        "Accept": _ACCEPT,
        "Accept-Encoding": "gzip",
        "User-Agent": options.user_agent,
    }
    extensions = {"sni_hostname": target.host} if target.scheme == "https" and target.numeric is None else {}
    failure: httpx.HTTPError | None = None
    for address in addresses:
        # Every blocking step (connect, each read) gets what is left of the overall budget; the body
        # loop also checks the deadline between chunks, so a slow drip cannot stretch it.
        timeout = _remaining(deadline, target.url, options.fetch_timeout)
        request = client.build_request(
            "GET",
            target.pinned(address),
            headers=headers,
            extensions=extensions,
            timeout=httpx.Timeout(timeout),
        )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            log.debug("%s: cannot connect to %s: %s", target.url, address, exc)
            failure = exc
        except httpx.TimeoutException as exc:
            raise FetchFailed(target.url, f"timed out after {options.fetch_timeout:g}s") from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(target.url, f"{type(exc).__name__}: {exc}") from exc
    raise FetchFailed(target.url, f"cannot connect to {target.host}: {failure}")


def _body(response: httpx.Response, url: str, deadline: float, options: IngestOptions) -> bytes:
    limit = options.max_fetch_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(url, f"response is {int(declared):,} bytes, over the limit of {limit:,}")
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding not in _INFLATED and encoding not in ("", "identity"):
        raise FetchFailed(url, f"unsupported Content-Encoding {encoding!r}")
    inflater = Inflater(url, limit) if encoding in _INFLATED else None
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.iter_raw():
            _remaining(deadline, url, options.fetch_timeout)
            data = inflater.feed(chunk) if inflater else chunk
            total += len(data)
            if total > limit:
                raise TooLarge(url, f"response passes the limit of {limit:,} bytes")
            chunks.append(data)
        if inflater:
            chunks.append(inflater.finish())
    except httpx.TimeoutException as exc:
        raise FetchFailed(url, f"timed out after {options.fetch_timeout:g}s") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(url, f"{type(exc).__name__} while reading: {exc}") from exc
    return b"".join(chunks)


def _hop(
    client: httpx.Client, current: str, deadline: float, options: IngestOptions, resolver: Resolver | None
) -> httpx.Response:
    target = _target(current)
    addresses = _vetted(target, options, resolver)
    log.debug("fetching %s via %s", current, addresses[0])
    return _send(client, target, addresses, deadline, options)


def _fetched(
    response: httpx.Response, url: str, current: str, deadline: float, options: IngestOptions
) -> Fetched:
    if not 200 <= response.status_code < 300:
        hop = "" if current == url else f" (at {current})"
        raise FetchFailed(url, f"HTTP {response.status_code} {response.reason_phrase}{hop}")
    content = _body(response, url, deadline, options)
    media_type = response.headers.get("content-type", "").partition(";")[0]
    return Fetched(
        url=current,
        requested_url=url,
        status=response.status_code,
        content_type=media_type.strip().lower(),
        charset=response.charset_encoding,
        content=content,
        headers={k.lower(): v for k, v in response.headers.items()},
        retrieved_at=datetime.now(UTC),
    )


def fetch(url: str, options: IngestOptions, *, resolver: Resolver | None = None) -> Fetched:
    """GET `url` through the SSRF guard, following up to `MAX_REDIRECTS` redirects, each one vetted.

    `resolver` (host, port) -> addresses replaces the system resolver and `options.resolver` (tests
    inject one). Raises `FetchRefused` (scheme, credentials, a non-public address on any hop),
    `FetchFailed` (network, timeout, non-2xx status, too many redirects) or `TooLarge`, naming `url`.
    """
    deadline = time.monotonic() + options.fetch_timeout
    resolver = resolver or options.resolver
    current = url
    with httpx.Client(trust_env=False, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = _hop(client, current, deadline, options, resolver)
            except InputError as exc:
                if current == url:
                    raise
                raise type(exc)(url, f"redirected to {current}: {exc.reason}") from exc
            try:
                location = response.headers.get("location")
                if response.status_code not in _REDIRECTS or location is None:
                    return _fetched(response, url, current, deadline, options)
            finally:
                response.close()
            log.debug("%s redirects to %s", current, location)
            current = urljoin(current, location).split("#", 1)[0]
    raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")
