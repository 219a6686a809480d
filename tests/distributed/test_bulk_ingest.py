"""Bulk ingest (`ingest_bulk`, `audiatur ingest --bulk/--dask`) stores what `Ledger.ingest` stores: the same
documents, bytes, receipts and near-duplicate links, and the same claims; from JSONL and from Parquet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scaleout import export, ledger_on, spec_of, table_rows

from audiatur.distributed import ingest_bulk
from audiatur.ingest import IngestOptions
from audiatur.store import ClaimFilter, Store, open_store

if TYPE_CHECKING:
    from distributed import Client


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What `Ledger.ingest` makes of the corpus: its report, its tables and its claims."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}"
    with open_store(url) as store:
        report = ledger_on(store).ingest([str(corpus)], analyze=False)
        assert report.ok and report.duplicates
        return {"report": report, "tables": table_rows(store), "claims": export(store)}


def _same_as_reference(store: Store, report: object, reference: dict[str, object]) -> None:
    wanted = reference["report"]
    for field in ("added", "unchanged", "duplicates", "failed", "claims"):
        assert getattr(report, field) == getattr(wanted, field), field
    tables = table_rows(store)
    for table, rows in reference["tables"].items():  # type: ignore[attr-defined]
        assert tables[table] == rows, table
    assert export(store) == reference["claims"]


def test_bulk_ingest_stores_what_the_ledger_stores(
    store: Store, corpus: Path, reference: dict[str, object]
) -> None:
    report = ingest_bulk(store, [str(corpus)], options=IngestOptions(), spec=spec_of(store), batch_size=5)
    _same_as_reference(store, report, reference)
    # The same corpus again: every document unchanged, nothing stored twice.
    before = table_rows(store)
    again = ingest_bulk(store, [str(corpus)], options=IngestOptions(), spec=spec_of(store))
    assert (again.added, again.claims, len(again.unchanged)) == (
        [],
        0,
        len(report.added) + len(report.unchanged),
    )
    after = table_rows(store)
    assert {t: r for t, r in after.items() if t != "captures"} == {
        t: r for t, r in before.items() if t != "captures"
    }


def test_bulk_ingest_on_a_cluster_stores_the_same(
    store: Store, corpus: Path, reference: dict[str, object], client: Client
) -> None:
    report = ingest_bulk(
        store, [str(corpus)], options=IngestOptions(), spec=spec_of(store), client=client, batch_size=3
    )
    _same_as_reference(store, report, reference)


def test_a_parquet_corpus_reads_like_the_same_jsonl(store: Store, corpus: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    records.insert(3, {**records[0], "text": "   "})  # a row without text
    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.Table.from_pylist(records), path)
    errors: list[tuple[str, str]] = []
    report = ingest_bulk(
        store, [str(path)], options=IngestOptions(), spec=None, on_error=lambda s, r: errors.append((s, r))
    )
    assert errors == report.failed and [s for s, _ in errors] == [f"{path}:4"]
    jsonl = ledger_on(open_store(f"sqlite:///{tmp_path / 'jsonl.db'}")).store
    ingest_bulk(jsonl, [str(corpus)], options=IngestOptions(), spec=None)
    for a, b in zip(
        store.get_documents(report.added + report.unchanged),
        jsonl.get_documents(report.added + report.unchanged),
        strict=True,
    ):
        assert (a.id, a.text, a.title, a.url, a.published, a.publisher, a.side, a.duplicate_of) == (
            b.id, b.text, b.title, b.url, b.published, b.publisher, b.side, b.duplicate_of,
        )  # fmt: skip
    first = store.get_documents([report.added[0]])[0]
    assert first.source == f"{path}:1"
    raw = store.get_raw(first.raw_sha256)
    assert json.loads(raw) == {k: v for k, v in records[0].items() if v is not None}
    assert (
        raw == json.dumps(json.loads(raw), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )
    jsonl.close()


def test_bad_sources_and_lines_are_reported_and_the_rest_stored(store: Store, tmp_path: Path) -> None:
    good = {
        "text": "Four civilians were killed in Pellin, the Kestrian Ministry of Defence said.",
        "publisher": "X",
    }
    bulk = tmp_path / "bulk.jsonl"
    bulk.write_text(f"{json.dumps(good)}\nnot json\n{json.dumps({'title': 'no text'})}\n", encoding="utf-8")
    missing = tmp_path / "missing.jsonl"
    report = ingest_bulk(store, [str(bulk), str(missing)], options=IngestOptions(), spec=spec_of(store))
    assert [s for s, _ in report.failed] == [f"{bulk}:2", f"{bulk}:3", str(missing)]
    assert len(report.added) == 1 and report.claims >= 1


def test_a_line_whose_raw_bytes_are_stored_but_not_its_document_is_extracted(
    store: Store, tmp_path: Path
) -> None:
    # The same bytes stored before as a text file: a worker is told not to extract the line again (its raw
    # bytes are known), but its document is new, so the writer has it prepared after all.
    line = json.dumps(
        {
            "text": "Four civilians were killed in Pellin, the Kestrian Ministry of Defence said.",
            "publisher": "X",
        }
    )
    as_text = tmp_path / "statement.txt"
    as_text.write_bytes(line.encode())
    first = ingest_bulk(store, [str(as_text)], options=IngestOptions(), spec=spec_of(store))
    assert len(first.added) == 1 and not first.failed
    bulk = tmp_path / "bulk.jsonl"
    bulk.write_bytes(line.encode() + b"\n")
    report = ingest_bulk(store, [str(bulk)], options=IngestOptions(), spec=spec_of(store))
    assert not report.failed and len(report.added) == 1 and report.added != first.added
    assert report.claims >= 1
    assert store.count_claims(ClaimFilter(document_id=report.added[0])) == report.claims
