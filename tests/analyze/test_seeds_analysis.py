"""The two seed documents (../shared/eval/dev/docs/seeds): the 27-killed figure stated by two speakers of one
party is one cluster of two documents with one independent origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiatur.domain import ClaimKind, Measure, SubjectClass
from audiatur.ledger import Ledger

pytestmark = pytest.mark.eval


def test_seeds_27_killed_is_one_cluster_with_one_independent_origin(
    shared_eval: Path, tmp_path: Path
) -> None:
    seeds = shared_eval / "dev" / "docs" / "seeds"
    with Ledger.open(f"sqlite:///{tmp_path / 'seeds.db'}") as ledger:
        report = ledger.ingest([str(seeds)])
        assert not report.failed and report.analysis is not None
        clusters = [
            c
            for c in ledger.store.list_clusters(ClaimKind.FIGURE, limit=1000)
            if c.measure is Measure.KILLED
            and c.subject_class is SubjectClass.CIVILIANS
            and c.low == c.high == 27
        ]
        assert len(clusters) == 1, [c.label for c in clusters]
        cluster = clusters[0]
        speakers = {ledger.store.get_claim(i).speaker.name for i in cluster.claim_ids}
    assert cluster.documents == 2
    assert len(speakers) == 2
    assert len(cluster.origins) == 2
    assert len(cluster.parties) == 1
    assert cluster.independent_origins == 1
