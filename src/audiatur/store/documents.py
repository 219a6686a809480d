"""Documents, raw bytes and receipts: what ingest writes and every later stage reads."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.orm import Session

from audiatur.domain import Capture, Document
from audiatur.errors import IntegrityError, NotFound

from .base import StoreBase, as_utc, chunks, decode_cursor, encode_cursor, now
from .mapping import capture_info, document_from_row, document_info, document_values
from .payloads import clean, clean_optional
from .records import (
    AddResult,
    AddStatus,
    CaptureInfo,
    DocumentFilter,
    DocumentInfo,
    DocumentPage,
    InvalidData,
    SearchHit,
)
from .search import document_hits_query, document_match
from .tables import BlobRow, CaptureRow, DocumentBandRow, DocumentRow

__all__ = ["Documents"]

log = logging.getLogger(__name__)

_INFO_COLUMNS = [c for c in DocumentRow.__table__.columns if c.name not in ("text", "signature")]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Documents(StoreBase):
    """Documents, blobs, captures and near-duplicate band keys."""

    def has_raw(self, raw_sha256: str) -> bool:
        """Whether these exact bytes were received before."""
        with self._reading() as s:
            return bool(s.scalar(select(exists().where(BlobRow.sha256 == raw_sha256))))

    def has_document(self, document_id: str) -> bool:
        """Whether a document with this id (text hash) is stored."""
        with self._reading() as s:
            return bool(s.scalar(select(exists().where(DocumentRow.id == document_id))))

    def add_capture(
        self,
        capture: Capture,
        *,
        signature: bytes | None = None,
        band_keys: Sequence[str] = (),
        duplicate_of: str | None = None,
    ) -> AddResult:
        """Store a received document: its raw bytes (once), the document (once per text) and the receipt.

        The raw bytes must hash to `raw_sha256` and the text to the document id. NUL characters are
        stripped from the text; when that changes it, the document is stored under the hash of the
        stripped text and the result names that id.
        """
        document = capture.document
        raw_sha = _sha256(capture.raw)
        if raw_sha != document.raw_sha256:
            raise IntegrityError(
                f"{document.source}: raw bytes hash to {raw_sha[:12]}, "
                f"not to raw_sha256 {document.raw_sha256[:12]}"
            )
        text = clean(document.text)
        doc_id = _sha256(text.encode("utf-8"))
        if doc_id != document.id:
            if text != document.text and _sha256(document.text.encode("utf-8")) == document.id:
                log.warning(
                    "%s: NUL characters stripped from the text; stored as %s", document.source, doc_id[:12]
                )
            else:
                raise IntegrityError(
                    f"{document.source}: text hashes to {doc_id[:12]}, not to document id {document.id[:12]}"
                )
        duplicate_of = duplicate_of if duplicate_of is not None else document.duplicate_of
        if duplicate_of == doc_id:
            duplicate_of = None
        at = now()
        with self._writing() as s:
            s.execute(
                self._insert(BlobRow)
                .values(sha256=raw_sha, size=len(capture.raw), content=capture.raw)
                .on_conflict_do_nothing(index_elements=["sha256"])
            )
            existed = bool(s.scalar(select(exists().where(DocumentRow.id == doc_id))))
            if not existed:
                if duplicate_of is not None and not s.scalar(
                    select(exists().where(DocumentRow.id == duplicate_of))
                ):
                    raise InvalidData(
                        f"{document.source}: duplicate_of names unknown document {duplicate_of[:12]}"
                    )
                values = document_values(
                    document, text=text, signature=signature, duplicate_of=duplicate_of, ingested_at=at
                )
                values["id"] = doc_id
                values["raw_sha256"] = raw_sha
                if self.dialect != "postgresql":
                    values["seq"] = self._next_seqs(s, DocumentRow.seq, "document_seq", 1)[0]
                insert = self._insert(DocumentRow).values(**values)
                # Another PostgreSQL writer may store the same text in the meantime: then it is unchanged.
                stored = s.scalar(
                    insert.on_conflict_do_nothing(index_elements=["id"]).returning(DocumentRow.id)
                )
                existed = stored is None
            elif signature is not None:
                # A document first stored before near-duplicate detection gets its signature now.
                s.execute(
                    update(DocumentRow)
                    .where(DocumentRow.id == doc_id, DocumentRow.signature.is_(None))
                    .values(signature=signature)
                )
            self._add_bands(s, doc_id, band_keys)
            self._add_receipt(s, doc_id, raw_sha, document, at)
        status = AddStatus.UNCHANGED if existed else AddStatus.ADDED
        log.debug("%s: %s document %s", document.source, status, doc_id[:12])
        return AddResult(status=status, document_id=doc_id, raw_sha256=raw_sha)

    def _add_bands(self, s: Session, doc_id: str, band_keys: Sequence[str]) -> None:
        keys = sorted({clean(k) for k in band_keys if k})
        if keys:
            s.execute(
                self._insert(DocumentBandRow).on_conflict_do_nothing(
                    index_elements=["band_key", "document_id"]
                ),
                [{"band_key": k, "document_id": doc_id} for k in keys],
            )

    def _add_receipt(self, s: Session, doc_id: str, raw_sha: str, document: Document, at: datetime) -> None:
        source, retrieved_at = clean(document.source), document.retrieved_at
        same = select(CaptureRow.retrieved_at).where(
            CaptureRow.document_id == doc_id, CaptureRow.raw_sha256 == raw_sha, CaptureRow.source == source
        )
        # The same receipt stored twice (a retried batch) is still one receipt.
        if any(as_utc(t) == as_utc(retrieved_at) for t in s.scalars(same)):
            return
        s.add(
            CaptureRow(
                document_id=doc_id,
                raw_sha256=raw_sha,
                source=source,
                url=clean_optional(document.url),
                publisher=clean_optional(document.publisher),
                title=clean_optional(document.title),
                published=document.published,
                retrieved_at=retrieved_at,
                captured_at=at,
            )
        )
        s.flush()

    def near_duplicate_candidates(self, band_keys: Sequence[str]) -> list[tuple[str, bytes]]:
        """(document id, MinHash signature) of every document sharing at least one band key."""
        keys = sorted({k for k in band_keys if k})
        found: dict[str, bytes] = {}
        with self._reading() as s:
            for part in chunks(keys):
                query = (
                    select(DocumentRow.id, DocumentRow.signature)
                    .where(
                        DocumentRow.signature.is_not(None),
                        DocumentRow.id.in_(
                            select(DocumentBandRow.document_id).where(DocumentBandRow.band_key.in_(part))
                        ),
                    )
                    .order_by(DocumentRow.seq)
                )
                for doc_id, sig in s.execute(query):
                    if sig is not None:
                        found.setdefault(doc_id, bytes(sig))
        return list(found.items())

    def get_document(self, id_or_prefix: str) -> Document:
        """The document with this id or unique id prefix (NotFound / AmbiguousId otherwise)."""
        with self._reading() as s:
            doc_id = self._resolve_prefix(s, DocumentRow.id, "document", id_or_prefix)
            row = s.get_one(DocumentRow, doc_id)
            return document_from_row(row)

    def search_documents(self, q: str, *, limit: int = 20) -> list[SearchHit]:
        """Documents matching a full-text query, best first, each with a highlighted snippet."""
        with self._reading() as s:
            rows = s.execute(document_hits_query(self.dialect, q, limit)).all()
            return [
                SearchHit(document_id=i, title=t, snippet=snippet or "", rank=float(rank or 0.0))
                for i, t, snippet, rank in rows
            ]

    def get_raw(self, raw_sha256: str) -> bytes:
        """The bytes received under this SHA-256."""
        with self._reading() as s:
            content = s.scalar(select(BlobRow.content).where(BlobRow.sha256 == raw_sha256))
        if content is None:
            raise NotFound(f"no raw bytes {raw_sha256[:12]}")
        return bytes(content)

    def list_captures(self, document_id: str) -> list[CaptureInfo]:
        """Every receipt of a document, oldest first."""
        with self._reading() as s:
            rows = s.scalars(
                select(CaptureRow).where(CaptureRow.document_id == document_id).order_by(CaptureRow.id)
            )
            return [capture_info(r) for r in rows]

    def list_documents(
        self, filter: DocumentFilter | None = None, *, limit: int = 50, after: str | None = None
    ) -> DocumentPage:
        """A page of documents in ingestion order (keyset pagination: pass `next_cursor` as `after`)."""
        if limit < 1:
            raise InvalidData(f"limit must be at least 1, not {limit}")
        conditions = self._document_conditions(filter or DocumentFilter())
        if after is not None:
            (seq,) = decode_cursor(after, "documents", 1)
            conditions.append(DocumentRow.seq > seq)
        query = select(*_INFO_COLUMNS).where(*conditions).order_by(DocumentRow.seq).limit(limit + 1)
        with self._reading() as s:
            rows = list(s.execute(query))
        more = len(rows) > limit
        rows = rows[:limit]
        return DocumentPage(
            items=tuple(document_info(r) for r in rows),
            next_cursor=encode_cursor("documents", rows[-1].seq) if more and rows else None,
        )

    def count_documents(self, filter: DocumentFilter | None = None) -> int:
        """How many documents match (all of them without a filter)."""
        conditions = self._document_conditions(filter or DocumentFilter())
        with self._reading() as s:
            return int(s.scalar(select(func.count()).select_from(DocumentRow).where(*conditions)) or 0)

    def get_document_infos(self, document_ids: Sequence[str]) -> dict[str, DocumentInfo]:
        """Listing metadata of the given documents, by id (unknown ids are left out)."""
        result: dict[str, DocumentInfo] = {}
        with self._reading() as s:
            for part in chunks(list(dict.fromkeys(document_ids))):
                for row in s.execute(select(*_INFO_COLUMNS).where(DocumentRow.id.in_(part))):
                    result[row.id] = document_info(row)
        return result

    def _document_conditions(self, f: DocumentFilter) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if f.q and f.q.strip():
            conditions.append(document_match(self.dialect, f.q))
        if f.publisher is not None:
            conditions.append(DocumentRow.publisher == f.publisher)
        if f.side is not None:
            conditions.append(DocumentRow.side == f.side)
        if f.language is not None:
            conditions.append(DocumentRow.language == f.language)
        conditions.extend(_date_range(f.published_from, f.published_to))
        if not f.include_duplicates:
            conditions.append(DocumentRow.duplicate_of.is_(None))
        return conditions


def _date_range(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(DocumentRow.published >= start)
    if end is not None:
        conditions.append(DocumentRow.published <= end)
    return conditions
