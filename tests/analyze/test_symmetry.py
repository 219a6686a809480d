"""Neutral by construction: swapping the demo's two parties (names, adjectives, demonyms, capitals and the
contested place names, in every text and in the world file) mirrors every cluster, contradiction, timeline and
incident: each side's claims, origins and parties come out swapped, nothing else changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analyze.analysis_samples import build_demo, mirror, mirrored_demo
from audiatur.store import open_store

pytestmark = pytest.mark.slow

Back = Callable[[str], str]


def _words(text: str) -> frozenset[str]:
    """The parts of a label or reason, in any order (places are listed by name, which the swap reorders)."""
    return frozenset(part.strip() for part in re.split(r"[,·;()]", text) if part.strip())


def _picture(url: str, back: Back) -> dict[str, set[Any]]:
    """Everything the analysis holds, in terms that do not depend on ids or on which party is which."""
    with open_store(url) as store:
        claims = {}
        for claim, document in store.iter_export():
            claims[claim.id] = (Path(document.source).name, back(claim.evidence.text), str(claim.kind))

        def key(claim_id: str) -> Any:
            return claims[claim_id]

        def side(cluster_id: str | None) -> frozenset[Any]:
            return (
                frozenset(key(i) for i in store.get_cluster(cluster_id).claim_ids)
                if cluster_id
                else frozenset()
            )

        clusters = {
            (
                frozenset(key(i) for i in c.claim_ids),
                c.documents,
                c.independent_origins,
                frozenset(back(o) for o in c.origins),
                frozenset(back(p) for p in c.parties),
                _words(back(c.label)),
            )
            for c in store.list_clusters(limit=10_000)
        }
        contradictions = {
            (
                str(c.kind),
                tuple(key(i) for i in c.claim_ids),
                tuple(back(p or "") for p in c.parties),
                tuple(back(o or "") for o in c.origins),
                frozenset((side(c.cluster_ids[0]), side(c.cluster_ids[1]))),
                _words(back(c.reason)),
            )
            for c in store.list_contradictions(limit=10_000)
        }
        timelines = {
            (back(t.origin), back(t.party or ""), str(t.measure), str(t.subject_class),
             tuple((p.date, p.value, str(p.bound), key(p.claim_id)) for p in t.points))
            for t in store.list_timelines()
        }  # fmt: skip
        incidents = {
            (
                back(i.place.id) if i.place else None,
                frozenset(key(x) for x in i.claim_ids),
                tuple(back(p) for p in i.actor_parties),
                tuple(
                    (str(r.measure), r.low, r.high, frozenset((back(p), lo, hi) for p, lo, hi in r.by_party))
                    for r in i.ranges
                ),
            )
            for i in store.list_incidents(limit=10_000)
        }
    return {
        "clusters": clusters,
        "contradictions": contradictions,
        "timelines": timelines,
        "incidents": incidents,
    }


def test_symmetry_swapping_the_parties_mirrors_the_analysis(demo_url: str, tmp_path: Path) -> None:
    corpus, world = mirrored_demo(tmp_path / "mirror")
    mirrored_url = build_demo(tmp_path / "mirror.db", corpus, world)
    original = _picture(demo_url, lambda s: s)
    swapped = _picture(mirrored_url, mirror)
    for what in ("clusters", "contradictions", "timelines", "incidents"):
        assert original[what], f"the demo should have {what}"
        missing, extra = original[what] - swapped[what], swapped[what] - original[what]
        assert not missing and not extra, (
            f"{what} do not mirror: {sorted(map(str, missing))[:2]} / {sorted(map(str, extra))[:2]}"
        )
