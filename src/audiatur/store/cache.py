"""Per-process caches of what every ledger page recomputes: places, parties, claim counts and the listing
metadata of documents.

Each entry is tied to the ledger's change mark (`ledger_mark`): one cheap query (index maxima and the
audit chain's head) that changes whenever claims, documents, receipts, extractions, places or parties are
added, re-extracted or removed, and whenever an analyst changes anything (every change writes an audit
row). A cache is checked against the mark on every use, so a write made by any process (another server
worker, `audiatur ingest`) shows on the next read. Document metadata, which no review changes, is kept
until the content part of the mark moves.

One allowance: a count over `LOOSE_ABOVE` claims, which the ledger shows as "about N", is kept across
analyst reviews (not across new or re-extracted claims) for up to `LOOSE_SECONDS`: a review moves such a
count by one claim, and recounting a filter over a large ledger costs tens of milliseconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from .records import ClaimFilter
from .tables import AuditHeadRow, CaptureRow, ClaimRow, DocumentRow, ExtractionRow, PartyRow, PlaceRow

if TYPE_CHECKING:
    from collections.abc import Sequence

    from audiatur.domain import Party, Place

    from . import Store
    from .records import DocumentInfo

__all__ = ["LOOSE_ABOVE", "LOOSE_SECONDS", "LedgerCache", "Mark", "ledger_mark"]

LOOSE_ABOVE = 1000  # the ledger page says "about" above this many claims
LOOSE_SECONDS = 30.0
COUNTS_KEPT = 512  # filters whose counts are remembered (least recently used go first)
DOCUMENTS_KEPT = 5000  # documents whose listing metadata is remembered (all forgotten past this)


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


def ledger_mark(store: Store) -> Mark:
    """The ledger's change mark now (one query of index lookups and two small counts)."""
    with store._engine.connect() as connection:  # no ORM session: this runs on every page
        values = [int(v or 0) for v in connection.execute(_MARK_QUERY).one()]
    return Mark(content=tuple(values[:-1]), reviews=values[-1])


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
        self.hits = 0
        self.misses = 0

    def mark(self) -> Mark:
        """The ledger's change mark now (read it once per request and pass it to the other methods)."""
        return ledger_mark(self.store)

    def places(self, mark: Mark) -> list[Place]:
        """Every place, as `Store.list_places()` gives them."""
        held = self._places
        if held is not None and held[0] == mark:
            self.hits += 1
            return held[1]
        self.misses += 1
        places = self.store.list_places()
        self._places = (mark, places)
        return places

    def parties(self, mark: Mark) -> list[Party]:
        """Every party, as `Store.list_parties()` gives them."""
        held = self._parties
        if held is not None and held[0] == mark:
            self.hits += 1
            return held[1]
        self.misses += 1
        parties = self.store.list_parties()
        self._parties = (mark, parties)
        return parties

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
            if held is not None and self._fresh(held, mark, now):
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

    def _fresh(self, held: _Count, mark: Mark, now: float) -> bool:
        if held.mark == mark:
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
