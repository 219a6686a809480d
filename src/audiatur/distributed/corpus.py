"""Bulk corpora: JSON Lines files (read by the ingest stage) and Parquet files with the same columns.

A Parquet corpus has a row per document with the JSONL bulk-load keys as columns (`text`, `url`,
`title`, `published`, `publisher`, and optionally `side`, `author`, `language`). Each row is read
exactly as the JSONL line holding the same values would be: the same validation, normalisation and
errors naming `file.parquet:N`. A row has no bytes of its own, so its raw bytes (the chain of custody's
"as received") are the row as canonical JSON: keys sorted, no spaces, UTF-8; the Parquet file itself is
the caller's to keep.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from audiatur.domain import Capture
from audiatur.errors import InputError, ParseFailed
from audiatur.ingest import IngestOptions, discover, read_source

__all__ = ["count_documents", "is_parquet", "parquet_lines", "read_corpus"]

log = logging.getLogger(__name__)

_ROWS = 1024  # rows read from a Parquet file at a time
_COUNT_CHUNK = 1 << 20


def _is_url(source: str) -> bool:
    return "://" in source


def is_parquet(source: str) -> bool:
    """Whether a source names a Parquet file (by its extension)."""
    return not _is_url(source) and source.lower().endswith(".parquet")


def read_corpus(targets: Sequence[str], options: IngestOptions) -> Iterator[Capture | InputError]:
    """Every document of every target (files, folders, URLs, Parquet files); bad items as InputErrors."""
    for source in _sources(targets):
        try:
            yield from (
                _read_parquet(Path(source), options) if is_parquet(source) else read_source(source, options)
            )
        except InputError as exc:
            yield exc


def count_documents(targets: Sequence[str]) -> int:
    """About how many documents the targets hold: JSONL lines and Parquet rows counted, other files as one."""
    total = 0
    for source in _sources(targets):
        try:
            total += _count(source)
        except OSError:
            total += 1  # read_corpus will report it
    return total


def _sources(targets: Sequence[str]) -> list[str]:
    # discover() expands folders to the files the ingest stage reads; Parquet files are named outright.
    return discover(targets)


def _count(source: str) -> int:
    if is_parquet(source):
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(source).metadata.num_rows)
    if source.lower().endswith(".jsonl") and not _is_url(source):
        lines = 0
        with Path(source).open("rb") as f:
            while chunk := f.read(_COUNT_CHUNK):
                lines += chunk.count(b"\n")
        return lines
    return 1


class _RowLines:
    """The rows of a Parquet file as JSON lines, for the JSONL reader (streamed, a record batch at a time)."""

    def __init__(self, rows: Iterator[dict[str, Any]]) -> None:
        self._rows = rows

    def readline(self, size: int = -1, /) -> bytes:
        row = next(self._rows, None)
        if row is None:
            return b""
        line = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_value)
        return line.encode("utf-8") + b"\n"  # an over-long line is cut by the reader and reported


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    raise TypeError(f"a {type(value).__name__} value")


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise ParseFailed(str(path), f"not a Parquet file: {exc}") from exc
    if "text" not in parquet.schema_arrow.names:
        raise ParseFailed(
            str(path), "no text column (a corpus needs text, and url, title, published, publisher)"
        )
    for batch in parquet.iter_batches(batch_size=_ROWS):
        for row in batch.to_pylist():
            yield {k: v for k, v in row.items() if v is not None}


def _read_parquet(path: Path, options: IngestOptions) -> Iterator[Capture | InputError]:
    from audiatur.ingest.documents import Metadata
    from audiatur.ingest.jsonl import read_jsonl

    rows = _rows(path)
    first = next(rows, None)  # opening errors surface here, naming the file
    if first is None:
        return

    def all_rows() -> Iterator[dict[str, Any]]:
        yield first
        yield from rows

    yield from read_jsonl(
        _RowLines(all_rows()), str(path), base=Metadata(), max_text_chars=options.max_text_chars
    )


def parquet_lines(path: Path, max_text_chars: int) -> Iterator[tuple[int, bytes | None]]:
    """The rows of a Parquet file as numbered JSON lines, as `_read_parquet` reads them (for a worker to
    parse); ParseFailed, naming the file, for a file that is not a Parquet corpus."""
    from audiatur.ingest.jsonl import jsonl_lines

    yield from jsonl_lines(_RowLines(_rows(path)), max_text_chars)
