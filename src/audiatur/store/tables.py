"""The SQLAlchemy models: one class per table. Nothing here leaves the `store` package."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Sequence,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "ActorRow",
    "AuditHeadRow",
    "AuditRow",
    "Base",
    "BlobRow",
    "CaptureRow",
    "ClaimPlaceRow",
    "ClaimRow",
    "DocumentBandRow",
    "DocumentRow",
    "ExtractionRow",
    "PartyRow",
    "PlaceRow",
    "StatementRow",
]

# Stable constraint names, so that migrations can name what they alter on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class CleanString(TypeDecorator[str]):
    """VARCHAR that drops NUL characters on the way in (PostgreSQL refuses them in text)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return value.replace("\x00", "") if value is not None and "\x00" in value else value


class CleanText(CleanString):
    """TEXT that drops NUL characters on the way in."""

    impl = Text
    cache_ok = True


SHA = CleanString(64)  # a SHA-256 hex digest: blobs, documents, statements, claims
KEY = CleanString(255)  # ids from vocabularies and gazetteers: actors, parties, places
VERSION = CleanString(64)
# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets 64 bits.
SERIAL = BigInteger().with_variant(Integer(), "sqlite")
# JSONB on PostgreSQL (comparable, indexable); JSON text on SQLite.
JSONDOC = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        utc = aware.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING)


class BlobRow(Base):
    """Raw bytes exactly as received, stored once under their SHA-256."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(SHA, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class DocumentRow(Base):
    """A document: normalised text (its id is the text's SHA-256) and its metadata."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(SHA, primary_key=True)
    # Stable integer key: FTS5 content rowid on SQLite and the keyset for listing.
    seq: Mapped[int] = mapped_column(BigInteger, Sequence("document_seq"), unique=True)
    raw_sha256: Mapped[str] = mapped_column(SHA, ForeignKey("blobs.sha256"), index=True)
    source: Mapped[str] = mapped_column(CleanText)
    url: Mapped[str | None] = mapped_column(CleanText)
    retrieved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    publisher: Mapped[str | None] = mapped_column(CleanText, index=True)
    title: Mapped[str | None] = mapped_column(CleanText)
    author: Mapped[str | None] = mapped_column(CleanText)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_precision: Mapped[str] = mapped_column(CleanString(16))
    language: Mapped[str | None] = mapped_column(CleanString(32))
    side: Mapped[str | None] = mapped_column(KEY)
    media_type: Mapped[str] = mapped_column(CleanString(255))
    text: Mapped[str] = mapped_column(CleanText)
    word_count: Mapped[int] = mapped_column(Integer)
    duplicate_of: Mapped[str | None] = mapped_column(SHA, ForeignKey("documents.id"), index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaptureRow(Base):
    """One receipt of a document: which bytes, from where, when (the chain of custody)."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(SHA, ForeignKey("documents.id"), index=True)
    raw_sha256: Mapped[str] = mapped_column(SHA, ForeignKey("blobs.sha256"), index=True)
    source: Mapped[str] = mapped_column(CleanText)
    url: Mapped[str | None] = mapped_column(CleanText)
    publisher: Mapped[str | None] = mapped_column(CleanText)
    title: Mapped[str | None] = mapped_column(CleanText)
    published: Mapped[date | None] = mapped_column(Date)
    retrieved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DocumentBandRow(Base):
    """An LSH band key of a document's MinHash signature (documents sharing one may be near-duplicates)."""

    __tablename__ = "document_bands"

    band_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    document_id: Mapped[str] = mapped_column(SHA, ForeignKey("documents.id"), primary_key=True, index=True)


class ExtractionRow(Base):
    """One extractor version's run over one document; `current` marks the one whose claims are stored."""

    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("document_id", "extractor_version"),)

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(SHA, ForeignKey("documents.id"), index=True)
    extractor_version: Mapped[str] = mapped_column(VERSION)
    extracted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    statements: Mapped[int] = mapped_column(Integer)
    claims: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONDOC)
    current: Mapped[bool] = mapped_column(Boolean, index=True)


class PartyRow(Base):
    """A side of the conflict, or an independent monitor."""

    __tablename__ = "parties"

    id: Mapped[str] = mapped_column(KEY, primary_key=True)
    name: Mapped[str] = mapped_column(KEY, unique=True)
    kind: Mapped[str] = mapped_column(CleanString(16))
    aliases: Mapped[list[str]] = mapped_column(JSONDOC)


