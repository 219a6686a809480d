"""Units of work, SQLite set-up (WAL, foreign keys, BEGIN IMMEDIATE) and concurrent writers."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from store_samples import capture, other_text

from audiatur.config import database_url
from audiatur.errors import ConfigError, Conflict, StoreError
from audiatur.store import Store, open_store


def _counts(store: Store) -> tuple[int, int, int]:
    with store._engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in ("documents", "blobs", "captures")
        )


def test_atomic_rolls_back_everything_on_an_exception(store: Store) -> None:
    with pytest.raises(RuntimeError, match="boom"), store.atomic():
        for n in range(3):
            store.add_capture(capture(other_text(n)))
        assert store.count_documents() == 3  # the unit of work sees its own writes
        raise RuntimeError("boom")
    assert _counts(store) == (0, 0, 0)
    assert not store.has_raw(capture(other_text(0)).document.raw_sha256)


def test_atomic_commits_on_success(store: Store) -> None:
    with store.atomic():
        store.add_capture(capture(other_text(1)))
        store.add_capture(capture(other_text(2)))
    assert _counts(store) == (2, 2, 2)


def test_nested_atomic_undoes_only_the_inner_block(store: Store) -> None:
    with store.atomic():
        store.add_capture(capture(other_text(1)))
        with pytest.raises(KeyError), store.atomic():
            store.add_capture(capture(other_text(2)))
            raise KeyError("inner")
        store.add_capture(capture(other_text(3)))
    assert store.count_documents() == 2
    assert not store.has_document(capture(other_text(2)).document.id)


@pytest.mark.parametrize("url", ["sqlite://", "mysql://localhost/x", "not a url"])
def test_unsupported_or_bad_urls_are_config_errors(url: str) -> None:
    if url == "sqlite://":
        with open_store(url) as store:  # in memory works (for quick experiments)
            store.add_capture(capture())
            assert store.count_documents() == 1
        return
    with pytest.raises(ConfigError):
        open_store(url)


def test_an_unreachable_server_is_a_one_line_store_error() -> None:
    port = _free_port()
    with pytest.raises(StoreError, match=r"cannot open postgresql://u:\*\*\*@127.0.0.1.*refused") as caught:
        open_store(f"postgresql://u:secret@127.0.0.1:{port}/ledger?connect_timeout=2")
    assert "secret" not in str(caught.value) and "\n" not in str(caught.value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(database_url(tmp_path / "nope" / "ledger.db"))


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(database_url(tmp_path / "ledger.db")) as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 10_000
    raw = sqlite3.connect(tmp_path / "ledger.db")
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    finally:
        raw.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(Conflict, match="refused"), store.atomic(), store._writing() as s:
        s.connection().exec_driver_sql(
            "INSERT INTO document_bands (band_key, document_id) VALUES ('k', 'no-such-document')"
        )


def test_a_write_unit_takes_the_write_lock_at_its_first_statement(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with open_store(database_url(path)) as store:
        with store.atomic():
            store.has_document("0" * 64)  # a read: BEGIN IMMEDIATE already took the write lock
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
                # Readers are not blocked (WAL).
                assert other.execute("SELECT count(*) FROM documents").fetchone() == (0,)
            finally:
                other.close()
        # Reads outside a unit of work do not hold the write lock.
        store.count_documents()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from store_samples import capture
    from audiatur.store import open_store

    worker, count, gate = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    with open_store({url!r}) as store:
        (gate / f"ready-{{worker}}").touch()
        while not (gate / "go").exists():  # start together, so the writers really overlap
            time.sleep(0.01)
        for n in range(count):
            with store.atomic():
                before = store.count_documents()  # read first: a deferred transaction would fail here
                store.add_capture(capture(f"worker {{worker}} document {{n}} saw {{before}}"))
    print("ok", worker)
    """
)


def _run_writers(url: str, gate: Path, count: int) -> list[tuple[int, str, str]]:
    script = _WRITER.format(tests=str(Path(__file__).parent), url=url)
    gate.mkdir()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(worker), str(count), str(gate)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in (1, 2)
    ]
    deadline = time.monotonic() + 120
    while not all((gate / f"ready-{w}").exists() for w in (1, 2)):
        if time.monotonic() > deadline or any(w.poll() is not None for w in writers):
            break
        time.sleep(0.01)
    (gate / "go").touch()
    outputs = [w.communicate(timeout=300) for w in writers]
    return [(w.returncode, out, err) for w, (out, err) in zip(writers, outputs, strict=True)]


@pytest.mark.slow
def test_two_processes_write_one_sqlite_file_without_locking_errors(tmp_path: Path) -> None:
    url = database_url(tmp_path / "ledger.db")
    open_store(url).close()  # created and migrated before the writers start
    count = 300
    for returncode, out, err in _run_writers(url, tmp_path / "gate", count):
        assert returncode == 0, err
        assert "database is locked" not in err
        assert out.startswith("ok"), err
    with open_store(url) as store:
        assert store.count_documents() == 2 * count


@pytest.mark.slow
def test_two_processes_create_the_same_new_database(tmp_path: Path) -> None:
    url = database_url(tmp_path / "new.db")  # neither writer finds a schema: both try to migrate
    for _, out, err in _run_writers(url, tmp_path / "gate", 5):
        assert out.startswith("ok"), err
    with open_store(url) as store:
        assert store.count_documents() == 10
