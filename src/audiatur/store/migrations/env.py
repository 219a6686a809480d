"""Alembic environment: runs on the connection `audiatur.store.migrate` hands over (no alembic.ini)."""

from __future__ import annotations

from typing import Any

from alembic import context

from audiatur.store.migrate import include_object
from audiatur.store.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through audiatur.store.migrate, which passes a connection")


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


_run(connection)