class ActorRow(Base):
    """A person or organisation; `merged_into` points at the actor an analyst merged this one into."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(KEY, primary_key=True)
    name: Mapped[str] = mapped_column(CleanText, index=True)
    type: Mapped[str] = mapped_column(CleanString(32))
    aliases: Mapped[list[str]] = mapped_column(JSONDOC)
    role: Mapped[str | None] = mapped_column(CleanText)
    affiliation: Mapped[str | None] = mapped_column(CleanText)
    party_id: Mapped[str | None] = mapped_column(KEY, ForeignKey("parties.id"), index=True)
    merged_into: Mapped[str | None] = mapped_column(KEY, ForeignKey("actors.id"), index=True)
    # The analyst who set the party; extraction never overwrites a party an analyst set.
    party_set_by: Mapped[str | None] = mapped_column(KEY)


class PlaceRow(Base):
    """A gazetteer place with every name it is known by."""

    __tablename__ = "places"

    id: Mapped[str] = mapped_column(KEY, primary_key=True)
    name: Mapped[str] = mapped_column(CleanText, index=True)
    names: Mapped[list[str]] = mapped_column(JSONDOC)
    country: Mapped[str | None] = mapped_column(KEY)
    kind: Mapped[str | None] = mapped_column(CleanString(64))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class StatementRow(Base):
    """An actor speaking in a document, over a span of its text."""

    __tablename__ = "statements"

    id: Mapped[str] = mapped_column(SHA, primary_key=True)
    document_id: Mapped[str] = mapped_column(SHA, ForeignKey("documents.id"), index=True)
    actor_id: Mapped[str | None] = mapped_column(KEY, ForeignKey("actors.id"), index=True)
    mention: Mapped[str] = mapped_column(CleanText)
    attribution: Mapped[str] = mapped_column(CleanString(32))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(CleanText)
    signatories: Mapped[list[str]] = mapped_column(JSONDOC)
    extractor_version: Mapped[str] = mapped_column(VERSION)


_FILTERED = (
    "kind",
    "status",
    "speaker_actor_id",
    "speaker_party",
    "actor_party",
    "measure",
    "subject_class",
    "action_class",
)


class ClaimRow(Base):
    """A claim: the extracted payload (`data`), analyst corrections (`override`), flat columns to filter on.

    The flat columns hold the *effective* values (override laid over data), so filters see corrections.
    """

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_document_span", "document_id", "evidence_start"),
        # Maps a claim id to its `seq` without the table: a place's claims (from `claim_places`) in order.
        Index("ix_claims_id_seq", "id", "seq"),
        Index("ix_claims_published_seq", "published", "seq"),
        Index("ix_claims_value_seq", "value", "seq"),
        # Each filter column leads an index that ends on `seq`, so a filtered page in creation order is
        # a range scan, not a sort. `superseded` is nearly always false: a plain index on it would lure
        # the planner into scanning everything and sorting, so only the few superseded rows are indexed
        # (counts subtract those from the count without the condition).
        *(Index(f"ix_claims_{c}_seq", c, "seq") for c in _FILTERED),
        Index(
            "ix_claims_superseded",
            "seq",
            sqlite_where=text("superseded = 1"),
            postgresql_where=text("superseded"),
        ),
    )

    id: Mapped[str] = mapped_column(SHA, primary_key=True)
    # Creation order: the stable tie-breaker of every keyset-paginated listing.
    seq: Mapped[int] = mapped_column(BigInteger, Sequence("claim_seq"), unique=True)
    document_id: Mapped[str] = mapped_column(SHA, ForeignKey("documents.id"))
    kind: Mapped[str] = mapped_column(CleanString(32))
    statement_id: Mapped[str | None] = mapped_column(SHA, ForeignKey("statements.id"), index=True)
    speaker_actor_id: Mapped[str | None] = mapped_column(KEY, ForeignKey("actors.id"))
    mention: Mapped[str | None] = mapped_column(CleanText)
    attribution: Mapped[str] = mapped_column(CleanString(32))
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(CleanText)
    extractor_version: Mapped[str] = mapped_column(VERSION)
    status: Mapped[str] = mapped_column(CleanString(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSONDOC)
    override: Mapped[dict[str, Any] | None] = mapped_column(JSONDOC)
    version: Mapped[int] = mapped_column(Integer)
    superseded: Mapped[bool] = mapped_column(Boolean)
    reviewed_by: Mapped[str | None] = mapped_column(KEY)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published: Mapped[date | None] = mapped_column(Date)
    speaker_party: Mapped[str | None] = mapped_column(KEY)
    actor_party: Mapped[str | None] = mapped_column(KEY)
    measure: Mapped[str | None] = mapped_column(CleanString(32))
    subject_class: Mapped[str | None] = mapped_column(CleanString(32))
    value: Mapped[int | None] = mapped_column(BigInteger)
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    bound: Mapped[str | None] = mapped_column(CleanString(16))
    victim_party: Mapped[str | None] = mapped_column(KEY)
    polarity: Mapped[str | None] = mapped_column(CleanString(16))
    action_class: Mapped[str | None] = mapped_column(CleanString(32))


class ClaimPlaceRow(Base):
    """A place a claim names (from its effective figure or event)."""

    __tablename__ = "claim_places"
    # A place's claim ids from the index alone (the primary key leads on the claim).
    __table_args__ = (Index("ix_claim_places_place_claim", "place_id", "claim_id"),)

    claim_id: Mapped[str] = mapped_column(SHA, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    place_id: Mapped[str] = mapped_column(KEY, ForeignKey("places.id"), primary_key=True)


class AuditRow(Base):
    """One analyst change, hash-chained to the row before it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    # Position in the chain, gapless (an autoincrement id may skip after a rollback on PostgreSQL).
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user: Mapped[str] = mapped_column(KEY)
    action: Mapped[str] = mapped_column(CleanString(64))
    entity_type: Mapped[str] = mapped_column(CleanString(32))
    entity_id: Mapped[str] = mapped_column(KEY)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONDOC)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONDOC)
    prev_hash: Mapped[str] = mapped_column(SHA)
    hash: Mapped[str] = mapped_column(SHA, unique=True)


class AuditHeadRow(Base):
    """The end of the audit chain (one row): writers lock it to append; it shows a cut-off tail."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(SHA)
