"""bench.load end to end on a tiny ledger: it serves, signs the analyst in, loads, and reports figures.

Speed targets belong to `make bench`; this only checks that the load test works and that what it reports
is real (every request answered as expected, every review it sent recorded against the analyst).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_load_bench_reports_figures_without_errors(tmp_path: Path) -> None:
    db, results = tmp_path / "load.db", tmp_path / "results.json"
    results.write_text(json.dumps({"other": {"kept": True}}))
    args = ["--claims", "2000", "--rate", "20", "--soak", "3", "--steps", "20", "--step-seconds", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", *args, "--keep", str(db), "--results", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    saved = json.loads(results.read_text())
    assert saved["other"] == {"kept": True}  # merged, not overwritten
    load = saved["load"]
    soak = load["soak"]
    assert load["claims"] == 2000
    assert soak["requests"] == 60 and soak["errors"] == 0, soak["error_examples"]
    assert all(step["errors"] == 0 for step in load["steps"])
    assert 0 < soak["p50_ms"] <= soak["p95_ms"] <= soak["p99_ms"] <= soak["max_ms"]
    assert soak["memory"]["rss_start_mb"] > 10 and soak["server_cpu_ms_per_request"] > 0
    assert load["deep_pages"]["deep_over_first"] > 0
    assert "p99 " in done.stdout and "targets:" in done.stdout

    # Every review the generator sent reached the ledger under the analyst's name, with an audit row.
    with sqlite3.connect(db) as conn:
        reviewed = conn.execute("SELECT count(*) FROM claims WHERE reviewed_by = 'load-analyst'").fetchone()[
            0
        ]
        audited = conn.execute(
            "SELECT count(*) FROM audit_log WHERE user = 'load-analyst' AND entity_type = 'claim'"
        ).fetchone()[0]
    assert load["analyst_writes"] > 0
    assert reviewed == load["analyst_writes"] == audited
