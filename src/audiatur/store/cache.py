"""Per-process caches of what every ledger page recomputes: places, parties, claim counts, the listing
metadata of documents (`LedgerCache`), and actors and listed claims (`ReadMemo`, inside the store).

Each entry is tied to the ledger's change mark (`ledger_mark`): one cheap query (index maxima and the
audit chain's head) that changes whenever claims, documents, receipts, extractions, places or parties are
added, re-extracted or removed, and whenever an analyst changes anything (every change writes an audit
row). A cache is checked against the mark on every use, so a write made by any process (another server
worker, `audiatur ingest`) shows on the next read. Document metadata, which no review changes, is kept
until the content part of the mark moves. When only the audit chain moved, the audit rows written since
(a range of its `seq` index) tell what changed: reviews of claims and changes of user accounts leave
places, parties and actors as they were, and accepting or rejecting claims leaves every count that does
not filter by status as it was.

One allowance: a count over `LOOSE_ABOVE` claims, which the ledger shows as "about N", is kept across
analyst reviews (not across new or re-extracted claims) for up to `LOOSE_SECONDS`: a review moves such a
count by one claim, and recounting a filter over a large ledger costs tens of milliseconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from audiatur.domain import ClaimStatus

from .records import ClaimFilter, ClaimRecord
from .tables import (
    AuditHeadRow,
    AuditRow,
    CaptureRow,
    ClaimRow,
    DocumentRow,
    ExtractionRow,
    PartyRow,
    PlaceRow,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from sqlalchemy import Connection, Dialect

    from audiatur.domain import Actor, Party, Place

    from . import Store
    from .records import DocumentInfo

__all__ = [
    "LOOSE_ABOVE",
    "LOOSE_SECONDS",
    "LedgerCache",
    "Mark",
    "ReadMemo",
    "audited_between",
    "ledger_mark",
    "read_mark",
]

LOOSE_ABOVE = 1000  # the ledger page says "about" above this many claims
LOOSE_SECONDS = 30.0
COUNTS_KEPT = 512  # filters whose counts are remembered (least recently used go first)
DOCUMENTS_KEPT = 2000  # documents whose listing metadata is remembered (all forgotten past this)
ACTORS_KEPT = 20_000  # actors remembered by `ReadMemo` (all forgotten past this)
RECORDS_KEPT = 3000  # claim records remembered by `ReadMemo` (least recently used go first)


@dataclass(frozen=True, slots=True)
class Mark:
    """The ledger's change mark: `content` moves with claims, documents, receipts, extractions, places and
    parties; `reviews` with every audited (analyst) change."""

    content: tuple[int, ...]
    reviews: int


_MARK_QUERY = select(
    select(func.max(ClaimRow.seq)).scalar_subquery(),
    select(func.max(DocumentRow.seq)).scalar_subquery(),
    select(func.max(CaptureRow.id)).scalar_subquery(),
    select(func.max(ExtractionRow.id)).scalar_subquery(),
    select(func.count()).select_from(PlaceRow).scalar_subquery(),
    select(func.count()).select_from(PartyRow).scalar_subquery(),
    select(func.max(AuditHeadRow.seq)).scalar_subquery(),
)


# The mark's SQL by dialect name, compiled once: it runs on the driver's own cursor (twice a page), where
# SQLAlchemy's execution (and on its own connection, a BEGIN and a ROLLBACK) cost several times the query.
_MARK_SQL: dict[str, str] = {}


def _mark_sql(dialect: Dialect) -> str:
    sql = _MARK_SQL.get(dialect.name)
    if sql is None:
        sql = _MARK_SQL[dialect.name] = str(_MARK_QUERY.compile(dialect=dialect))
    return sql


def _mark(cursor: Any, sql: str) -> Mark:
    try:
        cursor.execute(sql)
        values = [int(v or 0) for v in cursor.fetchone()]
    finally:
        cursor.close()
    return Mark(content=tuple(values[:-1]), reviews=values[-1])


def ledger_mark(store: Store) -> Mark:
    """The ledger's change mark now (one query of index lookups and two small counts; a statement of its
    own, so one snapshot)."""
    raw = store._engine.raw_connection()  # no session or transaction: this runs on every page
    try:
        return _mark(raw.cursor(), _mark_sql(store._engine.dialect))
    finally:
        raw.close()  # back to the pool, which rolls back what the driver may have begun


def read_mark(connection: Connection | Session) -> Mark:
    """The ledger's change mark as this connection or session sees it (in its own snapshot)."""
    bound = connection.connection() if isinstance(connection, Session) else connection
    return _mark(bound.connection.cursor(), _mark_sql(bound.dialect))


# Audited changes that leave actors, parties and places as they were: reviews of claims, user accounts.
_ACTOR_NEUTRAL = ("claim", "user")
# Audit actions that change nothing but a claim's status (`Store.set_claim_status`).
_STATUS_ACTIONS = frozenset(f"claim.{status}" for status in ClaimStatus)


