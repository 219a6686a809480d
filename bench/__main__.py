"""Run the benchmarks, print their figures and a summary table, and write bench/results.json.

    python -m bench                      # the default sizes (what `make bench` runs: about ten minutes)
    python -m bench --full               # the large sizes: 100k-document corpus, 1M claims (hours)
    python -m bench --only scaleout ledger
    python -m bench --set scaleout.docs=5000 --set ledger.sizes=[100000,1000000]

The same choices from the environment (for `make bench`): AUDIATUR_BENCH_SCALE=full,
AUDIATUR_BENCH_ONLY="scaleout ledger", AUDIATUR_BENCH_SET="scaleout.docs=5000 ledger.rounds=3".

Each benchmark runs in its own Python process, so its peak memory (`ru_maxrss`, of the process and of the
largest process it waited for) is its own. Every figure is wall clock unless it says CPU; the machine's load
average is recorded beside them, since other work on the machine slows every figure down.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results.json"
Row = tuple[str, str]


@dataclass(frozen=True)
class Benchmark:
    """One benchmark: a module whose `run(**options)` returns its figures as a JSON-able dict.

    `quick` are the options of the default run, `full` those of `--full`. The module's `report(result)`, if
    it has one, gives the lines printed after the run; `headline(result)` picks the rows of the summary
    table (by default the result's top-level numbers).
    """

    name: str
    module: str
    quick: dict[str, Any] = field(default_factory=dict)
    full: dict[str, Any] = field(default_factory=dict)
    headline: Callable[[dict[str, Any]], list[Row]] | None = None


def _extraction_rows(r: dict[str, Any]) -> list[Row]:
    return [
        ("default pipeline, one process (CPU)", f"{r['audiatur_words_per_s']:,} words/s"),
        ("ratio to spaCy tokenizer + sentencizer", f"{r['ratio']:.2f} (target ≥ 0.30)"),
        ("peak RSS; growth 1st / 2nd half", f"{r['peak_rss_mb']:.0f} MB; "
         f"{r['rss_growth_first_half_mb']:+.0f} / {r['rss_growth_second_half_mb']:+.0f} MB"),
    ]  # fmt: skip


def _scaleout_rows(r: dict[str, Any]) -> list[Row]:
    one, many = r["single_process"], r["cluster"]
    words = f"{r['documents']:,} docs"
    return [
        (f"ingest + extract, one process ({words})", f"{one['documents_per_s']:,.1f} docs/s, "
         f"{one['words_per_s']:,} words/s"),
        (f"ingest + extract, {r['workers']} Dask workers", f"{many['documents_per_s']:,.1f} docs/s, "
         f"{many['words_per_s']:,} words/s"),
        ("speed-up (wall clock)", f"{r['speedup']:.2f}x (target ≥ {r['target_speedup']}x; "
         f"load average {r['load_average']} on {r['cpus']} CPUs)"),
        ("speed-up on an idle machine (from CPU seconds)", f"{r['cpu_bound_speedup']:.2f}x"),
        ("RSS of the writing process, ¼ → end", f"{one['rss_after_first_quarter_mb']:.0f} → "
         f"{one['rss_at_end_mb']:.0f} MB (one process), {many['rss_after_first_quarter_mb']:.0f} → "
         f"{many['rss_at_end_mb']:.0f} MB (cluster client)"),
        ("peak RSS: one process; each worker", f"{one['peak_rss_mb']:.0f} MB; "
         f"{', '.join(f'{m:.0f}' for m in many['worker_peak_rss_mb'])} MB"),
    ]  # fmt: skip


def _clustering_rows(r: Any) -> list[Row]:
    return [
        (f"clustering {c['claims']:,} claims", f"{c['total_s']:.1f} s ({c['cpu_s']:.1f} s CPU, "
         f"{c['clusters']:,} clusters)")
        for c in r
    ]  # fmt: skip


def _ledger_rows(r: dict[str, Any]) -> list[Row]:
    return [
        (f"ledger query, {x['backend']}, {x['claims']:,} claims", f"p50 {x['all']['p50_ms']:.1f} ms, "
         f"p95 {x['all']['p95_ms']:.1f} ms (built at {x['claims_written_per_s']:,} claims/s)")
        for x in r["runs"]
    ]  # fmt: skip


def _api_rows(r: dict[str, Any]) -> list[Row]:
    a = r["api"]
    return [
        (f"list API over HTTP, SQLite, {r['claims']:,} claims", f"p50 {a['p50_ms']:.1f} ms, "
         f"p95 {a['p95_ms']:.1f} ms (target < {r['target_p95_ms']:.0f} ms)"),
    ]  # fmt: skip


# The benchmarks `python -m bench` runs, in order. Register a new one with one line here.
REGISTRY: list[Benchmark] = [
    Benchmark("extraction", "bench.extraction", {"words": 100_000}, {"words": 1_000_000}, _extraction_rows),
    Benchmark("scaleout", "bench.scaleout", {"docs": 1000, "repeats": 3}, {"docs": 100_000, "repeats": 1},
              _scaleout_rows),
    Benchmark("clustering", "bench.clustering", {"sizes": [10_000, 100_000]},
              {"sizes": [10_000, 100_000, 1_000_000]}, _clustering_rows),
    Benchmark("ledger", "bench.ledger", {"sizes": [100_000], "rounds": 5},
              {"sizes": [100_000, 1_000_000], "rounds": 5}, _ledger_rows),
    Benchmark("api", "bench.api", {"claims": 100_000, "requests": 200}, {"claims": 1_000_000}, _api_rows),
    Benchmark("load", "bench.load", {"claims": 100_000, "soak": 30}, {"claims": 1_000_000, "soak": 600}),
]  # fmt: skip


def _numbers(result: Any) -> list[Row]:
    if not isinstance(result, dict):
        return []
    return [(k, f"{v:,}" if isinstance(v, int) else f"{v:.3g}") for k, v in result.items()
            if isinstance(v, int | float) and not isinstance(v, bool)]  # fmt: skip


def _child(name: str, options: dict[str, Any], out: Path) -> None:
    """Run one benchmark in this process and write its figures and peak memory to `out`."""
    benchmark = _by_name(name)
    module = importlib.import_module(benchmark.module)
    started = time.perf_counter()
    result = module.run(**options)
    seconds = time.perf_counter() - started
    lines = module.report(result) if hasattr(module, "report") else []
    out.write_text(
        json.dumps(
            {
                "options": options,
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "children_peak_rss_mb": round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
                ),
                "lines": lines,
                "result": result,
            },
            default=str,
        ),
        encoding="utf-8",
    )


def _by_name(name: str) -> Benchmark:
    for benchmark in REGISTRY:
        if benchmark.name == name:
            return benchmark
    raise SystemExit(f"no benchmark named {name!r} (one of {', '.join(b.name for b in REGISTRY)})")


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _overrides(pairs: Sequence[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        name, dot, option = key.partition(".")
        if not sep or not dot:
            raise SystemExit(f"--set {pair!r}: write BENCHMARK.OPTION=VALUE (scaleout.docs=5000)")
        _by_name(name)
        found.setdefault(name, {})[option] = _value(value)
    return found


def _run_one(benchmark: Benchmark, options: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        command = [sys.executable, "-m", "bench", "--child", benchmark.name, json.dumps(options), str(out)]
        completed = subprocess.run(command, check=False, cwd=Path(__file__).resolve().parents[1])
        if completed.returncode != 0 or not out.exists():
            return {"options": options, "error": f"exit status {completed.returncode}"}
        figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return figures


def _machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit or None,
    }


def table(results: dict[str, dict[str, Any]]) -> list[str]:
    """The summary table (Markdown), one row per headline figure."""
    lines = ["| benchmark | figure | value |", "|---|---|---|"]
    for name, figures in results.items():
        if "error" in figures:
            lines.append(f"| {name} | (failed) | {figures['error']} |")
            continue
        benchmark = _by_name(name)
        rows = (benchmark.headline or _numbers)(figures["result"])
        rows.append(("run time; peak RSS", f"{figures['seconds']:.0f} s; {figures['peak_rss_mb']:.0f} MB"))
        lines.extend(f"| {name} | {figure} | {value} |" for figure, value in rows)
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    """Run the chosen benchmarks one after another and write the results."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["--child"]:
        _child(args_in[1], json.loads(args_in[2]), Path(args_in[3]))
        return
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog=", ".join(b.name for b in REGISTRY),
    )
    parser.add_argument(
        "--full", action="store_true", default=os.environ.get("AUDIATUR_BENCH_SCALE") == "full"
    )
    parser.add_argument("--only", nargs="+", default=shlex.split(os.environ.get("AUDIATUR_BENCH_ONLY", "")))
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME.OPTION=VALUE")
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="results file (with --only, the others' figures are kept)"
    )
    args = parser.parse_args(args_in)
    overrides = _overrides([*shlex.split(os.environ.get("AUDIATUR_BENCH_SET", "")), *args.sets])
    chosen = [_by_name(n) for n in args.only] if args.only else REGISTRY
    machine = _machine()
    started = datetime.now(UTC)
    results: dict[str, dict[str, Any]] = {}
    for benchmark in chosen:
        options = {**(benchmark.full if args.full else benchmark.quick), **overrides.get(benchmark.name, {})}
        print(f"== {benchmark.name} {json.dumps(options)}", flush=True)
        results[benchmark.name] = _run_one(benchmark, options)
        for line in results[benchmark.name].get("lines", []):
            print(f"   {line}")
        print(flush=True)
    print("\n".join(table(results)))
    machine["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    run = {"started": started.isoformat(timespec="seconds"), "scale": "full" if args.full else "default",
           "machine": machine}  # fmt: skip
    figures = {n: {**run, **{k: v for k, v in r.items() if k != "lines"}} for n, r in results.items()}
    if args.only and args.out.exists():  # keep the other benchmarks' last figures
        figures = {**json.loads(args.out.read_text(encoding="utf-8")).get("benchmarks", {}), **figures}
        figures = {b.name: figures[b.name] for b in REGISTRY if b.name in figures}
    document = {"benchmarks": figures, "table": table(figures)}
    args.out.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    if any("error" in r for r in results.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
