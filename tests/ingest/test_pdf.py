"""PDFs with pypdf: text, page cap, damage, encryption, scans and decompression bombs."""

from __future__ import annotations

import io
import time
import tracemalloc
from collections.abc import Callable

import pypdf
import pytest

from audiatur.domain import Capture
from audiatur.errors import NoExtractableText, ParseFailed, TooLarge
from audiatur.ingest import IngestOptions, read_source
from audiatur.ingest.pdf import extract_pdf

from .payloads import bomb_pdf, image_only_pdf, text_pdf

Write = Callable[[str, bytes | str], str]

PAGE_ONE = ["Interim report of the Arvenian Monitoring Mission", "Four civilians were killed in Kessel."]
PAGE_TWO = ["The Dalmor Federation denies targeting homes.", "Eleven people were wounded."]


def read_all(source: str, options: IngestOptions) -> list[Capture]:
    items = list(read_source(source, options))
    assert all(isinstance(item, Capture) for item in items), items
    return [item for item in items if isinstance(item, Capture)]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "flate"])
def test_pdf_pages_become_one_document(write: Write, options: IngestOptions, compress: bool) -> None:
    raw = text_pdf(PAGE_ONE, PAGE_TWO, compress=compress, title="Interim report on Kessel")
    (capture,) = read_all(write("report.pdf", raw), options)
    doc = capture.document
    assert capture.raw == raw
    for line in PAGE_ONE + PAGE_TWO:
        assert line in doc.text
    assert doc.text.index(PAGE_ONE[1]) < doc.text.index(PAGE_TWO[0])
    assert doc.title == "Interim report on Kessel"
    assert doc.author == "Arvenian Monitoring Mission"
    assert doc.media_type == "application/pdf"


def test_pdf_title_naming_a_file_is_dropped(options: IngestOptions) -> None:
    result = extract_pdf(
        text_pdf(PAGE_ONE, title="Microsoft Word - draft_v3.docx"),
        "r.pdf",
        max_pages=5,
        max_chars=10_000,
        max_stream_bytes=1 << 20,
    )
    assert result.metadata.title is None


def test_pdf_page_cap_names_the_count(write: Write) -> None:
    path = write("long.pdf", text_pdf(*[PAGE_ONE] * 6))
    with pytest.raises(TooLarge, match=r"long\.pdf: 6 pages, over the limit of 5$"):
        list(read_source(path, IngestOptions(max_pdf_pages=5)))
    assert len(read_all(path, IngestOptions(max_pdf_pages=6))) == 1


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("fake.pdf", b"<html>this is not a PDF</html>", "not a PDF"),
        ("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "malformed PDF"),
        ("truncated.pdf", text_pdf(PAGE_ONE)[:120], "malformed PDF"),
    ],
)
def test_malformed_pdf_is_a_one_line_parse_failure(
    write: Write, options: IngestOptions, name: str, raw: bytes, reason: str
) -> None:
    path = write(name, raw)
    with pytest.raises(ParseFailed) as caught:
        list(read_source(path, options))
    assert caught.value.source == path
    assert reason in caught.value.reason
    assert "\n" not in str(caught.value)


def _encrypted(user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf(PAGE_ONE))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_without_password_is_refused(write: Write, options: IngestOptions) -> None:
    path = write("locked.pdf", _encrypted("reader-secret"))
    with pytest.raises(ParseFailed, match=r"locked\.pdf: encrypted PDF that needs a password$"):
        list(read_source(path, options))


def test_pdf_encrypted_only_against_editing_is_read(write: Write, options: IngestOptions) -> None:
    (capture,) = read_all(write("restricted.pdf", _encrypted("")), options)
    assert PAGE_ONE[1] in capture.document.text


def test_image_only_pdf_has_no_extractable_text(write: Write, options: IngestOptions) -> None:
    path = write("scan.pdf", image_only_pdf())
    with pytest.raises(NoExtractableText, match=r"scan\.pdf: no extractable text in 1 page\(s\)"):
        list(read_source(path, options))


def _bounded(source: str, options: IngestOptions) -> tuple[BaseException, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TooLarge) as caught:
            list(read_source(source, options))
        return caught.value, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_pdf_decompression_bomb_under_pypdf_limit_is_refused(write: Write, options: IngestOptions) -> None:
    raw = bomb_pdf(24)  # ~24 KB inflating to 24 MB of blanks: pypdf alone returns "" with no error
    assert pypdf.PdfReader(io.BytesIO(raw)).pages[0].extract_text() == ""
    error, seconds, peak = _bounded(write("bomb.pdf", raw), options)
    assert "decompression bomb" in str(error) and "bomb.pdf" in str(error)
    assert seconds < 10
    assert peak < 200 * 1024 * 1024


def test_pdf_decompression_bomb_past_stream_cap_is_refused_early(write: Write) -> None:
    raw = bomb_pdf(300)  # ~300 KB inflating to 300 MB
    error, seconds, peak = _bounded(write("big-bomb.pdf", raw), IngestOptions(max_pdf_stream_bytes=16 << 20))
    assert "inflates past 16 MB (decompression bomb)" in str(error)
    assert seconds < 10
    assert peak < 100 * 1024 * 1024
