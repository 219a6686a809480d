"""Fuzzing every reader with Hypothesis: random and structured hostile bytes give a document or one of
our one-line input errors naming the source, never another exception.

Budgets come from `budgets.py` (60 examples a property by default, `AUDIATUR_HARDENING_SLOW=1` for 600).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from audiatur.domain import Capture
from audiatur.errors import InputError
from audiatur.ingest import IngestOptions, read_source
from audiatur.ingest.documents import Metadata
from audiatur.ingest.feeds import read_feed
from audiatur.ingest.html import extract_html, html_charset
from audiatur.ingest.jsonl import read_jsonl
from audiatur.ingest.pdf import extract_pdf
from audiatur.ingest.sidecar import read_sidecar
from audiatur.ingest.text import decode_text
from ingest.payloads import text_pdf

from .budgets import fuzz
from .fuzzing import only_input_errors

# Small limits keep every example fast; the limits themselves are tested in test_limits.py.
OPTIONS = IngestOptions(
    max_file_bytes=1 << 20, max_text_chars=200_000, max_pdf_pages=20, max_pdf_stream_bytes=4 << 20
)

# Pieces of text that have broken parsers before: markup, entities, quotes, controls, odd Unicode.
ODD = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "&#1114112;",
        "&nbsp;",
        "]]>",
        "<![CDATA[",
        "<!--",
        "-->",
        "\x00",
        "\x1b",
        "\x0c",
        "\r",
        "\u2028",
        "\u202e",
        "\ufeff",
        "\ufffd",
        "\u200b",
        "e\u0301",
        "\U0001f600",
        "\ud800",
        '"',
        "\u201c",
        "\u2019",
        "%PDF-",
        "<rss>",
        "<html>",
        "0x7f.1",
        "9" * 40,
        "said",
        "killed 1,000,000,000,000",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), ODD), max_size=30).map("".join)
CODECS = st.sampled_from(
    [
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-le",
        "utf-32",
        "cp1252",
        "latin-1",
        "koi8-r",
        "shift_jis",
        "gb18030",
        "big5",
        "iso-2022-jp",
        "utf-7",
        "cp437",
        "mac-roman",
    ]
)
DECLARED = st.one_of(
    st.none(), CODECS, st.sampled_from(["bogus", "utf-16", "utf-32-be", "x-user-defined", ""])
)


@st.composite
def encoded_text(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """Text in some encoding, with a declared charset that may be right, wrong or not a charset."""
    text = draw(TEXT)
    codec = draw(CODECS)
    try:
        raw = text.encode(codec)
    except (UnicodeEncodeError, UnicodeError):
        raw = (
            text.encode(codec, errors="replace") if codec != "utf-8-sig" else text.encode("utf-8", "replace")
        )
    if draw(st.booleans()):
        raw = draw(st.binary(max_size=8)) + raw  # a stray prefix: a partial BOM, junk
    return raw, draw(DECLARED)


TAGS = st.sampled_from(
    [
        "p",
        "div",
        "script",
        "style",
        "template",
        "pre",
        "table",
        "td",
        "title",
        "svg",
        "noscript",
        "b",
        "br",
        "meta",
        "html",
        "body",
        "head",
        "iframe",
        "textarea",
        "x-y",
    ]
)


ATTRIBUTES = st.sampled_from(["", " a=1", " charset=utf-16", ' x="<>"', " style='x:expression(1)'"])


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """HTML of random, often unbalanced and deep nesting, with odd text and attributes."""
    parts: list[str] = []
    depth = draw(st.integers(0, 400))
    for _ in range(depth):
        attribute = draw(ATTRIBUTES)
        parts.append(f"<{draw(TAGS)}{attribute}>")
        if draw(st.booleans()):
            parts.append(draw(TEXT))
    for _ in range(draw(st.integers(0, depth))):
        parts.append(f"</{draw(TAGS)}>")
    parts.append(draw(TEXT))
    html = "".join(parts)
    codec = draw(st.sampled_from(["utf-8", "utf-16", "cp1252"]))
    return html.encode(codec, errors="replace")


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """RSS or Atom with random (often ill-formed) titles, links, dates and bodies."""
    field = TEXT
    items = "".join(
        f"<item><title>{draw(field)}</title><link>{draw(field)}</link><pubDate>{draw(field)}</pubDate>"
        f"<description>{draw(field)}</description><author>{draw(field)}</author></item>"
        for _ in range(draw(st.integers(0, 4)))
    )
    if draw(st.booleans()):
        body = f'<rss version="2.0"><channel><title>{draw(field)}</title>{items}</channel></rss>'
    else:
        entries = "".join(
            f'<entry><title type="html">{draw(field)}</title><content type="xhtml">{draw(field)}</content>'
            f"<updated>{draw(field)}</updated></entry>"
            for _ in range(draw(st.integers(0, 4)))
        )
        body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{draw(field)}</title>{entries}</feed>'
    prolog = draw(
        st.sampled_from(
            [
                "",
                '<?xml version="1.0"?>',
                '<?xml version="1.0" encoding="utf-16"?>',
                '<?xml version="1.0" encoding="bogus"?>',
                "<!DOCTYPE rss>",
            ]
        )
    )
    text = prolog + body
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), errors="replace")


@st.composite
def damaged_pdfs(draw: st.DrawFn) -> bytes:
    """A valid small PDF with random bytes flipped, cut, duplicated or inserted."""
    line = st.text(st.characters(max_codepoint=255), max_size=30)
    pages = draw(st.lists(st.lists(line, max_size=3), min_size=1, max_size=3))
    raw = bytearray(text_pdf(*pages, compress=draw(st.booleans())))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        if action == "flip" and at < len(raw):
            raw[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del raw[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            raw[at:at] = draw(
                st.sampled_from(
                    [
                        b"obj",
                        b"<<",
                        b">>",
                        b"/Filter /FlateDecode",
                        b"1 0 R",
                        b"stream\n",
                        b"endstream",
                        b"[",
                        b"(",
                        b"\\",
                        b"99999999999",
                    ]
                )
            )
        else:
            raw[at:at] = raw[at : at + draw(st.integers(1, 100))]
    return bytes(raw)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
KEYS = st.sampled_from(["text", "url", "publisher", "published", "title", "side", "author", "language", "x"])
RECORDS = st.dictionaries(KEYS, JSON, max_size=8)


def _check(capture_or_error: object) -> None:
    if isinstance(capture_or_error, Capture):
        doc = capture_or_error.document
        assert doc.text.strip()
        doc.text.encode("utf-8")  # storable: no lone surrogates


@fuzz
@given(
    st.binary(max_size=4096), st.sampled_from([".txt", ".md", ".html", ".pdf", ".xml", ".jsonl", ".gz", ""])
)
def test_fuzz_read_source_on_random_bytes(tmp_path_factory: object, raw: bytes, suffix: str) -> None:
    folder = Path(str(tmp_path_factory.mktemp("fuzz")))  # type: ignore[attr-defined]
    path = folder / f"random{suffix}"
    path.write_bytes(raw)
    items = only_input_errors(lambda: list(read_source(str(path), OPTIONS)), str(path), raw, suffix)
    for item in items if isinstance(items, list) else ():
        assert isinstance(item, Capture | InputError)
        _check(item)


@fuzz
@given(encoded_text())
def test_fuzz_plain_text_in_odd_encodings(case: tuple[bytes, str | None]) -> None:
    raw, declared = case
    result = only_input_errors(lambda: decode_text(raw, "odd.txt", declared=declared), "odd.txt", raw, ".txt")
    if isinstance(result, str):
        result.encode("utf-8")


@fuzz
@given(html_pages())
def test_fuzz_html(raw: bytes) -> None:
    result = only_input_errors(lambda: extract_html(raw, "page.html"), "page.html", raw, ".html")
    if not isinstance(result, InputError):
        assert result.text.strip()
        # "<script" may only be text the page itself holds as text (inside <textarea>, say), never a tag we
        # let through: compare with the page decoded the way the reader decodes it (UTF-16 pages included)
        page = decode_text(raw, "page.html", declared=html_charset(raw)).lower()
        assert "<script" not in result.text.lower() or "<script" in page


@fuzz
@given(feeds())
def test_fuzz_feeds(raw: bytes) -> None:
    result = only_input_errors(lambda: read_feed(raw, "feed.xml"), "feed.xml", raw, ".xml")
    if not isinstance(result, InputError):
        for entry in result.entries:
            assert isinstance(entry.text, str)


@fuzz
@given(damaged_pdfs())
def test_fuzz_pdf(raw: bytes) -> None:
    def read() -> object:
        return extract_pdf(raw, "doc.pdf", max_pages=20, max_chars=200_000, max_stream_bytes=4 << 20)

    result = only_input_errors(read, "doc.pdf", raw, ".pdf")
    if not isinstance(result, InputError):
        assert result.text.strip()  # type: ignore[attr-defined]


@fuzz
@given(
    st.lists(
        st.one_of(RECORDS.map(json.dumps), TEXT, st.binary(max_size=60).map(lambda b: b.decode("latin-1"))),
        max_size=8,
    ),
    st.booleans(),
)
def test_fuzz_jsonl_lines(lines: list[str], compressed: bool) -> None:
    raw = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    stream = io.BytesIO(gzip.compress(raw)) if compressed else io.BytesIO(raw)
    reader = gzip.GzipFile(fileobj=stream) if compressed else stream

    def read() -> list[object]:
        return list(read_jsonl(reader, "bulk.jsonl", base=Metadata(), max_text_chars=200_000))

    items = only_input_errors(read, "bulk.jsonl", raw, ".jsonl")
    assert not isinstance(items, InputError)
    for item in items:
        if isinstance(item, InputError):
            assert "\n" not in str(item) and str(item).startswith("bulk.jsonl:")
        _check(item)


@fuzz
@given(st.one_of(RECORDS.map(json.dumps), JSON.map(json.dumps), TEXT), st.booleans())
def test_fuzz_sidecar_json(tmp_path_factory: object, body: str, bom: bool) -> None:
    folder = Path(str(tmp_path_factory.mktemp("sidecar")))  # type: ignore[attr-defined]
    document = folder / "statement.txt"
    document.write_text("The ministry said on Tuesday that four civilians were killed.", encoding="utf-8")
    raw = (codecs.BOM_UTF8 if bom else b"") + body.encode("utf-8", errors="surrogatepass")
    sidecar = folder / "statement.json"
    sidecar.write_bytes(raw)
    result = only_input_errors(lambda: read_sidecar(document), str(sidecar), raw, ".json")
    if isinstance(result, Metadata):
        for value in (result.url, result.publisher, result.title, result.author, result.side):
            assert value is None or isinstance(value, str)
