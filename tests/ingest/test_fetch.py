"""Fetching URLs: the SSRF guard on every hop, pinned connections, size and time caps (loopback only)."""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from audiatur.domain import Capture
from audiatur.errors import FetchFailed, FetchRefused, TooLarge, UnsupportedFormat
from audiatur.ingest import MAX_REDIRECTS, IngestOptions, fetch, read_source

from .payloads import gzip_of_zeros, text_pdf
from .server import LoopbackServer, Reply, serve_tls

STORY = (
    b"<html><head><title>Kessel</title><meta property='og:site_name' content='Arvenia Today'></head><body>"
    b"<article><h1>Kessel shelled overnight</h1>"
    + b"<p>Residents of Kessel described four hours of shelling that began shortly after midnight.</p>" * 4
    + b"</article></body></html>"
)
HTML = {"Content-Type": "text/html; charset=utf-8"}
FEED = (
    b'<rss version="2.0"><channel><title>Kessel Monitor</title><item><title>Night report</title>'
    b"<link>/reports/night</link><description>Shelling resumed after midnight.</description></item>"
    b"</channel></rss>"
)


def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"the resolver was asked about {host}")


@pytest.fixture()
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, int]]]:
    """Record every TCP connection opened (the real ones still go through)."""
    opened: list[tuple[str, int]] = []
    real = socket.create_connection

    def recording(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        opened.append((str(address[0]), int(address[1])))
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", recording)
    yield opened


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[2002:7f00:1::]/",
        "http://[fe80::1%25eth0]/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://0/",
        "http://100.64.0.1/",
        "https://192.168.0.10:8443/admin",
    ],
)
def test_non_public_url_refused_before_any_connection(
    url: str, options: IngestOptions, no_connections: list[tuple[object, ...]]
) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(url, options, resolver=no_dns)
    assert caught.value.source == url
    assert no_connections == []


def test_loopback_test_server_is_refused_without_the_allow_list(
    http_server: LoopbackServer, options: IngestOptions
) -> None:
    http_server.routes["/"] = Reply(body=STORY, headers=HTML)
    with pytest.raises(FetchRefused, match=r"loopback address 127\.0\.0\.1"):
        fetch(http_server.url("/"), options)
    assert http_server.requests == []


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        (["127.0.0.1"], "resolves to loopback address 127.0.0.1"),
        (["10.20.30.40"], "resolves to private address 10.20.30.40"),
        (["93.184.216.34", "169.254.169.254"], "resolves to link-local address 169.254.169.254"),
        (["::ffff:10.0.0.1"], "resolves to private address 10.0.0.1 inside ::ffff:a00:1"),
    ],
)
def test_names_resolving_to_private_addresses_are_refused(
    answers: list[str], reason: str, options: IngestOptions, no_connections: list[tuple[object, ...]]
) -> None:
    with pytest.raises(FetchRefused, match=reason):
        fetch("http://news.arvenia.example/story", options, resolver=lambda host, port: answers)
    assert no_connections == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://files.arvenia.example/report.pdf", "only http and https URLs are fetched, not ftp"),
        ("file:///etc/passwd", "not file"),
        ("gopher://arvenia.example/", "not gopher"),
        ("http://user:secret@news.arvenia.example/", "URLs carrying credentials are not fetched"),
        ("http:///no-host", "URL has no host"),
        ("http://news.arvenia.example:99999/", "invalid port"),
    ],
)
def test_unfetchable_urls_are_refused(
    url: str, reason: str, options: IngestOptions, no_connections: list[tuple[object, ...]]
) -> None:
    with pytest.raises(FetchRefused, match=reason):
        fetch(url, options, resolver=no_dns)
    assert no_connections == []


