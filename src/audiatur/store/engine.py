"""Database URL → SQLAlchemy engine, with SQLite set up for a ledger several processes write to."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from audiatur.errors import ConfigError

from .payloads import clean_json

__all__ = ["BUSY_TIMEOUT_SECONDS", "WRITE_OPTION", "create_store_engine", "describe_url"]

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 60.0
# Execution option that marks a connection as a writer: on SQLite its transactions begin IMMEDIATE.
WRITE_OPTION = "audiatur_write"


def describe_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def create_store_engine(url: str) -> Engine:
    """An engine for a `sqlite:///…` or `postgresql+psycopg://…` URL; other backends are refused."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return _postgres_engine(parsed)
    raise ConfigError(
        f"unsupported database {describe_url(parsed)}: use a SQLite file or postgresql+psycopg://"
    )


def _postgres_engine(url: URL) -> Engine:
    if url.drivername in ("postgresql", "postgresql+psycopg2"):
        # psycopg 3 is the driver we depend on; accept the common plain spelling.
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername != "postgresql+psycopg":
        raise ConfigError(f"unsupported PostgreSQL driver {url.drivername!r}: use postgresql+psycopg://")
    try:
        return create_engine(url, pool_pre_ping=True, json_serializer=_json_dumps)
    except ModuleNotFoundError as exc:
        raise ConfigError("PostgreSQL needs psycopg 3: pip install 'audiatur[postgres]'") from exc


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not in_memory:
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise ConfigError(f"cannot open database {database}: folder {folder} does not exist")
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        "json_serializer": _json_dumps,
    }
    if in_memory:
        # One shared connection, or every connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # Take transaction control away from the sqlite3 module (it would BEGIN lazily and only before DML);
    # `_sqlite_on_begin` emits our own BEGIN so reads are repeatable and writes take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and mode[0] not in ("wal", "memory"):
            log.warning("SQLite refused WAL journal mode (got %s); concurrent readers will block", mode[0])
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()
    dbapi_connection.create_function("audiatur_fold", 1, _fold, deterministic=True)


def _sqlite_on_begin(connection: Connection) -> None:
    # A deferred transaction that reads and then writes cannot wait for the lock: SQLite fails it with
    # "database is locked" at once. Taking the write lock at BEGIN makes concurrent writers queue instead.
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def _json_dumps(value: Any) -> str:
    """JSON for JSON/JSONB columns, without NUL characters (PostgreSQL refuses them even escaped)."""
    text = json.dumps(value, ensure_ascii=False)
    # json escapes NUL as \u0000, so its absence there means there is nothing to clean.
    return json.dumps(clean_json(value), ensure_ascii=False) if "\\u0000" in text else text


def _fold(value: str | None) -> str | None:
    """Unicode case folding for SQLite, whose lower() folds ASCII only."""
    return value.casefold() if value is not None else None
