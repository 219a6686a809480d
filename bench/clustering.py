"""Clustering time for 10k, 100k and 1M synthetic figure claims, and how it grows.

    python -m bench.clustering [--sizes 10000 100000 1000000] [--seed 7]

Generates figure facts in memory with a realistic spread of keys — a few measures and classes that dominate,
places drawn from a long tail, three years of dates, small numbers far more often than large ones, and every
figure repeated by a few outlets within days (some dropping the place or the victims' party, some restating
the number as "at least" or "about") — then times `group_facts` (the blocking and grouping) and
`build_clusters` (counting documents, origins and independent origins). Prints the times, claims per second
and the growth from one size to the next; clustering must grow near-linearly (1M ≤ 15 × 100k) and 1M must take
under 2 minutes.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from audiatur.analyze import Fact, Origin, build_clusters, group_facts
from audiatur.analyze.facts import figure_block, value_interval
from audiatur.domain import Bound, ClaimKind, Measure, SubjectClass

_MEASURES = [
    (Measure.KILLED, 40), (Measure.INJURED, 30), (Measure.DAMAGED, 10), (Measure.DESTROYED, 8),
    (Measure.DISPLACED, 5), (Measure.MISSING, 4), (Measure.DETAINED, 3),
]  # fmt: skip
_CLASSES = [
    (SubjectClass.CIVILIANS, 40), (SubjectClass.PEOPLE, 20), (SubjectClass.MILITARY, 12),
    (SubjectClass.CHILDREN, 8), (SubjectClass.BUILDINGS, 8), (SubjectClass.WOMEN, 4),
    (SubjectClass.FACILITIES, 4), (SubjectClass.JOURNALISTS, 2), (SubjectClass.MEDICAL, 2),
]  # fmt: skip
_BOUNDS = [(Bound.EXACT, 78), (Bound.AT_LEAST, 10), (Bound.APPROX, 6), (Bound.RANGE, 3), (Bound.AT_MOST, 2),
           (Bound.VAGUE, 1)]  # fmt: skip
_PARTIES = ["Party A", "Party B", "Party C", "Party D", "Party E", "Party F"]
_START = date(2024, 1, 1).toordinal()
_DAYS = 3 * 365
_PLACES = 5000


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def synthetic_facts(n: int, seed: int = 7) -> list[Fact]:
    """`n` figure facts: stories of one figure, each repeated by a few outlets within days."""
    rng = random.Random(seed)
    origins = [Origin(id=f"o{i}", name=f"Origin {i}", party=_PARTIES[i % len(_PARTIES)]) for i in range(600)]
    origins += [
        Origin(id=f"m{i}", name=f"Monitor {i}", party="independent", independent=True) for i in range(30)
    ]
    facts: list[Fact] = []
    story = 0
    while len(facts) < n:
        story += 1
        measure, subject = _pick(rng, _MEASURES), _pick(rng, _CLASSES)
        value = max(1, int(rng.paretovariate(1.2)))
        day = _START + rng.randrange(_DAYS)
        site = f"p{int(rng.paretovariate(0.8)) % _PLACES}" if rng.random() < 0.65 else None
        victim = rng.choice(_PARTIES) if rng.random() < 0.4 else None
        origin = rng.choice(origins)
        for _ in range(min(1 + int(rng.expovariate(1 / 2.5)), 40)):
            bound = _pick(rng, _BOUNDS)
            low, high = value_interval(
                bound, value, value, value + value // 3 if bound is Bound.RANGE else value
            )
            facts.append(
                Fact(
                    claim_id=f"c{len(facts)}",
                    document_id=f"d{story}-{rng.randrange(8)}",
                    kind=ClaimKind.FIGURE,
                    block=figure_block(measure.value, subject.value),
                    origin=origin if rng.random() < 0.8 else rng.choice(origins),
                    speaker=origin.name,
                    speaker_id=origin.id,
                    day=day + rng.randrange(4) if rng.random() < 0.97 else None,
                    stated=False,
                    sites=frozenset((site,)) if site is not None and rng.random() < 0.75 else frozenset(),
                    measure=measure,
                    subject_class=subject,
                    victim=victim if rng.random() < 0.7 else None,
                    bound=bound,
                    number=value,
                    low=low,
                    high=high,
                )
            )
    return facts[:n]


def run(sizes: Sequence[int] = (10_000, 100_000, 1_000_000), seed: int = 7) -> list[dict[str, Any]]:
    """Time the grouping and the cluster building for each size (also printed by `main`)."""
    results: list[dict[str, Any]] = []
    for n in sizes:
        facts = synthetic_facts(n, seed)
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        groups = group_facts(facts)
        grouped = time.perf_counter()
        clusters = build_clusters(facts, groups, {})
        built, cpu_done = time.perf_counter(), time.process_time()
        results.append(
            {
                "claims": n,
                "clusters": len(clusters),
                "grouping_s": grouped - started,
                "building_s": built - grouped,
                "total_s": built - started,
                "cpu_s": cpu_done - cpu,
            }
        )
        del facts, groups, clusters
    return results


def main(argv: Sequence[str] | None = None) -> None:
    """Print the clustering times and their growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    results = run(args.sizes, args.seed)
    header = ("claims", "clusters", "grouping s", "building s", "total s", "CPU s", "claims/s", "growth")
    print("{:>10} {:>10} {:>11} {:>11} {:>9} {:>9} {:>10} {:>8}".format(*header))
    previous: dict[str, Any] | None = None
    for r in results:
        growth = f"{r['cpu_s'] / previous['cpu_s']:.1f}×" if previous and previous["cpu_s"] else ""
        rate = r["claims"] / r["total_s"] if r["total_s"] else float("inf")
        print(
            f"{r['claims']:>10,} {r['clusters']:>10,} {r['grouping_s']:>11.2f} {r['building_s']:>11.2f} "
            f"{r['total_s']:>9.2f} {r['cpu_s']:>9.2f} {rate:>10,.0f} {growth:>8}"
        )
        previous = r
    by_size = {r["claims"]: r for r in results}
    if 100_000 in by_size and 1_000_000 in by_size:
        big, small = by_size[1_000_000], by_size[100_000]
        # Growth in CPU seconds: wall-clock time also measures whatever else the machine is doing.
        ratio = big["cpu_s"] / small["cpu_s"]
        print(
            f"1M / 100k = {ratio:.1f}× CPU time (near-linear: ≤ 15×) — {'ok' if ratio <= 15 else 'TOO STEEP'}"
        )
        verdict = "ok" if big["total_s"] < 120 else "TOO SLOW"
        print(f"1M in {big['total_s']:.1f} s wall-clock, {big['cpu_s']:.1f} s CPU (budget 120 s) — {verdict}")


if __name__ == "__main__":
    main()
