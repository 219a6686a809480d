"""Ledger query latency on SQLite vs PostgreSQL, at 100k claims (and 1M with --sizes 100000 1000000).

    python -m bench.ledger [--sizes 100000] [--rounds 5] [--backends sqlite postgres] [--pg-url URL]

For each size and backend, fills a new ledger through the store's bulk writes (`bench.api.build`: documents of
fifty figure and event claims by forty speakers of three parties in thirty places over a year), then times
`Store.list_claims` (50 claims a page, the first page and two follow-on pages by cursor) for the query mix of
the ledger page: no filter, party, kind + measure, speaker, place, date range, full-text search (FTS5 on
SQLite, tsvector on PostgreSQL), sorts by date and value. Prints p50 / p95 / max per backend and size, and the
build time (claims written per second).

PostgreSQL: `--pg-url` or AUDIATUR_BENCH_PG_URL names a database to use (it is emptied); without one, a
throwaway server is started with the test suite's helper (tests/pg.py: Debian's `postgresql` binaries).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from audiatur.domain import ClaimKind, ClaimStatus, Measure
from audiatur.store import ClaimFilter, Store, open_store

from .api import build

_TESTS = Path(__file__).resolve().parents[1] / "tests"


def _queries(store: Store) -> list[tuple[str, ClaimFilter, str]]:
    speaker = store.list_actors(limit=5)[3]
    return [
        ("no filter", ClaimFilter(), "created"),
        ("party", ClaimFilter(speaker_party=("Southland",)), "created"),
        ("kind + measure", ClaimFilter(kind=(ClaimKind.FIGURE,), measure=(Measure.KILLED,)), "created"),
        (
            "party + kind + status",
            ClaimFilter(
                speaker_party=("Northland",), kind=(ClaimKind.EVENT,), status=(ClaimStatus.EXTRACTED,)
            ),
            "created",
        ),
        ("speaker name", ClaimFilter(speaker=speaker.name.split(" of ")[0] + " "), "created"),
        ("speaker id", ClaimFilter(speaker_id=speaker.id), "created"),
        ("place", ClaimFilter(place_id="bench:place-7"), "created"),
        (
            "date range",
            ClaimFilter(published_from=date(2030, 3, 1), published_to=date(2030, 4, 15)),
            "created",
        ),
        ("search", ClaimFilter(q="shelled homes"), "created"),
        ("search + party", ClaimFilter(q="killed", speaker_party=("independent",)), "created"),
        ("latest published", ClaimFilter(), "-published"),
        ("largest figures", ClaimFilter(kind=(ClaimKind.FIGURE,)), "-value"),
    ]


def _pages(store: Store, claim_filter: ClaimFilter, sort: str, pages: int = 3) -> Iterator[float]:
    cursor = None
    for _ in range(pages):
        started = time.perf_counter()
        page = store.list_claims(claim_filter, limit=50, after=cursor, sort=sort)
        yield (time.perf_counter() - started) * 1000
        cursor = page.next_cursor
        if cursor is None:
            return


def _summary(times: Sequence[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 2),
        "max_ms": round(ordered[-1], 2),
    }


def measure(store: Store, claims: int, rounds: int) -> dict[str, Any]:
    """Fill an empty `store` with about `claims` claims and time the query mix over it."""
    build_s = build(store, claims)
    total = store.count_claims()
    queries = _queries(store)
    for _, claim_filter, sort in queries:  # warm up: the first touches of each index and the page cache
        list(_pages(store, claim_filter, sort, 1))
    per_query: dict[str, list[float]] = {name: [] for name, _, _ in queries}
    for _ in range(rounds):
        for name, claim_filter, sort in queries:
            per_query[name].extend(_pages(store, claim_filter, sort))
    everything = [t for times in per_query.values() for t in times]
    return {
        "claims": total,
        "build_s": round(build_s, 1),
        "claims_written_per_s": round(total / build_s) if build_s else None,
        "all": _summary(everything),
        "queries": {name: _summary(times) for name, times in per_query.items()},
    }


@contextmanager
def _postgres(url: str | None) -> Iterator[str]:
    """A PostgreSQL URL: the one given, or a throwaway server's (stopped on exit)."""
    if url:
        yield url
        return
    sys.path.insert(0, str(_TESTS))
    from pg import start_server  # the test suite's helper: initdb on a free loopback port

    server = start_server()
    try:
        yield server.url
    finally:
        server.stop()


def _emptied(url: str) -> str:
    from sqlalchemy import create_engine

    from audiatur.store.tables import Base

    open_store(url).close()  # migrated
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    engine.dispose()
    return url


def run(
    sizes: Sequence[int] = (100_000,),
    rounds: int = 5,
    backends: Sequence[str] = ("sqlite", "postgres"),
    pg_url: str | None = None,
) -> dict[str, Any]:
    """Measure each backend at each size; returns the figures (also printed by `main`)."""
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            for backend in backends:
                if backend == "sqlite":
                    path = Path(folder) / f"ledger-{size}.db"
                    with open_store(f"sqlite:///{path}") as store:
                        results.append({"backend": backend, **measure(store, size, rounds)})
                    for leftover in Path(folder).glob(f"ledger-{size}.db*"):
                        leftover.unlink()
                else:
                    with _postgres(pg_url or os.environ.get("AUDIATUR_BENCH_PG_URL")) as url:
                        with open_store(_emptied(url)) as store:
                            results.append({"backend": backend, **measure(store, size, rounds)})
                        _emptied(url)
    return {"runs": results, "load_average": round(os.getloadavg()[0], 1), "cpus": os.cpu_count()}


def report(result: dict[str, Any]) -> list[str]:
    """The figures as printed lines."""
    lines = [
        f"ledger queries (Store.list_claims, 50 a page), load average {result['load_average']} "
        f"on {result['cpus']} CPUs",
        f"{'backend':<10} {'claims':>10} {'build s':>8} {'writes/s':>9} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8}  slowest query (p95)",
    ]
    for r in result["runs"]:
        s = r["all"]
        slowest = max(r["queries"].items(), key=lambda kv: kv[1]["p95_ms"])
        lines.append(
            f"{r['backend']:<10} {r['claims']:>10,} {r['build_s']:>8.0f} {r['claims_written_per_s'] or 0:>9,} "
            f"{s['n']:>5} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['max_ms']:>8.1f}  "
            f"{slowest[0]} ({slowest[1]['p95_ms']:.0f} ms)"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--pg-url", default=None)
    args = parser.parse_args(argv)
    for line in report(run(args.sizes, args.rounds, args.backends, args.pg_url)):
        print(line)


if __name__ == "__main__":
    main()
