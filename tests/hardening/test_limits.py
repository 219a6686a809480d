"""Resource limits: every oversized or explosive input is refused with one line naming it and the limit,
in bounded time and with bounded memory (peak Python allocations measured with tracemalloc).

Time bounds are generous (the machine may be busy): they tell "refused early" from "ground through the
bomb", which would take minutes and gigabytes.
"""

from __future__ import annotations

import gzip
import io
import json
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from audiatur.errors import InputError, ParseFailed, TooLarge, UnsupportedFormat
from audiatur.ingest import IngestOptions, read_source
from audiatur.ingest.language import detect_language
from ingest.payloads import bomb_pdf, flate_bomb, gzip_of_zeros, text_pdf
from ingest.server import LoopbackServer, Reply, serve

MB = 1024 * 1024
OPTIONS = IngestOptions(
    max_file_bytes=8 * MB, max_text_chars=100_000, max_pdf_pages=10, max_pdf_stream_bytes=8 * MB
)
STATEMENT = "The Ministry of Defence said on Tuesday that four civilians were killed in Kessel. "


@dataclass(frozen=True)
class Refusal:
    """What reading a hostile source came to: the error, the seconds taken and the peak memory."""

    error: InputError
    seconds: float
    peak: int


def _refused(source: str, options: IngestOptions = OPTIONS) -> Refusal:
    """Read `source`, expecting the whole source or one of its items to be refused."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        try:
            items = list(read_source(source, options))
        except InputError as exc:
            error = exc
        else:
            errors = [i for i in items if isinstance(i, InputError)]
            assert errors, f"{source} was read: {items}"
            error = errors[0]
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "\n" not in str(error)
    return Refusal(error=error, seconds=seconds, peak=peak)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load what loads once per process (the language model, ~80 MB) so peaks measure the input alone."""
    detect_language(STATEMENT)


@pytest.fixture()
def http() -> Iterator[LoopbackServer]:
    yield from serve()


def _gzip_of(fill: bytes, megabytes: int) -> bytes:
    """A gzip member inflating to `megabytes` MB of `fill`, made without holding it whole."""
    engine = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = fill * MB
    return b"".join([*(engine.compress(block) for _ in range(megabytes)), engine.flush()])


def _zip(name: str, megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(name, "w") as member:
        for _ in range(megabytes):
            member.write(b"\0" * MB)
    return buffer.getvalue()


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(64 * MB)  # a sparse 64 MB file: reading it would allocate 64 MB
    refusal = _refused(str(path))
    assert isinstance(refusal.error, TooLarge)
    assert str(refusal.error) == f"{path}: file is 67,108,864 bytes, over the limit of 8,388,608"
    assert refusal.peak < 1 * MB


@pytest.mark.parametrize("name", ["long.txt", "long.html", "long.jsonl"])
def test_text_over_the_length_limit_is_refused(tmp_path: Path, name: str) -> None:
    text = STATEMENT * 2000  # 166,000 characters, over 100,000
    body = {
        ".txt": text,
        ".html": f"<html><body><p>{text}</p></body></html>",
        ".jsonl": json.dumps({"text": text}) + "\n",
    }[Path(name).suffix]
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    refusal = _refused(str(path))
    assert isinstance(refusal.error, TooLarge)
    assert "over the limit of 100,000" in str(refusal.error)
    assert refusal.seconds < 30
    assert refusal.peak < 40 * MB


def test_jsonl_line_far_over_the_limit_is_skipped_without_holding_it(tmp_path: Path) -> None:
    path = tmp_path / "bulk.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "' + b"x" * (30 * MB) + b'"}\n')
        handle.write(json.dumps({"text": STATEMENT}).encode() + b"\n")
    tracemalloc.start()
    try:
        items = list(read_source(str(path), OPTIONS))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], TooLarge) and str(items[0]).startswith(f"{path}:1: line is over")
    assert not isinstance(items[1], InputError)  # the next line is read
    assert peak < 8 * MB


def test_pdf_page_cap(tmp_path: Path) -> None:
    path = tmp_path / "many.pdf"
    path.write_bytes(text_pdf(*[[f"Page {n}: {STATEMENT}"] for n in range(40)]))
    refusal = _refused(str(path))
    assert str(refusal.error) == f"{path}: 40 pages, over the limit of 10"
    assert refusal.seconds < 10 and refusal.peak < 10 * MB


