"""Extractions through JSON and Parquet parts come back equal; damaged parts are reported by file and row."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
from audiatur.distributed import ExtractorSpec, load_parquet
from audiatur.distributed.codec import decode_extraction, encode_extraction
from audiatur.distributed.parquet import ParquetSink, part_files, read_parts
from audiatur.domain import ClaimKind, Document, Extraction
from audiatur.errors import InputError, ParseFailed
from audiatur.ingest import normalize_text, sha256_hex
from audiatur.store import Store

_T = datetime(2027, 5, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    """The demo corpus's extractions: every claim kind, places, periods, signatories."""
    spec = ExtractorSpec(data=(str(DEMO_WORLD),))
    found = []
    for path in sorted(DEMO_CORPUS.glob("*.txt")):
        text = normalize_text(path.read_text(encoding="utf-8"))
        doc = Document(
            id=sha256_hex(text.encode()), raw_sha256="", source=path.name, text=text, retrieved_at=_T
        )
        found.append(spec.extract(doc))
    assert {c.kind for x in found for c in x.claims} == set(ClaimKind)
    return found


def test_extractions_round_trip_through_json(extractions: list[Extraction]) -> None:
    for extraction in extractions:
        assert decode_extraction(encode_extraction(extraction), "x") == extraction


@pytest.mark.parametrize("text", ["not json", '{"document_id": 1}', '{"claims": [{"kind": "rumour"}]}'])
def test_what_is_not_an_extraction_is_refused_naming_the_source(text: str) -> None:
    with pytest.raises(ParseFailed, match=r"^part\.parquet:7: not a stored extraction"):
        decode_extraction(text, "part.parquet:7")


def test_parts_are_named_by_their_documents_and_read_back(
    extractions: list[Extraction], tmp_path: Path
) -> None:
    sink = ParquetSink(tmp_path / "out")
    sink.write(extractions[:5])
    sink.write(extractions[5:])
    sink.write(extractions[:5])  # the same batch again replaces its part
    parts = part_files(tmp_path / "out")
    assert len(parts) == 2 and not list((tmp_path / "out").glob(".*"))
    read = [x for batch, bad in read_parts(parts, batch_size=4) for x in batch if not bad]
    assert sorted(read, key=lambda x: x.document_id) == sorted(extractions, key=lambda x: x.document_id)
    assert sink.done(extractions[0].extractor_version) == {x.document_id for x in extractions}
    assert sink.done("another version") == set()


def test_loading_reports_bad_rows_and_bad_folders(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no part-"):
        load_parquet(store, tmp_path)
    folder = tmp_path / "parts"
    folder.mkdir()
    table = pa.table({"document_id": ["a"], "extractor_version": ["v"], "statements": [0], "claims": [0],
                      "extraction": ["{broken"]})  # fmt: skip
    pq.write_table(table, folder / "part-0.parquet")
    (folder / "part-1.parquet").write_bytes(b"PAR1 not really")
    lines: list[tuple[str, str]] = []
    report = load_parquet(store, folder, on_error=lambda where, reason: lines.append((where, reason)))
    assert lines == report.failed and report.documents == 0
    assert [w for w, _ in lines] == [f"{folder / 'part-0.parquet'}:1", str(folder / "part-1.parquet")]
    assert "not a stored extraction" in lines[0][1] and "not a Parquet file" in lines[1][1]