def test_fetch_connects_to_the_vetted_address_with_the_real_host_name(
    http_server: LoopbackServer, loopback_options: IngestOptions, connections: list[tuple[str, int]]
) -> None:
    http_server.routes["/story"] = Reply(body=STORY, headers=HTML)
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    fetched = fetch(
        http_server.url("/story", host="news.arvenia.example"), loopback_options, resolver=resolver
    )
    assert fetched.status == 200 and fetched.content == STORY
    assert fetched.content_type == "text/html" and fetched.charset == "utf-8"
    assert lookups == ["news.arvenia.example"]  # one lookup: no second chance for DNS rebinding
    assert connections == [("127.0.0.1", http_server.port)]
    (path, headers) = http_server.requests[0]
    assert path == "/story"
    assert headers["host"] == f"news.arvenia.example:{http_server.port}"


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::ffff:127.0.0.1]:{port}/story",  # wrapped loopback: the allow-list names 127.0.0.1 only
        "http://internal.arvenia.example/",  # a name the resolver maps to a private address
        "file:///etc/passwd",
    ],
)
def test_redirect_to_a_non_public_address_is_refused(
    location: str,
    http_server: LoopbackServer,
    loopback_options: IngestOptions,
    connections: list[tuple[str, int]],
) -> None:
    http_server.routes["/go"] = Reply(
        status=302, headers={"Location": location.format(port=http_server.port)}
    )
    http_server.routes["/story"] = Reply(body=STORY, headers=HTML)
    url = http_server.url("/go")
    with pytest.raises(FetchRefused) as caught:
        fetch(url, loopback_options, resolver=lambda host, port: ["10.9.8.7"])
    assert caught.value.source == url
    assert caught.value.reason.startswith("redirected to ")
    assert [path for path, _ in http_server.requests] == ["/go"]
    assert set(connections) == {("127.0.0.1", http_server.port)}  # nothing else was ever dialled


