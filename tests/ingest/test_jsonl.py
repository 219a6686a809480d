"""JSON Lines bulk loads: streamed, one document a line, bad lines yielded by name and skipped."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from audiatur.domain import Capture, DatePrecision
from audiatur.errors import InputError, NoExtractableText, ParseFailed, TooLarge
from audiatur.ingest import IngestOptions, read_source

from .conftest import STATEMENT, UNRELATED

Write = Callable[[str, bytes | str], str]

GOOD = {
    "text": STATEMENT,
    "url": "https://mod.arvenia.example/news/1",
    "title": "Kessel shelled overnight",
    "published": "2020-10-08",
    "publisher": "Arvenian Ministry of Defence",
}


def line(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def test_jsonl_good_and_bad_lines(write: Write, options: IngestOptions) -> None:
    lines = [
        line(GOOD),
        b"",  # blank lines are skipped, but still counted
        b"{not json",
        line({"url": "https://x.example/"}),  # no text
        line({"text": 42}),  # text of the wrong type
        line({"text": "Kessel", "published": "last Tuesday"}),
        line({"text": "Kessel", "language": "english"}),
        line(["a", "list"]),
        line({"text": "   "}),
        line({"text": UNRELATED, "published": "2020-10", "side": "arvenian", "language": "en", "extra": 1}),
    ]
    path = write("bulk.jsonl", b"\r\n".join(lines) + b"\n")
    items = list(read_source(path, options))
    assert [item.source if isinstance(item, InputError) else item.document.source for item in items] == [
        f"{path}:{n}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 10)
    ]
    good, *bad, last = items
    assert isinstance(good, Capture) and isinstance(last, Capture)
    assert [type(error) for error in bad] == [ParseFailed] * 6 + [NoExtractableText]
    assert "Invalid JSON" in bad[0].reason  # type: ignore[union-attr]
    assert "text: Field required" in bad[1].reason  # type: ignore[union-attr]
    assert "not a date: 'last Tuesday'" in bad[3].reason  # type: ignore[union-attr]
    assert "not an ISO 639-1 code" in bad[4].reason  # type: ignore[union-attr]
    doc = good.document
    assert doc.text == STATEMENT
    assert (doc.url, doc.title, doc.publisher) == (GOOD["url"], GOOD["title"], GOOD["publisher"])
    assert (doc.published, doc.published_precision) == (date(2020, 10, 8), DatePrecision.DAY)
    assert good.raw == lines[0]
    assert doc.raw_sha256 == hashlib.sha256(lines[0]).hexdigest()  # the line's bytes, no terminator
    assert (last.document.published, last.document.published_precision) == (
        date(2020, 10, 1),
        DatePrecision.MONTH,
    )
    assert last.document.side == "arvenian"


def test_jsonl_sidecar_gives_publisher_and_side_to_lines_without_them(
    write: Write, options: IngestOptions
) -> None:
    path = write("wire.jsonl", line({"text": STATEMENT}) + b"\n" + line(GOOD) + b"\n")
    write("wire.json", json.dumps({"publisher": "Arvenia Wire", "side": "arvenian", "title": "ignored"}))
    first, second = (item.document for item in read_source(path, options) if isinstance(item, Capture))
    assert (first.publisher, first.side, first.title) == ("Arvenia Wire", "arvenian", None)
    assert (second.publisher, second.side) == ("Arvenian Ministry of Defence", "arvenian")


def test_jsonl_over_long_line_is_skipped_without_reading_it_whole(write: Write) -> None:
    huge = line({"text": "x" * 5000})
    path = write("long.jsonl", line(GOOD) + b"\n" + huge + b"\n" + line({"text": UNRELATED}) + b"\n")
    items = list(read_source(path, IngestOptions(max_text_chars=600)))
    assert [type(item) for item in items] == [Capture, TooLarge, Capture]
    assert items[1].source == f"{path}:2"  # type: ignore[union-attr]


def test_gzipped_jsonl_is_streamed(write: Write, options: IngestOptions) -> None:
    path = write("bulk.jsonl.gz", gzip.compress(line(GOOD) + b"\n" + line({"text": UNRELATED})))
    assert [type(item) for item in read_source(path, options)] == [Capture, Capture]


def test_jsonl_is_not_held_whole_and_ignores_the_file_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        for n in range(3000):
            handle.write(line({"text": f"Report {n}: {UNRELATED}", "language": "en"}) + b"\n")
    options = IngestOptions(max_file_bytes=64 * 1024)  # the file is ~800 KB
    stream = read_source(str(path), options)
    first = next(stream)
    assert isinstance(first, Capture)
    assert sum(1 for _ in stream) == 2999


@pytest.mark.slow
def test_jsonl_reads_every_line_of_a_large_file(tmp_path: Path) -> None:
    path = tmp_path / "bulk.jsonl"
    count = 5_000
    with path.open("wb") as handle:
        for n in range(count):
            handle.write(line({**GOOD, "text": f"{n}. {STATEMENT}"}) + b"\n")
    # every line of a large file is read (its speed is measured in `make bench`, not asserted here)
    total = sum(1 for item in read_source(str(path), IngestOptions()) if isinstance(item, Capture))
    assert total == count
