"""Ingest + extract throughput: one process vs a local Dask cluster of two workers, on one synthetic corpus.

    python -m bench.scaleout [--docs 1000] [--repeats 3] [--workers 2] [--keep DIR]

Writes a synthetic corpus (`audiatur.demo.synthetic`, a few syndicated copies among the items), then runs
`ingest_bulk` end to end (read, normalise, hash, MinHash and near-duplicate links, extraction, batched writes
into a new SQLite ledger) `--repeats` times in this process and `--repeats` times on a `LocalCluster` of
`--workers` single-threaded worker processes (started once; its start-up time is reported apart). Both runs
must store the same claims. Prints documents/s and words/s (wall clock, medians), the speed-up (target ≥ 1.6×
with two workers), and memory: the peak RSS of this process and of each worker, and this process's RSS after
the first quarter and at the end of the run (flat = no growth per document).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from audiatur.demo import DEMO_WORLD
from audiatur.demo.synthetic import write_jsonl
from audiatur.distributed import ExtractorSpec, ingest_bulk, open_client
from audiatur.ingest import IngestOptions
from audiatur.store import open_store

TARGET_SPEEDUP = 1.6
_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_mb() -> float:
    """This process's resident memory now (not its peak), in MB."""
    return int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1]) * _PAGE_MB


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _corpus(folder: Path, docs: int, seed: int) -> tuple[Path, int]:
    path = folder / f"synthetic-{docs}-{seed}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            write_jsonl(out, docs, seed=seed)
    words = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            words += len(json.loads(line)["text"].split())
    return path, words


def _cpu_s() -> float:
    return time.process_time()


def _one_run(corpus: Path, folder: Path, name: str, spec: ExtractorSpec, client: Any) -> dict[str, Any]:
    """One end-to-end bulk ingest into a new SQLite ledger: seconds (wall and CPU of this process and of
    each worker), claims, and RSS along the way."""
    db = folder / f"{name}.db"
    for leftover in folder.glob(f"{name}.db*"):
        leftover.unlink()
    samples: list[tuple[int, float]] = []

    def progress(done: int, total: int, _: str) -> None:
        samples.append((done, rss_mb()))

    with open_store(f"sqlite:///{db}") as store:
        workers_cpu = client.run(_cpu_s) if client is not None else {}
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest_bulk(
            store, [str(corpus)], options=IngestOptions(), spec=spec, client=client, progress=progress
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if client is not None:
            workers_cpu = {w: t - workers_cpu.get(w, 0.0) for w, t in client.run(_cpu_s).items()}
        claims = store.count_claims()
    if report.failed:
        raise SystemExit(f"{name}: {len(report.failed)} documents failed, first: {report.failed[0]}")
    total = samples[-1][0] if samples else 0
    quarter = next((rss for done, rss in samples if done >= total / 4), 0.0)
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "workers_cpu_s": sorted(workers_cpu.values()),
        "documents": len(report.added) + len(report.unchanged),
        "claims": claims,
        "rss_quarter_mb": quarter,
        "rss_end_mb": samples[-1][1] if samples else 0.0,
    }


def _worker_peaks(client: Any) -> list[float]:
    peaks = client.run(peak_rss_mb)
    return [round(float(v), 1) for _, v in sorted(peaks.items())]


def _summary(runs: list[dict[str, Any]], words: int) -> dict[str, Any]:
    seconds = statistics.median(r["seconds"] for r in runs)
    documents = runs[0]["documents"]
    cpu = statistics.median(r["cpu_s"] for r in runs)
    workers = [
        round(statistics.median(r["workers_cpu_s"][i] for r in runs), 1)
        for i in range(len(runs[0]["workers_cpu_s"]))
    ]
    # What the run would take with a core for each process (no other work on the machine): the longest
    # process, or all the CPU time spread over the cores, whichever is longer.
    cores = os.cpu_count() or 1
    unloaded = max([cpu, *workers, (cpu + sum(workers)) / cores])
    return {
        "cpu_s": round(cpu, 1),
        "workers_cpu_s": workers,
        # CPU milliseconds a document: of this process (one process: everything; cluster: the client, which
        # reads, writes and runs Dask's scheduler) and of all the workers together.
        "cpu_ms_per_document": round(1000 * cpu / documents, 2),
        "workers_cpu_ms_per_document": round(1000 * sum(workers) / documents, 2),
        # How many cores the run's processes got on average (CPU seconds over wall seconds). With Linux's
        # autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled, on on the development machine) a
        # session's processes share one session's part of a busy machine, however many they are: there the
        # cluster gets about as many cores as one process, and only the CPU-second figures show the speed-up.
        "cores_used": round((cpu + sum(workers)) / seconds, 2),
        "cpu_bound_s": round(unloaded, 1),
        "cpu_bound_documents_per_s": round(documents / unloaded, 1),
        "runs_s": [round(r["seconds"], 2) for r in runs],
        "median_s": round(seconds, 2),
        "documents_per_s": round(documents / seconds, 1),
        "words_per_s": round(words / seconds),
        "claims": runs[0]["claims"],
        "rss_after_first_quarter_mb": round(runs[-1]["rss_quarter_mb"], 1),
        "rss_at_end_mb": round(runs[-1]["rss_end_mb"], 1),
    }


