"""RSS and Atom feeds: one document an entry, entity bombs refused, gzip capped, `--follow` guarded."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import time
from collections.abc import Callable
from datetime import date

import pytest

from audiatur.domain import Capture, DatePrecision
from audiatur.errors import (
    FetchRefused,
    InputError,
    NoExtractableText,
    ParseFailed,
    TooLarge,
    UnsupportedFormat,
)
from audiatur.ingest import IngestOptions, read_source

from .payloads import gzip_of_zeros
from .server import LoopbackServer, Reply

Write = Callable[[str, bytes | str], str]

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Arvenian Ministry of Defence</title><link>https://mod.arvenia.example/</link>
<item><title>Statement on the shelling of Kessel</title>
<link>{link1}</link>
<pubDate>Thu, 08 Oct 2020 10:00:00 +0400</pubDate>
<author>press@mod.arvenia.example (Press Office)</author>
<description>&lt;p&gt;Four civilians were &lt;b&gt;killed&lt;/b&gt; in Kessel overnight.&lt;/p&gt;
&lt;script&gt;steal()&lt;/script&gt;</description>
</item>
<item><title>Entry with nothing in it</title><link>https://mod.arvenia.example/news/2</link></item>
<item><title>Update on casualties</title>
<link>{link3}</link>
<pubDate>Fri, 09 Oct 2020 08:00:00 +0400</pubDate>
<description>The number of wounded in Kessel rose to eleven, the ministry said.</description>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Dalmor Observer</title>
<entry><title>Federation denies strike on market</title>
<link href="https://observer.dalmor.example/denial"/>
<updated>2020-10-09T12:00:00Z</updated><author><name>Oren Falk</name></author>
<content type="html">&lt;p&gt;The defence ministry said its forces fired only at military positions.
&lt;/p&gt;</content>
<summary>Short summary.</summary></entry>
</feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rss version="2.0"><channel><title>&i;</title>
<item><title>&i;</title><description>&i;</description></item></channel></rss>"""


def rss(
    link1: str = "https://mod.arvenia.example/news/1", link3: str = "https://mod.arvenia.example/news/3"
) -> bytes:
    return RSS.format(link1=link1, link3=link3).encode("utf-8")


def test_rss_entries_become_documents_and_a_bad_entry_is_yielded(
    write: Write, options: IngestOptions
) -> None:
    raw = rss()
    path = write("mod.xml", raw)
    items = list(read_source(path, options))
    assert [type(item) for item in items] == [Capture, NoExtractableText, Capture]
    first, empty, third = items
    assert isinstance(first, Capture) and isinstance(third, Capture) and isinstance(empty, InputError)
    assert empty.source == f"{path}#2"
    doc = first.document
    assert doc.text == "Four civilians were killed in Kessel overnight."  # markup stripped, script gone
    assert doc.title == "Statement on the shelling of Kessel"
    assert doc.url == "https://mod.arvenia.example/news/1"
    assert doc.publisher == "Arvenian Ministry of Defence"
    assert doc.author == "Press Office"
    assert (doc.published, doc.published_precision) == (date(2020, 10, 8), DatePrecision.DAY)
    assert doc.source == f"{path}#1"
    assert third.document.source == f"{path}#3"
    # Every entry carries the feed's bytes as received, hashed once.
    for capture in (first, third):
        assert capture.raw == raw
        assert capture.document.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert first.document.id != third.document.id


def test_atom_entry_uses_content_over_summary(write: Write, options: IngestOptions) -> None:
    (capture,) = list(read_source(write("observer.atom", ATOM), options))
    assert isinstance(capture, Capture)
    doc = capture.document
    assert doc.text == "The defence ministry said its forces fired only at military positions."
    assert doc.author == "Oren Falk"
    assert doc.publisher == "Dalmor Observer"
    assert doc.published == date(2020, 10, 9)


