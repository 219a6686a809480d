"""`audiatur backup` / `audiatur restore`: a round trip on SQLite (online backup API) and PostgreSQL
(pg_dump / pg_restore) gives back the same documents, bytes, claims and audit chain."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from store_samples import capture, full_extraction, other_text
from typer.testing import CliRunner

from audiatur.present.cli.app import app
from audiatur.store import open_store
from pg import PostgresServer, create_database, drop_database

# Everything a ledger must keep across a backup (ordered so two ledgers compare equal row for row).
_SNAPSHOT = {
    "documents": "SELECT id, raw_sha256, source, text FROM documents ORDER BY id",
    "blobs": "SELECT sha256, content FROM blobs ORDER BY sha256",
    "claims": "SELECT id, document_id, status, version, evidence_text FROM claims ORDER BY id",
    "audit": "SELECT seq, action, entity_id, prev_hash, hash FROM audit_log ORDER BY seq",
    "head": "SELECT seq, hash FROM audit_head",
}


def _fill(url: str) -> None:
    with open_store(url) as store:
        first = capture()
        store.add_capture(first)
        store.add_capture(capture(other_text(1), source="file:///corpus/other.txt"))
        extraction = full_extraction(first.document)
        store.save_extraction(extraction)
        for n, claim in enumerate(extraction.claims[:3]):
            store.set_claim_status(claim.id, "accepted", user=f"analyst{n}", expected_version=1)


def _snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: [tuple(r) for r in conn.execute(text(q))] for name, q in _SNAPSHOT.items()}
    finally:
        engine.dispose()


def _cli(url: str, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", url, *args])


@pytest.fixture()
def second_url(store_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty ledger location on the same backend as `store_url`."""
    if store_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"audiatur_restore_{uuid.uuid4().hex[:8]}"
    url = create_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, name)


def test_backup_restore_round_trip(store_url: str, second_url: str, tmp_path: Path) -> None:
    _fill(store_url)
    before = _snapshot(store_url)
    assert len(before["audit"]) == 3 and len(before["documents"]) == 2
    archive = tmp_path / "ledger.backup"

    written = _cli(store_url, "backup", str(archive))
    assert written.exit_code == 0, written.output
    assert "backup written" in written.output and archive.stat().st_size > 0
    assert not archive.with_name(archive.name + ".partial").exists()

    restored = _cli(second_url, "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert _snapshot(second_url) == before
    checked = _cli(second_url, "verify")
    assert checked.exit_code == 0, checked.output
    assert "checked 2 documents" in checked.output and "3 audit rows" in checked.output
    with open_store(second_url) as store:  # the restored ledger is writable and its chain goes on
        record = store.list_claims(limit=10).items[-1]
        store.set_claim_status(record.claim.id, "rejected", user="analyst9", expected_version=record.version)
        assert store.verify().ok


def test_restore_refuses_to_overwrite_a_ledger_without_replace(store_url: str, tmp_path: Path) -> None:
    _fill(store_url)
    archive = tmp_path / "ledger.backup"
    assert _cli(store_url, "backup", str(archive)).exit_code == 0
    with open_store(store_url) as store:
        store.add_capture(capture(other_text(2), source="file:///corpus/later.txt"))
    refused = _cli(store_url, "restore", str(archive))
    assert refused.exit_code == 1
    assert "needs --replace" in str(refused.exception or refused.output)
    assert len(_snapshot(store_url)["documents"]) == 3
    replaced = _cli(store_url, "restore", "--replace", str(archive))
    assert replaced.exit_code == 0, replaced.output
    assert len(_snapshot(store_url)["documents"]) == 2


def test_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    _fill(url)
    archive = tmp_path / "exists.backup"
    archive.write_bytes(b"keep me")
    result = _cli(url, "backup", str(archive))
    assert result.exit_code == 1
    assert "already exists" in str(result.exception)
    assert archive.read_bytes() == b"keep me"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"The ministry said on Tuesday that four were killed.", "not a backup"),
        (b"PGDMP\x01\x0e\x00", "a pg_dump backup cannot be restored into a sqlite ledger"),
    ],
)
def test_restore_refuses_what_is_not_a_backup_of_this_backend(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    archive = tmp_path / "file.backup"
    archive.write_bytes(content)
    result = _cli(f"sqlite:///{tmp_path / 'target.db'}", "restore", str(archive))
    assert result.exit_code == 1
    assert reason in str(result.exception)
    assert not (tmp_path / "target.db").exists()


def test_restore_refuses_a_sqlite_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    result = _cli(f"sqlite:///{tmp_path / 'target.db'}", "restore", str(other))
    assert result.exit_code == 1
    assert "not an audiatur ledger" in str(result.exception)


def test_sqlite_backup_is_consistent_while_a_writer_holds_the_ledger(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    _fill(url)
    with open_store(url) as store, store.atomic():
        store.add_capture(capture(other_text(3), source="file:///corpus/uncommitted.txt"))
        # Not yet committed: the backup sees the ledger as it was before this write.
        archive = tmp_path / "during.backup"
        result = _cli(url, "backup", str(archive))
    assert result.exit_code == 0, result.output
    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    assert _cli(restored, "restore", str(archive)).exit_code == 0
    assert len(_snapshot(restored)["documents"]) == 2
    assert len(_snapshot(url)["documents"]) == 3