def audited_between(connection: Connection | Session, since: int, until: int) -> frozenset[tuple[str, str]]:
    """The (entity type, action) pairs of the audit rows after `seq` `since`, up to `until` (a range
    of the `seq` index: the rows written between two marks)."""
    query = (
        select(AuditRow.entity_type, AuditRow.action)
        .where(AuditRow.seq > since, AuditRow.seq <= until)
        .distinct()
    )
    return frozenset((str(entity), str(action)) for entity, action in connection.execute(query))


class ReadMemo:
    """Actors by id (merges followed, with their party's name) and the ledger records of listed claims,
    remembered in this process while the ledger's change mark says they hold; `Store.cache_reads()`
    turns it on (the server does).

    Actors and parties change only with the mark's content (extraction saves, imports) or through an
    audited change; when only the audit chain moved, the new audit rows are looked at (a range of the
    `seq` index), and everything is kept unless one of them is about anything but claims or users. So
    the analyst's reviews of claims, most of a busy ledger's writes, do not make every page read its
    speakers again. A claim's record is kept with its row's stamp (version, last change, superseded),
    which the listing reads for every row it shows: a reviewed claim is read again. Thread-safe; entries
    are only stored under the mark they were read at.
    """

    def __init__(self, actors_kept: int = ACTORS_KEPT, records_kept: int = RECORDS_KEPT) -> None:
        self.actors_kept, self.records_kept = actors_kept, records_kept
        self._lock = threading.Lock()
        self._mark: Mark | None = None
        self._actors: dict[str, Actor] = {}
        self._records: OrderedDict[int, tuple[tuple[Any, ...], ClaimRecord]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def check(self, s: Session) -> Mark:
        """The mark `s` sees; what is held is forgotten unless it is still true at that mark."""
        mark = read_mark(s)
        with self._lock:
            held = self._mark
        if held == mark:
            return mark
        if held is not None and held.content == mark.content and mark.reviews < held.reviews:
            return mark  # an older snapshot than what is held: read without the memo, and leave it be
        keep = (
            held is not None
            and held.content == mark.content
            and held.reviews < mark.reviews
            and all(entity in _ACTOR_NEUTRAL for entity, _ in audited_between(s, held.reviews, mark.reviews))
        )
        with self._lock:
            if self._mark == held:  # nobody moved it meanwhile
                if not keep:
                    self._actors.clear()
                    self._records.clear()
                self._mark = mark
        return mark

    def actors(self, ids: Iterable[str], mark: Mark) -> tuple[dict[str, Actor], set[str]]:
        """The actors held for `ids` at `mark`, and the ids not held."""
        wanted = set(ids)
        with self._lock:
            if self._mark != mark:
                return {}, wanted
            found = {i: self._actors[i] for i in wanted if i in self._actors}
        self._count(len(found) == len(wanted))
        return found, wanted - found.keys()

    def put_actors(self, actors: Mapping[str, Actor], mark: Mark) -> None:
        """Remember actors read at `mark` (dropped if the mark has moved since)."""
        with self._lock:
            if self._mark != mark:
                return
            if len(self._actors) + len(actors) > self.actors_kept:
                self._actors.clear()
            self._actors.update(actors)

    def records(
        self, stamps: Mapping[int, tuple[Any, ...]], mark: Mark
    ) -> tuple[dict[int, ClaimRecord], list[int]]:
        """The records held for claims (by `seq`) whose row still has the stamp given, and the seqs of
        the others."""
        found: dict[int, ClaimRecord] = {}
        with self._lock:
            if self._mark == mark:
                for seq, stamp in stamps.items():
                    held = self._records.get(seq)
                    if held is not None and held[0] == stamp:
                        found[seq] = held[1]
                        self._records.move_to_end(seq)
        self._count(len(found) == len(stamps))
        return found, [seq for seq in stamps if seq not in found]

    def put_records(self, records: Mapping[int, tuple[tuple[Any, ...], ClaimRecord]], mark: Mark) -> None:
        """Remember records (by `seq`, with their row's stamp) read at `mark`; the least recently used
        go first past `records_kept`."""
        with self._lock:
            if self._mark != mark:
                return
            self._records.update(records)
            while len(self._records) > self.records_kept:
                self._records.popitem(last=False)

    def _count(self, hit: bool) -> None:
        if hit:
            self.hits += 1
        else:
            self.misses += 1

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._actors.clear()
            self._records.clear()
            self._mark = None


@dataclass(frozen=True, slots=True)
class _Count:
    value: int
    mark: Mark
    at: float  # time.monotonic() when counted


class LedgerCache:
    """Places, parties and claim counts of one store, remembered in this process until the mark moves.

    Thread-safe (the server's request threads share it); counting happens outside the lock, so two
    threads may both count a new filter once.
    """

    def __init__(
        self,
        store: Store,
        *,
        loose_above: int = LOOSE_ABOVE,
        loose_seconds: float = LOOSE_SECONDS,
        kept: int = COUNTS_KEPT,
    ) -> None:
        self.store = store
        self.loose_above, self.loose_seconds, self.kept = loose_above, loose_seconds, kept
        self._lock = threading.Lock()
        self._places: tuple[Mark, list[Place]] | None = None
        self._parties: tuple[Mark, list[Party]] | None = None
        self._counts: OrderedDict[ClaimFilter, _Count] = OrderedDict()
        self._documents: dict[str, DocumentInfo] = {}
        self._documents_content: tuple[int, ...] | None = None
        self._between: dict[tuple[int, int], frozenset[tuple[str, str]]] = {}
        self.hits = 0
        self.misses = 0

    def mark(self) -> Mark:
        """The ledger's change mark now (read it once per request and pass it to the other methods)."""
        return ledger_mark(self.store)

    def places(self, mark: Mark) -> list[Place]:
        """Every place, as `Store.list_places()` gives them."""
        held = self._places
        if held is not None and (held[0] == mark or self._neutral(held[0], mark)):
            self._places = (mark, held[1])
            self.hits += 1
            return held[1]
        self.misses += 1
        places = self.store.list_places()
        self._places = (mark, places)
        return places

    def parties(self, mark: Mark) -> list[Party]:
        """Every party, as `Store.list_parties()` gives them."""
        held = self._parties
        if held is not None and (held[0] == mark or self._neutral(held[0], mark)):
            self._parties = (mark, held[1])
            self.hits += 1
            return held[1]
        self.misses += 1
        parties = self.store.list_parties()
        self._parties = (mark, parties)
        return parties

    def _audited(self, old: Mark, new: Mark) -> frozenset[tuple[str, str]] | None:
        """What was audited (entity type, action) from mark `old` to the later mark `new`; None when
        more than audited changes happened (the content moved) or `new` is not later."""
        if old.content != new.content or old.reviews > new.reviews:
            return None
        key = (old.reviews, new.reviews)
        with self._lock:
            found = self._between.get(key)
        if found is None:
            with self.store._engine.connect() as connection:
                found = audited_between(connection, *key)
            with self._lock:
                if len(self._between) >= 256:
                    self._between.clear()
                self._between[key] = found
        return found

    def _neutral(self, old: Mark, new: Mark) -> bool:
        """Places, parties and actors are as they were at `old` (only claims and users were changed)."""
        changes = self._audited(old, new)
        return changes is not None and all(entity in _ACTOR_NEUTRAL for entity, _ in changes)

    def document_infos(self, document_ids: Sequence[str], mark: Mark) -> dict[str, DocumentInfo]:
        """`Store.get_document_infos(document_ids)`, asking the store only for documents not yet held."""
        with self._lock:
            if self._documents_content != mark.content:
                self._documents.clear()
                self._documents_content = mark.content
            found = {i: self._documents[i] for i in document_ids if i in self._documents}
        missing = [i for i in dict.fromkeys(document_ids) if i not in found]
        if not missing:
            self.hits += 1
            return found
        self.misses += 1
        fetched = self.store.get_document_infos(missing)
        with self._lock:
            if self._documents_content == mark.content:
                if len(self._documents) + len(fetched) > DOCUMENTS_KEPT:
                    self._documents.clear()
                self._documents.update(fetched)
        return found | fetched

    def count_claims(self, claim_filter: ClaimFilter, mark: Mark) -> int:
        """`Store.count_claims(claim_filter, estimate=True)`, remembered (see the module's allowance)."""
        now = time.monotonic()
        with self._lock:
            held = self._counts.get(claim_filter)
        if held is not None and self._fresh(held, claim_filter, mark, now):
            with self._lock:
                if held.mark != mark and held.value <= self.loose_above:  # still exact at the new mark
                    held = _Count(held.value, mark, held.at)
                self._counts[claim_filter] = held
                self._counts.move_to_end(claim_filter)
            self.hits += 1
            return held.value
        self.misses += 1
        value = self.store.count_claims(claim_filter, estimate=True)
        with self._lock:
            self._counts[claim_filter] = _Count(value, mark, now)
            self._counts.move_to_end(claim_filter)
            while len(self._counts) > self.kept:
                self._counts.popitem(last=False)
        return value

    def _fresh(self, held: _Count, claim_filter: ClaimFilter, mark: Mark, now: float) -> bool:
        if held.mark == mark:
            return True
        if claim_filter.status is None:
            # Accepting or rejecting claims changes only their status: a count by anything else holds.
            changes = self._audited(held.mark, mark)
            if changes is not None and all(
                entity == "user" or (entity == "claim" and action in _STATUS_ACTIONS)
                for entity, action in changes
            ):
                return True
        return (
            held.value > self.loose_above
            and held.mark.content == mark.content
            and now - held.at < self.loose_seconds
        )

    def clear(self) -> None:
        """Forget everything (the next read of each kind asks the store)."""
        with self._lock:
            self._places = self._parties = None
            self._counts.clear()
            self._documents.clear()