def run(
    docs: int = 1000, repeats: int = 3, workers: int = 2, seed: int = 7, keep: Path | None = None
) -> dict[str, Any]:
    """Measure and return the figures (also printed by `main`)."""
    logging.getLogger("audiatur").setLevel(logging.ERROR)  # the synthetic corpus has no bad lines to report
    spec = ExtractorSpec(data=(str(DEMO_WORLD),))
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        corpus, words = _corpus(folder, docs, seed)
        spec.warm_up()
        single = [_one_run(corpus, folder, "single", spec, None) for _ in range(repeats)]
        single_peak = peak_rss_mb()
        started = time.perf_counter()
        with open_client(f"local:{workers}", spec=spec) as client:
            client.wait_for_workers(workers, timeout=300)
            startup = time.perf_counter() - started
            cluster = [_one_run(corpus, folder, "cluster", spec, client) for _ in range(repeats)]
            worker_peaks = _worker_peaks(client)
    if {r["claims"] for r in single} != {r["claims"] for r in cluster}:
        raise SystemExit(f"the runs stored different claims: {single} vs {cluster}")
    one, many = _summary(single, words), _summary(cluster, words)
    return {
        "documents": docs,
        "words": words,
        "repeats": repeats,
        "workers": workers,
        "single_process": {**one, "peak_rss_mb": round(single_peak, 1)},
        "cluster": {
            **many,
            "startup_s": round(startup, 1),
            "client_peak_rss_mb": round(peak_rss_mb(), 1),
            "worker_peak_rss_mb": worker_peaks,
        },
        "speedup": round(many["documents_per_s"] / one["documents_per_s"], 2),
        # The same from CPU seconds: what the speed-up would be on an otherwise idle machine.
        "cpu_bound_speedup": round(many["cpu_bound_documents_per_s"] / one["cpu_bound_documents_per_s"], 2),
        "target_speedup": TARGET_SPEEDUP,
        "load_average": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
    }


def report(result: dict[str, Any]) -> list[str]:
    """The figures as printed lines."""
    one, many = result["single_process"], result["cluster"]
    lines = [
        f"ingest + extract of {result['documents']:,} synthetic documents ({result['words']:,} words, "
        f"{one['claims']:,} claims), median of {result['repeats']} runs; load average "
        f"{result['load_average']} on {result['cpus']} CPUs",
        f"{'':<24} {'docs/s':>8} {'words/s':>9} {'median s':>9}  runs",
    ]
    for label, r in (("one process", one), (f"{result['workers']} Dask workers", many)):
        lines.append(
            f"{label:<24} {r['documents_per_s']:>8,.1f} {r['words_per_s']:>9,} {r['median_s']:>9.1f}  "
            f"{r['runs_s']}"
        )
    verdict = "meets" if result["speedup"] >= TARGET_SPEEDUP else "MISSES"
    lines.append(f"speed-up {result['speedup']:.2f}x (wall clock) -> {verdict} the {TARGET_SPEEDUP}x target")
    lines.append(
        f"CPU seconds: one process {one['cpu_s']}; cluster client {many['cpu_s']}, workers "
        f"{many['workers_cpu_s']} -> on an idle machine {one['cpu_bound_documents_per_s']} vs "
        f"{many['cpu_bound_documents_per_s']} docs/s, {result['cpu_bound_speedup']:.2f}x"
    )
    lines.append(
        f"CPU ms a document: one process {one['cpu_ms_per_document']}; cluster client "
        f"{many['cpu_ms_per_document']} + workers {many['workers_cpu_ms_per_document']} = "
        f"{many['cpu_ms_per_document'] + many['workers_cpu_ms_per_document']:.2f}; cores used: one process "
        f"{one['cores_used']}, cluster {many['cores_used']} of {result['cpus']}"
    )
    lines.append(
        f"memory: one process peak {one['peak_rss_mb']:.0f} MB (RSS {one['rss_after_first_quarter_mb']:.0f} MB "
        f"after a quarter, {one['rss_at_end_mb']:.0f} MB at the end); cluster client peak "
        f"{many['client_peak_rss_mb']:.0f} MB (RSS {many['rss_after_first_quarter_mb']:.0f} -> "
        f"{many['rss_at_end_mb']:.0f} MB), workers' peaks {many['worker_peak_rss_mb']} MB; "
        f"cluster start-up {many['startup_s']:.0f} s (not counted)"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus and ledgers here")
    args = parser.parse_args(argv)
    for line in report(run(args.docs, args.repeats, args.workers, args.seed, args.keep)):
        print(line)


if __name__ == "__main__":
    main()
