"""Bounded gzip/zlib inflation: compressed input is inflated only up to a hard cap."""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Callable
from typing import Any, BinaryIO

from audiatur.errors import ParseFailed, TooLarge

__all__ = ["GZIP_MAGIC", "MAX_RATIO", "BoundedLines", "Inflater", "gunzip", "is_gzip", "line_stream"]

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
# wbits 32 + 15: accept either a gzip or a zlib header, detected from the first bytes.
_AUTO_HEADER = 32 + zlib.MAX_WBITS
_STEP = 1024 * 1024
# A streamed gzip file (bulk JSONL, which has no size cap) may inflate to this many times its
# compressed size. Text and JSON compress 3-20 times; deflate's ceiling is about 1,000 (a bomb).
MAX_RATIO = 100
# Small files may compress better than that (a line repeated): below this many bytes no ratio applies.
_RATIO_FLOOR = 1024 * 1024


def is_gzip(raw: bytes) -> bool:
    """Whether `raw` starts with the gzip magic number."""
    return raw.startswith(GZIP_MAGIC)


class Inflater:
    """Incremental gzip/zlib inflation that raises `TooLarge` as soon as the output passes `limit` bytes.

    Memory stays within `limit` plus one step however extreme the compression ratio (a decompression
    bomb), because no single call is allowed to produce more than what is left of the budget.
    """

    def __init__(self, source: str, limit: int) -> None:
        self._source = source
        self._limit = limit
        self._total = 0
        self._engine = zlib.decompressobj(_AUTO_HEADER)

    def _inflate(self, data: bytes) -> list[bytes]:
        out: list[bytes] = []
        while data:
            budget = self._limit - self._total + 1
            try:
                piece = self._engine.decompress(data, min(budget, _STEP))
            except zlib.error as exc:
                raise ParseFailed(self._source, f"corrupt compressed data: {exc}") from exc
            self._total += len(piece)
            if self._total > self._limit:
                raise TooLarge(self._source, f"inflates past {self._limit:,} bytes (decompression bomb?)")
            out.append(piece)
            data = self._engine.unconsumed_tail
            if self._engine.eof:
                rest = self._engine.unused_data
                if not rest.strip(b"\0"):
                    break
                # Another gzip member follows (concatenated .gz files are valid gzip).
                self._engine = zlib.decompressobj(_AUTO_HEADER)
                data = rest + data
        return out

    def feed(self, chunk: bytes) -> bytes:
        """Inflate the next compressed chunk; returns the bytes it yields."""
        return b"".join(self._inflate(chunk))

    def finish(self) -> bytes:
        """Check the stream is complete; returns any bytes still buffered."""
        tail = self._engine.flush()
        self._total += len(tail)
        if self._total > self._limit:
            raise TooLarge(self._source, f"inflates past {self._limit:,} bytes (decompression bomb?)")
        if not self._engine.eof:
            raise ParseFailed(self._source, "compressed data ends early (truncated)")
        return tail


def gunzip(raw: bytes, source: str, limit: int) -> bytes:
    """Inflate gzip (or zlib) bytes, refusing with `TooLarge` past `limit` inflated bytes."""
    inflater = Inflater(source, limit)
    body = inflater.feed(raw)
    return body + inflater.finish()


class BoundedLines:
    """Lines of a streamed gzip file, refused with `TooLarge` once they outgrow the compressed input.

    Past `_RATIO_FLOOR` inflated bytes, the lines given may not exceed `MAX_RATIO` times the compressed
    bytes consumed so far (`compressed()`, the position in the underlying file), so a bomb is caught
    within the first few megabytes however large it claims to be.
    """

    def __init__(self, stream: Any, source: str, compressed: Callable[[], int]) -> None:
        self._stream = stream
        self._source = source
        self._compressed = compressed
        self._total = 0

    def readline(self, size: int = -1, /) -> bytes:
        """The next line (at most `size` bytes of it), counted against the ratio."""
        try:
            line: bytes = self._stream.readline(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise ParseFailed(self._source, f"corrupt compressed data: {exc}") from exc
        self._total += len(line)
        if self._total > _RATIO_FLOOR and self._total > MAX_RATIO * max(self._compressed(), 1):
            raise TooLarge(
                self._source,
                f"inflates to over {MAX_RATIO} times its compressed size (decompression bomb?)",
            )
        return line


def line_stream(handle: BinaryIO, source: str) -> BinaryIO | BoundedLines:
    """The lines of an open file as they are, or inflated (bounded) if it is gzip-compressed."""
    compressed = handle.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    handle.seek(0)
    if compressed:
        return BoundedLines(gzip.GzipFile(fileobj=handle), source, handle.tell)
    return handle
