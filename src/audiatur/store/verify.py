"""Checking the ledger against its own hashes: raw bytes, document texts, evidence spans, the audit chain."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .audit import GENESIS, Audit, audit_content, audit_hash
from .base import chunks
from .records import AuditProblem, BlobProblem, EvidenceProblem, VerifyReport
from .tables import AuditHeadRow, AuditRow, BlobRow, CaptureRow, ClaimRow, DocumentRow

__all__ = ["Verify"]

log = logging.getLogger(__name__)

_BLOB_BATCH_BYTES = 64 * 1024 * 1024
_DOCUMENT_BATCH = 50
_AUDIT_BATCH = 5000


class Verify(Audit):
    """`verify()`: re-hash everything and walk the audit chain."""

    def verify(self) -> VerifyReport:
        """Re-hash every blob and document text, check every evidence span, and walk the audit chain."""
        with self._reading() as s:
            blobs_checked, changed_blobs = self._verify_blobs(s)
            documents_checked, claims_checked, changed_documents, evidence = self._verify_documents(s)
            audit_checked, head, audit_problems = self._verify_audit(s)
        report = VerifyReport(
            blobs_checked=blobs_checked,
            documents_checked=documents_checked,
            claims_checked=claims_checked,
            audit_rows_checked=audit_checked,
            audit_head=head,
            changed_blobs=tuple(changed_blobs),
            changed_documents=tuple(changed_documents),
            evidence_mismatches=tuple(evidence),
            audit_problems=tuple(audit_problems),
        )
        for line in report.problems():
            log.warning("verify: %s", line)
        return report

    def _verify_blobs(self, s: Session) -> tuple[int, list[BlobProblem]]:
        problems: list[BlobProblem] = []
        sizes = list(s.execute(select(BlobRow.sha256, BlobRow.size).order_by(BlobRow.sha256)).all())
        for batch in _by_bytes(sizes, _BLOB_BATCH_BYTES):
            for key, content in s.execute(
                select(BlobRow.sha256, BlobRow.content).where(BlobRow.sha256.in_(batch))
            ):
                actual = hashlib.sha256(content).hexdigest()
                if actual != key:
                    problems.append(
                        BlobProblem(sha256=key, actual=actual, document_ids=self._readers(s, key))
                    )
        return len(sizes), problems

    @staticmethod
    def _readers(s: Session, raw_sha256: str) -> tuple[str, ...]:
        """Documents read from these raw bytes (first receipt or any later one)."""
        query = (
            select(DocumentRow.id)
            .where(
                or_(
                    DocumentRow.raw_sha256 == raw_sha256,
                    DocumentRow.id.in_(
                        select(CaptureRow.document_id).where(CaptureRow.raw_sha256 == raw_sha256)
                    ),
                )
            )
            .order_by(DocumentRow.seq)
        )
        return tuple(s.scalars(query))

    def _verify_documents(self, s: Session) -> tuple[int, int, list[str], list[EvidenceProblem]]:
        changed: list[str] = []
        evidence: list[EvidenceProblem] = []
        ids = list(s.scalars(select(DocumentRow.id).order_by(DocumentRow.seq)))
        claims_checked = 0
        for batch in chunks(ids, _DOCUMENT_BATCH):
            texts = dict(
                s.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(batch))).all()
            )
            for doc_id in batch:
                if hashlib.sha256(texts[doc_id].encode("utf-8")).hexdigest() != doc_id:
                    changed.append(doc_id)
            spans = select(
                ClaimRow.id,
                ClaimRow.document_id,
                ClaimRow.evidence_start,
                ClaimRow.evidence_end,
                ClaimRow.evidence_text,
            ).where(ClaimRow.document_id.in_(batch))
            for claim_id, doc_id, start, end, words in s.execute(spans):
                claims_checked += 1
                if texts[doc_id][start:end] != words:
                    evidence.append(EvidenceProblem(claim_id=claim_id, document_id=doc_id))
        return len(ids), claims_checked, changed, evidence

    def _verify_audit(self, s: Session) -> tuple[int, str, list[AuditProblem]]:
        problems: list[AuditProblem] = []
        expected_prev, expected_seq, checked = GENESIS, 1, 0
        last: AuditRow | None = None
        for row in _audit_rows(s):
            checked += 1
            if row.seq != expected_seq:
                problems.append(
                    AuditProblem(
                        seq=row.seq,
                        id=row.id,
                        problem=f"rows missing before it (expected seq {expected_seq})",
                    )
                )
            if row.prev_hash != expected_prev:
                problems.append(
                    AuditProblem(
                        seq=row.seq, id=row.id, problem="broken link: the row before it was deleted or edited"
                    )
                )
            recomputed = audit_hash(row.prev_hash, audit_content(row))
            if recomputed != row.hash:
                problems.append(
                    AuditProblem(
                        seq=row.seq, id=row.id, problem="edited: its content no longer matches its hash"
                    )
                )
            expected_prev, expected_seq, last = row.hash, row.seq + 1, row
        head = s.get(AuditHeadRow, 1)
        if head is None:
            if last is not None:
                problems.append(AuditProblem(seq=None, id=None, problem="the chain's head record is missing"))
        elif last is None and head.seq > 0:
            problems.append(AuditProblem(seq=head.seq, id=None, problem=f"all {head.seq} rows are missing"))
        elif last is not None and (head.seq, head.hash) != (last.seq, last.hash):
            problems.append(
                AuditProblem(
                    seq=head.seq,
                    id=None,
                    problem=f"the chain ends at seq {last.seq} but its head records seq {head.seq}: "
                    "rows at the end were deleted",
                )
            )
        return checked, last.hash if last is not None else GENESIS, problems


def _audit_rows(s: Session) -> Iterator[AuditRow]:
    last_id = None
    while True:
        query = select(AuditRow).order_by(AuditRow.seq, AuditRow.id).limit(_AUDIT_BATCH)
        if last_id is not None:
            query = query.where(AuditRow.seq > last_id)
        rows = list(s.scalars(query))
        if not rows:
            return
        yield from rows
        last_id = rows[-1].seq
        s.expunge_all()


def _by_bytes(sizes: Sequence[tuple[str, int]], limit: int) -> Iterator[list[str]]:
    """Keys grouped so each group's content stays under `limit` bytes (a single larger blob goes alone)."""
    batch: list[str] = []
    total = 0
    for key, size in sizes:
        if batch and total + size > limit:
            yield batch
            batch, total = [], 0
        batch.append(key)
        total += size
    if batch:
        yield batch
