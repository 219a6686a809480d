"""Incremental analysis: ingesting the demo corpus in two batches (each analysed when it is added) leaves the
same analysis as a full recompute; only the blocks the new documents touch are recomputed."""

from __future__ import annotations

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
