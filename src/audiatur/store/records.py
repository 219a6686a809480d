"""The values the store hands back besides domain types: results, filters, pages, reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from audiatur.domain import Claim, ClaimKind, ClaimStatus, Measure, Polarity, SubjectClass
from audiatur.errors import IntegrityError, StoreError

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "AddResult",
    "AddStatus",
    "AmbiguousId",
    "AuditEntry",
    "AuditProblem",
    "BlobProblem",
    "CaptureInfo",
    "ClaimFilter",
    "ClaimPage",
    "ClaimRecord",
    "ClaimSort",
    "DocumentFilter",
    "DocumentInfo",
    "DocumentPage",
    "EvidenceProblem",
    "InvalidData",
    "SearchHit",
    "StoreSummary",
    "VerifyReport",
]

# Search snippets mark matched words with these control characters; a front end escapes the snippet
# first and then turns them into its own highlighting, so document text is never interpreted as markup.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"


class InvalidData(StoreError):
    """A value handed to the store breaks its rules (an unknown field, a bad enum value, a wrong span)."""

    status = 422


class AmbiguousId(StoreError):
    """An id prefix matches more than one record."""

    status = 400


class AddStatus(StrEnum):
    """What `add_capture` did."""

    ADDED = "added"  # a new document
    UNCHANGED = "unchanged"  # the text was already stored; only the receipt was recorded


@dataclass(frozen=True, slots=True, kw_only=True)
class AddResult:
    """The outcome of storing one capture."""

    status: AddStatus
    document_id: str
    raw_sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureInfo:
    """One receipt of a document."""

    id: int
    document_id: str
    raw_sha256: str
    source: str
    url: str | None
    publisher: str | None
    title: str | None
    published: date | None
    retrieved_at: datetime
    captured_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInfo:
    """A document's metadata without its text, for listings."""

    id: str
    raw_sha256: str
    source: str
    url: str | None
    publisher: str | None
    title: str | None
    author: str | None
    published: date | None
    language: str | None
    side: str | None
    media_type: str
    word_count: int
    duplicate_of: str | None
    retrieved_at: datetime
    ingested_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentFilter:
    """Which documents to list; unset fields do not filter."""

    q: str | None = None  # full-text query over title and text
    publisher: str | None = None  # exact publisher
    side: str | None = None
    language: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    include_duplicates: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentPage:
    """One page of documents, and the cursor of the next page (None on the last)."""

    items: tuple[DocumentInfo, ...]
    next_cursor: str | None


class ClaimSort(StrEnum):
    """Orders for listing claims; every order ends on creation order so pages are stable."""

    CREATED = "created"
    CREATED_DESC = "-created"
    PUBLISHED = "published"
    PUBLISHED_DESC = "-published"
    VALUE = "value"
    VALUE_DESC = "-value"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimFilter:
    """Which claims to list; unset fields do not filter, a tuple means any of its values."""

    kind: ClaimKind | tuple[ClaimKind, ...] | None = None
    status: ClaimStatus | tuple[ClaimStatus, ...] | None = None
    speaker: str | None = None  # substring of the speaker's name or of the mention, any case
    speaker_id: str | None = None
    speaker_party: str | tuple[str, ...] | None = None
    actor_party: str | tuple[str, ...] | None = None  # event actor, or target of a characterisation/demand
    measure: Measure | tuple[Measure, ...] | None = None
    subject_class: SubjectClass | tuple[SubjectClass, ...] | None = None
    polarity: Polarity | None = None
    document_id: str | None = None
    place_id: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    q: str | None = None  # full-text query over the evidence text
    include_superseded: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRecord:
    """A claim as the ledger holds it: the effective claim plus its review state."""

    claim: Claim  # with the analyst's override applied
    version: int  # for optimistic locking: pass it back as `expected_version`
    superseded: bool  # the current extractor no longer finds it; kept because an analyst reviewed it
    override: Mapping[str, Any] = field(default_factory=dict)
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimPage:
    """One page of claims, and the cursor of the next page (None on the last)."""

    items: tuple[ClaimRecord, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """A document matching a full-text query, with a snippet around the matches."""

    document_id: str
    title: str | None
    snippet: str  # matches wrapped in HIGHLIGHT_START / HIGHLIGHT_END
    rank: float  # larger is better


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One row of the audit log."""

    id: int
    seq: int
    at: datetime
    user: str
    action: str
    entity_type: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreSummary:
    """Counts over the whole ledger."""

    documents: int
    captures: int
    speakers: int
    claims: int
    claims_by_kind: Mapping[str, int]
    claims_by_status: Mapping[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class BlobProblem:
    """Stored raw bytes that no longer hash to their key, and the documents read from them."""

    sha256: str
    actual: str | None  # the hash of the bytes now stored (None if the blob is gone)
    document_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceProblem:
    """A claim whose evidence text is not the text at its span of the document."""

    claim_id: str
    document_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditProblem:
    """A break in the audit chain: a row edited, deleted (a gap or broken link) or a cut-off tail."""

    seq: int | None
    id: int | None
    problem: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyReport:
    """What `Store.verify` checked and every mismatch it found."""

    blobs_checked: int
    documents_checked: int
    claims_checked: int
    audit_rows_checked: int
    audit_head: str  # the chain's last hash: keep it outside the database to detect a rewritten chain
    changed_blobs: tuple[BlobProblem, ...] = ()
    changed_documents: tuple[str, ...] = ()  # documents whose text no longer hashes to their id
    evidence_mismatches: tuple[EvidenceProblem, ...] = ()
    audit_problems: tuple[AuditProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was found changed."""
        return not (
            self.changed_blobs or self.changed_documents or self.evidence_mismatches or self.audit_problems
        )

    def raise_for_problems(self) -> None:
        """Raise IntegrityError naming the first problem (and how many there are) unless all is well."""
        lines = self.problems()
        if lines:
            more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
            raise IntegrityError(f"the ledger does not verify: {lines[0]}{more}")

    def problems(self) -> list[str]:
        """Every problem as one line."""
        lines = [
            f"raw bytes {p.sha256[:12]} changed (documents {', '.join(d[:12] for d in p.document_ids)})"
            for p in self.changed_blobs
        ]
        lines += [f"document {d[:12]} text no longer matches its id" for d in self.changed_documents]
        lines += [
            f"claim {p.claim_id[:12]} evidence differs from document {p.document_id[:12]}"
            for p in self.evidence_mismatches
        ]
        lines += [f"audit row seq {p.seq} (id {p.id}): {p.problem}" for p in self.audit_problems]
        return lines
