"""The API's JSON shapes (Pydantic): responses built from store records and domain types, and request bodies.

A claim is returned in the claims export contract's shape (`Claim.to_dict`), plus its review state and a
neutral one-line `summary`; fields may be added here, never renamed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from audiatur.domain import Actor, Party, Place
from audiatur.present.wording import says
from audiatur.store import AuditEntry, CaptureInfo, ClaimRecord, DocumentInfo

__all__ = [
    "ActorMergeIn",
    "ActorOut",
    "ActorPartyIn",
    "AuditEntryOut",
    "CaptureOut",
    "ClaimCorrectionIn",
    "ClaimDocumentOut",
    "ClaimOut",
    "ClaimPageOut",
    "ClaimReviewIn",
    "ClaimStatusIn",
    "DocumentDetailOut",
    "DocumentOut",
    "DocumentPageOut",
    "ErrorOut",
    "MeOut",
    "PartyOut",
    "PlaceOut",
    "UserCreateIn",
    "UserOut",
    "UserUpdateIn",
]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorOut(BaseModel):
    """Every error: `{ok: false, error, errors, status}`."""

    ok: Literal[False] = False
    error: str
    errors: list[dict[str, Any]] = []
    status: int


# ----------------------------------------------------------------------------------------------- documents


class DocumentOut(_Out):
    """A document's metadata (no text)."""

    id: str = Field(description="SHA-256 of the normalised text")
    raw_sha256: str = Field(description="SHA-256 of the bytes as received")
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


class CaptureOut(_Out):
    """One receipt of a document."""

    id: int
    raw_sha256: str
    source: str
    url: str | None
    publisher: str | None
    title: str | None
    published: date | None
    retrieved_at: datetime
    captured_at: datetime


class DocumentDetailOut(DocumentOut):
    """A document with its stored text (plain text: never render it as HTML) and receipts."""

    text: str
    published_precision: str
    captures: list[CaptureOut]


class DocumentPageOut(BaseModel):
    """A page of documents."""

    items: list[DocumentOut]
    next_cursor: str | None


def document_out(info: DocumentInfo) -> DocumentOut:
    """The API shape of a document listing entry."""
    return DocumentOut.model_validate(info)


def capture_out(info: CaptureInfo) -> CaptureOut:
    """The API shape of a receipt."""
    return CaptureOut.model_validate(info)


# -------------------------------------------------------------------------------------- actors and places


class ActorOut(_Out):
    """A person or organisation."""

    id: str
    name: str
    type: str
    aliases: list[str]
    role: str | None
    affiliation: str | None
    party: str | None


class PartyOut(_Out):
    """A side of the conflict, or `independent`."""

    id: str
    name: str
    kind: str
    aliases: list[str]


class PlaceOut(_Out):
    """A place with every name it is known by."""

    id: str
    name: str
    names: list[str]
    country: str | None
    kind: str | None
    latitude: float | None
    longitude: float | None


def actor_out(actor: Actor) -> ActorOut:
    """The API shape of an actor."""
    return ActorOut(
        id=actor.id,
        name=actor.name,
        type=str(actor.type),
        aliases=list(actor.aliases),
        role=actor.role,
        affiliation=actor.affiliation,
        party=actor.party,
    )


def party_out(party: Party) -> PartyOut:
    """The API shape of a party."""
    return PartyOut(id=party.id, name=party.name, kind=str(party.kind), aliases=list(party.aliases))


def place_out(place: Place) -> PlaceOut:
    """The API shape of a place."""
    return PlaceOut(
        id=place.id,
        name=place.name,
        names=list(place.names),
        country=place.country,
        kind=place.kind,
        latitude=place.latitude,
        longitude=place.longitude,
    )


# -------------------------------------------------------------------------------------------------- claims


class ClaimDocumentOut(BaseModel):
    """The document a claim is in."""

    id: str
    source: str
    title: str | None
    published: date | None
    publisher: str | None = None


