"""Batches of documents through a worker task: on a Dask cluster, or in this process without one.

`run_batches` submits at most `window` batches at a time (memory stays flat however long the input),
collects results with `as_completed`, and yields each batch once every document in it has an outcome.
A document that fails is retried once, in a task of its own; a task that fails as a whole (its worker
crashed on it too often, an unexpected error) is retried document by document. A worker lost mid-task
needs nothing from us: the scheduler runs its tasks again elsewhere, and since results are only yielded
here, once, and written idempotently by the caller, nothing is lost or stored twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from audiatur.domain import Document

from .worker import DocumentFailure

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["Batch", "Finished", "run_batches", "worker_threads"]

log = logging.getLogger(__name__)

C = TypeVar("C")
R = TypeVar("R")
# A worker task: (spec, documents) → one outcome per document, a result or a DocumentFailure.
Task = Callable[[Any, Sequence[Document]], list[Any]]


@dataclass(frozen=True, slots=True)
class Batch(Generic[C]):
    """Documents processed together, and whatever the caller needs back with them to write the results."""

    number: int
    documents: Sequence[Document]
    context: C


@dataclass(slots=True)
class Finished(Generic[C]):
    """A batch with an outcome for each of its documents, by document id."""

    batch: Batch[C]
    outcomes: dict[str, Any] = field(default_factory=dict)
    retried: list[DocumentFailure] = field(default_factory=list)  # first failures, retried once
    _tasks: int = 0


def run_batches(
    task: Task,
    spec: Any,
    batches: Iterable[Batch[C]],
    *,
    client: Client | None = None,
    window: int = 4,
    ordered: bool = False,
) -> Iterator[Finished[C]]:
    """Run `task(spec, documents)` over every batch; yield each as it finishes (in order if `ordered`)."""
    if client is None:
        yield from _run_here(task, spec, batches)
    else:
        yield from _run_on(client, task, spec, batches, window=max(1, window), ordered=ordered)


def worker_threads(client: Client | None) -> int:
    """How many tasks the cluster runs at once (1 without a cluster)."""
    if client is None:
        return 1
    threads: dict[str, int] = client.nthreads()  # type: ignore[no-untyped-call]
    return max(1, sum(threads.values()))


def _run_here(task: Task, spec: Any, batches: Iterable[Batch[C]]) -> Iterator[Finished[C]]:
    for batch in batches:
        done: Finished[C] = Finished(batch)
        try:
            outcomes = task(spec, batch.documents)
        except Exception as exc:  # as on a cluster: a task failing as a whole is retried document by document
            reason = _task_failed(done, batch.documents, exc)
            for document in batch.documents:
                try:
                    _record(done, task(spec, [document]), [document], first=False)
                except Exception as again:
                    done.outcomes[document.id] = DocumentFailure(
                        document_id=document.id, reason=_reason(again)
                    )
            log.debug("retried after %s", reason)
        else:
            retry = _record(done, outcomes, batch.documents, first=True)
            if retry:
                _record(done, task(spec, retry), retry, first=False)
        yield done


def _reason(error: BaseException) -> str:
    return f"its task failed: {type(error).__name__}: {error}"


def _failure(document: Document, error: BaseException) -> DocumentFailure:
    return DocumentFailure(document_id=document.id, reason=_reason(error))


def _task_failed(done: Finished[C], documents: Sequence[Document], error: BaseException) -> str:
    """Note the first failure of every document of a failed task (each is retried on its own)."""
    reason = _reason(error)
    log.warning("a task of %d documents failed, retrying each once: %s", len(documents), reason)
    done.retried.extend(DocumentFailure(document_id=d.id, reason=reason) for d in documents)
    return reason


def _record(
    done: Finished[C], outcomes: list[Any], documents: Sequence[Document], *, first: bool
) -> list[Document]:
    """Keep the outcomes; returns the documents to retry (those that failed a first time)."""
    by_id = {d.id: d for d in documents}
    retry: list[Document] = []
    for outcome in outcomes:
        if isinstance(outcome, DocumentFailure) and first:
            log.info("document %s failed, retrying once: %s", outcome.document_id[:12], outcome.reason)
            done.retried.append(outcome)
            retry.append(by_id[outcome.document_id])
        else:
            done.outcomes[outcome.document_id] = outcome
    return retry


def _run_on(
    client: Client, task: Task, spec: Any, batches: Iterable[Batch[C]], *, window: int, ordered: bool
) -> Iterator[Finished[C]]:
    from distributed import as_completed

    source = iter(batches)
    # Results are fetched by the client's event loop as tasks finish, not on request from this thread (which
    # may be busy writing the previous batch meanwhile).
    running = as_completed(with_results=True, raise_errors=False)  # type: ignore[no-untyped-call]
    tasks: dict[Future[Any], tuple[Finished[C], Sequence[Document], bool]] = {}
    open_batches: dict[int, Finished[C]] = {}
    order: list[int] = []  # batch numbers in input order, for `ordered`

    def submit(done: Finished[C], documents: Sequence[Document], first: bool) -> None:
        # The spec is a few bytes and travels inside each task: scattered data would not survive the loss
        # of every worker holding it, a task's own arguments do.
        future = client.submit(task, spec, list(documents), pure=False)
        tasks[future] = (done, documents, first)
        done._tasks += 1
        running.add(future)  # type: ignore[no-untyped-call]

    def fill() -> None:
        while len(open_batches) < window:
            batch = next(source, None)
            if batch is None:
                return
            done: Finished[C] = Finished(batch)
            open_batches[batch.number] = done
            order.append(batch.number)
            submit(done, batch.documents, True)

    fill()
    for future, result in running:
        done, documents, first = tasks.pop(future)
        done._tasks -= 1
        if future.status == "error":
            error = future.exception()
            if first:
                _task_failed(done, documents, error)
                for document in documents:
                    submit(done, [document], False)
            else:
                for document in documents:
                    done.outcomes[document.id] = DocumentFailure(
                        document_id=document.id, reason=_reason(error)
                    )
        else:
            retry = _record(done, result, documents, first=first)
            if retry:
                submit(done, retry, False)
        future.release()
        yield from _finished(open_batches, order, ordered)
        fill()


def _finished(open_batches: dict[int, Finished[C]], order: list[int], ordered: bool) -> Iterator[Finished[C]]:
    """Take finished batches out of `open_batches`: all of them, or (ordered) the finished run at the head."""
    while order:
        ready = [n for n in order if open_batches[n]._tasks == 0]
        if ordered:
            ready = ready[:1] if ready and ready[0] == order[0] else []
        if not ready:
            return
        for number in ready:
            order.remove(number)
            yield open_batches.pop(number)
