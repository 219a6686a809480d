"""The known traps of our dependencies (each seen with their current versions): each test first shows
the library's own behaviour, where it can be shown safely, then that audiatur does not fall into it."""

from __future__ import annotations

import io
import ipaddress
import socket

import feedparser
import pypdf
import pytest
import trafilatura
from sqlalchemy import event
from store_samples import capture, full_extraction

from audiatur.domain import Capture
from audiatur.errors import FetchRefused, ParseFailed, TooLarge
from audiatur.ingest import IngestOptions, fetch, read_source
from audiatur.ingest.addresses import parse_numeric_host, refusal
from audiatur.ingest.html import extract_html
from audiatur.store import AddStatus, ClaimFilter, Store
from ingest.payloads import bomb_pdf
from ingest.test_html import DENIAL, LEAD, REFRAIN, article, page

STATEMENT = "The Ministry of Defence said on Tuesday that four civilians were killed in Kessel."


def test_pypdf_reads_a_small_bomb_as_empty_text_but_we_refuse_it(tmp_path: object) -> None:
    raw = bomb_pdf(24)  # ~24 KB of FlateDecode inflating to 24 MB of blanks
    assert pypdf.PdfReader(io.BytesIO(raw)).pages[0].extract_text() == ""  # no error, no text
    path = f"{tmp_path}/bomb.pdf"
    with open(path, "wb") as handle:
        handle.write(raw)
    with pytest.raises(TooLarge, match=r"bomb\.pdf: .* holds no text \(decompression bomb\)"):
        list(read_source(path, IngestOptions()))


def test_trafilatura_loses_deeply_nested_text_but_we_keep_it() -> None:
    html = "<html><body>" + "<div>" * 300 + f"<p>{STATEMENT}</p>" + "</div>" * 300 + "</body></html>"
    assert STATEMENT not in (trafilatura.extract(html) or "")
    assert STATEMENT in extract_html(html.encode(), "nested.html").text


def test_trafilatura_merges_repeated_paragraphs_but_we_keep_them() -> None:
    html = page(article(LEAD, REFRAIN, REFRAIN, DENIAL, REFRAIN, REFRAIN, REFRAIN))
    assert (trafilatura.extract(html, deduplicate=False) or "").count(REFRAIN) < 5  # repeats dropped
    text = extract_html(html.encode(), "repeats.html").text
    assert text.count(REFRAIN) == 5
    assert text.split("\n")[1:] == [LEAD, REFRAIN, REFRAIN, DENIAL, REFRAIN, REFRAIN, REFRAIN]


def test_feedparser_only_flags_a_billion_laughs_feed_but_we_refuse_it(tmp_path: object) -> None:
    # Three levels (1,000 laughs) are enough to show the behaviour without risking the test process.
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
        b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<rss version="2.0"><channel><title>&lol3;</title><item><title>Kessel</title>'
        b"<description>&lol3;</description></item></channel></rss>"
    )
    parsed = feedparser.parse(feed)
    assert parsed.entries and parsed.get("version")  # read, leniently: the error is only a flag
    path = f"{tmp_path}/lol.xml"
    with open(path, "wb") as handle:
        handle.write(feed)
    with pytest.raises(ParseFailed, match="XML entity declarations are not allowed"):
        list(read_source(path, IngestOptions()))


LOOPBACK_SPELLINGS = ["::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "::127.0.0.1"]


@pytest.mark.parametrize("spelling", LOOPBACK_SPELLINGS)
def test_ipaddress_misses_wrapped_loopback_but_the_guard_unwraps_it(spelling: str) -> None:
    address = ipaddress.ip_address(spelling)
    assert not address.is_loopback  # the trap
    reason = refusal(address)
    assert reason is not None and "loopback address 127.0.0.1" in reason


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "0177.0.0.1", "127.1"])
def test_numeric_loopback_spellings_are_read_as_loopback(host: str) -> None:
    with pytest.raises(ValueError):
        ipaddress.ip_address(host)  # ipaddress does not read them at all
    address = parse_numeric_host(host)
    assert address == ipaddress.ip_address("127.0.0.1")
    assert refusal(address) == "loopback address 127.0.0.1"


@pytest.fixture()
def no_connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> socket.socket:
        attempts.append(args)
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize("answer", [*LOOPBACK_SPELLINGS, "127.0.0.1"])
@pytest.mark.parametrize("url", ["http://news.example/statement", "https://2130706433/", "http://0x7f.1/"])
def test_fetch_refuses_names_and_spellings_that_reach_loopback(
    url: str, answer: str, no_connections: list[object]
) -> None:
    options = IngestOptions(resolver=lambda host, port: [answer])  # a resolver we control: no DNS, no packets
    with pytest.raises(FetchRefused, match=r"loopback address 127\.0\.0\.1"):
        fetch(url, options)
    assert no_connections == []


def test_postgresql_refuses_nul_but_the_store_keeps_the_document(store: Store) -> None:
    text = STATEMENT.replace("Kessel", "Kes\x00sel")
    result = store.add_capture(capture(text))
    assert result.status == AddStatus.ADDED
    stored = store.get_document(result.document_id)
    assert "\x00" not in stored.text and "Kessel" in stored.text
    if store.dialect == "postgresql":
        import psycopg

        with store._engine.connect() as conn, pytest.raises(Exception) as caught:
            conn.exec_driver_sql("SELECT %s::text", ("a\x00b",))
        assert isinstance(caught.value.__cause__ or caught.value, psycopg.Error | ValueError)
    assert store.verify().ok


def test_ledger_pages_use_keyset_pagination_without_counting(store: Store) -> None:
    first = capture()
    store.add_capture(first)
    store.save_extraction(full_extraction(first.document))
    statements: list[tuple[str, object]] = []

    def log(conn: object, cursor: object, statement: str, parameters: object, *args: object) -> None:
        statements.append((statement.upper(), parameters))

    event.listen(store._engine, "before_cursor_execute", log)
    try:
        seen: list[str] = []
        after = None
        while True:
            page = store.list_claims(ClaimFilter(), limit=2, after=after)
            seen += [r.claim.id for r in page.items]
            if page.next_cursor is None:
                break
            after = page.next_cursor
    finally:
        event.remove(store._engine, "before_cursor_execute", log)
    assert len(seen) == len(set(seen)) == store.count_claims() >= 4
    assert statements and not [s for s, _ in statements if "COUNT(" in s]
    # SQLite's dialect writes "LIMIT ? OFFSET ?" with an offset of 0: the rows skipped are none.
    offsets = [p[-1] for s, p in statements if "OFFSET" in s]  # type: ignore[index]
    assert all(offset == 0 for offset in offsets)
    assert store.count_claims(estimate=True) == len(seen)  # small ledgers are counted exactly


def test_feed_entries_are_captures_not_urls(tmp_path: object) -> None:
    """feedparser given a string may fetch it as a URL or open it as a path: we only ever pass bytes."""
    path = f"{tmp_path}/feed.xml"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(
            f'<rss version="2.0"><channel><item><title>Kessel</title><description>{STATEMENT}'
            "</description></item></channel></rss>"
        )
    items = list(read_source(path, IngestOptions()))
    assert len(items) == 1 and isinstance(items[0], Capture)
