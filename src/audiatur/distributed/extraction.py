"""Batch extraction of stored documents over a Dask cluster (or in this process), and loading Parquet results.

The client reads the documents to extract in batches, the workers extract them, and the client writes
what comes back in bulk: into the ledger (`Store.save_extractions`, idempotent per document and extractor
version) or into Parquet parts for a later `load_parquet`. Re-running after a crash or an interrupt picks
up the documents whose extraction by this version is not stored yet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from audiatur.domain import Extraction
from audiatur.ledger import ExtractReport, Progress
from audiatur.store import Store

from .retry import retry_transient
from .runner import Batch, run_batches, worker_threads
from .worker import DocumentFailure, ExtractorSpec, extract_task

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["extract_batched", "load_parquet"]

log = logging.getLogger(__name__)

OnError = Callable[[str, str], None]
BATCH_SIZE = 32  # documents per task: about half a second of work, so scheduling costs nothing
WRITE_SIZE = 256  # documents per database transaction or Parquet part


class _Sink(Protocol):
    def write(self, extractions: Sequence[Extraction]) -> list[tuple[str, str]]: ...


def extract_batched(
    store: Store,
    spec: ExtractorSpec,
    *,
    client: Client | None = None,
    all: bool = False,
    documents: Iterable[str] | None = None,
    to_parquet: Path | None = None,
    batch_size: int | None = None,
    write_size: int = WRITE_SIZE,
    progress: Progress | None = None,
    on_error: OnError | None = None,
) -> ExtractReport:
    """Extract stored documents not yet extracted by `spec`'s version (every one with `all`), in batches.

    With `client`, batches run on its cluster's workers; without, in this process. Results go to the
    ledger, or with `to_parquet` to Parquet parts in that folder (then documents already there are skipped
    unless `all`). A document failing twice is reported through `on_error` and counted in `failed`.
    """
    from .parquet import ParquetSink

    report = ExtractReport()
    if documents is not None:
        ids = list(dict.fromkeys(documents))
        known = store.known_documents(ids)
        for doc_id in (i for i in ids if i not in known):
            _fail(report, doc_id, f"no document {doc_id[:12]}", on_error)
        ids = [i for i in ids if i in known]
    else:
        ids = store.documents_to_extract(spec.version, all=all)
    sink: _Sink = store_sink(store)
    if to_parquet is not None:
        parquet = ParquetSink(to_parquet)
        if not all:
            skip = parquet.done(spec.version)
            ids = [i for i in ids if i not in skip]
        sink = parquet
    total = len(ids)
    log.info("extracting %d documents (%s)", total, "Dask cluster" if client else "this process")
    pending: list[Extraction] = []

    def flush() -> None:
        _write(sink, pending, report, on_error)
        pending.clear()
        if progress is not None:
            progress(report.documents + len(report.failed), total, "")

    batches = _batches(store, ids, batch_size or BATCH_SIZE)
    window = 4 * worker_threads(client)
    # In the ledger's order, as a single process writes them: the last document to describe an actor wins.
    for finished in run_batches(extract_task, spec, batches, client=client, window=window, ordered=True):
        for outcome in (finished.outcomes[d.id] for d in finished.batch.documents):
            if isinstance(outcome, DocumentFailure):
                _fail(report, outcome.document_id, outcome.reason, on_error)
            else:
                pending.append(outcome)
        if len(pending) >= write_size:
            flush()
    flush()
    return report


def store_sink(store: Store) -> _Sink:
    """The ledger as a place to write extractions to."""

    class _StoreSink:
        def write(self, extractions: Sequence[Extraction]) -> list[tuple[str, str]]:
            if not extractions:
                return []
            return retry_transient(lambda: store.save_extractions(extractions), what="a batch of extractions")

    return _StoreSink()


def load_parquet(
    store: Store,
    folder: Path,
    *,
    batch_size: int = WRITE_SIZE,
    progress: Progress | None = None,
    on_error: OnError | None = None,
) -> ExtractReport:
    """Store the extractions of Parquet parts written by `extract_batched(to_parquet=…)`.

    Parts are loaded in the ledger's order of their first document, so extractions are saved in the order
    a single process saves them (what several documents say of one actor is merged in that order).
    """
    from .parquet import count_rows, part_documents, part_files, read_parts

    def first_document(path: Path) -> int:
        seqs = store.document_seqs(part_documents(path)).values()
        return min(seqs, default=-1)

    parts = sorted(part_files(folder), key=first_document)
    total = count_rows(parts)
    report = ExtractReport()
    for extractions, bad in read_parts(parts, batch_size=batch_size):
        for where, reason in bad:
            _fail(report, where, reason, on_error)
        _write(store_sink(store), extractions, report, on_error)
        if progress is not None:
            progress(report.documents + len(report.failed), total, "")
    return report


def _batches(store: Store, ids: Sequence[str], size: int) -> Iterator[Batch[None]]:
    """Batches of documents, read from the store only as the runner asks for them."""
    for number, start in enumerate(range(0, len(ids), size)):
        yield Batch(number, store.get_documents(ids[start : start + size]), None)


def _write(
    sink: _Sink, extractions: Sequence[Extraction], report: ExtractReport, on_error: OnError | None
) -> None:
    """Write a batch and count what was stored; a refused document is reported."""
    refused = sink.write(extractions)
    for doc_id, reason in refused:
        _fail(report, doc_id, reason, on_error)
    refused_ids = {doc_id for doc_id, _ in refused}
    stored = [x for x in extractions if x.document_id not in refused_ids]
    report.documents += len(stored)
    report.claims += sum(len(x.claims) for x in stored)


def _fail(report: ExtractReport, doc_id: str, reason: str, on_error: OnError | None) -> None:
    report.failed.append((doc_id, reason))
    log.warning("%s: %s", doc_id[:12], reason)
    if on_error is not None:
        on_error(doc_id, reason)