@pytest.mark.parametrize(
    ("megabytes", "reason"), [(6, "holds no text (decompression bomb)"), (200, "inflates past 8 MB")]
)
def test_pdf_flate_bomb(tmp_path: Path, megabytes: int, reason: str) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb_pdf(megabytes))
    refusal = _refused(str(path))
    assert isinstance(refusal.error, TooLarge) and reason in str(refusal.error)
    assert refusal.seconds < 30
    assert refusal.peak < 60 * MB  # a few times the 8 MB stream cap, never the 200 MB the bomb holds


@pytest.mark.parametrize("name", ["bomb.xml.gz", "bomb.txt.gz", "bomb.html.gz", "bomb.gz"])
def test_gzip_file_bomb(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip_of_zeros(256))  # ~250 KB inflating to 256 MB
    refusal = _refused(str(path))
    assert str(refusal.error) == f"{path}: inflates past 8,388,608 bytes (decompression bomb?)"
    assert refusal.seconds < 10
    assert refusal.peak < 24 * MB


@pytest.mark.parametrize("fill", [b"\0", b"\n"], ids=["zeros", "newlines"])
def test_gzip_jsonl_bomb_is_refused_by_ratio(tmp_path: Path, fill: bytes) -> None:
    """Bulk JSONL has no size cap (it is streamed), so a gzip bomb is caught by its compression ratio."""
    path = tmp_path / "bulk.jsonl.gz"
    raw = gzip.compress(json.dumps({"text": STATEMENT}).encode() + b"\n") + _gzip_of(fill, 64)
    path.write_bytes(raw)
    refusal = _refused(str(path))
    assert isinstance(refusal.error, TooLarge)
    assert f"{path}: inflates to over 100 times its compressed size (decompression bomb?)" in str(
        refusal.error
    )
    assert refusal.seconds < 30
    assert refusal.peak < 40 * MB


def test_legitimate_gzip_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bulk.jsonl.gz"
    lines = [json.dumps({"text": f"{n}: {STATEMENT}"}) for n in range(3000)]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    items = list(read_source(str(path), OPTIONS))
    assert len(items) == 3000 and not any(isinstance(i, InputError) for i in items)


@pytest.mark.parametrize("name", ["feed.zip", "feed.xml.zip"])
def test_zip_archives_are_refused_without_inflating(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_zip("feed.xml", 256))
    refusal = _refused(str(path))
    assert isinstance(refusal.error, UnsupportedFormat)
    assert str(refusal.error).startswith(f"{path}: ")
    assert refusal.seconds < 5 and refusal.peak < 4 * MB


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    entities[1] = '<!ENTITY lol1 "' + "&lol;" * 10 + '">'
    feed = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(entities) + "\n]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
        "<description>&lol9;</description></item></channel></rss>"
    )
    path = tmp_path / "lol.xml"
    path.write_text(feed, encoding="utf-8")
    refusal = _refused(str(path))
    assert isinstance(refusal.error, ParseFailed)
    assert str(refusal.error) == f"{path}: XML entity declarations are not allowed"
    assert refusal.seconds < 2 and refusal.peak < 2 * MB


@pytest.mark.parametrize(
    ("reply", "kind", "reason"),
    [
        (Reply(body=b"x" * (12 * MB)), TooLarge, "over the limit of 8,388,608"),
        (
            Reply(body=gzip_of_zeros(256), headers={"Content-Encoding": "gzip"}),
            TooLarge,
            "inflates past 8,388,608",
        ),
        (
            Reply(body=gzip_of_zeros(256), headers={"Content-Type": "application/gzip"}),
            TooLarge,
            "inflates past 8,388,608",
        ),
        (
            Reply(body=_zip("feed.xml", 64), headers={"Content-Type": "application/zip"}),
            UnsupportedFormat,
            "zip",
        ),
        (
            Reply(body=b"%PDF-1.4\n" + flate_bomb(1), headers={"Content-Type": "application/pdf"}),
            ParseFailed,
            "",
        ),
    ],
    ids=["plain", "gzip-encoding", "gzip-file", "zip", "broken-pdf"],
)
def test_fetched_bombs_are_refused(
    http: LoopbackServer, reply: Reply, kind: type[InputError], reason: str
) -> None:
    http.routes["/x"] = reply
    options = replace(
        OPTIONS, allow_addresses=frozenset({http.address}), max_fetch_bytes=8 * MB, fetch_timeout=20
    )
    refusal = _refused(http.url("/x"), options)
    assert isinstance(refusal.error, kind), refusal.error
    assert reason in str(refusal.error) and http.url("/x") in str(refusal.error)
    assert refusal.seconds < 20
    assert refusal.peak < 40 * MB
