"""Incremental analysis: ingesting the demo corpus in two batches (each analysed when it is added) leaves the
same analysis as a full recompute; only the blocks the new documents touch are recomputed."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
from audiatur.ledger import Ledger

pytestmark = pytest.mark.slow


def _picture(store: Any) -> dict[str, Any]:
    return {
        "clusters": sorted(
            (sorted(c.claim_ids), c.documents, c.independent_origins, c.origins, c.parties, c.label)
            for c in store.list_clusters(limit=10_000)
        ),
        "contradictions": sorted(
            (c.claim_ids, c.reason, c.cluster_ids) for c in store.list_contradictions(limit=10_000)
        ),
        "timelines": sorted(
            (t.origin_id, str(t.measure), str(t.subject_class), [r.id for r in t.places], t.points)
            for t in store.list_timelines()
        ),
        "incidents": sorted(
            (i.id, i.claim_ids, i.ranges, i.label) for i in store.list_incidents(limit=10_000)
        ),
    }


def test_incremental_batches_equal_a_full_recompute(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for path in sorted(DEMO_CORPUS.iterdir()):
        target = first if path.name < "10" else second
        shutil.copy(path, target / path.name)
    with Ledger.open(tmp_path / "ledger.db", data=[DEMO_WORLD]) as ledger:
        one = ledger.ingest([str(first)])
        two = ledger.ingest([str(second)])
        assert one.analysis is not None and one.analysis.full  # the first analysis of a ledger is a full one
        assert two.analysis is not None and not two.analysis.full
        assert two.analysis.documents == len(two.added)
        incremental = _picture(ledger.store)
        full = ledger.analyze(full=True)
        assert full.blocks >= two.analysis.blocks
        assert _picture(ledger.store) == incremental


def test_a_large_update_in_batches_stores_the_same_analysis_and_reports_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update of many documents (a bulk ingest) commits batch by batch; what it stores is the same as one
    transaction's, and the progress callback sees every block."""
    # The module, not the package's `update` function of the same name.
    update_module = importlib.import_module("audiatur.analyze.update")

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for path in sorted(DEMO_CORPUS.iterdir()):
        shutil.copy(path, (first if path.name < "10" else second) / path.name)

    def build(name: str) -> tuple[dict[str, Any], list[tuple[int, int, str]], int]:
        seen: list[tuple[int, int, str]] = []
        saves = 0
        with Ledger.open(tmp_path / f"{name}.db", data=[DEMO_WORLD]) as ledger:
            ledger.ingest([str(first)])  # analysed (in full), so the next run is an update
            added = ledger.ingest([str(second)], analyze=False).added
            store = ledger.store
            save = store.save_analysis

            def counted(*args: Any, **kwargs: Any) -> None:
                nonlocal saves
                saves += 1
                save(*args, **kwargs)

            store.save_analysis = counted  # type: ignore[method-assign]
            report = ledger.analyze(documents=added, progress=lambda *call: seen.append(call))
            del store.save_analysis
            assert not report.full and report.blocks == len(seen) > 1
            return _picture(store), seen, saves

    one, _, one_saves = build("atomic")
    monkeypatch.setattr(update_module, "_ATOMIC_DOCUMENTS", 0)
    monkeypatch.setattr(update_module, "_BATCH_CLAIMS", 1)
    batched, seen, saves = build("batched")
    assert batched == one
    assert one_saves == 1 and saves > 1  # everything in one transaction vs a batch (and commit) a block
    assert [done for done, _, _ in seen] == list(range(1, len(seen) + 1))
    assert {total for _, total, _ in seen} == {len(seen)}
