"""Migrations: `upgrade head` on an empty database gives exactly the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from audiatur.config import database_url
from audiatur.errors import StoreError
from audiatur.store import open_store
from audiatur.store.migrate import head_revision, include_object
from audiatur.store.tables import Base
from pg import PostgresServer, create_database, drop_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a brand-new, empty database."""
    if request.param == "sqlite":
        yield database_url(tmp_path / "empty.db")
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"audiatur_migrate_{uuid.uuid4().hex[:8]}"
    url = create_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, name)


def test_upgrade_head_on_an_empty_database_equals_the_models(empty_url: str) -> None:
    open_store(empty_url).close()
    engine = create_engine(empty_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": include_object, "compare_type": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() == head_revision()
    finally:
        engine.dispose()


def test_full_text_objects_exist_outside_the_models(empty_url: str) -> None:
    open_store(empty_url).close()
    engine = create_engine(empty_url)
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
            assert {"claims_fts", "documents_fts", "claims_fts_insert", "documents_fts_update"} <= names
        else:
            indexes = {i["name"] for t in ("claims", "documents") for i in inspect(engine).get_indexes(t)}
            assert {"ix_fts_claims_evidence", "ix_fts_documents_text"} <= indexes
    finally:
        engine.dispose()


def test_opening_again_does_not_migrate_again(empty_url: str) -> None:
    open_store(empty_url).close()
    with open_store(empty_url) as store:
        assert store.count_documents() == 0


def test_a_database_from_a_newer_version_is_refused(empty_url: str) -> None:
    open_store(empty_url).close()
    engine = create_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="newer version"):
        open_store(empty_url)


def test_migrations_are_packaged_beside_the_code() -> None:
    folder = Path(__file__).resolve().parents[2] / "src" / "audiatur" / "store" / "migrations"
    assert (folder / "env.py").is_file()
    assert (folder / "script.py.mako").is_file()
    assert any(p.name.startswith("0001_") for p in (folder / "versions").glob("*.py"))