def test_redirects_are_followed_to_the_final_url(
    http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes["/old"] = Reply(status=301, headers={"Location": "/moved"})
    http_server.routes["/moved"] = Reply(status=307, headers={"Location": http_server.url("/story")})
    http_server.routes["/story"] = Reply(body=STORY, headers=HTML)
    (capture,) = list(read_source(http_server.url("/old"), loopback_options))
    assert isinstance(capture, Capture)
    doc = capture.document
    assert doc.source == http_server.url("/old")
    assert doc.url == http_server.url("/story")
    assert doc.publisher == "Arvenia Today"
    assert "four hours of shelling" in doc.text
    assert capture.raw == STORY


def test_too_many_redirects_fail(http_server: LoopbackServer, loopback_options: IngestOptions) -> None:
    http_server.routes["/loop"] = Reply(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchFailed, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch(http_server.url("/loop"), loopback_options)
    assert len(http_server.requests) == MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(body=b"x" * (2 << 20)), "response is 2,097,152 bytes, over the limit of 1,048,576"),
        (Reply(chunks=[b"x" * 65536] * 40), "response passes the limit of 1,048,576 bytes"),
        (Reply(body=b"y" * (3 << 20), content_length=False), "response passes the limit of 1,048,576 bytes"),
        (
            Reply(body=gzip_of_zeros(64), headers={"Content-Encoding": "gzip"}),
            "inflates past 1,048,576 bytes",
        ),
    ],
    ids=["content-length", "chunked", "until-close", "gzip-bomb"],
)
def test_response_size_is_capped_while_streaming(
    reply: Reply, reason: str, http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes["/big"] = reply
    options = IngestOptions(allow_addresses=loopback_options.allow_addresses, max_fetch_bytes=1 << 20)
    with pytest.raises(TooLarge, match=reason):
        fetch(http_server.url("/big"), options)


def test_gzip_content_encoding_is_decoded(
    http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes["/story"] = Reply(
        body=gzip.compress(STORY), headers={**HTML, "Content-Encoding": "gzip"}
    )
    assert fetch(http_server.url("/story"), loopback_options).content == STORY


@pytest.mark.parametrize(
    "reply",
    [Reply(body=STORY, delay=3), Reply(chunks=[b"<p>drip</p>"] * 30, chunk_delay=0.1)],
    ids=["slow-headers", "slow-drip"],
)
def test_slow_server_times_out(
    reply: Reply, http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes["/slow"] = reply
    options = IngestOptions(allow_addresses=loopback_options.allow_addresses, fetch_timeout=0.5)
    started = time.perf_counter()
    with pytest.raises(FetchFailed, match=r"timed out after 0\.5s"):
        fetch(http_server.url("/slow"), options)
    assert time.perf_counter() - started < 10  # the slow reply would take 3 s or more without the timeout


@pytest.mark.parametrize(
    ("status", "text"), [(404, "HTTP 404 Not Found"), (503, "HTTP 503 Service Unavailable")]
)
def test_non_2xx_status_fails_naming_it(
    status: int, text: str, http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes["/gone"] = Reply(status=status, body=b"no")
    url = http_server.url("/gone")
    with pytest.raises(FetchFailed) as caught:
        fetch(url, loopback_options)
    assert str(caught.value) == f"{url}: {text}"


@pytest.mark.parametrize(
    ("path", "reply", "media_type"),
    [
        (
            "/report",
            Reply(
                body=text_pdf(["Four civilians were killed."]), headers={"Content-Type": "application/pdf"}
            ),
            "application/pdf",
        ),
        (
            "/report.pdf",
            Reply(
                body=text_pdf(["Four civilians were killed."]),
                headers={"Content-Type": "application/octet-stream"},
            ),
            "application/pdf",
        ),
        (
            "/note",
            Reply(
                body=b"Four civilians were killed in Kessel, the ministry said.",
                headers={"Content-Type": "text/plain; charset=utf-8"},
            ),
            "text/plain",
        ),
        (
            "/feed",
            Reply(body=FEED, headers={"Content-Type": "application/rss+xml"}),
            "application/rss+xml",
        ),
        (
            "/archive/feed.xml.gz",
            Reply(body=gzip.compress(FEED), headers={"Content-Type": "application/gzip"}),
            "application/rss+xml",
        ),
    ],
)
def test_url_content_is_read_by_its_type(
    path: str, reply: Reply, media_type: str, http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes[path] = reply
    items = list(read_source(http_server.url(path), loopback_options))
    assert isinstance(items[0], Capture)
    assert items[0].document.media_type == media_type


def test_url_of_unsupported_type_is_refused(
    http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes["/photo"] = Reply(
        body=b"\x89PNG\r\n\x1a\n" + bytes(64), headers={"Content-Type": "image/png"}
    )
    with pytest.raises(UnsupportedFormat, match="unsupported content type 'image/png'"):
        list(read_source(http_server.url("/photo"), loopback_options))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_sends_the_host_name_as_sni_and_checks_the_certificate(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=news.arvenia.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = serve_tls(str(cert), str(key))
    port, names = next(server)
    try:
        options = IngestOptions(allow_addresses=frozenset({f"127.0.0.1:{port}"}), fetch_timeout=10)
        url = f"https://news.arvenia.example:{port}/"
        # Connected to 127.0.0.1, yet the handshake names the host, and its self-signed certificate is
        # rejected: verification was not switched off by connecting to an address.
        with pytest.raises(FetchFailed, match="CERTIFICATE_VERIFY_FAILED"):
            fetch(url, options, resolver=lambda host, p: ["127.0.0.1"])
        assert names == ["news.arvenia.example"]
    finally:
        server.close()


def test_feed_from_a_url_resolves_relative_links(
    http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    http_server.routes["/monitor/feed"] = Reply(body=FEED, headers={"Content-Type": "application/rss+xml"})
    (capture,) = list(read_source(http_server.url("/monitor/feed"), loopback_options))
    assert isinstance(capture, Capture)
    assert capture.document.url == http_server.url("/reports/night")
    assert capture.document.source == http_server.url("/monitor/feed") + "#1"
