"""Alembic, run from code: a new or older database is brought to the current schema when it is opened."""

from __future__ import annotations

import logging
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from audiatur.errors import StoreError

from .engine import WRITE_OPTION

__all__ = ["SCRIPT_LOCATION", "alembic_config", "head_revision", "include_object", "upgrade"]

log = logging.getLogger(__name__)

SCRIPT_LOCATION = "audiatur.store:migrations"
# Any constant: PostgreSQL processes opening one new database at once migrate it in turn.
_PG_LOCK_KEY = 0x61756469  # "audi"
# Objects the migrations create outside the models: SQLite FTS5 tables (and their shadow tables),
# PostgreSQL full-text GIN indexes. Autogenerate and the models-vs-migrations check leave them alone.
_OUTSIDE_MODELS = ("claims_fts", "documents_fts", "ix_fts_")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic filter: skip the full-text objects that live outside the models."""
    return not (name and name.startswith(_OUTSIDE_MODELS))


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for our migrations (no alembic.ini), bound to `connection`."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this version of audiatur knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError("no migrations are packaged with audiatur")
    return head


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (does nothing when it is there already)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return
        if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
            raise StoreError(
                f"the database is at schema revision {current}, which this audiatur does not know: "
                "it was made by a newer version"
            )
        log.info("migrating database from %s to %s", current or "empty", head)
        command.upgrade(alembic_config(connection), "head")
