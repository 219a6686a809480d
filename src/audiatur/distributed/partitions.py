"""Bulk ingest's unit of work: a partition of a corpus, read as raw lines here and parsed on a worker.

The client only cuts the input into partitions: for a JSON Lines file (plain or gzipped, a sidecar giving
every line its publisher and side) or a Parquet file (its rows as JSON lines), `size` numbered raw lines,
read as the ingest stage reads them (an over-long line is skipped and reported, not held). Everything per
document happens in `partition_task`, on a worker: validating and normalising each line, hashing, language
detection, MinHash and extraction. Other sources (HTML, PDF, feeds, URLs) are read by the client as before and
their captures travel in the partition instead.

A line whose raw bytes the ledger already holds (a re-run of a corpus) is parsed but not prepared: its
document is most likely stored, and the writer prepares any that is not (`Bulk.known_blobs` gives the hint).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from audiatur.domain import Capture
from audiatur.errors import InputError
from audiatur.ingest import IngestOptions, discover, read_source, sha256_hex
from audiatur.ingest.compression import line_stream
from audiatur.ingest.documents import Metadata
from audiatur.ingest.formats import Format, format_for_name
from audiatur.ingest.jsonl import jsonl_lines, parse_jsonl_lines
from audiatur.ingest.sidecar import read_sidecar

from .corpus import is_parquet, parquet_lines
from .worker import DocumentFailure, ExtractorSpec, Prepared, prepare_task

__all__ = ["Bad", "Item", "Part", "partition_task", "read_parts", "single_items"]

log = logging.getLogger(__name__)

Line = tuple[int, bytes | None]  # (line number, raw line; None: over-long, reported by the parser)
KnownRaw = Callable[[Sequence[str]], set[str]]  # raw SHA-256s → those the ledger holds


@dataclass(frozen=True, slots=True)
class Bad:
    """An input item that could not be read (one line, or a whole source), and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Part:
    """A partition of the input: numbered raw lines of one source to parse, or items read already."""

    number: int
    source: str
    base: Metadata  # what a sidecar says of every line
    max_text_chars: int
    lines: tuple[Line, ...] = ()
    read: tuple[Capture | Bad, ...] = ()
    known: frozenset[str] = frozenset()  # raw SHA-256s the ledger holds: parsed, not prepared

    @property
    def size(self) -> int:
        return len(self.lines) + len(self.read)

    def sources(self) -> list[str]:
        """What each item is called in reports (`file.jsonl:N`, or the source read)."""
        named = [f"{self.source}:{n}" for n, _ in self.lines]
        return named + [i.source if isinstance(i, Bad) else i.document.source for i in self.read]


# A capture with what its worker computed (None: not prepared, its raw bytes being known), or a bad item.
Item = tuple[Capture, Prepared | DocumentFailure | None] | Bad


def partition_task(spec: ExtractorSpec | None, part: Part) -> list[Item]:
    """Parse the partition's lines and prepare each new document (signature, band keys, extraction)."""
    items: Iterable[Capture | InputError | Bad] = (
        parse_jsonl_lines(part.lines, part.source, base=part.base, max_text_chars=part.max_text_chars)
        if part.lines
        else part.read
    )
    out: list[Item] = []
    done: dict[str, Prepared | DocumentFailure] = {}  # a text twice in a partition is prepared once
    for item in items:
        if isinstance(item, InputError):
            out.append(Bad(item.source, item.reason))
        elif isinstance(item, Bad):
            out.append(item)
        else:
            document = item.document
            outcome = done.get(document.id)
            if outcome is None and document.raw_sha256 not in part.known:
                outcome = done[document.id] = prepare_task(spec, [document])[0]
            out.append((item, outcome))
    return out


def single_items(part: Part) -> list[Part]:
    """The partition as one partition per line or item (a partition failed as a whole is retried so)."""
    common = (part.source, part.base, part.max_text_chars)
    return [Part(part.number, *common, lines=(line,), known=part.known) for line in part.lines] + [
        Part(part.number, *common, read=(item,)) for item in part.read
    ]


def read_parts(
    targets: Sequence[str], options: IngestOptions, size: int, known_raw: KnownRaw | None = None
) -> Iterator[Part]:
    """The corpus as partitions of `size` items, in input order; a source that cannot be read is a `Bad`."""
    number = 0
    for source in discover(targets):
        for part in _parts_of(source, options, size):
            if part.lines and known_raw is not None:
                known = frozenset(known_raw(sorted({sha256_hex(raw) for _, raw in part.lines if raw})))
                part = Part(number, part.source, part.base, part.max_text_chars, part.lines, known=known)
            else:
                part = Part(number, part.source, part.base, part.max_text_chars, part.lines, part.read)
            yield part
            number += 1


def _parts_of(source: str, options: IngestOptions, size: int) -> Iterator[Part]:
    chars = options.max_text_chars
    lines = _raw_lines(source, options)
    if lines is None:  # read here, item by item, as the ingest stage reads it
        read: list[Capture | Bad] = []
        try:
            for item in read_source(source, options):
                read.append(Bad(item.source, item.reason) if isinstance(item, InputError) else item)
                if len(read) == size:
                    yield Part(0, source, Metadata(), chars, read=tuple(read))
                    read = []
        except InputError as exc:
            read.append(Bad(exc.source, exc.reason))
        if read:
            yield Part(0, source, Metadata(), chars, read=tuple(read))
        return
    base, numbered = lines
    chunk: list[Line] = []
    try:
        for line in numbered:
            chunk.append(line)
            if len(chunk) == size:
                yield Part(0, source, base, chars, lines=tuple(chunk))
                chunk = []
    except InputError as exc:
        if chunk:
            yield Part(0, source, base, chars, lines=tuple(chunk))
        yield Part(0, source, base, chars, read=(Bad(exc.source, exc.reason),))
        return
    except OSError as exc:
        if chunk:
            yield Part(0, source, base, chars, lines=tuple(chunk))
        yield Part(0, source, base, chars, read=(Bad(source, f"cannot read: {exc.strerror or exc}"),))
        return
    if chunk:
        yield Part(0, source, base, chars, lines=tuple(chunk))


def _raw_lines(source: str, options: IngestOptions) -> tuple[Metadata, Iterator[Line]] | None:
    """(the metadata of every line, the numbered lines) of a JSON Lines or Parquet file; None for sources
    read whole (and for a file that is missing or unreadable: the ingest stage reports it)."""
    if is_parquet(source):
        return Metadata(), parquet_lines(Path(source), options.max_text_chars)
    if "://" in source or format_for_name(Path(source).name) is not Format.JSONL:
        return None
    path = Path(source)
    try:
        if not path.is_file():
            return None
        sidecar = read_sidecar(path) or Metadata()
    except (OSError, InputError):
        return None
    return Metadata(publisher=sidecar.publisher, side=sidecar.side), _file_lines(path, source, options)


def _file_lines(path: Path, source: str, options: IngestOptions) -> Iterator[Line]:
    with path.open("rb") as handle:
        yield from jsonl_lines(line_stream(handle, source), options.max_text_chars)
