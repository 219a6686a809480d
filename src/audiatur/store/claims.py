"""Reading claims: one claim, filtered keyset-paginated listings, counts, the export stream, the summary."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    String,
    Text,
    and_,
    bindparam,
    cast,
    exists,
    func,
    or_,
    select,
    text,
    true,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql import column as result_column

from audiatur.domain import Claim, Document

from .actors import Actors
from .base import chunks, decode_cursor, encode_cursor, like_pattern
from .mapping import claim_record, document_from_row
from .records import ClaimFilter, ClaimPage, ClaimRecord, ClaimSort, InvalidData, StoreSummary
from .search import claim_match
from .tables import ActorRow, CaptureRow, ClaimPlaceRow, ClaimRow, DocumentRow

__all__ = ["Claims"]

log = logging.getLogger(__name__)

# sort → (column or None for creation order, descending?)
_SORTS: dict[ClaimSort, tuple[InstrumentedAttribute[Any] | None, bool]] = {
    ClaimSort.CREATED: (None, False),
    ClaimSort.CREATED_DESC: (None, True),
    ClaimSort.PUBLISHED: (ClaimRow.published, False),
    ClaimSort.PUBLISHED_DESC: (ClaimRow.published, True),
    ClaimSort.VALUE: (ClaimRow.value, False),
    ClaimSort.VALUE_DESC: (ClaimRow.value, True),
}
# count_claims(estimate=True): below this many rows an exact count is cheap enough; above it, SQLite
# counts ESTIMATE_WINDOWS windows of ESTIMATE_WIDTH consecutive claims and scales up.
ESTIMATE_EXACT_BELOW = 50_000
ESTIMATE_WINDOWS = 10
ESTIMATE_WIDTH = 1000
_MIN_SAMPLE_HITS = 30
_MAX_LIMIT = 1000
# SQLite, sorted listings: the windows of rows looked through in sort order (so many per row of the page)
# before the filter's own index is used instead (see `_probe_sorted`).
_PROBE_PER_ROW = (4, 40)
# SQLite: the `seq`s of a place's claims from two covering indexes. SQLite would look each claim up by its
# primary key (a table read per claim); the (id, seq) index answers without the table.
_PLACE_SEQS = text(
    "SELECT place_claims.seq FROM claim_places INDEXED BY ix_claim_places_place_claim"
    " JOIN claims AS place_claims INDEXED BY ix_claims_id_seq ON place_claims.id = claim_places.claim_id"
    " WHERE claim_places.place_id = :claim_place_id"
).columns(result_column("seq", Integer))
# Made once: an alias costs milliseconds to build, more than the queries it is in.
_SORTED = aliased(ClaimRow, name="sorted_claims")
_GONE = aliased(ClaimRow, name="superseded_claims")
_SUPERSEDED_SEQS = select(_GONE.seq).where(_GONE.superseded == true())
# The lowest and highest `seq`, each its own subquery: SQLite reads one end of an index for a lone min() or
# max(), but scans the whole table for the pair in one select.
_SEQ_BOUNDS = select(
    select(func.min(ClaimRow.seq)).scalar_subquery(), select(func.max(ClaimRow.seq)).scalar_subquery()
)
# SQLite, searched listings in creation order: the first window of `seq`s searched (then 4x wider each time).
_SEARCH_WINDOW = 2000
# Listings read plain rows (every column, JSON decoded by the column types), not ORM objects: building and
# tracking an ORM object per claim cost more than the query.
_CLAIM_ROWS = select(ClaimRow.__table__)
# What tells whether a claim's row changed (every change of a claim moves its version or `updated_at`; a
# change of its speaker moves the ledger mark the memo checks), and the sort keys of a page's cursor.
_CLAIM_STAMPS = select(
    ClaimRow.seq,
    ClaimRow.version,
    type_coerce(ClaimRow.updated_at, String).label("updated_at"),  # compared, never shown: not parsed
    ClaimRow.superseded,
    type_coerce(ClaimRow.published, String).label("published"),  # ISO text, as a cursor carries it
    ClaimRow.value,
)
# Built once, run with their values bound: a statement built per call costs its compilation lookup and the
# adaptation of its result columns (for a whole claim row, more than reading the row).
_CLAIM_BY_ID = _CLAIM_ROWS.where(ClaimRow.id == bindparam("claim_id"))
_CLAIMS_BY_SEQ = _CLAIM_ROWS.where(ClaimRow.seq.in_(bindparam("seqs", expanding=True)))
_STAMPS_BY_SEQ = _CLAIM_STAMPS.where(ClaimRow.seq.in_(bindparam("seqs", expanding=True)))


def _many(value: Any) -> list[str] | None:
    if value is None:
        return None
    values = value if isinstance(value, tuple | list | set | frozenset) else (value,)
    return [str(v) for v in values]


class Claims(Actors):
    """Claims as the ledger shows them."""

    def get_claim(self, claim_id: str, *, original: bool = False) -> Claim:
        """The claim with this id (or unique prefix), analyst corrections applied unless `original`."""
        return self.get_claim_record(claim_id, original=original).claim

    def get_claim_record(self, claim_id: str, *, original: bool = False) -> ClaimRecord:
        """The claim with its review state (`version` is what an update must pass as `expected_version`)."""
        with self._reading() as s:
            wanted = claim_id.strip().lower()
            # A whole id (as every link carries) is read at once; a prefix is resolved first.
            read = s.connection().execute
            row = read(_CLAIM_BY_ID, {"claim_id": wanted}).first() if len(wanted) == 64 else None
            if row is None:
                full_id = self._resolve_prefix(s, ClaimRow.id, "claim", claim_id)
                row = read(_CLAIM_BY_ID, {"claim_id": full_id}).one()
            return self._records(s, [row], original=original)[0]

    def _records(
        self, s: Session, rows: Sequence[ClaimRow | Row[Any]], *, original: bool = False
    ) -> list[ClaimRecord]:
        speaker_ids: set[str] = set()
        for row in rows:
            for source in (row.data, row.override or {}):
                if source.get("speaker_id"):
                    speaker_ids.add(source["speaker_id"])
        speakers = self._actors_by_id(s, speaker_ids)
        return [claim_record(r, speakers, original=original) for r in rows]

    # ----------------------------------------------------------------------------------------- listing

    def list_claims(
        self,
        filter: ClaimFilter | None = None,
        *,
        limit: int = 50,
        after: str | None = None,
        sort: ClaimSort | str = ClaimSort.CREATED,
    ) -> ClaimPage:
        """A page of claims (keyset pagination: pass the page's `next_cursor` as `after` for the next one)."""
        if not 1 <= limit <= _MAX_LIMIT:
            raise InvalidData(f"limit must be between 1 and {_MAX_LIMIT}, not {limit}")
        try:
            order = ClaimSort(sort)
        except ValueError as exc:
            raise InvalidData(f"unknown sort {sort!r} (one of {', '.join(ClaimSort)})") from exc
        column, desc = _SORTS[order]
        kind = f"claims{order}"
        cursor = decode_cursor(after, kind, 2) if after is not None else None
        with self._reading() as s:
            f = filter or ClaimFilter()
            if column is None and self.dialect == "sqlite" and f.q and f.q.strip():
                seqs = self._searched_seqs(s, f, desc, cursor, limit + 1)
            else:
                conditions = self._claim_conditions(s, f)
                # Tested row by row in sort order (`_probe_sorted`), a place is looked up per claim instead.
                probing = (
                    self._claim_conditions(s, f, probe=True) if column is not None and f.place_id else None
                )
                seqs = self._page_seqs(s, conditions, column, desc, cursor, limit + 1, probing)
            more = len(seqs) > limit
            records, last = self._page_records(s, seqs[:limit])
        next_cursor = None
        if more and last is not None:
            key = getattr(last, column.key) if column is not None else None
            next_cursor = encode_cursor(kind, key.isoformat() if isinstance(key, date) else key, last.seq)
        return ClaimPage(items=tuple(records), next_cursor=next_cursor)

    def _page_records(self, s: Session, seqs: list[int]) -> tuple[list[ClaimRecord], Any]:
        """The records of the claims with these `seq`s, in that order, and the last one's row (its sort
        keys, for the next page's cursor). The page's `seq`s come from the indexes alone first (a sort then
        orders small tuples, not whole rows); then each row's stamp, and whole rows only for claims the
        memo does not hold as they are now (all of them without a memo)."""
        if not seqs:
            return [], None
        held = self._read_memo(s)
        if held is None:
            by_seq = {row.seq: row for row in s.connection().execute(_CLAIMS_BY_SEQ, {"seqs": seqs})}
            # (A claim deleted since its `seq` was read, which PostgreSQL's statement snapshots allow, is left
            # out.)
            rows = [by_seq[seq] for seq in seqs if seq in by_seq]
            return self._records(s, rows), rows[-1] if rows else None
        memo, mark = held
        stamps = {row.seq: row for row in s.connection().execute(_STAMPS_BY_SEQ, {"seqs": seqs})}
        found, missing = memo.records({seq: tuple(row) for seq, row in stamps.items()}, mark)
        if missing:
            rows = list(s.connection().execute(_CLAIMS_BY_SEQ, {"seqs": missing}))
            fresh = {
                row.seq: (tuple(stamps[row.seq]), record)
                for row, record in zip(rows, self._records(s, rows), strict=True)
            }
            memo.put_records(fresh, mark)
            found |= {seq: record for seq, (_, record) in fresh.items()}
        shown = [seq for seq in seqs if seq in found]
        return [found[seq] for seq in shown], stamps[shown[-1]] if shown else None

    def _page_seqs(
        self,
        s: Session,
        conditions: list[ColumnElement[bool]],
        column: InstrumentedAttribute[Any] | None,
        desc: bool,
        cursor: list[Any] | None,
        n: int,
        probing: list[ColumnElement[bool]] | None = None,
    ) -> list[int]:
        seq_order = ClaimRow.seq.desc() if desc else ClaimRow.seq.asc()
        base = select(ClaimRow.seq).where(*conditions)

        def seq_after(seq: int) -> ColumnElement[bool]:
            return ClaimRow.seq < seq if desc else ClaimRow.seq > seq

        if column is None:
            query = base.order_by(seq_order).limit(n)
            if cursor is not None:
                query = query.where(seq_after(int(cursor[1])))
            return list(s.scalars(query))
        # Rows with a sort key come first, then those without (NULLs last in both directions). Two plain
        # range queries use the (column, seq) index on both backends, where one NULLS LAST sort would not.
        seqs: list[int] = []
        key = cursor[0] if cursor is not None else None
        if key is not None and column is ClaimRow.published:
            key = date.fromisoformat(key)
        if cursor is None or key is not None:
            point = (key, int(cursor[1])) if cursor is not None else None
            found = self._probe_sorted(s, probing or conditions, column, desc, point, n)
            if found is None:
                query = base.where(column.is_not(None))
                if point is not None:
                    pair, after = tuple_(column, ClaimRow.seq), tuple_(*point)
                    query = query.where(pair < after if desc else pair > after)
                order = (column.desc(), seq_order) if desc else (column.asc(), seq_order)
                found = list(s.scalars(query.order_by(*order).limit(n)))
            seqs = found
        if len(seqs) < n:
            query = base.where(column.is_(None))
            if cursor is not None and key is None:
                query = query.where(seq_after(int(cursor[1])))
            seqs += s.scalars(query.order_by(seq_order).limit(n - len(seqs)))
        return seqs

    def _searched_seqs(
        self, s: Session, f: ClaimFilter, desc: bool, cursor: list[Any] | None, n: int
    ) -> list[int]:
        """SQLite: a searched page in creation order, from windows of `seq`s next to the cursor.

        Matched as `seq IN (search)`, a query collects every match of the search before taking the page's
        few: tens of thousands for a common word. Searched within a window of `seq`s, FTS5 reads only the
        window's part of each word's list; a window 4x wider is searched next while the page is not full.
        """
        low, high = s.execute(_SEQ_BOUNDS).one()
        if low is None:
            return []
        edge = int(cursor[1]) if cursor is not None else (high + 1 if desc else low - 1)
        seqs: list[int] = []
        width = _SEARCH_WINDOW
        while len(seqs) < n:
            # The window [start, stop): just below the edge (newest first) or just above it.
            start, stop = (
                (max(low, edge - width), edge) if desc else (edge + 1, min(high + 1, edge + 1 + width))
            )
            if start >= stop:
                break
            query = (
                select(ClaimRow.seq)
                .where(
                    ClaimRow.seq >= start, ClaimRow.seq < stop, *self._claim_conditions(s, f, (start, stop))
                )
                .order_by(ClaimRow.seq.desc() if desc else ClaimRow.seq.asc())
                .limit(n - len(seqs))
            )
            seqs += s.scalars(query)
            edge = start if desc else stop - 1
            width *= 4
        return seqs

    def _probe_sorted(
        self,
        s: Session,
        conditions: list[ColumnElement[bool]],
        column: InstrumentedAttribute[Any],
        desc: bool,
        point: tuple[Any, int] | None,
        n: int,
    ) -> list[int] | None:
        """SQLite: the sorted page from the first rows in sort order, or None when too few of them match.

        Without statistics SQLite takes any index on a filter column over the sort's index, then sorts every
        match: a filter most claims pass (figures by value, one party by date) fetched and sorted tens of
        thousands of rows. Testing the first rows of the sort's (column, seq) index instead finds the page
        among a few hundred rows; bounded to a window, so a rare filter falls back to its own index (few
        matches to sort) after a bounded number of tests.
        """
        if self.dialect != "sqlite":
            return None  # PostgreSQL's planner has statistics (autovacuum) and picks between the two
        inner = _SORTED
        key = getattr(inner, column.key)
        ordered = (key.desc(), inner.seq.desc()) if desc else (key.asc(), inner.seq.asc())
        window = select(inner.seq.label("seq"), key.label("key")).where(key.is_not(None)).order_by(*ordered)
        if point is not None:
            pair, after = tuple_(key, inner.seq), tuple_(*point)
            window = window.where(pair < after if desc else pair > after)
        # Every row of a window is tested (the page is then sorted), so a small window first: enough where
        # most rows match, and little lost where they do not.
        for per_row in _PROBE_PER_ROW:
            size = per_row * n
            rows = window.limit(size).subquery("sorted_window")
            outer = (rows.c.key.desc(), rows.c.seq.desc()) if desc else (rows.c.key.asc(), rows.c.seq.asc())
            # EXISTS, not a join: SQLite could turn a join around (walk a filter's index, look up the window).
            matches = exists().where(ClaimRow.seq == rows.c.seq, *conditions)
            query = select(rows.c.seq).where(matches).order_by(*outer).limit(n)
            found = list(s.scalars(query))
            if len(found) == n:
                return found
            if int(s.scalar(select(func.count()).select_from(rows)) or 0) < size:
                return found  # the window held every remaining row
            if len(found) * _PROBE_PER_ROW[-1] < size:
                return None  # so few match that the largest window would not hold the page either
        return None

    def _claim_conditions(
        self, s: Session, f: ClaimFilter, window: tuple[int, int] | None = None, *, probe: bool = False
    ) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        plain: list[tuple[InstrumentedAttribute[Any], Any]] = [
            (ClaimRow.kind, f.kind),
            (ClaimRow.status, f.status),
            (ClaimRow.speaker_party, f.speaker_party),
            (ClaimRow.actor_party, f.actor_party),
            (ClaimRow.measure, f.measure),
            (ClaimRow.subject_class, f.subject_class),
            (ClaimRow.polarity, f.polarity),
        ]
        for column, value in plain:
            values = _many(value)
            if values is not None:
                conditions.append(column == values[0] if len(values) == 1 else column.in_(values))
        if f.speaker:
            pattern = like_pattern(f.speaker)
            named = select(ActorRow.id).where(
                or_(
                    self._fold(ActorRow.name).like(pattern, escape="\\"),
                    self._fold(cast(ActorRow.aliases, Text)).like(pattern, escape="\\"),
                )
            )
            # The mention counts only where no actor was resolved (else the actor's names decide).
            unresolved = and_(
                ClaimRow.speaker_actor_id.is_(None), self._fold(ClaimRow.mention).like(pattern, escape="\\")
            )
            conditions.append(or_(ClaimRow.speaker_actor_id.in_(named), unresolved))
        if f.speaker_id:
            actor = self._actors_by_id(s, [f.speaker_id]).get(f.speaker_id)
            conditions.append(ClaimRow.speaker_actor_id == (actor.id if actor else f.speaker_id))
        if f.document_id:
            conditions.append(ClaimRow.document_id == f.document_id)
        if f.place_id and probe:
            named = select(ClaimPlaceRow.claim_id).where(
                ClaimPlaceRow.claim_id == ClaimRow.id, ClaimPlaceRow.place_id == f.place_id
            )
            conditions.append(named.exists())
        elif f.place_id and self.dialect == "sqlite":
            # In `seq`: SQLite then walks the matches in creation order (no sort for a page).
            conditions.append(ClaimRow.seq.in_(_PLACE_SEQS.bindparams(claim_place_id=f.place_id)))
        elif f.place_id:
            conditions.append(
                ClaimRow.id.in_(select(ClaimPlaceRow.claim_id).where(ClaimPlaceRow.place_id == f.place_id))
            )
        if f.published_from is not None:
            conditions.append(ClaimRow.published >= f.published_from)
        if f.published_to is not None:
            conditions.append(ClaimRow.published <= f.published_to)
        if f.q and f.q.strip():
            conditions.append(claim_match(self.dialect, f.q, window))
        if not f.include_superseded and self.dialect == "sqlite":
            # Not superseded = not among the few the partial index lists: tested from any index that ends on
            # `seq`, where `superseded` itself would need the table row of every candidate.
            conditions.append(ClaimRow.seq.not_in(_SUPERSEDED_SEQS))
        elif not f.include_superseded:
            conditions.append(ClaimRow.superseded.is_(False))
        return conditions

    # ----------------------------------------------------------------------------------------- counting

    def count_claims(self, filter: ClaimFilter | None = None, *, estimate: bool = False) -> int:
        """How many claims match; `estimate` trades exactness for speed on large ledgers."""
        with self._reading() as s:
            conditions = self._claim_conditions(s, filter or ClaimFilter())
            if estimate:
                guess = self._estimate(s, filter or ClaimFilter(), conditions)
                if guess is not None:
                    return guess
            return self._exact_count(s, filter or ClaimFilter())

    def _exact_count(self, s: Session, f: ClaimFilter) -> int:
        def count(conditions: list[ColumnElement[bool]]) -> int:
            return int(s.scalar(select(func.count()).select_from(ClaimRow).where(*conditions)) or 0)

        if f.include_superseded:
            return count(self._claim_conditions(s, f))
        # "not superseded" would make every count scan its rows; counting all matches (from the filter's
        # own index) and taking away the few superseded ones (from their small index) does not.
        superseded = ClaimRow.superseded == true()  # `= true`, which the partial index answers
        everything = self._claim_conditions(s, replace(f, include_superseded=True))
        total = count(everything)
        if not total or not count([superseded]):
            return total
        gone = select(ClaimRow.seq).where(superseded)
        return total - count([*everything, ClaimRow.seq.in_(gone)])

    def _estimate(self, s: Session, f: ClaimFilter, conditions: list[ColumnElement[bool]]) -> int | None:
        """An approximate count, or None where the exact count is cheap or a guess would be poor."""
        if self.dialect == "postgresql":
            compiled = select(ClaimRow.seq).where(*conditions).compile(s.get_bind())
            raw = (
                s.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar()
            )
            plan = json.loads(raw) if isinstance(raw, str) else raw
            rows = int(plan[0]["Plan"]["Plan Rows"]) if plan else 0
            # The planner's guesses are poor for small results, and counting those exactly is cheap.
            return rows if rows > ESTIMATE_EXACT_BELOW else None
        if not (f.q and f.q.strip()) and not f.speaker:
            # Every other filter is answered from an index: an exact count costs less than sampled windows,
            # which SQLite answers from the filter's index too, reading all its matches once a window.
            return None
        first, last = s.execute(_SEQ_BOUNDS).one()
        if first is None or int(last) - int(first) + 1 <= ESTIMATE_EXACT_BELOW:
            return None
        # Count matches in a few evenly spread windows of creation order, each a range scan, and scale up.
        low, high = int(first), int(last)
        span = high - low + 1
        step = span // ESTIMATE_WINDOWS
        hits = 0
        for i in range(ESTIMATE_WINDOWS):
            start = low + i * step
            window = (start, start + ESTIMATE_WIDTH)
            query = (
                select(func.count())
                .select_from(ClaimRow)
                .where(
                    ClaimRow.seq >= window[0], ClaimRow.seq < window[1], *self._claim_conditions(s, f, window)
                )
            )
            hits += int(s.scalar(query) or 0)
        if hits < _MIN_SAMPLE_HITS:
            return None  # too few to scale up from: a rare match, which an index makes cheap to count
        return round(hits * span / (ESTIMATE_WINDOWS * ESTIMATE_WIDTH))

    # ------------------------------------------------------------------------------------------- export

    def iter_export(
        self, filter: ClaimFilter | None = None, *, batch_size: int = 1000
    ) -> Iterator[tuple[Claim, Document]]:
        """Every claim (corrections applied) with its document, in creation order, streamed in batches."""
        documents: dict[str, Document] = {}
        with self._reading() as s:
            conditions = self._claim_conditions(s, filter or ClaimFilter())
            last = -1
            while True:
                query = _CLAIM_ROWS.where(*conditions, ClaimRow.seq > last).order_by(ClaimRow.seq)
                rows = list(s.execute(query.limit(batch_size)))
                if not rows:
                    return
                records = self._records(s, rows)
                wanted = {r.document_id for r in rows}
                documents = {k: v for k, v in documents.items() if k in wanted}
                missing = sorted(wanted - documents.keys())
                for part in chunks(missing):
                    for doc in s.scalars(select(DocumentRow).where(DocumentRow.id.in_(part))):
                        documents[doc.id] = document_from_row(doc)
                last = rows[-1].seq
                s.expunge_all()  # keep memory flat over millions of claims
                for record in records:
                    yield record.claim, documents[record.claim.document_id]

    # ------------------------------------------------------------------------------------------ summary

    def summary(self) -> StoreSummary:
        """Counts of documents, receipts, speakers and claims (by kind and by status)."""
        live = ClaimRow.superseded.is_(False)
        with self._reading() as s:
            documents = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
            captures = s.scalar(select(func.count()).select_from(CaptureRow)) or 0
            speakers = s.scalar(select(func.count(func.distinct(ClaimRow.speaker_actor_id))).where(live)) or 0
            by_kind = dict(
                s.execute(select(ClaimRow.kind, func.count()).where(live).group_by(ClaimRow.kind)).all()
            )
            by_status = dict(
                s.execute(select(ClaimRow.status, func.count()).where(live).group_by(ClaimRow.status)).all()
            )
        return StoreSummary(
            documents=int(documents),
            captures=int(captures),
            speakers=int(speakers),
            claims=sum(by_kind.values()),
            claims_by_kind={str(k): int(v) for k, v in sorted(by_kind.items())},
            claims_by_status={str(k): int(v) for k, v in sorted(by_status.items())},
        )