class ClaimOut(BaseModel):
    """A claim in the export contract's shape, with its review state and a neutral summary sentence."""

    id: str
    kind: str
    summary: str = Field(description='neutral wording: "X says …", never a verdict')
    document: ClaimDocumentOut
    speaker: dict[str, Any] = Field(description="name, mention, type, party (and id, role when resolved)")
    attribution: str
    evidence: dict[str, Any] = Field(description="start, end (character offsets in the text) and text")
    figure: dict[str, Any] | None
    event: dict[str, Any] | None
    characterization: dict[str, Any] | None
    demand: dict[str, Any] | None
    status: str
    extractor_version: str
    version: int = Field(description="pass back as expected_version when reviewing")
    superseded: bool
    override: dict[str, Any]
    reviewed_by: str | None
    reviewed_at: datetime | None


class ClaimPageOut(BaseModel):
    """A page of claims; pass `next_cursor` as `cursor` for the next page."""

    items: list[ClaimOut]
    next_cursor: str | None
    total: int | None = Field(None, description="matching claims (an estimate on large ledgers)")


def claim_out(record: ClaimRecord, document: DocumentInfo | None) -> ClaimOut:
    """The API shape of a claim record (with its document's listing metadata when known)."""
    claim = record.claim
    exported = claim.to_dict()
    speaker: dict[str, Any] = dict(exported["speaker"])
    if claim.speaker is not None:
        speaker |= {"id": claim.speaker.id, "role": claim.speaker.role}
    doc = ClaimDocumentOut(
        id=claim.document_id,
        source=document.source if document else "",
        title=document.title if document else None,
        published=document.published if document else record.published,
        publisher=document.publisher if document else None,
    )
    return ClaimOut(
        id=claim.id,
        kind=exported["kind"],
        summary=says(claim),
        document=doc,
        speaker=speaker,
        attribution=exported["attribution"],
        evidence=exported["evidence"],
        figure=exported["figure"],
        event=exported["event"],
        characterization=exported["characterization"],
        demand=exported["demand"],
        status=exported["status"],
        extractor_version=exported["extractor_version"],
        version=record.version,
        superseded=record.superseded,
        override=dict(record.override),
        reviewed_by=record.reviewed_by,
        reviewed_at=record.reviewed_at,
    )


class AuditEntryOut(_Out):
    """One audit-log row: who changed what, when, from what to what."""

    seq: int
    at: datetime
    user: str
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


def audit_out(entry: AuditEntry) -> AuditEntryOut:
    """The API shape of an audit entry."""
    return AuditEntryOut(
        seq=entry.seq,
        at=entry.at,
        user=entry.user,
        action=entry.action,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        before=dict(entry.before) if entry.before is not None else None,
        after=dict(entry.after) if entry.after is not None else None,
        hash=entry.hash,
    )


class ClaimReviewIn(BaseModel):
    """The claim version the reviewer saw (a stale one gets 409 Conflict)."""

    model_config = ConfigDict(extra="forbid")

    expected_version: int


class ClaimStatusIn(ClaimReviewIn):
    """Accept or reject a claim (or return an uncorrected one to `extracted`)."""

    status: Literal["accepted", "rejected", "extracted"]


class ClaimCorrectionIn(ClaimReviewIn):
    """Fields to correct (those of the claim's kind, plus speaker_id, mention, attribution)."""

    changes: dict[str, Any] = Field(min_length=1)


# ------------------------------------------------------------------------------------------------- actors


class ActorMergeIn(BaseModel):
    """Merge the actor `drop_id` into the actor of the URL."""

    model_config = ConfigDict(extra="forbid")

    drop_id: str


class ActorPartyIn(BaseModel):
    """Set an actor's party by name (null clears it)."""

    model_config = ConfigDict(extra="forbid")

    party: str | None


# -------------------------------------------------------------------------------------------------- users


class MeOut(BaseModel):
    """Who the API takes the requester for."""

    name: str | None
    role: str | None
    via: str
    csrf_token: str | None = Field(description="send as X-CSRF-Token on writes with a cookie session")


class UserOut(BaseModel):
    """A user account."""

    name: str
    role: str
    disabled: bool
    created_at: datetime


class UserCreateIn(BaseModel):
    """A new user."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=10)
    role: Literal["viewer", "analyst", "admin"] = "viewer"


class UserUpdateIn(BaseModel):
    """Change a user's role or disable / enable them."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["viewer", "analyst", "admin"] | None = None
    disabled: bool | None = None
