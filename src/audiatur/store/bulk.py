"""Bulk writes: many documents, or many documents' extractions, in one transaction and a few statements.

`add_captures` is `add_capture` for a batch: raw bytes, documents, band keys and receipts go in as one
multi-row INSERT each. `save_extractions` is `save_extraction` for a batch: documents never extracted
before (the bulk-load case) are written with one INSERT per table for the whole batch; a document that
already has claims goes through `save_extraction`, which keeps analyst work. Both are idempotent: a batch
written twice (a retried task, a re-run after a crash) stores nothing twice.

`extraction_rows` turns one extraction into the rows those INSERTs write, checked, as plain values: a Dask
worker builds them beside the extractor and `save_extraction_rows` writes them, filling in only what depends
on the ledger (the actors as stored, times, order), so the writing process does little per row.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, Table, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from audiatur.domain import Actor, ActorType, Capture, ClaimStatus, Document, Extraction, Place, PlaceRef
from audiatur.errors import IntegrityError, StoreError

from .base import as_utc, chunks, now
from .documents import Documents, _sha256
from .engine import _json_dumps
from .extractions import Extractions, _check_ids, _check_spans, _effective, _gather_actors, claim_row
from .mapping import document_from_row, document_values, statement_values
from .payloads import claim_data, clean, clean_optional, effective_places
from .records import AddResult, AddStatus, InvalidData
from .tables import (
    BlobRow,
    CaptureRow,
    ClaimPlaceRow,
    ClaimRow,
    CleanString,
    DocumentBandRow,
    DocumentRow,
    ExtractionRow,
    StatementRow,
)

__all__ = ["Bulk", "ExtractionRows", "extraction_rows"]

log = logging.getLogger(__name__)

# Rows per multi-row INSERT: keeps every statement under SQLite's and PostgreSQL's parameter limits.
_ROWS = 400
# INSERTs for `_insert_plain`, compiled once: (dialect, driver, table, columns, conflict columns) → statement.
_COMPILED: dict[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], SQLCompiler] = {}


class EncodedJson(str):
    """A JSON column's value serialised already (by the engine's serializer, in the process that built the
    row): `_insert_plain` binds it as it is; other INSERTs get the value back."""

    __slots__ = ()


def _encoded(value: Any) -> EncodedJson:
    return EncodedJson(_json_dumps(value))


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v) if type(v) is EncodedJson else v for k, v in row.items()}


@dataclass(frozen=True, slots=True)
class ExtractionRows:
    """One document's extraction as the rows `save_extraction_rows` writes (built by `extraction_rows`).

    Rows are plain values (cheap to send between processes). What depends on the ledger is left out and
    filled in when written: a statement's actor and a claim's speaker columns (from the actors as stored:
    merges followed, parties an analyst set), times, the claims' order and the document's publication date.
    """

    document_id: str
    actors: tuple[Actor, ...]  # every actor mentioned, pooled (as `_gather_actors`)
    places: tuple[Place | PlaceRef, ...]  # the places to store, in document order
    statements: tuple[tuple[dict[str, Any], str], ...]  # (row without actor_id, speaker id)
    claims: tuple[tuple[dict[str, Any], str | None], ...]  # (row without speaker, times, order; speaker id)
    claim_places: tuple[dict[str, Any], ...]
    run: dict[str, Any]  # the `extractions` row without its time


def extraction_rows(x: Extraction, text: str | None = None) -> ExtractionRows:
    """The rows of an extraction of a document never extracted before; InvalidData if it cannot be stored as
    `save_extraction` would refuse it (with `text`, the document's, its evidence spans are checked too)."""
    _check_batchable(x)
    if text is not None:
        _check_spans(text, x)
    version = clean(x.extractor_version).strip()
    # JSON columns are serialised here, by the worker that extracted (`EncodedJson`).
    statements = tuple(
        (
            _with_json(statement_values(st, actor_id=None, extractor_version=version), "signatories"),
            st.speaker.id,
        )
        for st in x.statements
    )
    counts: Counter[str] = Counter()
    claims: list[tuple[dict[str, Any], str | None]] = []
    places: list[dict[str, Any]] = []
    for claim in x.claims:
        counts[str(claim.kind)] += 1
        data = claim_data(claim)
        effective = _effective(claim, data, None, {})  # the speaker is the stored actor, filled in later
        claims.append(
            (
                {
                    **claim_row(claim, x.document_id, version, _encoded(data), effective),
                    "status": str(ClaimStatus.EXTRACTED),
                    "override": None,
                    "version": 1,
                    "reviewed_by": None,
                    "reviewed_at": None,
                },
                data["speaker_id"],
            )
        )
        refs = dict.fromkeys(r.id for r in effective_places(effective))
        places += [{"claim_id": claim.id, "place_id": p} for p in refs]
    counts["superseded"] = counts["removed"] = 0
    return ExtractionRows(
        document_id=x.document_id,
        actors=tuple(_gather_actors(x)),
        places=tuple(_document_places(x)),
        statements=statements,
        claims=tuple(claims),
        claim_places=tuple(places),
        run={
            "document_id": x.document_id,
            "extractor_version": version,
            "statements": len(x.statements),
            "claims": len(x.claims),
            "counts": _encoded(dict(sorted(counts.items()))),
            "current": True,
        },
    )


def _with_json(row: dict[str, Any], column: str) -> dict[str, Any]:
    return {**row, column: _encoded(row[column])}


class Bulk(Documents, Extractions):
    """Batched ingest and extraction writes for bulk loads and distributed extraction."""

    # ------------------------------------------------------------------------------------------- reads

    def known_documents(self, document_ids: Iterable[str]) -> set[str]:
        """Which of these document ids are stored."""
        ids = sorted(set(document_ids))
        with self._reading() as s:
            return {
                i
                for part in chunks(ids)
                for i in s.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(part)))
            }

    def known_blobs(self, sha256s: Iterable[str]) -> set[str]:
        """Which of these raw-bytes SHA-256s are stored."""
        shas = sorted(set(sha256s))
        with self._reading() as s:
            return {
                i
                for part in chunks(shas)
                for i in s.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(part)))
            }

    def document_seqs(self, document_ids: Iterable[str]) -> dict[str, int]:
        """The storing order (`seq`) of these documents, by id (unknown ids are left out)."""
        ids = sorted(set(document_ids))
        found: dict[str, int] = {}
        with self._reading() as s:
            for part in chunks(ids):
                query = select(DocumentRow.id, DocumentRow.seq).where(DocumentRow.id.in_(part))
                found.update((i, int(seq)) for i, seq in s.execute(query))
        return found

    def get_documents(self, document_ids: Sequence[str]) -> list[Document]:
        """The stored documents with these ids, in the order given (unknown ids are left out)."""
        found: dict[str, Document] = {}
        with self._reading() as s:
            for part in chunks(list(dict.fromkeys(document_ids))):
                for row in s.scalars(select(DocumentRow).where(DocumentRow.id.in_(part))):
                    found[row.id] = document_from_row(row)
        return [found[i] for i in document_ids if i in found]

    # ---------------------------------------------------------------------------------------- captures

    def add_captures(
        self,
        captures: Sequence[Capture],
        *,
        signatures: Mapping[str, bytes] | None = None,
        band_keys: Mapping[str, Sequence[str]] | None = None,
        duplicate_of: Mapping[str, str] | None = None,
    ) -> list[AddResult]:
        """Store received documents in one transaction, as `add_capture` does one by one.

        `signatures`, `band_keys` and `duplicate_of` are keyed by document id. A capture whose bytes or
        text do not hash to its ids refuses the whole batch (IntegrityError naming its source), before
        anything is written; a `duplicate_of` may name a document stored earlier in the same batch.
        """
        signatures, band_keys, duplicate_of = signatures or {}, band_keys or {}, duplicate_of or {}
        for capture in captures:
            _check_hashes(capture)
        at = now()
        results: list[AddResult] = []
        with self._writing() as s:
            self._insert_rows(s, BlobRow, _blob_rows(captures), conflict=["sha256"])
            ids = list(dict.fromkeys(c.document.id for c in captures))
            before = {
                i
                for part in chunks(ids)
                for i in s.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(part)))
            }
            new: dict[str, dict[str, Any]] = {}
            for c in captures:
                doc = c.document
                if doc.id in before or doc.id in new:
                    continue
                dup = duplicate_of.get(doc.id) or doc.duplicate_of
                new[doc.id] = document_values(
                    doc,
                    text=doc.text,
                    signature=signatures.get(doc.id),
                    duplicate_of=dup if dup != doc.id else None,
                    ingested_at=at,
                )
            self._check_duplicate_targets(s, new, before)
            rows = list(new.values())
            if rows and self.dialect != "postgresql":
                for row, seq in zip(
                    rows, self._next_seqs(s, DocumentRow.seq, "document_seq", len(rows)), strict=True
                ):
                    row["seq"] = seq
            # Another PostgreSQL writer may store one of these texts meanwhile: its row stays, and ours is
            # reported unchanged.
            added = self._insert_rows(s, DocumentRow, rows, conflict=["id"], returning=True)
            self._fill_signatures(s, before, signatures)
            bands = {(k, i) for i in ids for k in band_keys.get(i, ()) if k}
            self._insert_rows(
                s,
                DocumentBandRow,
                [{"band_key": clean(k), "document_id": i} for k, i in sorted(bands)],
                conflict=["band_key", "document_id"],
            )
            self._add_receipts(s, captures, before, at)
        for c in captures:
            status = AddStatus.ADDED if c.document.id in added else AddStatus.UNCHANGED
            results.append(
                AddResult(status=status, document_id=c.document.id, raw_sha256=c.document.raw_sha256)
            )
            added.discard(c.document.id)  # a text twice in one batch is added once, then unchanged
        log.debug("bulk: %d captures, %d documents added", len(captures), len(rows))
        return results

    def _check_duplicate_targets(
        self, s: Session, new: Mapping[str, dict[str, Any]], before: set[str]
    ) -> None:
        targets = {v["duplicate_of"] for v in new.values() if v["duplicate_of"]} - before - set(new)
        known = {
            i
            for part in chunks(sorted(targets))
            for i in s.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(part)))
        }
        for values in new.values():
            target = values["duplicate_of"]
            if target in targets and target not in known:
                raise InvalidData(f"{values['source']}: duplicate_of names unknown document {target[:12]}")

    def _fill_signatures(self, s: Session, before: set[str], signatures: Mapping[str, bytes]) -> None:
        # A document first stored before near-duplicate detection gets its signature now.
        for doc_id in sorted(before & signatures.keys()):
            s.execute(
                update(DocumentRow)
                .where(DocumentRow.id == doc_id, DocumentRow.signature.is_(None))
                .values(signature=signatures[doc_id])
            )

    def _add_receipts(self, s: Session, captures: Sequence[Capture], before: set[str], at: datetime) -> None:
        # The same receipt stored twice (a retried batch) is still one receipt.
        seen: set[tuple[str, str, str, datetime]] = set()
        stored_for = sorted(before)
        for part in chunks(stored_for):
            query = select(
                CaptureRow.document_id, CaptureRow.raw_sha256, CaptureRow.source, CaptureRow.retrieved_at
            )
            for doc_id, raw_sha, source, retrieved in s.execute(
                query.where(CaptureRow.document_id.in_(part))
            ):
                seen.add((doc_id, raw_sha, source, as_utc(retrieved)))
        rows = []
        for c in captures:
            doc = c.document
            key = (doc.id, doc.raw_sha256, clean(doc.source), as_utc(doc.retrieved_at))
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "document_id": doc.id,
                    "raw_sha256": doc.raw_sha256,
                    "source": clean(doc.source),
                    "url": clean_optional(doc.url),
                    "publisher": clean_optional(doc.publisher),
                    "title": clean_optional(doc.title),
                    "published": doc.published,
                    "retrieved_at": doc.retrieved_at,
                    "captured_at": at,
                }
            )
        self._insert_rows(s, CaptureRow, rows)

    def _insert_rows(
        self,
        s: Session,
        table: Any,
        rows: Sequence[dict[str, Any]],
        *,
        conflict: list[str] | None = None,
        returning: bool = False,
    ) -> set[str]:
        """Multi-row INSERTs (ON CONFLICT DO NOTHING on `conflict`); with `returning`, the ids written."""
        written: set[str] = set()
        core = cast(Table, table.__table__)
        if not returning and rows and self._insert_plain(s, core, rows, conflict or []):
            return written
        rows = [_decoded(r) for r in rows]
        for part in chunks(rows, _ROWS):
            statement = self._insert(core)
            if conflict:
                statement = statement.on_conflict_do_nothing(index_elements=conflict)
            if returning:
                written.update(s.scalars(statement.returning(core.c.id), list(part)))
            else:
                s.execute(statement, list(part))
        return written

    def _insert_plain(
        self, s: Session, core: Table, rows: Sequence[dict[str, Any]], conflict: list[str]
    ) -> bool:
        """Rows that all name the same columns, as one executemany of the INSERT compiled once, each value
        bound by its column type (as SQLAlchemy binds it) a column at a time: far less work a row than the
        ORM session's executemany. False (nothing written) for rows that name different columns, or an
        INSERT that needs values the rows do not give (Python-side defaults)."""
        keys = rows[0].keys()
        if any(r.keys() != keys for r in rows):
            return False
        dialect = s.get_bind().dialect
        cache_key = (dialect.name, dialect.driver, core.name, tuple(keys), tuple(conflict))
        compiled = _COMPILED.get(cache_key)
        if compiled is None:
            statement = self._insert(core)
            if conflict:
                statement = statement.on_conflict_do_nothing(index_elements=conflict)
            compiled = statement.compile(dialect=dialect, column_keys=list(keys))
            _COMPILED[cache_key] = compiled = cast(SQLCompiler, compiled)
        names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.params)
        if set(names) != set(keys):
            return False
        processors = compiled._bind_processors
        columns: list[list[Any]] = []
        for name in names:
            values = [r[name] for r in rows]
            process = processors.get(name)
            if process is not None and not callable(process):
                return False  # a tuple type's processors: not in these tables
            if process is None:
                columns.append(values)
                continue
            kind = core.c[name].type
            if isinstance(kind, JSON):
                if EncodedJson in set(map(type, values)):
                    columns.append([v if type(v) is EncodedJson else process(v) for v in values])
                else:
                    columns.append(list(map(process, values)))
                continue
            if isinstance(kind, CleanString) and "\x00" not in "".join(map(str, values)):
                columns.append(values)  # no NUL in the column: nothing for its type to clean
                continue
            # Times and dates repeat (a write's time, a document's day): each distinct value bound once.
            try:
                bound_once = {v: process(v) for v in set(values)}
            except TypeError:  # unhashable values
                columns.append(list(map(process, values)))
            else:
                columns.append(list(map(bound_once.__getitem__, values)))
        bound: list[Any] = (
            list(zip(*columns, strict=True))
            if compiled.positional
            else [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
        )
        connection = s.connection()
        for part in chunks(bound, _ROWS * 10):
            connection.exec_driver_sql(compiled.string, list(part))
        return True

    # ------------------------------------------------------------------------------------- extractions

    def save_extractions(self, extractions: Sequence[Extraction]) -> list[tuple[str, str]]:
        """Store many documents' extractions in one transaction; returns (document id, reason) of refusals.

        The same guarantees as `save_extraction` document by document: an extraction that does not fit its
        document is refused alone, and a document's claims an analyst reviewed are kept.
        """
        failed: list[tuple[str, str]] = []
        batch: dict[str, Extraction] = {}
        for x in extractions:
            try:
                _check_batchable(x)
            except InvalidData as exc:
                failed.append((x.document_id, str(exc)))
                continue
            batch[x.document_id] = x  # a document twice in one batch: the last extraction wins
        if not batch:
            return failed
        with self._writing() as s:
            docs = self._lock_documents(s, sorted(batch))
            fresh: list[Extraction] = []
            stored = self._extracted_before(s, sorted(docs))
            for doc_id, x in batch.items():
                row = docs.get(doc_id)
                if row is None:
                    failed.append((doc_id, f"no document {doc_id[:12]} to save an extraction for"))
                    continue
                if doc_id in stored:
                    # Claims stored before (maybe reviewed): the careful path, in its own savepoint.
                    try:
                        self.save_extraction(x)
                    except StoreError as exc:
                        failed.append((doc_id, str(exc)))
                    continue
                try:
                    _check_spans(row.text, x)
                except InvalidData as exc:
                    failed.append((doc_id, str(exc)))
                    continue
                fresh.append(x)
            if fresh:
                rows = [extraction_rows(x) for x in fresh]
                self._insert_extractions(s, rows, {i: r.published for i, r in docs.items()})
        log.debug("bulk: %d extractions saved, %d refused", len(batch) - len(failed), len(failed))
        return failed

    def save_extraction_rows(self, extractions: Sequence[ExtractionRows]) -> list[tuple[str, str]]:
        """Store the rows of many documents' first extractions in one transaction; returns refusals.

        The rows are made by `extraction_rows`, perhaps in another process, from the documents' own text; a
        refusal is (document id, reason). For documents with nothing extracted yet, as a bulk ingest's new
        documents: one already extracted is refused (its claims may be reviewed: `save_extractions` keeps that
        work), as is an unknown document.
        """
        failed: list[tuple[str, str]] = []
        batch = {r.document_id: r for r in extractions}  # a document twice: the last extraction wins
        if not batch:
            return failed
        with self._writing() as s:
            docs = self._lock_documents(s, sorted(batch))
            stored = self._extracted_before(s, sorted(docs))
            fresh: list[ExtractionRows] = []
            for doc_id, rows in batch.items():
                if doc_id not in docs:
                    failed.append((doc_id, f"no document {doc_id[:12]} to save an extraction for"))
                elif doc_id in stored:
                    failed.append((doc_id, f"document {doc_id[:12]} is extracted already"))
                else:
                    fresh.append(rows)
            if fresh:
                self._insert_extractions(s, fresh, {i: r.published for i, r in docs.items()})
        return failed

    def _lock_documents(self, s: Session, ids: Sequence[str]) -> dict[str, Any]:
        """(id, text, published) of these documents, row-locked in id order against concurrent writers."""
        found: dict[str, Any] = {}
        for part in chunks(ids):
            query = select(DocumentRow.id, DocumentRow.text, DocumentRow.published).where(
                DocumentRow.id.in_(part)
            )
            for row in s.execute(query.order_by(DocumentRow.id).with_for_update()):
                found[row.id] = row
        return found

    def _extracted_before(self, s: Session, ids: Sequence[str]) -> set[str]:
        """Documents with any extraction run, statement or claim stored."""
        stored: set[str] = set()
        for column in (ExtractionRow.document_id, StatementRow.document_id, ClaimRow.document_id):
            for part in chunks(ids):
                stored.update(s.scalars(select(column).where(column.in_(part)).distinct()))
        return stored

    def _insert_extractions(
        self, s: Session, extractions: Sequence[ExtractionRows], published: Mapping[str, Any]
    ) -> None:
        """Write extractions of documents that have none yet: one multi-row INSERT per table."""
        actors = self._upsert_actors(s, _fold_actors([x.actors for x in extractions]))
        actor_ids = {i: a.id for i, a in actors.items()}
        self._upsert_places(s, _fold_places([x.places for x in extractions]))
        at = now()
        statements: list[dict[str, Any]] = []
        claims: list[dict[str, Any]] = []
        runs: list[dict[str, Any]] = []
        for x in extractions:
            statements += [{**row, "actor_id": actor_ids.get(sid, sid)} for row, sid in x.statements]
            day = published[x.document_id]
            for row, speaker_id in x.claims:
                # As the ledger shows the claim: its speaker is the stored actor (merges followed).
                speaker = actors.get(speaker_id) if speaker_id else None
                claims.append(
                    {
                        **row,
                        "speaker_actor_id": speaker.id if speaker else None,
                        "speaker_party": speaker.party if speaker else None,
                        "published": day,
                        "updated_at": at,
                        "created_at": at,
                    }
                )
            runs.append({**x.run, "extracted_at": at})
        if claims and self.dialect != "postgresql":
            for row, seq in zip(
                claims, self._next_seqs(s, ClaimRow.seq, "claim_seq", len(claims)), strict=True
            ):
                row["seq"] = seq
        self._insert_rows(s, StatementRow, statements)
        self._insert_rows(s, ClaimRow, claims)
        self._insert_rows(s, ClaimPlaceRow, [p for x in extractions for p in x.claim_places])
        self._insert_rows(s, ExtractionRow, runs)


def _check_hashes(capture: Capture) -> None:
    doc = capture.document
    if _sha256(capture.raw) != doc.raw_sha256:
        raise IntegrityError(f"{doc.source}: raw bytes do not hash to raw_sha256 {doc.raw_sha256[:12]}")
    if clean(doc.text) != doc.text or _sha256(doc.text.encode("utf-8")) != doc.id:
        raise IntegrityError(f"{doc.source}: text does not hash to document id {doc.id[:12]} (or holds NUL)")


def _blob_rows(captures: Sequence[Capture]) -> list[dict[str, Any]]:
    blobs = {c.document.raw_sha256: c.raw for c in captures}
    return [{"sha256": sha, "size": len(raw), "content": raw} for sha, raw in sorted(blobs.items())]


def _check_batchable(x: Extraction) -> None:
    """What `save_extraction` checks before it writes, for an extraction on its own."""
    if not clean(x.extractor_version).strip():
        raise InvalidData(f"document {x.document_id[:12]}: extraction has no extractor version")
    _check_ids(x)
    statement_ids = {st.id for st in x.statements}
    for claim in x.claims:
        if claim.statement_id is not None and claim.statement_id not in statement_ids:
            # Statement ids hash the document id: a claim can only name one of its own document's.
            raise InvalidData(f"claim {claim.id[:12]} names statement {claim.statement_id[:12]}, not stored")


def _fold_actors(batch: Sequence[Sequence[Actor]]) -> list[Actor]:
    """The actors of a batch (each document's, pooled), one each, as saving the extractions one after another
    would leave them: aliases accumulate, and a later document's type, role, affiliation or party replaces an
    earlier one's."""
    folded: dict[str, Actor] = {}
    for document_actors in batch:
        for actor in document_actors:
            seen = folded.get(actor.id)
            folded[actor.id] = (
                actor
                if seen is None
                else replace(
                    seen,
                    type=actor.type if actor.type is not ActorType.UNKNOWN else seen.type,
                    aliases=(*seen.aliases, *(a for a in actor.aliases if a not in seen.aliases)),
                    role=actor.role or seen.role,
                    affiliation=actor.affiliation or seen.affiliation,
                    party=actor.party or seen.party,
                )
            )
    return list(folded.values())


def _document_places(x: Extraction) -> list[Place | PlaceRef]:
    """The places an extraction names, in document order: its places, then its claims'."""
    return [*x.places, *(r for c in x.claims for r in effective_places(c))]


def _fold_places(batch: Sequence[Sequence[Place | PlaceRef]]) -> list[Place | PlaceRef]:
    """The places of a batch in document order; a full `Place` wins over a bare reference."""
    found: dict[str, Place | PlaceRef] = {}
    for refs in batch:
        for p in refs:
            if p.id not in found or (isinstance(p, Place) and not isinstance(found[p.id], Place)):
                found[p.id] = p
    return list(found.values())
