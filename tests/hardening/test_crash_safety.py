"""Crash safety: `audiatur ingest` killed with SIGKILL at random points never leaves half a document.

Each run ingests the same batch into one SQLite ledger and is killed at a random moment: sometimes
any time from the start (imports, schema creation), mostly after a random number of documents has
been written (polling the ledger), plus a random delay. After every kill the ledger must pass
`PRAGMA integrity_check` and the foreign-key check, and each stored document must be whole: its text
hashing to its id, its raw bytes present, and its extraction row with exactly the claims that row
counts. A last run without a kill completes the batch, and the result equals an uninterrupted run's:
same documents, same claims, no duplicates. `AUDIATUR_CRASH_RUNS` sets the number of kills (10).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hardening.budgets import CRASH_RUNS

TOWNS = ("Kessel", "Harvik", "Orlen", "Tavro", "Mirel", "Dunholt", "Sarn", "Veldt", "Aster", "Brann")


def _statement(n: int) -> str:
    town = TOWNS[n % len(TOWNS)]
    return (
        f"Statement {n}: The Ministry of Defence of the Republic of Arvenia said on Tuesday that Dalmor "
        f"artillery shelled the town of {town} overnight, killing {n + 3} civilians and wounding "
        f"{2 * n + 5} others.\n\n"
        f"\u201cThe strikes hit a market and a clinic in {town},\u201d the ministry\u2019s spokesperson, "
        "Ilsa Maren, told reporters. She called on the observer mission to visit the site.\n\n"
        "The Dalmor Federation\u2019s defence ministry denied the report and said its forces had fired "
        f"only at military positions near {town}.\n"
    )


def _corpus(folder: Path, size: int) -> Path:
    folder.mkdir()
    for n in range(size):
        (folder / f"statement-{n:02d}.txt").write_text(_statement(n), encoding="utf-8")
    page = f"<html><head><title>Kessel update</title></head><body><p>{_statement(size)}</p></body></html>"
    (folder / "update.html").write_text(page, encoding="utf-8")
    return folder


def _ingest(db: Path, corpus: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "audiatur", "--db", str(db), "ingest", str(corpus)]
    env = {**os.environ, "AUDIATUR_DATABASE_URL": "", "PYTHONHASHSEED": "0"}
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def _documents(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet, or the schema is being written


def _check_whole(db: Path) -> tuple[int, set[str], set[str]]:
    """Assert the ledger is consistent; returns (documents, document ids, claim ids)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "documents" not in tables:
            return 0, set(), set()  # killed before the schema was committed: an empty file is fine
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = conn.execute("SELECT id, text, raw_sha256 FROM documents").fetchall()
        for doc_id, text, raw_sha256 in docs:
            assert text and hashlib.sha256(text.encode("utf-8")).hexdigest() == doc_id
            (content,) = conn.execute("SELECT content FROM blobs WHERE sha256 = ?", (raw_sha256,)).fetchone()
            assert hashlib.sha256(content).hexdigest() == raw_sha256
            assert conn.execute("SELECT count(*) FROM captures WHERE document_id = ?", (doc_id,)).fetchone()[
                0
            ]
            runs = conn.execute(
                "SELECT extractor_version, claims FROM extractions WHERE document_id = ? AND current",
                (doc_id,),
            ).fetchall()
            assert len(runs) == 1, f"document {doc_id[:12]} has {len(runs)} current extractions"
            version, counted = runs[0]
            stored = conn.execute(
                "SELECT count(*) FROM claims WHERE document_id = ? AND extractor_version = ?",
                (doc_id, version),
            ).fetchone()[0]
            assert stored == counted, (
                f"document {doc_id[:12]}: {stored} claims stored, its run counted {counted}"
            )
        claims = {r[0] for r in conn.execute("SELECT id FROM claims")}
        sources = [r[0] for r in conn.execute("SELECT source FROM documents")]
        assert len(sources) == len(set(sources)), "a source was stored twice"
        return len(docs), {d[0] for d in docs}, claims
    finally:
        conn.close()


@pytest.mark.slow
def test_ingest_killed_at_random_points_leaves_whole_documents(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 5)
    expected = len(list(corpus.iterdir()))
    reference_db = tmp_path / "reference.db"
    started = time.monotonic()
    reference = _ingest(reference_db, corpus)
    _, errors = reference.communicate(timeout=300)
    duration = time.monotonic() - started
    assert reference.returncode == 0, errors.decode()
    count, want_docs, want_claims = _check_whole(reference_db)
    assert count == expected and want_claims

    rng = random.Random(int(os.environ.get("AUDIATUR_CRASH_SEED", "20261123")))
    db = tmp_path / "crashed.db"
    killed_with = []
    for run in range(CRASH_RUNS):
        stored_before = _documents(db)
        process = _ingest(db, corpus)
        target, deadline = 0, None
        if run % 3 == 0 or stored_before >= expected:  # any moment: imports, schema, reading, writing
            deadline = time.monotonic() + rng.uniform(0, duration)
        else:  # while documents are being written
            target = stored_before + rng.randrange(expected - stored_before)
        while process.poll() is None:
            now = time.monotonic()
            if deadline is None and _documents(db) >= target:
                deadline = now + rng.uniform(0, 0.4)
            if deadline is not None and now >= deadline:
                break
            time.sleep(0.01)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert process.stderr is not None
        process.stderr.close()
        killed_with.append(process.returncode)
        _check_whole(db)

    assert -signal.SIGKILL in killed_with, "no run was actually killed"
    final = _ingest(db, corpus)
    _, errors = final.communicate(timeout=300)
    assert final.returncode == 0, errors.decode()
    count, docs, claims = _check_whole(db)
    assert count == expected
    assert docs == want_docs
    assert claims == want_claims
