"""Fixtures shared by every stage's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pg import PostgresServer, PostgresUnavailableError, pg_required, start_server

if TYPE_CHECKING:
    from audiatur.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """The development evaluation set in ../shared/eval; tests that need it skip where it is absent."""
    if not (SHARED_EVAL / "dev" / "gold.jsonl").is_file():
        pytest.skip(
            f"the development evaluation set is not at {SHARED_EVAL} (it lives beside the repository)"
        )
    return SHARED_EVAL


@pytest.fixture()
def tmp_corpus(tmp_path: Path) -> Path:
    """An empty folder to write test documents into."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


# ----------------------------------------------------------------------------------------------- the store
# A real SQLite file per test, and a real PostgreSQL server per session (tests/pg.py) whose one database
# is truncated before each test that uses it.


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server (or AUDIATUR_TEST_PG_URL); skips where there is none, fails in CI."""
    try:
        server = start_server()
    except PostgresUnavailableError as exc:
        if pg_required():
            pytest.fail(f"PostgreSQL is required here (CI or AUDIATUR_REQUIRE_PG is set): {exc}")
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_database(pg_server: PostgresServer) -> str:
    """The session's PostgreSQL test database, migrated to the current schema once."""
    from audiatur.store import open_store

    open_store(pg_server.url).close()
    return pg_server.url


def _truncate_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    from audiatur.store.tables import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty ledger: a new SQLite file, or the PostgreSQL test database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("pg_database")
    _truncate_postgres(url)
    return url


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    """An open, empty `audiatur.store.Store` on each backend (closed after the test)."""
    from audiatur.store import open_store

    with open_store(store_url) as opened:
        yield opened
