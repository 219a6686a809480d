"""A short coverage-guided fuzzing run with atheris (libFuzzer) over every reader, seeded with small
valid inputs and the crasher corpus; any exception other than our `InputError`s fails it.

The default run is 1,500 executions (at most 10 s); `AUDIATUR_HARDENING_SLOW=1` runs for ten minutes.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.payloads import text_pdf

from .budgets import SLOW
from .fuzzing import CRASHERS

pytest.importorskip("atheris")

HARNESS = Path(__file__).with_name("atheris_ingest.py")
# The harness picks its reader by the first byte, in this order.
READER_BYTE = {".txt": 0, ".html": 1, ".xml": 2, ".pdf": 3, ".jsonl": 4, ".json": 5, ".gz": 6}


def _seeds(folder: Path) -> None:
    statement = "The ministry said on Tuesday that four civilians were killed in Kessel."
    seeds = {
        ".txt": statement.encode("utf-16"),
        ".html": f"<html><title>Kessel</title><p>{statement}</p><p>{statement}</p></html>".encode(),
        ".xml": f'<rss version="2.0"><channel><item><title>T</title><description>{statement}'
        "</description></item></channel></rss>".encode(),
        ".pdf": text_pdf([statement], compress=True),
        ".jsonl": (json.dumps({"text": statement, "published": "2027-05-07"}) + "\n").encode(),
        ".json": json.dumps({"publisher": "Ministry", "published": "2027-05", "side": "A"}).encode(),
        ".gz": gzip.compress(statement.encode()),
    }
    for suffix, raw in seeds.items():
        (folder / f"seed{suffix}").write_bytes(bytes([READER_BYTE[suffix]]) + raw)
    for crasher in CRASHERS.iterdir():
        if crasher.suffix in READER_BYTE:
            (folder / crasher.name).write_bytes(bytes([READER_BYTE[crasher.suffix]]) + crasher.read_bytes())


@pytest.mark.slow
def test_atheris_finds_no_crash(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _seeds(corpus)
    budget = ["-max_total_time=600"] if SLOW else ["-runs=1500", "-max_total_time=10"]
    command = [
        sys.executable,
        str(HARNESS),
        *budget,
        "-max_len=8192",
        f"-artifact_prefix={tmp_path}/",
        str(corpus),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path, check=False)
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert done.returncode == 0, f"atheris found {crashes}: {done.stderr[-3000:]}"
    assert "Done" in done.stderr and not crashes
