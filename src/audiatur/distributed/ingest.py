"""Bulk ingest: JSONL and Parquet corpora (and anything else the ingest stage reads) at full speed.

The client cuts the sources into partitions of raw lines (`partitions.read_parts`); the workers (or this
process, without a cluster) parse them and, for each document, compute its MinHash signature, band keys
and extraction. The client then writes the results in input order, a transaction at a time: raw bytes,
documents, band keys and receipts as multi-row inserts (`Store.add_captures`), then the extractions of the
documents it added (`Store.save_extraction_rows`). Near-duplicates are linked exactly as `Ledger.ingest`
links them, one document after another, counting the documents earlier in the same transaction. A document
whose extraction fails twice is reported and not stored, as in `Ledger.ingest`; the rest goes on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from audiatur.domain import Capture, Document
from audiatur.errors import AudiaturError, StoreError
from audiatur.ingest import NEAR_DUPLICATE_THRESHOLD, IngestOptions, band_keys, estimate_jaccard
from audiatur.ledger import IngestReport, Progress
from audiatur.store import AddResult, AddStatus, InvalidData, Store

from .corpus import count_documents
from .partitions import Bad, Item, Part, partition_task, read_parts, single_items
from .retry import retry_transient
from .runner import worker_threads
from .worker import DocumentFailure, ExtractorSpec, Prepared, prepare_task

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["ingest_bulk", "link_near_duplicates"]

log = logging.getLogger(__name__)

OnError = Callable[[str, str], None]
# Lines a partition: with extraction about half a second of a worker's time, so that scheduling and sending
# results cost little, while a run of a thousand documents still shares out evenly over two workers.
BATCH_SIZE = 32
# Documents a write transaction (at least: whole partitions are written together), until the input is all
# handed out: fewer statements and commits, actors and places looked up once for many documents.
WRITE_SIZE = 256


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
    """Read every target into the ledger in partitions, extracting with `spec` (None: store only).

    Partitions of `batch_size` lines or documents; their results are written in input order, in
    transactions of at least `write_size` documents (fewer commits, and the work between two writes
    overlaps the workers' next partitions).
    """
    report = IngestReport()
    total = count_documents(targets)
    done = 0

    def fail(source: str, reason: str) -> None:
        report.failed.append((source, reason))
        log.warning("%s: %s", source, reason)
        if on_error is not None:
            on_error(source, reason)

    parts = _Input(read_parts(targets, options, batch_size or BATCH_SIZE, store.known_blobs))
    # Partitions in flight: two a worker (one running, the next already there), and those of one write.
    size = batch_size or BATCH_SIZE
    window = 2 * worker_threads(client) + -(-write_size // size)
    pending: list[Item] = []

    def flush() -> None:
        nonlocal done
        if not pending:
            return
        retry = partial(_prepare_again, spec, client)
        _write(store, pending, report, fail, retry)
        done += sum(1 for item in pending if not isinstance(item, Bad))
        pending.clear()
        if progress is not None:
            progress(done, max(total, done), "")

    for items in _run_parts(spec, parts, client, window):
        pending.extend(items)
        # Large transactions while there is input to hand out (less work a document); once all of it is
        # out, each partition is written as it comes, so that little is left to write after the last.
        if parts.exhausted or sum(1 for item in pending if not isinstance(item, Bad)) >= write_size:
            flush()
    flush()
    return report


class _Input:
    """The partitions, and whether all of them have been handed out."""

    def __init__(self, parts: Iterator[Part]) -> None:
        self._parts = parts
        self.exhausted = False

    def __iter__(self) -> Iterator[Part]:
        return self

    def __next__(self) -> Part:
        try:
            return next(self._parts)
        except StopIteration:
            self.exhausted = True
            raise


def _run_parts(
    spec: ExtractorSpec | None, parts: Iterator[Part], client: Client | None, window: int
) -> Iterator[list[Item]]:
    """Each partition's items, in input order: parsed and prepared on the cluster, or in this process.

    A partition whose task fails as a whole (its worker crashed on it too often, an unexpected error) is
    run again a line at a time; a line failing so twice is reported as bad, naming it and the error.
    """
    if client is None:
        for part in parts:
            try:
                yield partition_task(spec, part)
            except Exception as exc:
                log.warning("a partition of %d items failed, retrying each once: %s", part.size, _reason(exc))
                yield [item for one in single_items(part) for item in _run_here_again(spec, one)]
        return
    yield from _run_on(client, spec, parts, max(1, window))


def _reason(error: BaseException) -> str:
    return f"its task failed: {type(error).__name__}: {error}"


def _run_here_again(spec: ExtractorSpec | None, part: Part) -> list[Item]:
    try:
        return partition_task(spec, part)
    except Exception as exc:
        return [Bad(source, _reason(exc)) for source in part.sources()]


def _run_on(
    client: Client, spec: ExtractorSpec | None, parts: Iterator[Part], window: int
) -> Iterator[list[Item]]:
    from distributed import as_completed

    # Results are fetched by the client's event loop as tasks finish, not on request from this thread (which
    # may be busy writing meanwhile).
    running = as_completed(with_results=True, raise_errors=False)  # type: ignore[no-untyped-call]
    tasks: dict[Future[Any], tuple[int, Part, bool]] = {}
    results: dict[int, list[list[Item] | None]] = {}  # partition → its results (per retried piece)
    next_out = 0
    number = 0

    def submit(key: int, slot: int, part: Part, first: bool) -> None:
        # The spec is a few bytes and travels with each task: scattered data would not survive the loss of
        # every worker holding it, a task's own arguments do.
        future = client.submit(partition_task, spec, part, pure=False)
        tasks[future] = (key, part, first)
        running.add(future)  # type: ignore[no-untyped-call]
        slots[future] = slot

    slots: dict[Future[Any], int] = {}

    def fill() -> None:
        nonlocal number
        while len(results) < window:
            part = next(parts, None)
            if part is None:
                return
            results[number] = [None]
            submit(number, 0, part, True)
            number += 1

    fill()
    for future, result in running:
        key, part, first = tasks.pop(future)
        slot = slots.pop(future)
        if future.status == "error":
            error = future.exception()
            if first:
                log.warning(
                    "a partition of %d items failed, retrying each once: %s", part.size, _reason(error)
                )
                pieces = single_items(part)
                results[key] = [None] * len(pieces)
                for i, piece in enumerate(pieces):
                    submit(key, i, piece, False)
            else:
                results[key][slot] = [Bad(source, _reason(error)) for source in part.sources()]
        else:
            results[key][slot] = result
        future.release()
        while next_out in results and all(r is not None for r in results[next_out]):
            yield [item for piece in results.pop(next_out) for item in piece or ()]
            next_out += 1
        fill()


def _prepare_again(
    spec: ExtractorSpec | None, client: Client | None, documents: Sequence[Document]
) -> dict[str, Prepared | DocumentFailure]:
    """Prepare documents once more, each in a task of its own (a first failure; a document not prepared)."""
    if client is None:
        outcomes = [prepare_task(spec, [d])[0] for d in documents]
    else:
        futures = [client.submit(prepare_task, spec, [d], pure=False) for d in documents]
        outcomes = []
        for document, future in zip(documents, futures, strict=True):
            try:
                outcomes.append(future.result()[0])
            except Exception as exc:
                outcomes.append(DocumentFailure(document_id=document.id, reason=_reason(exc)))
    return {o.document_id: o for o in outcomes}


Retry = Callable[[Sequence[Document]], Mapping[str, Prepared | DocumentFailure]]


def _write(store: Store, items: Sequence[Item], report: IngestReport, fail: OnError, retry: Retry) -> None:
    """Store partitions' documents, then the extractions of those added, in one transaction."""
    captures: list[Capture] = []
    outcomes: dict[str, Prepared | DocumentFailure | None] = {}
    for item in items:
        if isinstance(item, Bad):
            fail(item.source, item.reason)
            continue
        capture, outcome = item
        captures.append(capture)
        if outcomes.get(capture.document.id) is None:
            outcomes[capture.document.id] = outcome
    known = store.known_documents(outcomes)
    # New documents that failed once are retried; those not prepared (their raw bytes were stored, their
    # text not) are prepared now.
    again = {
        c.document.id: c.document
        for c in captures
        if c.document.id not in known and not isinstance(outcomes[c.document.id], Prepared)
    }
    if again:
        for doc_id, first in outcomes.items():
            if isinstance(first, DocumentFailure) and doc_id in again:
                log.info("document %s failed, retrying once: %s", doc_id[:12], first.reason)
        outcomes.update(retry(list(again.values())))
    failed = {i: o.reason for i, o in outcomes.items() if isinstance(o, DocumentFailure) and i not in known}
    written: list[Capture] = []
    for capture in captures:
        reason = failed.get(capture.document.id)
        if reason is None:
            written.append(capture)
        else:
            fail(capture.document.source, reason)
    captures = written
    prepared = {i: o for i, o in outcomes.items() if isinstance(o, Prepared) and i not in known}
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
