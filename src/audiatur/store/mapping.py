"""Rows ↔ domain values. Every ORM object is turned into a domain dataclass or record here, never returned."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Row

from audiatur.domain import (
    Actor,
    ActorType,
    Attribution,
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Document,
    Evidence,
    Party,
    PartyKind,
    Place,
    Statement,
)

from .payloads import apply_override, build_claim, clean, clean_json, clean_optional
from .records import AuditEntry, CaptureInfo, ClaimRecord, DocumentInfo
from .tables import ActorRow, AuditRow, CaptureRow, ClaimRow, DocumentRow, PartyRow, PlaceRow, StatementRow

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")

__all__ = [
    "actor_from_row",
    "actor_values",
    "audit_entry",
    "capture_info",
    "claim_record",
    "document_from_row",
    "document_info",
    "document_values",
    "party_from_row",
    "place_from_row",
    "place_values",
    "row_claim",
    "statement_from_row",
    "statement_values",
    "unique",
]


def unique(values: Any) -> list[str]:
    """Strings in first-seen order, each once, NUL-free, empty ones dropped."""
    seen: dict[str, None] = {}
    for value in values:
        text = clean(str(value)).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


# ---------------------------------------------------------------------------------------------- documents


def document_values(
    document: Document, *, text: str, signature: bytes | None, duplicate_of: str | None, ingested_at: datetime
) -> dict[str, Any]:
    """The `documents` row of a document (text already cleaned and checked against the id)."""
    return {
        "id": document.id,
        "raw_sha256": document.raw_sha256,
        "source": clean(document.source),
        "url": clean_optional(document.url),
        "retrieved_at": document.retrieved_at,
        "publisher": clean_optional(document.publisher),
        "title": clean_optional(document.title),
        "author": clean_optional(document.author),
        "published": document.published,
        "published_precision": str(document.published_precision),
        "language": clean_optional(document.language),
        "side": clean_optional(document.side),
        "media_type": clean(document.media_type),
        "text": text,
        "word_count": len(text.split()),
        "duplicate_of": duplicate_of,
        "signature": signature,
        "ingested_at": ingested_at,
    }


# Fields a DocumentInfo shares with its row (and, but for word_count and ingested_at, with a Document).
_INFO_FIELDS = tuple(DocumentInfo.__dataclass_fields__)


def document_from_row(row: DocumentRow) -> Document:
    """The domain document of a row."""
    shared = {f: getattr(row, f) for f in _INFO_FIELDS if f not in ("word_count", "ingested_at")}
    return Document(**shared, text=row.text, published_precision=DatePrecision(row.published_precision))


def document_info(row: Any) -> DocumentInfo:
    """Listing metadata from a row (or a result row with the same column names)."""
    return _copy(DocumentInfo, row)


def capture_info(row: CaptureRow) -> CaptureInfo:
    """A receipt from its row."""
    return _copy(CaptureInfo, row)


# ------------------------------------------------------------------------------------ parties, actors, places


def party_from_row(row: PartyRow) -> Party:
    """The domain party of a row."""
    return Party(id=row.id, name=row.name, kind=PartyKind(row.kind), aliases=tuple(row.aliases or ()))


def actor_values(actor: Actor, *, party_id: str | None) -> dict[str, Any]:
    """The `actors` row of a newly seen actor."""
    return {
        "id": actor.id,
        "name": clean(actor.name),
        "type": str(actor.type),
        "aliases": unique(actor.aliases),
        "role": clean_optional(actor.role),
        "affiliation": clean_optional(actor.affiliation),
        "party_id": party_id,
        "merged_into": None,
        "party_set_by": None,
    }


def actor_from_row(row: ActorRow | Row[Any], party: str | None) -> Actor:
    """The domain actor of a row, with its party's name."""
    return Actor(
        id=row.id,
        name=row.name,
        type=ActorType(row.type),
        aliases=tuple(row.aliases or ()),
        role=row.role,
        affiliation=row.affiliation,
        party=party,
    )


def place_values(place: Place) -> dict[str, Any]:
    """The `places` row of a place."""
    return {
        "id": place.id,
        "name": clean(place.name),
        "names": unique([place.name, *place.names]),
        "country": clean_optional(place.country),
        "kind": clean_optional(place.kind),
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def place_from_row(row: PlaceRow) -> Place:
    """The domain place of a row."""
    return Place(
        id=row.id,
        name=row.name,
        names=tuple(row.names or ()),
        country=row.country,
        kind=row.kind,
        latitude=row.latitude,
        longitude=row.longitude,
    )


# ------------------------------------------------------------------------------------- statements, claims


def statement_values(statement: Statement, *, actor_id: str | None, extractor_version: str) -> dict[str, Any]:
    """The `statements` row of a statement."""
    return {
        "id": statement.id,
        "document_id": statement.document_id,
        "actor_id": actor_id,
        "mention": clean(statement.mention),
        "attribution": str(statement.attribution),
        "start": statement.evidence.start,
        "end": statement.evidence.end,
        "text": clean(statement.evidence.text),
        "signatories": [a.id for a in statement.signatories],
        "extractor_version": clean(extractor_version),
    }


def statement_from_row(row: StatementRow, actors: Mapping[str, Actor]) -> Statement:
    """The domain statement of a row; `actors` resolves actor ids (merged actors to their survivor)."""
    speaker = actors.get(row.actor_id) if row.actor_id else None
    return Statement(
        id=row.id,
        document_id=row.document_id,
        speaker=speaker or Actor(id="", name=row.mention),
        mention=row.mention,
        attribution=Attribution(row.attribution),
        evidence=Evidence(document_id=row.document_id, start=row.start, end=row.end, text=row.text),
        signatories=tuple(actors[a] for a in row.signatories or () if a in actors),
    )


def row_claim(
    row: ClaimRow | Row[Any], data: Mapping[str, Any], status: str, speakers: Mapping[str, Actor]
) -> Claim:
    """The domain claim of a row, given the data to show (extracted, or with corrections) and the status."""
    speaker_id = data.get("speaker_id")
    return build_claim(
        id=row.id,
        kind=ClaimKind(row.kind),
        evidence=Evidence(
            document_id=row.document_id,
            start=row.evidence_start,
            end=row.evidence_end,
            text=row.evidence_text,
        ),
        extractor_version=row.extractor_version,
        statement_id=row.statement_id,
        status=ClaimStatus(status),
        data=data,
        speaker=speakers.get(speaker_id) if speaker_id else None,
    )


def claim_record(
    row: ClaimRow | Row[Any], speakers: Mapping[str, Actor], *, original: bool = False
) -> ClaimRecord:
    """The ledger record of a claim row (an ORM object or a plain row of every column); `speakers`
    resolves speaker ids (merged actors to their survivor).

    With `original`, the claim is what the extractor found, without the analyst's override.
    """
    data = row.data if original else apply_override(row.data, row.override)
    return ClaimRecord(
        claim=row_claim(row, data, row.status, speakers),
        version=row.version,
        superseded=row.superseded,
        override=dict(row.override or {}),
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        published=row.published,
    )


def audit_entry(row: AuditRow) -> AuditEntry:
    """An audit log entry from its row."""
    return _copy(
        AuditEntry,
        row,
        before=clean_json(row.before) if row.before is not None else None,
        after=clean_json(row.after) if row.after is not None else None,
    )


def _copy(record: type[R], row: Any, **overrides: Any) -> R:
    """A record dataclass filled from the same-named attributes of a row."""
    values = {f.name: getattr(row, f.name) for f in fields(record) if f.name not in overrides}
    return record(**values, **overrides)
