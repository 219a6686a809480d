"""JSON Lines bulk loads: one `{text, url, title, published, publisher}` object a line, streamed.

The file is read a line at a time with a bounded `readline`, so a multi-gigabyte file, or one
enormous line, never sits in memory whole. Each line is validated by a pydantic model at this edge; a
bad line becomes an `InputError` naming `file.jsonl:N` and reading goes on. A line's `raw_sha256` is
the hash of the line's own bytes, without its line terminator.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Protocol

from pydantic import ValidationError

from audiatur.domain import Capture
from audiatur.errors import InputError, ParseFailed, TooLarge

from .documents import Metadata, make_capture
from .sidecar import SidecarRecord, describe_invalid

__all__ = ["JsonlRecord", "jsonl_lines", "max_line_bytes", "parse_jsonl_lines", "read_jsonl"]

log = logging.getLogger(__name__)

_CHUNK = 1024 * 1024
# JSON may spell every character as a 6-byte \\uXXXX escape; metadata gets room on top.
_ESCAPE_FACTOR = 6
_METADATA_ROOM = 64 * 1024


class LineReader(Protocol):
    """A binary stream read a line at a time (an open file, a `GzipFile`, a `BytesIO`)."""

    def readline(self, size: int = -1, /) -> bytes:
        """The next line, at most `size` bytes of it."""
        ...


class JsonlRecord(SidecarRecord):
    """One line of a bulk load: a text and the same metadata keys a sidecar has (unknown keys ignored)."""

    text: str


def max_line_bytes(max_text_chars: int) -> int:
    """The longest line read for texts of at most `max_text_chars` characters (escapes and metadata included)."""
    return max_text_chars * _ESCAPE_FACTOR + _METADATA_ROOM


def jsonl_lines(stream: LineReader, max_text_chars: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, the line without its terminator), or None for a line too long to be read."""
    return _lines(stream, max_line_bytes(max_text_chars))


def _lines(stream: LineReader, max_line_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, the line without its terminator), or None for a line over `max_line_bytes`."""
    number = 0
    while line := stream.readline(max_line_bytes + 1):
        number += 1
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass  # skip the remainder of the over-long line without holding it
            yield number, None
            continue
        yield number, line.rstrip(b"\r\n")


def read_jsonl(
    stream: LineReader, source: str, *, base: Metadata, max_text_chars: int
) -> Iterator[Capture | InputError]:
    """Stream the documents of a JSON Lines file; bad lines are yielded as errors naming `source:N`.

    `base` (from a sidecar) gives the publisher and side for lines that do not name their own.
    """
    lines = jsonl_lines(stream, max_text_chars)
    yield from parse_jsonl_lines(lines, source, base=base, max_text_chars=max_text_chars)


def parse_jsonl_lines(
    lines: Iterable[tuple[int, bytes | None]], source: str, *, base: Metadata, max_text_chars: int
) -> Iterator[Capture | InputError]:
    """The documents of numbered lines read by `jsonl_lines` (perhaps in another process), as `read_jsonl`."""
    max_line = max_line_bytes(max_text_chars)
    good = bad = 0
    for number, line in lines:
        item = f"{source}:{number}"
        if line is None:
            bad += 1
            yield TooLarge(item, f"line is over {max_line:,} bytes")
            continue
        if not line.strip():
            continue
        try:
            record = JsonlRecord.model_validate_json(line)
            capture = make_capture(
                record.text,
                raw=line,
                source=item,
                media_type="application/json",
                metadata=base.overridden_by(record.metadata()),
                max_text_chars=max_text_chars,
                retrieved_at=datetime.now(UTC),
            )
        except ValidationError as exc:
            bad += 1
            yield ParseFailed(item, describe_invalid(exc))
            continue
        except InputError as exc:
            bad += 1
            yield exc
            continue
        good += 1
        yield capture
    log.info("%s: %d documents, %d bad lines", source, good, bad)
