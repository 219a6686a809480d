"""Extractions in Parquet files: written by `audiatur extract --to-parquet DIR`, read by `audiatur load DIR`.

A folder holds `part-<digest>.parquet` files, one per written batch, each row one document's extraction:
`document_id`, `extractor_version`, `statements`, `claims` (counts, for a quick look with any Parquet
tool) and `extraction` (the whole extraction as JSON, see `codec`). A part's name is the digest of the
document ids in it, and a part is written under a temporary name and then renamed: a batch written again
replaces its part, a crash never leaves half a part, and loading a folder twice stores nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from audiatur.domain import Extraction
from audiatur.errors import InputError, ParseFailed

from .codec import decode_extraction, encode_extraction

__all__ = ["PARQUET_SCHEMA", "ParquetSink", "count_rows", "part_documents", "part_files", "read_parts"]

log = logging.getLogger(__name__)

PARQUET_SCHEMA = pa.schema(
    [
        pa.field("document_id", pa.string(), nullable=False),
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("statements", pa.int32(), nullable=False),
        pa.field("claims", pa.int32(), nullable=False),
        pa.field("extraction", pa.large_string(), nullable=False),
    ],
    metadata={"audiatur.format": "extractions/1"},
)
_PATTERN = "part-*.parquet"


class ParquetSink:
    """Writes batches of extractions as Parquet parts into a folder (created if need be)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def done(self, extractor_version: str) -> set[str]:
        """Ids of the documents the folder already holds an extraction of by this version."""
        found: set[str] = set()
        for path in part_files(self.folder, required=False):
            table = pq.read_table(path, columns=["document_id", "extractor_version"])
            ids = table.column("document_id").to_pylist()
            versions = table.column("extractor_version").to_pylist()
            found.update(i for i, v in zip(ids, versions, strict=True) if v == extractor_version)
        return found

    def write(self, extractions: Sequence[Extraction]) -> list[tuple[str, str]]:
        """Write one part; returns the refused documents (none: a part takes any extraction)."""
        if not extractions:
            return []
        ids = [x.document_id for x in extractions]
        table = pa.table(
            {
                "document_id": ids,
                "extractor_version": [x.extractor_version for x in extractions],
                "statements": [len(x.statements) for x in extractions],
                "claims": [len(x.claims) for x in extractions],
                "extraction": [encode_extraction(x) for x in extractions],
            },
            schema=PARQUET_SCHEMA,
        )
        digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:20]
        path = self.folder / f"part-{digest}.parquet"
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(table, tmp, compression="zstd")
        tmp.replace(path)
        log.debug("%s: %d extractions", path, len(extractions))
        return []


def part_files(folder: Path, *, required: bool = True) -> list[Path]:
    """The Parquet parts in a folder, by name (InputError if `required` and there are none)."""
    parts = sorted(folder.glob(_PATTERN)) if folder.is_dir() else []
    if required and not parts:
        raise InputError(str(folder), f"no {_PATTERN} files here (write them with extract --to-parquet)")
    return parts


def count_rows(parts: Sequence[Path]) -> int:
    """How many extractions the parts hold (from their footers: nothing else is read; bad parts count 0)."""
    total = 0
    for path in parts:
        try:
            total += _open(path).metadata.num_rows
        except ParseFailed:
            continue  # read_parts reports it
    return total


def part_documents(path: Path) -> list[str]:
    """The document ids in a part, in its order (an empty list for a part that cannot be read)."""
    try:
        return [str(i) for i in pq.read_table(path, columns=["document_id"]).column(0).to_pylist()]
    except (OSError, KeyError, pa.ArrowException):
        return []  # read_parts reports it


def _open(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise ParseFailed(str(path), f"not a Parquet file: {exc}") from exc


def read_parts(
    parts: Sequence[Path], *, batch_size: int = 256
) -> Iterator[tuple[list[Extraction], list[tuple[str, str]]]]:
    """Batches of (extractions, bad rows or parts as (`file:row` or `file`, reason)), streamed part by part.

    A part that is not a Parquet file of extractions is reported whole, and the other parts are read.
    """
    for path in parts:
        try:
            part = _open(path)
            if "extraction" not in part.schema_arrow.names:
                raise ParseFailed(str(path), "no extraction column: not written by extract --to-parquet")
        except ParseFailed as exc:
            yield [], [(exc.source, exc.reason)]
            continue
        row = 0
        for record_batch in part.iter_batches(batch_size=batch_size, columns=["extraction"]):
            extractions: list[Extraction] = []
            bad: list[tuple[str, str]] = []
            for text in record_batch.column(0).to_pylist():
                row += 1
                try:
                    extractions.append(decode_extraction(text, f"{path}:{row}"))
                except ParseFailed as exc:
                    bad.append((exc.source, exc.reason))
            yield extractions, bad
