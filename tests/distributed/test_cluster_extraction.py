"""Extraction on a local Dask cluster gives exactly the single-process claims: with all workers, after losing
one mid-run, through Parquet files and `load`, and with documents that fail (retried once, then reported)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flaky import FlakySpec, attempts
from scaleout import exit_now, export, ledger_on, spec_of, stored_only
from sqlalchemy import func, select

from audiatur.distributed import extract_batched, load_parquet
from audiatur.ingest import normalize_text, sha256_hex
from audiatur.store import Store
from audiatur.store.tables import ClaimRow, ExtractionRow

if TYPE_CHECKING:
    from distributed import Client


def _counts(store: Store) -> tuple[int, int, int]:
    """(claims, extraction runs, documents with a current run): duplicates would show here."""
    with store._engine.connect() as conn:
        claims = conn.scalar(select(func.count()).select_from(ClaimRow))
        runs = conn.scalar(select(func.count()).select_from(ExtractionRow))
        current = conn.scalar(
            select(func.count(ExtractionRow.document_id.distinct())).where(ExtractionRow.current.is_(True))
        )
    return int(claims or 0), int(runs or 0), int(current or 0)


def test_two_workers_give_exactly_the_single_process_claims(
    store: Store, corpus: Path, expected: list[dict[str, object]], client: Client
) -> None:
    stored_only(store, corpus)
    report = extract_batched(store, spec_of(store), client=client, batch_size=4, write_size=8)
    assert not report.failed
    assert export(store) == expected
    assert report.claims == len(expected)
    # Nothing left for this extractor version; a second run finds nothing to do.
    assert store.documents_to_extract(spec_of(store).version) == []
    assert extract_batched(store, spec_of(store), client=client).documents == 0


def test_a_worker_lost_mid_run_loses_and_duplicates_nothing(
    store: Store, corpus: Path, expected: list[dict[str, object]], client: Client
) -> None:
    stored_only(store, corpus)
    documents = len(store.documents_to_extract(spec_of(store).version))
    before = set(client.scheduler_info()["workers"])
    victim = sorted(before)[0]
    killed: list[str] = []

    def kill_once(done: int, total: int, name: str) -> None:
        # After the first write, with batches still running on both workers: the process dies at once.
        if not killed and done < total:
            client.run(exit_now, workers=[victim], wait=False)
            killed.append(victim)

    report = extract_batched(
        store, spec_of(store), client=client, batch_size=2, write_size=4, progress=kill_once
    )
    assert killed, "the run ended before a worker could be killed"
    assert victim not in client.scheduler_info()["workers"]
    assert not report.failed
    assert export(store) == expected
    assert _counts(store) == (len(expected), documents, documents)


def test_parquet_round_trip_equals_the_direct_run(
    store: Store, corpus: Path, expected: list[dict[str, object]], client: Client, tmp_path: Path
) -> None:
    stored_only(store, corpus)
    folder = tmp_path / "extractions"
    written = extract_batched(
        store, spec_of(store), client=client, to_parquet=folder, batch_size=4, write_size=8
    )
    assert written.documents > 0 and not written.failed
    assert export(store) == []  # --to-parquet writes nothing to the ledger
    # Run again: every document is in the folder already.
    assert extract_batched(store, spec_of(store), client=client, to_parquet=folder).documents == 0
    loaded = load_parquet(store, folder)
    assert (loaded.documents, loaded.claims, loaded.failed) == (written.documents, written.claims, [])
    assert export(store) == expected
    counts = _counts(store)
    # Loading the same folder again stores nothing twice.
    load_parquet(store, folder)
    assert export(store) == expected
    assert _counts(store) == counts


def _plant(store: Store, folder: Path, texts: dict[str, str]) -> dict[str, str]:
    """Store one document per text; returns name → document id."""
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    report = ledger_on(store).ingest([str(folder)], extract=False, analyze=False)
    assert len(report.added) == len(texts), report.failed
    return {name: sha256_hex(normalize_text(text).encode()) for name, text in texts.items()}


FINE = "Nine civilians were wounded in Harvik on Monday, the Kestrian Ministry of Defence said."


@pytest.mark.parametrize("on_cluster", [True, False], ids=["cluster", "in-process"])
def test_failing_documents_are_retried_once_then_reported_one_line_each(
    store: Store, cluster: Client, tmp_path: Path, on_cluster: bool
) -> None:
    ids = _plant(
        store,
        tmp_path / "docs",
        {
            "once": "FAIL-ONCE. Twelve civilians were killed in Pellin, the Kestrian defence ministry said.",
            "always": "FAIL-ALWAYS. Three houses were destroyed in Kolmo, the mayor said.",
            "fine": FINE,
        },
    )
    marks = tmp_path / "marks"
    marks.mkdir()
    spec = FlakySpec(model=None, data=spec_of(store).data, marks=str(marks))
    lines: list[tuple[str, str]] = []
    report = extract_batched(
        store, spec, client=cluster if on_cluster else None, on_error=lambda d, r: lines.append((d, r))
    )
    assert lines == report.failed
    [(failed, reason)] = report.failed
    assert failed == ids["always"]
    assert "FAIL-ALWAYS attempt 2" in reason and "\n" not in reason
    assert attempts(marks, ids["once"]) == 2 and attempts(marks, ids["always"]) == 2
    assert report.documents == 2  # "once" (stored on its second attempt) and "fine"
    assert store.documents_to_extract(spec.version) == [ids["always"]]


@pytest.mark.parametrize("on_cluster", [True, False], ids=["cluster", "in-process"])
def test_a_task_that_crashes_is_retried_document_by_document(
    store: Store, cluster: Client, tmp_path: Path, on_cluster: bool
) -> None:
    ids = _plant(
        store,
        tmp_path / "docs",
        {
            "crash": "CRASH-TASK. Five soldiers were wounded in Tamsk, the Velsarian Ministry said.",
            "fine": FINE,
        },
    )
    marks = tmp_path / "marks"
    marks.mkdir()
    spec = FlakySpec(model=None, data=spec_of(store).data, marks=str(marks))
    report = extract_batched(store, spec, client=cluster if on_cluster else None)
    [(failed, reason)] = report.failed
    assert failed == ids["crash"] and "RuntimeError: planted crash" in reason
    assert attempts(marks, ids["crash"]) == 2
    assert report.documents == 1
    assert store.documents_to_extract(spec.version) == [ids["crash"]]
