"""Backups of a ledger: SQLite through its online backup API, PostgreSQL through `pg_dump`/`pg_restore`.

A SQLite backup is itself a SQLite ledger (a consistent copy, taken while other processes may be
writing); a PostgreSQL backup is a `pg_dump` custom-format archive. `restore` refuses a backup made by
the other backend, a file that is neither, and (unless `replace=True`) a target that already holds
documents, so a slip of the command line never overwrites a ledger.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from audiatur.errors import ConfigError, StoreError

from . import open_store

__all__ = ["BackupFormat", "BackupResult", "backup", "backup_format", "restore"]

log = logging.getLogger(__name__)

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PGDUMP_MAGIC = b"PGDMP"
_PAGES_PER_STEP = 1024  # the online backup copies this many pages, then lets writers in
_TOOL_TIMEOUT = 6 * 60 * 60  # seconds; a pg_dump of a very large ledger may run for hours


class BackupFormat(StrEnum):
    """What a backup file holds."""

    SQLITE = "sqlite"
    PG_DUMP = "pg_dump"


@dataclass(frozen=True, slots=True)
class BackupResult:
    """A backup written or restored: the file, its format and its size in bytes."""

    path: Path
    format: BackupFormat
    size: int


def backup_format(path: Path) -> BackupFormat:
    """The format of a backup file, by its first bytes; `StoreError` for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the backup: {exc.strerror or exc}") from exc
    if head.startswith(_SQLITE_MAGIC):
        return BackupFormat.SQLITE
    if head.startswith(_PGDUMP_MAGIC):
        return BackupFormat.PG_DUMP
    raise StoreError(f"{path}: not a backup (neither a SQLite ledger nor a pg_dump custom archive)")


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r}") from exc


def _sqlite_file(url: URL) -> Path:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise StoreError("an in-memory SQLite ledger cannot be backed up or restored")
    return Path(database).expanduser().resolve()


def _libpq_url(url: URL) -> str:
    """The URL as libpq tools take it (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    folders = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: tuple(int(x) for x in p.parent.name.split(".") if x.isdigit()),
        reverse=True,
    )
    for folder in folders:
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise ConfigError(f"{name} not found: install the PostgreSQL client programs (postgresql-client)")


def _run(command: list[str], what: str) -> None:
    log.info("%s: %s", what, command[0])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_TOOL_TIMEOUT, check=False)
    except OSError as exc:
        raise StoreError(f"{what}: cannot run {command[0]}: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout or "no output").split())[:300]
        raise StoreError(f"{what} failed (exit {done.returncode}): {detail}")


def _check_sqlite(path: Path) -> None:
    """Refuse a SQLite file that fails `PRAGMA integrity_check` or is not an audiatur ledger."""
    conn = sqlite3.connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a readable SQLite database: {exc}") from exc
    finally:
        conn.close()
    if result != [("ok",)]:
        raise StoreError(f"{path}: the database fails its integrity check: {result[0][0]}")
    if not {"alembic_version", "documents", "audit_log"} <= tables:
        raise StoreError(f"{path}: a SQLite database, but not an audiatur ledger")


def _copy_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=_PAGES_PER_STEP)
        finally:
            dst.close()
    finally:
        src.close()


def _has_documents(url: URL) -> bool:
    with open_store(url.render_as_string(hide_password=False)) as store:
        return store.summary().documents > 0


def backup(url: str, path: Path) -> BackupResult:
    """Write a consistent backup of the ledger at `url` to `path` (which must not exist yet)."""
    parsed = _parse(url)
    if path.exists():
        raise StoreError(f"{path}: already exists; a backup never overwrites a file")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    backend = parsed.get_backend_name()
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if backend == "sqlite":
            source = _sqlite_file(parsed)
            if not source.is_file():
                raise StoreError(f"{source}: no such ledger")
            _copy_sqlite(source, partial)
            _check_sqlite(partial)
            fmt = BackupFormat.SQLITE
        elif backend == "postgresql":
            command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
            _run([*command, f"--file={partial}", f"--dbname={_libpq_url(parsed)}"], "pg_dump")
            fmt = BackupFormat.PG_DUMP
        else:
            raise ConfigError(f"cannot back up a {backend} database")
        # Written under another name and renamed: a backup interrupted half-way never looks complete.
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=path, format=fmt, size=path.stat().st_size)


def restore(url: str, path: Path, *, replace: bool = False) -> BackupResult:
    """Replace the ledger at `url` with the backup at `path`; a ledger holding documents needs `replace`."""
    parsed = _parse(url)
    fmt = backup_format(path)
    backend = parsed.get_backend_name()
    wanted = {"sqlite": BackupFormat.SQLITE, "postgresql": BackupFormat.PG_DUMP}.get(backend)
    if wanted is None:
        raise ConfigError(f"cannot restore into a {backend} database")
    if fmt is not wanted:
        raise StoreError(f"{path}: a {fmt} backup cannot be restored into a {backend} ledger")
    if fmt is BackupFormat.SQLITE:
        _check_sqlite(path)
        target = _sqlite_file(parsed)
        if target.exists() and not replace and _has_documents(parsed):
            raise StoreError(f"{target}: the ledger holds documents; restoring over it needs --replace")
        if not target.parent.is_dir():
            raise StoreError(f"{target}: folder {target.parent} does not exist")
        _copy_sqlite(path, target)
    else:
        if not replace and _has_documents(parsed):
            raise StoreError("the PostgreSQL ledger holds documents; restoring over it needs --replace")
        command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _run([*command, "--single-transaction", f"--dbname={_libpq_url(parsed)}", str(path)], "pg_restore")
    return BackupResult(path=path, format=fmt, size=path.stat().st_size)
