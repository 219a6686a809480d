"""The unit of work every repository shares: sessions, `atomic()`, dialect helpers, id prefixes."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, SQLColumnExpression, String, func, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from audiatur.errors import Conflict, NotFound, StoreError

from .engine import WRITE_OPTION, describe_url
from .records import AmbiguousId, InvalidData

__all__ = [
    "StoreBase",
    "as_utc",
    "chunks",
    "decode_cursor",
    "encode_cursor",
    "fold_name",
    "like_pattern",
    "now",
]

log = logging.getLogger(__name__)

_HEX = frozenset("0123456789abcdef")


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def fold_name(name: str) -> str:
    """A name compared without regard to case or spacing."""
    return " ".join(name.replace("\x00", "").casefold().split())


def like_pattern(needle: str) -> str:
    """A LIKE pattern (escape character backslash) matching text that contains the folded `needle`."""
    escaped = fold_name(needle).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def as_utc(value: datetime) -> datetime:
    """The same instant, timezone-aware in UTC (a naive time is taken to be UTC already)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def encode_cursor(kind: str, *values: Any) -> str:
    """An opaque page cursor holding the sort key of the last row shown."""
    return base64.urlsafe_b64encode(json.dumps([kind, *values]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, size: int) -> list[Any]:
    """The values of a cursor made by `encode_cursor(kind, …)` with `size` values (InvalidData otherwise)."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as exc:
        raise InvalidData(f"not a page cursor: {cursor[:40]!r}") from exc
    if not isinstance(decoded, list) or len(decoded) != size + 1 or decoded[0] != kind:
        raise InvalidData(f"not a {kind} page cursor (or one made for another sort order): {cursor[:40]!r}")
    return decoded[1:]


class StoreBase:
    """Engine, sessions and the unit of work; the repositories are mixins over this."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self.dialect = engine.dialect.name
        self.url = describe_url(engine.url)
        # The write session of the unit of work open in this thread/task, if any.
        self._current: ContextVar[Session | None] = ContextVar(f"audiatur_store_{id(self)}", default=None)

    # ------------------------------------------------------------------------------------- lifecycle

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.url}>"

    # ---------------------------------------------------------------------------------- unit of work

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A unit of work: everything written inside commits together, or (on an exception) not at all.

        Nested blocks are savepoints: an exception caught inside an outer block undoes only the inner one.
        """
        with self._writing():
            yield

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        outer = self._current.get()
        if outer is not None:
            with outer.begin_nested():
                yield outer
            # Bulk (Core) statements bypass the identity map: later reads in this unit must reload rows.
            outer.expire_all()
            return
        with Session(self._write_engine, autoflush=False, expire_on_commit=False) as session:
            token = self._current.set(session)
            try:
                with _translated(), session.begin():
                    yield session
            finally:
                self._current.reset(token)

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        # Reads inside a unit of work see its uncommitted writes; outside, they get their own snapshot.
        outer = self._current.get()
        if outer is not None:
            yield outer
            return
        with (
            Session(self._engine, autoflush=False, expire_on_commit=False) as session,
            _translated(),
            session.begin(),
        ):
            yield session

    # ----------------------------------------------------------------------------------- dialect help

    def _insert(self, table: Any) -> Any:
        """A dialect INSERT that supports ON CONFLICT (both SQLite and PostgreSQL have it)."""
        if self.dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    def _next_seqs(
        self, session: Session, column: InstrumentedAttribute[int], sequence: str, n: int
    ) -> list[int]:
        """`n` fresh values for a creation-order column."""
        if n == 0:
            return []
        if self.dialect == "postgresql":
            rows = session.execute(select(func.nextval(sequence)).select_from(func.generate_series(1, n)))
            return [int(r[0]) for r in rows]
        # SQLite writers hold the write lock from BEGIN IMMEDIATE, so max + 1 cannot race.
        top = session.scalar(select(func.max(column))) or 0
        return list(range(top + 1, top + 1 + n))

    def _fold(self, column: SQLColumnExpression[Any]) -> ColumnElement[str]:
        """Case-folded text for case-insensitive matching (SQLite's lower() knows ASCII only)."""
        if self.dialect == "sqlite":
            return func.audiatur_fold(column, type_=String())
        return func.lower(column, type_=String())

    def _resolve_prefix(
        self, session: Session, column: InstrumentedAttribute[str], what: str, value: str
    ) -> str:
        """The full id a unique hex prefix (or a full id) names; NotFound / AmbiguousId otherwise."""
        prefix = value.strip().lower()
        if not prefix or not set(prefix) <= _HEX:
            raise NotFound(f"no {what} {value!r}: ids are hexadecimal")
        if len(prefix) == 64:
            found = session.scalar(select(column).where(column == prefix))
            if found is None:
                raise NotFound(f"no {what} {prefix[:12]}…")
            return found
        # A range keeps the primary-key index usable (LIKE would not be on every backend).
        query = select(column).where(column >= prefix, column < prefix + "g").order_by(column).limit(3)
        matches = list(session.scalars(query))
        if not matches:
            raise NotFound(f"no {what} starts with {prefix!r}")
        if len(matches) > 1:
            shown = ", ".join(m[: len(prefix) + 4] for m in matches[:2])
            raise AmbiguousId(f"{what} prefix {prefix!r} matches several ({shown}, …): give more characters")
        return matches[0]


def chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` items (keeps IN lists under every backend's parameter limit)."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


@contextmanager
def _translated() -> Iterator[None]:
    """Database-driver errors as one-line store errors; our own errors pass through."""
    try:
        yield
    except sa_exc.IntegrityError as exc:
        raise Conflict(f"the database refused the write: {_first_line(exc)}") from exc
    except sa_exc.OperationalError as exc:
        raise StoreError(f"database error: {_first_line(exc)}") from exc
    except sa_exc.DataError as exc:
        raise StoreError(f"the database refused a value: {_first_line(exc)}") from exc


def _first_line(exc: sa_exc.DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return (text.strip().splitlines() or [type(exc).__name__])[0][:300]