@pytest.mark.parametrize("name", ["lol.xml", "lol.rss", "lol.dat"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_feed_is_refused_quickly(
    write: Write, options: IngestOptions, name: str, encoding: str
) -> None:
    raw = BILLION_LAUGHS.decode("ascii").encode(encoding)
    path = write(name, raw)
    started = time.perf_counter()
    with pytest.raises(ParseFailed, match=r"XML entity declarations are not allowed$") as caught:
        list(read_source(path, options))
    assert time.perf_counter() - started < 10  # an expansion would take minutes and gigabytes
    assert caught.value.source == path


def test_dtd_internal_subset_is_refused(write: Write, options: IngestOptions) -> None:
    raw = b'<?xml version="1.0"?><!DOCTYPE rss [ <!ATTLIST rss version CDATA "2.0"> ]><rss><channel/></rss>'
    with pytest.raises(ParseFailed, match="internal subsets are not allowed"):
        list(read_source(write("subset.xml", raw), options))


def test_gzip_feed_is_read(write: Write, options: IngestOptions) -> None:
    raw = gzip.compress(rss())
    items = [item for item in read_source(write("mod.xml.gz", raw), options) if isinstance(item, Capture)]
    assert len(items) == 2
    assert items[0].raw == raw  # the bytes as received are the compressed file


def test_gzip_bomb_is_refused_in_bounded_time(write: Write) -> None:
    bomb = gzip_of_zeros(200)  # ~200 KB inflating to 200 MB
    path = write("bomb.xml.gz", bomb)
    started = time.perf_counter()
    with pytest.raises(TooLarge, match=r"bomb\.xml\.gz: inflates past 8,388,608 bytes"):
        list(read_source(path, IngestOptions(max_file_bytes=8 << 20)))
    assert time.perf_counter() - started < 20  # inflating 200 MB first would take far longer


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b'<?xml version="1.0"?><note><to>Kessel</to></note>', UnsupportedFormat),
        (b'<?xml version="1.0"?><rss', ParseFailed),
    ],
)
def test_xml_that_is_not_a_feed_is_refused(
    write: Write, options: IngestOptions, raw: bytes, error: type
) -> None:
    with pytest.raises(error, match=r"notes\.xml"):
        list(read_source(write("notes.xml", raw), options))


def test_follow_reads_linked_pages_through_the_guard(
    write: Write, http_server: LoopbackServer, loopback_options: IngestOptions
) -> None:
    story = (
        "<html><head><title>Full story</title></head><body><article><h1>Kessel: the full account</h1>"
        + "<p>Residents of Kessel described four hours of shelling that began shortly after midnight.</p>" * 4
        + "</article></body></html>"
    ).encode()
    http_server.routes["/news/1"] = Reply(body=story, headers={"Content-Type": "text/html; charset=utf-8"})
    path = write("mod.xml", rss(link1=http_server.url("/news/1"), link3="http://10.0.0.1/news/3"))
    # No DNS leaves the machine: every name resolves to nothing.
    follow = dataclasses.replace(loopback_options, follow=True, resolver=lambda host, port: [])
    items = list(read_source(path, follow))
    page, empty, refused = items
    assert isinstance(page, Capture)
    assert "four hours of shelling" in page.document.text
    assert page.document.source == http_server.url("/news/1")
    assert page.document.publisher == "Arvenian Ministry of Defence"  # from the feed
    assert page.document.published == date(2020, 10, 8)  # from the entry; the page gives none
    assert page.raw == story
    assert isinstance(empty, InputError) and empty.source == f"{path}#2"
    assert isinstance(refused, FetchRefused)
    assert refused.source == f"{path}#3" and "private address 10.0.0.1" in refused.reason


def test_feed_with_stray_ampersand_is_read_leniently(write: Write, options: IngestOptions) -> None:
    raw = (
        b'<rss version="2.0"><channel><title>Kessel Monitor</title><item><title>Aid & relief</title>'
        b"<description>Food & water reached Kessel on Friday.</description></item></channel></rss>"
    )
    (capture,) = list(read_source(write("monitor.rss", raw), options))
    assert isinstance(capture, Capture)
    assert capture.document.text == "Food & water reached Kessel on Friday."
    assert capture.document.title == "Aid & relief"


@pytest.mark.parametrize("content", [b"http://127.0.0.1:9/feed.xml", b"/etc/passwd"])
def test_feed_bytes_are_never_taken_for_a_url_or_path(
    write: Write, options: IngestOptions, no_connections: list[tuple[object, ...]], content: bytes
) -> None:
    with pytest.raises(ParseFailed, match="not a well-formed feed"):
        list(read_source(write("odd.xml", content), options))
    assert no_connections == []
