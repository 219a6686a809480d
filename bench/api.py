"""Latency of the ledger list API (50 claims a page, filtered) over 100k claims in SQLite (and PostgreSQL).

    python -m bench.api [--claims 100000] [--requests 400] [--keep DB]
                        [--backends sqlite postgres] [--pg-url URL]

Builds a synthetic ledger quickly through the store's bulk writes (documents of fifty figure and event
claims each, by forty speakers of three parties, in thirty places, over a year), serves the app with uvicorn
on a loopback port, and times `GET /api/claims` over HTTP for a mix of filters, sorts, searches and
follow-on pages (keyset cursors). Prints p50 / p95 / max per query and overall; the target is p95 < 100 ms.
The web ledger page (HTML, with its estimated count) is timed the same way for reference.

Latency on a shared machine is mostly waiting for a CPU, so each query's server CPU time per request (from
/proc, the server process's user + system time over its requests) is printed too: it hardly depends on the
machine's load. The load average is printed at the start and the end.

PostgreSQL (`--backends postgres`): `--pg-url` or AUDIATUR_BENCH_PG_URL names a database (filled when empty,
reused when it holds this ledger already); without one a throwaway server is started with the test suite's
helper (tests/pg.py). The tables are then analysed, as autovacuum soon would after a bulk load.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine

from audiatur.domain import (
    ActionClass,
    Actor,
    ActorType,
    Attribution,
    Bound,
    Capture,
    Claim,
    ClaimKind,
    DatePrecision,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Measure,
    Place,
    PlaceRef,
    Polarity,
    SubjectClass,
)
from audiatur.store import Store, open_store

CLAIMS_PER_DOCUMENT = 50
BATCH = 100  # documents per bulk write
PARTIES = ("Northland", "Southland", "independent")
TARGET_P95_MS = 100.0
_TESTS = Path(__file__).resolve().parent.parent / "tests"
_TICKS = os.sysconf("SC_CLK_TCK")
_MEASURES = (Measure.KILLED, Measure.INJURED, Measure.DISPLACED, Measure.DAMAGED)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _world(rng: random.Random) -> tuple[list[Actor], list[Place]]:
    actors = [
        Actor(
            id=Actor.make_id(f"Speaker {i}"),
            name=f"Speaker {i} of {PARTIES[i % 3]}",
            type=ActorType.PERSON if i % 2 else ActorType.GOVERNMENT,
            role="spokesperson",
            party=PARTIES[i % 3],
        )
        for i in range(40)
    ]
    places = [
        Place(
            id=f"bench:place-{i}",
            name=f"Town{i}",
            names=(f"Town{i}", f"Burg{i}"),
            latitude=40 + rng.random(),
            longitude=20 + rng.random(),
        )
        for i in range(30)
    ]
    return actors, places


def _document(
    n: int, rng: random.Random, actors: list[Actor], places: list[Place]
) -> tuple[Capture, Extraction]:
    """One synthetic document and its extraction: fifty sentences, each the evidence of one claim."""
    published = date(2030, 1, 1) + timedelta(days=rng.randrange(365))
    plans: list[tuple[str, str, Actor, Place, Any]] = []
    sentences = []
    for i in range(CLAIMS_PER_DOCUMENT):
        speaker, place = rng.choice(actors), rng.choice(places)
        if i % 3 == 2:
            denied = rng.random() < 0.3
            phrase = f"{'denied that ' if denied else ''}forces shelled homes in {place.name}"
            plans.append(("event", phrase, speaker, place, denied))
        else:
            value = int(rng.paretovariate(1.2)) + 1
            measure = _MEASURES[i % len(_MEASURES)]
            phrase = f"{value} civilians were {measure.value} in {place.name}"
            plans.append(("figure", phrase, speaker, place, (value, measure)))
        sentences.append(f"{speaker.name} said {phrase} on day {n}-{i}.")
    text = " ".join(sentences)
    doc_id = _sha(text)
    capture = Capture(
        document=Document(
            id=doc_id,
            raw_sha256=doc_id,
            source=f"bench:{n}",
            text=text,
            retrieved_at=datetime.now(UTC),
            publisher=f"Outlet {n % 25}",
            title=f"Report {n}",
            published=published,
            published_precision=DatePrecision.DAY,
            language="en",
        ),
        raw=text.encode("utf-8"),
    )
    claims = []
    offset = 0
    for (kind, phrase, speaker, place, detail), sentence in zip(plans, sentences, strict=True):
        start = offset + sentence.index(phrase)
        evidence = Evidence(document_id=doc_id, start=start, end=start + len(phrase), text=phrase)
        offset += len(sentence) + 1
        ref = PlaceRef(id=place.id, name=place.name, names=place.names)
        common: dict[str, Any] = {
            "document_id": doc_id,
            "speaker": speaker,
            "mention": speaker.name,
            "evidence": evidence,
            "attribution": Attribution.INDIRECT,
            "extractor_version": "bench",
        }
        if kind == "figure":
            value, measure = detail
            claims.append(
                Claim(
                    id=Claim.make_id(doc_id, ClaimKind.FIGURE, evidence.start, evidence.end),
                    kind=ClaimKind.FIGURE,
                    figure=Figure(
                        measure=measure,
                        subject="civilians",
                        subject_class=SubjectClass.CIVILIANS,
                        value=value,
                        low=value,
                        high=value,
                        bound=Bound.EXACT,
                        quantity=str(value),
                        places=(ref,),
                    ),
                    **common,
                )
            )
        else:
            claims.append(
                Claim(
                    id=Claim.make_id(doc_id, ClaimKind.EVENT, evidence.start, evidence.end),
                    kind=ClaimKind.EVENT,
                    event=Event(
                        actor="forces",
                        actor_party=rng.choice(PARTIES[:2]),
                        action="shelled homes",
                        action_class=ActionClass.ATTACK,
                        polarity=Polarity.DENIED if detail else Polarity.ASSERTED,
                        places=(ref,),
                    ),
                    **common,
                )
            )
    extraction = Extraction(
        document_id=doc_id, extractor_version="bench", claims=tuple(claims), places=tuple(places)
    )
    return capture, extraction


def build(store: Store, claims: int, seed: int = 7) -> float:
    """Fill the store with about `claims` claims; returns the seconds it took."""
    rng = random.Random(seed)
    actors, places = _world(rng)
    started = time.perf_counter()
    documents = max(1, claims // CLAIMS_PER_DOCUMENT)
    for first in range(0, documents, BATCH):
        batch = [_document(n, rng, actors, places) for n in range(first, min(first + BATCH, documents))]
        store.add_captures([c for c, _ in batch])
        refused = store.save_extractions([e for _, e in batch])
        if refused:
            raise SystemExit(f"the store refused synthetic extractions: {refused[:2]}")
    return time.perf_counter() - started


def _queries(store: Store) -> list[tuple[str, dict[str, Any]]]:
    speaker = store.list_actors(limit=5)[3]
    return [
        ("no filter", {}),
        ("party", {"party": "Southland"}),
        ("kind + measure", {"kind": "figure", "measure": "killed"}),
        ("party + kind + status", {"party": "Northland", "kind": "event", "status": "extracted"}),
        ("speaker name", {"speaker": speaker.name.split(" of ")[0] + " "}),
        ("speaker id", {"speaker_id": speaker.id}),
        ("place", {"place": "bench:place-7"}),
        ("date range", {"from": "2030-03-01", "to": "2030-04-15"}),
        ("search", {"q": "shelled homes"}),
        ("search + party", {"q": "killed", "party": "independent"}),
        ("latest published", {"sort": "-published"}),
        ("largest figures", {"sort": "-value", "kind": "figure"}),
        ("place + measure + sort", {"place": "bench:place-3", "measure": "injured", "sort": "-published"}),
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Server:
    """`audiatur serve --public` in its own process, on a loopback port (so client and server do not share
    an interpreter)."""

    def __init__(self, db: str) -> None:
        self.port = _free_port()
        command = "from audiatur.present.cli.app import main; main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", command, "--db", db, "serve", "--public", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS

    def __enter__(self) -> str:
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    return url
            except httpx.HTTPError:
                time.sleep(0.2)
        self.process.kill()
        raise SystemExit("audiatur serve did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _timed(client: httpx.Client, path: str, params: dict[str, Any]) -> tuple[float, dict[str, Any] | None]:
    started = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    body = response.json() if path.startswith("/api/") else None
    return elapsed, body


def _pages(client: httpx.Client, params: dict[str, Any], pages: int) -> Iterator[float]:
    """The first page and a few following ones (by cursor), 50 claims each."""
    cursor = None
    for _ in range(pages):
        elapsed, body = _timed(
            client, "/api/claims", {**params, "limit": 50, **({"cursor": cursor} if cursor else {})}
        )
        yield elapsed
        cursor = body["next_cursor"] if body else None
        if cursor is None:
            return


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "max_ms": ordered[-1],
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


def _ledger(url: str, claims: int) -> tuple[int, float, list[tuple[str, dict[str, Any]]]]:
    """Fill the database at `url` unless it holds the ledger already: (claims, build seconds, queries)."""
    with open_store(url) as store:
        build_seconds = 0.0
        if store.count_claims() == 0:
            build_seconds = build(store, claims)
        elif url.startswith("postgresql") and store.count_claims() < claims:
            raise SystemExit(f"{url.split('@')[-1]} holds another ledger: give an empty database")
        total, queries = store.count_claims(), _queries(store)
    if url.startswith("postgresql"):  # a fresh bulk load has no planner statistics until autovacuum runs
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        engine.dispose()
    return total, build_seconds, queries


def _measure(db: str, queries: list[tuple[str, dict[str, Any]]], requests: int) -> dict[str, Any]:
    """Serve the ledger at `db` and time the queries over HTTP (and the server's CPU time per request)."""
    per_query: dict[str, list[float]] = {name: [] for name, _ in queries}
    cpu: dict[str, float] = dict.fromkeys(per_query, 0.0)
    page_times: list[float] = []
    server = _Server(db)
    with server as url, httpx.Client(base_url=url, timeout=30) as client:
        for _name, params in queries:  # warm up: first touches of each index and the page cache
            list(_pages(client, params, 2))
        rounds = max(1, requests // (len(queries) * 3))
        for _ in range(rounds):
            for name, params in queries:
                before = server.cpu_seconds()
                per_query[name].extend(_pages(client, params, 3))
                cpu[name] += server.cpu_seconds() - before
        for _ in range(max(5, rounds)):
            page_times.append(_timed(client, "/", {"party": "Southland", "measure": "killed"})[0])
    everything = [t for times in per_query.values() for t in times]
    summaries = {name: _summary(times) for name, times in per_query.items()}
    for name, s in summaries.items():
        s["server_cpu_ms"] = 1000 * cpu[name] / max(1, s["n"])
    return {
        "api": {**_summary(everything), "server_cpu_ms": 1000 * sum(cpu.values()) / max(1, len(everything))},
        "queries": summaries,
        "web_ledger_page": _summary(page_times),
    }


def run(
    claims: int = 100_000,
    requests: int = 400,
    keep: Path | None = None,
    backends: Sequence[str] = ("sqlite",),
    pg_url: str | None = None,
) -> dict[str, Any]:
    """Build the ledger, serve it, time the list API; returns the figures (also printed by `main`).

    The first backend's figures are the top-level ones; each other backend's are under its name.
    """
    result: dict[str, Any] = {"target_p95_ms": TARGET_P95_MS, "cpus": os.cpu_count()}
    for backend in backends:
        load_before = os.getloadavg()[0]
        with tempfile.TemporaryDirectory() as folder:
            if backend == "sqlite":
                path = keep or Path(folder) / "bench.db"
                total, build_seconds, queries = _ledger(f"sqlite:///{path}", claims)
                figures = _measure(str(path), queries, requests)
            else:
                with _postgres(pg_url or os.environ.get("AUDIATUR_BENCH_PG_URL")) as db:
                    total, build_seconds, queries = _ledger(db, claims)
                    figures = _measure(db, queries, requests)
        figures |= {
            "backend": backend,
            "claims": total,
            "build_seconds": build_seconds,
            "load_average_before": load_before,
            "load_average": os.getloadavg()[0],
        }
        if "api" in result:
            result[backend] = figures
        else:
            result |= figures
    return result


def report(result: dict[str, Any]) -> list[str]:
    """The printed lines: per backend, per query and overall, with the server's CPU time per request."""
    runs = [result] + [result[b] for b in ("sqlite", "postgres") if isinstance(result.get(b), dict)]
    lines: list[str] = []
    for r in runs:
        api = r["api"]
        lines += [
            f"ledger list API over {r['claims']:,} claims in {r['backend']} "
            f"(built in {r['build_seconds']:.0f} s; load average {r['load_average_before']:.1f} before, "
            f"{r['load_average']:.1f} after, on {result['cpus']} CPUs)",
            f"{'query':<26} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU ms':>8}",
        ]
        for name, s in r["queries"].items():
            lines.append(
                f"{name:<26} {s['n']:>4} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['max_ms']:>8.1f} "
                f"{s['server_cpu_ms']:>8.1f}"
            )
        verdict = "meets" if api["p95_ms"] < TARGET_P95_MS else "MISSES"
        page = r["web_ledger_page"]
        lines += [
            f"{'all (50 claims a page)':<26} {api['n']:>4} {api['p50_ms']:>8.1f} {api['p95_ms']:>8.1f} "
            f"{api['max_ms']:>8.1f} {api['server_cpu_ms']:>8.1f}  -> {verdict} p95 < {TARGET_P95_MS:.0f} ms",
            f"{'web ledger page (HTML)':<26} {page['n']:>4} {page['p50_ms']:>8.1f} {page['p95_ms']:>8.1f} "
            f"{page['max_ms']:>8.1f}",
            "(CPU ms: the server's CPU time per request, which waiting for a busy machine does not add to)",
        ]
    return lines


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the SQLite ledger here")
    parser.add_argument("--backends", nargs="+", default=["sqlite"], choices=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=None, help="a PostgreSQL database (else a throwaway server)")
    args = parser.parse_args()
    for line in report(run(args.claims, args.requests, args.keep, args.backends, args.pg_url)):
        print(line)


if __name__ == "__main__":
    main()
