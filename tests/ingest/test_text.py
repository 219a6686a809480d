"""Plain-text files: encodings read without mojibake, binary and empty files refused by name."""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from audiatur.domain import Capture, DatePrecision
from audiatur.errors import InputError, NoExtractableText, ParseFailed, TooLarge
from audiatur.ingest import IngestOptions, read_source
from audiatur.ingest.text import decode_text

from .conftest import STATEMENT

Write = Callable[[str, bytes | str], str]

ACCENTED = "Le porte-parole a déclaré : « quatre civils tués à Kessel », selon le communiqué — café détruit."


def read_one(source: str, options: IngestOptions) -> Capture:
    items = list(read_source(source, options))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, Capture), item
    return item


def test_text_file_becomes_a_document(write: Write, options: IngestOptions) -> None:
    raw = STATEMENT.replace("\n", "\r\n").encode("utf-8")
    path = write("statement.txt", raw)
    capture = read_one(path, options)
    doc = capture.document
    assert capture.raw == raw
    assert doc.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.text == STATEMENT  # CRLF normalised
    assert doc.id == hashlib.sha256(STATEMENT.encode("utf-8")).hexdigest()
    assert doc.source == path
    assert doc.media_type == "text/plain"
    assert doc.language == "en"
    assert doc.published is None and doc.published_precision is DatePrecision.UNKNOWN
    assert doc.retrieved_at.tzinfo is not None
    assert abs((datetime.now(UTC) - doc.retrieved_at).total_seconds()) < 60


def test_markdown_is_kept_verbatim(write: Write, options: IngestOptions) -> None:
    text = "# Statement\n\n*Kessel*, 8 October — the ministry said four civilians were killed."
    doc = read_one(write("note.md", text), options).document
    assert doc.text == text
    assert doc.media_type == "text/markdown"


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("utf8.txt", ACCENTED.encode("utf-8")),
        ("utf8-bom.txt", codecs.BOM_UTF8 + ACCENTED.encode("utf-8")),
        ("utf16-bom.txt", ACCENTED.encode("utf-16")),  # Python writes the BOM
        ("utf16be-bom.txt", codecs.BOM_UTF16_BE + ACCENTED.encode("utf-16-be")),
        ("utf32-bom.txt", ACCENTED.encode("utf-32")),
        ("cp1252.txt", ACCENTED.encode("cp1252")),
    ],
)
def test_text_encodings_decode_without_mojibake(
    write: Write, options: IngestOptions, name: str, encoded: bytes
) -> None:
    doc = read_one(write(name, encoded), options).document
    assert doc.text == ACCENTED
    assert doc.raw_sha256 == hashlib.sha256(encoded).hexdigest()  # the bytes as received, not re-encoded


@pytest.mark.parametrize(
    "junk",
    [
        b"\x00\x01\x02\x03" * 200,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(2000),  # a zip archive renamed .txt
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    ],
)
def test_binary_junk_is_refused_by_name(write: Write, options: IngestOptions, junk: bytes) -> None:
    path = write("junk.txt", junk)
    with pytest.raises(ParseFailed) as caught:
        list(read_source(path, options))
    assert caught.value.source == path
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8 + b"\n\n"])
def test_empty_text_file_has_no_text(write: Write, options: IngestOptions, content: bytes) -> None:
    path = write("empty.txt", content)
    with pytest.raises(NoExtractableText, match=r"empty\.txt"):
        list(read_source(path, options))


def test_file_over_the_size_limit_is_refused_unread(write: Write) -> None:
    path = write("big.txt", "word " * 1000)
    with pytest.raises(TooLarge, match=r"big\.txt: file is 5,000 bytes, over the limit of 4,096"):
        list(read_source(path, IngestOptions(max_file_bytes=4096)))


def test_text_over_the_character_limit_is_refused(write: Write) -> None:
    path = write("long.txt", STATEMENT)
    with pytest.raises(TooLarge, match=r"long\.txt: text is [\d,]+ characters, over the limit of 100"):
        list(read_source(path, IngestOptions(max_text_chars=100)))


def test_missing_file_is_an_input_error(tmp_path: object, options: IngestOptions) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_source("/nonexistent/statement.txt", options))


@pytest.mark.parametrize(
    ("encoded", "declared"),
    [
        (ACCENTED.encode("utf-8"), "iso-8859-1"),  # a common false declaration: UTF-8 still wins
        (ACCENTED.encode("cp1252"), "windows-1252"),
        (ACCENTED.encode("utf-16-le"), "utf-16-le"),  # no BOM, but declared
        (ACCENTED.encode("utf-8"), "no-such-charset"),
    ],
)
def test_declared_charset_never_causes_mojibake(encoded: bytes, declared: str) -> None:
    assert decode_text(encoded, "x.txt", declared=declared) == ACCENTED
