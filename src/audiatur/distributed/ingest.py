"""Bulk ingest: JSONL and Parquet corpora (and anything else the ingest stage reads) at full speed.

The client reads the sources and groups documents into batches. For the documents not stored yet, the
workers (or this process, without a cluster) compute MinHash signatures, band keys and extractions. The
client then writes each batch in input order, in one transaction: raw bytes, documents, band keys and
receipts as multi-row inserts (`Store.add_captures`), then the extractions of the documents it added
(`Store.save_extractions`). Near-duplicates are linked exactly as `Ledger.ingest` links them, one
document after another, counting the documents earlier in the same batch. A document whose extraction
fails twice is reported and not stored, as in `Ledger.ingest`; the rest of its batch goes on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from audiatur.domain import Capture, Document
from audiatur.errors import AudiaturError, InputError, StoreError
from audiatur.ingest import NEAR_DUPLICATE_THRESHOLD, IngestOptions, band_keys, estimate_jaccard
from audiatur.ledger import IngestReport, Progress
from audiatur.store import AddResult, AddStatus, InvalidData, Store

from .corpus import count_documents, read_corpus
from .retry import retry_transient
from .runner import Batch, Finished, run_batches, worker_threads
from .worker import DocumentFailure, ExtractorSpec, Prepared, prepare_task

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ingest_bulk", "link_near_duplicates"]

log = logging.getLogger(__name__)

OnError = Callable[[str, str], None]
BATCH_SIZE = 16  # documents per task: a few tenths of a second of work, small enough to share out evenly
WRITE_SIZE = 64  # documents per write transaction (at least; whole tasks are written together)


@dataclass(frozen=True, slots=True)
class _Context:
    captures: list[Capture]  # in input order, known documents included (they still get a receipt)


class _Refused(Exception):
    """Rolls a batch back when extractions of some of its documents were refused."""

    def __init__(self, refused: list[tuple[str, str]]) -> None:
        self.refused = refused


def ingest_bulk(
    store: Store,
    targets: Sequence[str],
    *,
    options: IngestOptions,
    spec: ExtractorSpec | None,
    client: Client | None = None,
    batch_size: int | None = None,
    write_size: int = WRITE_SIZE,
    progress: Progress | None = None,
    on_error: OnError | None = None,
) -> IngestReport:
    """Read every target into the ledger in batches, extracting with `spec` (None: store only).

    Tasks of `batch_size` documents; their results are written in input order, in transactions of at least
    `write_size` documents (fewer commits, and the work between two writes overlaps the workers' next tasks).
    """
    report = IngestReport()
    total = count_documents(targets)
    done = 0

    def fail(source: str, reason: str) -> None:
        report.failed.append((source, reason))
        log.warning("%s: %s", source, reason)
        if on_error is not None:
            on_error(source, reason)

    captures = _captures(read_corpus(targets, options), fail)
    size = batch_size or BATCH_SIZE
    batches = _batches(store, captures, size)
    # Tasks in flight: enough for every worker to go on while this process writes a transaction.
    window = 4 * worker_threads(client) + 2 * -(-write_size // size)
    pending: list[Finished[_Context]] = []

    def flush() -> None:
        nonlocal done
        if not pending:
            return
        _write(store, _merged(pending), report, fail)
        done += sum(len(f.batch.context.captures) for f in pending)
        pending.clear()
        if progress is not None:
            progress(done, max(total, done), "")

    for finished in run_batches(prepare_task, spec, batches, client=client, window=window, ordered=True):
        pending.append(finished)
        if sum(len(f.batch.context.captures) for f in pending) >= write_size:
            flush()
    flush()
    return report


def _merged(finished: Sequence[Finished[_Context]]) -> Finished[_Context]:
    """Consecutive finished batches as one, to write in one transaction."""
    if len(finished) == 1:
        return finished[0]
    first = finished[0].batch
    documents = [d for f in finished for d in f.batch.documents]
    captures = [c for f in finished for c in f.batch.context.captures]
    merged: Finished[_Context] = Finished(Batch(first.number, documents, _Context(captures)))
    for f in finished:
        merged.outcomes.update(f.outcomes)
        merged.retried.extend(f.retried)
    return merged


def _captures(items: Iterable[Capture | InputError], fail: OnError) -> Iterator[Capture]:
    for item in items:
        if isinstance(item, InputError):
            fail(item.source, item.reason)
        else:
            yield item


def _batches(store: Store, captures: Iterator[Capture], size: int) -> Iterator[Batch[_Context]]:
    """Batches of captures; only documents not stored yet go to the workers."""
    number = 0
    while True:
        chunk = [c for _, c in zip(range(size), captures, strict=False)]
        if not chunk:
            return
        known = store.known_documents(c.document.id for c in chunk)
        new = {c.document.id: c.document for c in chunk if c.document.id not in known}
        yield Batch(number, list(new.values()), _Context(chunk))
        number += 1


def _write(store: Store, finished: Finished[_Context], report: IngestReport, fail: OnError) -> None:
    """Store one batch: its documents, then the extractions of those it added, in one transaction."""
    outcomes = finished.outcomes
    failed = {i: o.reason for i, o in outcomes.items() if isinstance(o, DocumentFailure)}
    captures: list[Capture] = []
    for capture in finished.batch.context.captures:
        reason = failed.get(capture.document.id)
        if reason is None:
            captures.append(capture)
        else:
            fail(capture.document.source, reason)
    prepared = {i: o for i, o in outcomes.items() if isinstance(o, Prepared)}
    while captures:
        try:
            write = partial(_store_batch, store, captures, prepared, report)
            retry_transient(write, what="a batch of documents")
            return
        except _Refused as exc:
            refused = dict(exc.refused)
            for capture in captures:
                if capture.document.id in refused:
                    fail(capture.document.source, refused[capture.document.id])
            captures = [c for c in captures if c.document.id not in refused]
        except StoreError as exc:
            log.warning(
                "a batch of %d documents was refused (%s); storing them one by one", len(captures), exc
            )
            _store_one_by_one(store, captures, prepared, report, fail)
            return


def _store_batch(
    store: Store, captures: list[Capture], prepared: Mapping[str, Prepared], report: IngestReport
) -> None:
    new_documents = list({c.document.id: c.document for c in captures if c.document.id in prepared}.values())
    links = link_near_duplicates(store, new_documents, prepared)
    claims = 0
    with store.atomic():
        results = store.add_captures(
            captures,
            signatures={i: p.signature for i, p in prepared.items()},
            band_keys={i: p.band_keys for i, p in prepared.items()},
            duplicate_of=links,
        )
        added = [r.document_id for r in results if r.status is AddStatus.ADDED]
        extracted = [prepared[i] for i in added if prepared[i].rows is not None]
        refused = store.save_extraction_rows([p.rows for p in extracted if p.rows is not None])
        if refused:
            raise _Refused(refused)
        claims = sum(p.claims for p in extracted)
    _count(report, results, links, claims)


def _store_one_by_one(
    store: Store,
    captures: list[Capture],
    prepared: Mapping[str, Prepared],
    report: IngestReport,
    fail: OnError,
) -> None:
    """The slow path for a batch the database refused as a whole: each document in its own transaction."""
    for capture in captures:
        doc_id = capture.document.id
        p = prepared.get(doc_id)
        links = link_near_duplicates(store, [capture.document], prepared) if p else {}
        claims = 0
        try:
            with store.atomic():
                result = store.add_capture(
                    capture,
                    signature=p.signature if p else None,
                    band_keys=p.band_keys if p else (),
                    duplicate_of=links.get(doc_id),
                )
                if result.status is AddStatus.ADDED and p is not None and p.rows is not None:
                    for _, reason in store.save_extraction_rows([p.rows]):
                        raise InvalidData(reason)
                    claims = p.claims
        except AudiaturError as exc:
            fail(capture.document.source, str(exc))
            continue
        _count(report, [result], links, claims)


def _count(report: IngestReport, results: Sequence[AddResult], links: Mapping[str, str], claims: int) -> None:
    for result in results:
        if result.status is AddStatus.ADDED:
            report.added.append(result.document_id)
            if result.document_id in links:
                report.duplicates.append((result.document_id, links[result.document_id]))
        else:
            report.unchanged.append(result.document_id)
    report.claims += claims


def link_near_duplicates(
    store: Store, documents: Sequence[Document], prepared: Mapping[str, Prepared]
) -> dict[str, str]:
    """Document id → the near-duplicate it copies, for new documents stored in this order.

    As `Ledger.ingest` decides one document at a time: candidates share a band key (stored documents
    first, in storing order, then earlier documents of this batch), and the most similar one at or above
    the threshold wins (the earliest on a tie).
    """
    wanted = {k for d in documents for k in prepared[d.id].band_keys}
    index: dict[str, list[tuple[int, str, bytes]]] = defaultdict(list)
    rank = 0
    for doc_id, signature in store.near_duplicate_candidates(sorted(wanted)):
        for key in set(band_keys(signature)) & wanted:
            index[key].append((rank, doc_id, signature))
        rank += 1
    links: dict[str, str] = {}
    for document in documents:
        p = prepared[document.id]
        candidates = sorted({c for key in p.band_keys for c in index.get(key, ())})
        best: tuple[float, str] | None = None
        for _, doc_id, signature in candidates:
            score = estimate_jaccard(p.signature, signature)
            if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[0]):
                best = (score, doc_id)
        if best is not None:
            links[document.id] = best[1]
        for key in p.band_keys:
            index[key].append((rank, document.id, p.signature))
        rank += 1
    return links
