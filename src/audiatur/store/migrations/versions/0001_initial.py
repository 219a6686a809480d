"""The initial schema: documents and their receipts, extractions, actors, places, claims, audit log, search.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types as they were when this migration was written (never import the live models into a migration).
SHA = sa.String(64)
KEY = sa.String(255)
VERSION = sa.String(64)
SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSONDOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = sa.DateTime(timezone=True)

_FTS5 = "tokenize='unicode61 remove_diacritics 2'"
# External-content FTS5 tables (the text lives once, in claims/documents), kept in step by triggers;
# the FTS rowid is the row's `seq`, which never changes (a plain rowid may, on VACUUM).
_SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5("
    f"evidence_text, content='claims', content_rowid='seq', {_FTS5})",
    """CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, evidence_text) VALUES (new.seq, new.evidence_text);
    END""",
    """CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, evidence_text) VALUES ('delete', old.seq, old.evidence_text);
    END""",
    """CREATE TRIGGER claims_fts_update AFTER UPDATE OF evidence_text, seq ON claims
    WHEN old.evidence_text IS NOT new.evidence_text OR old.seq IS NOT new.seq BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, evidence_text) VALUES ('delete', old.seq, old.evidence_text);
    INSERT INTO claims_fts(rowid, evidence_text) VALUES (new.seq, new.evidence_text);
    END""",
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    f"title, text, content='documents', content_rowid='seq', {_FTS5})",
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text, seq ON documents
    WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.seq IS NOT new.seq BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
]
# GIN expression indexes; queries must use exactly these expressions (see store/search.py).
_POSTGRES_SEARCH = [
    "CREATE INDEX ix_fts_claims_evidence ON claims USING gin "
    "(to_tsvector('simple'::regconfig, evidence_text))",
    "CREATE INDEX ix_fts_documents_text ON documents USING gin "
    "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text))",
]


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=f"fk_{table}_{column}_{referred}", ondelete=ondelete
    )


def _uq(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=f"uq_{table}_{columns[0]}")


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE SEQUENCE document_seq")
        op.execute("CREATE SEQUENCE claim_seq")

    op.create_table(
        "blobs",
        sa.Column("sha256", SHA, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _pk("blobs", "sha256"),
    )
    op.create_table(
        "documents",
        sa.Column("id", SHA, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("raw_sha256", SHA, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("retrieved_at", TIME, nullable=False),
        sa.Column("publisher", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("author", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("published_precision", sa.String(16), nullable=False),
        sa.Column("language", sa.String(32)),
        sa.Column("side", KEY),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("duplicate_of", SHA),
        sa.Column("signature", sa.LargeBinary()),
        sa.Column("ingested_at", TIME, nullable=False),
        _pk("documents", "id"),
        _uq("documents", "seq"),
        _fk("documents", "raw_sha256", "blobs.sha256"),
        _fk("documents", "duplicate_of", "documents.id"),
    )
    _indexes("documents", "raw_sha256", "publisher", "published", "duplicate_of")
    op.create_table(
        "captures",
        sa.Column("id", SERIAL, autoincrement=True, nullable=False),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("raw_sha256", SHA, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("publisher", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("retrieved_at", TIME, nullable=False),
        sa.Column("captured_at", TIME, nullable=False),
        _pk("captures", "id"),
        _fk("captures", "document_id", "documents.id"),
        _fk("captures", "raw_sha256", "blobs.sha256"),
    )
    _indexes("captures", "document_id", "raw_sha256")
    op.create_table(
        "document_bands",
        sa.Column("band_key", KEY, nullable=False),
        sa.Column("document_id", SHA, nullable=False),
        _pk("document_bands", "band_key", "document_id"),
        _fk("document_bands", "document_id", "documents.id"),
    )
    _indexes("document_bands", "document_id")
    op.create_table(
        "extractions",
        sa.Column("id", SERIAL, autoincrement=True, nullable=False),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("extractor_version", VERSION, nullable=False),
        sa.Column("extracted_at", TIME, nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("counts", JSONDOC, nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        _pk("extractions", "id"),
        _uq("extractions", "document_id", "extractor_version"),
        _fk("extractions", "document_id", "documents.id"),
    )
    _indexes("extractions", "document_id", "current")

    op.create_table(
        "parties",
        sa.Column("id", KEY, nullable=False),
        sa.Column("name", KEY, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("aliases", JSONDOC, nullable=False),
        _pk("parties", "id"),
        _uq("parties", "name"),
    )
    op.create_table(
        "actors",
        sa.Column("id", KEY, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("aliases", JSONDOC, nullable=False),
        sa.Column("role", sa.Text()),
        sa.Column("affiliation", sa.Text()),
        sa.Column("party_id", KEY),
        sa.Column("merged_into", KEY),
        sa.Column("party_set_by", KEY),
        _pk("actors", "id"),
        _fk("actors", "party_id", "parties.id"),
        _fk("actors", "merged_into", "actors.id"),
    )
    _indexes("actors", "name", "party_id", "merged_into")
    op.create_table(
        "places",
        sa.Column("id", KEY, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("names", JSONDOC, nullable=False),
        sa.Column("country", KEY),
        sa.Column("kind", sa.String(64)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        _pk("places", "id"),
    )
    _indexes("places", "name")

    op.create_table(
        "statements",
        sa.Column("id", SHA, nullable=False),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("actor_id", KEY),
        sa.Column("mention", sa.Text(), nullable=False),
        sa.Column("attribution", sa.String(32), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("signatories", JSONDOC, nullable=False),
        sa.Column("extractor_version", VERSION, nullable=False),
        _pk("statements", "id"),
        _fk("statements", "document_id", "documents.id"),
        _fk("statements", "actor_id", "actors.id"),
    )
    _indexes("statements", "document_id", "actor_id")
    op.create_table(
        "claims",
        sa.Column("id", SHA, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("statement_id", SHA),
        sa.Column("speaker_actor_id", KEY),
        sa.Column("mention", sa.Text()),
        sa.Column("attribution", sa.String(32), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("extractor_version", VERSION, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("data", JSONDOC, nullable=False),
        sa.Column("override", JSONDOC),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("reviewed_by", KEY),
        sa.Column("reviewed_at", TIME),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("published", sa.Date()),
        sa.Column("speaker_party", KEY),
        sa.Column("actor_party", KEY),
        sa.Column("measure", sa.String(32)),
        sa.Column("subject_class", sa.String(32)),
        sa.Column("value", sa.BigInteger()),
        sa.Column("low", sa.BigInteger()),
        sa.Column("high", sa.BigInteger()),
        sa.Column("bound", sa.String(16)),
        sa.Column("victim_party", KEY),
        sa.Column("polarity", sa.String(16)),
        sa.Column("action_class", sa.String(32)),
        _pk("claims", "id"),
        _uq("claims", "seq"),
        _fk("claims", "document_id", "documents.id"),
        _fk("claims", "statement_id", "statements.id"),
        _fk("claims", "speaker_actor_id", "actors.id"),
    )
    _indexes("claims", "statement_id")
    op.create_index("ix_claims_document_span", "claims", ["document_id", "evidence_start"])
    op.create_index("ix_claims_published_seq", "claims", ["published", "seq"])
    op.create_index("ix_claims_value_seq", "claims", ["value", "seq"])
    for column in (
        "kind",
        "status",
        "speaker_actor_id",
        "speaker_party",
        "actor_party",
        "measure",
        "subject_class",
        "action_class",
    ):
        op.create_index(f"ix_claims_{column}_seq", "claims", [column, "seq"])
    op.create_index(
        "ix_claims_superseded",
        "claims",
        ["seq"],
        sqlite_where=sa.text("superseded = 1"),
        postgresql_where=sa.text("superseded"),
    )
    op.create_table(
        "claim_places",
        sa.Column("claim_id", SHA, nullable=False),
        sa.Column("place_id", KEY, nullable=False),
        _pk("claim_places", "claim_id", "place_id"),
        _fk("claim_places", "claim_id", "claims.id", ondelete="CASCADE"),
        _fk("claim_places", "place_id", "places.id"),
    )
    _indexes("claim_places", "place_id")

    op.create_table(
        "audit_log",
        sa.Column("id", SERIAL, autoincrement=True, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("user", KEY, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity_type", sa.String(32), nullable=False),
        sa.Column("entity_id", KEY, nullable=False),
        sa.Column("before", JSONDOC),
        sa.Column("after", JSONDOC),
        sa.Column("prev_hash", SHA, nullable=False),
        sa.Column("hash", SHA, nullable=False),
        _pk("audit_log", "id"),
        _uq("audit_log", "seq"),
        _uq("audit_log", "hash"),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity_type", "entity_id"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", SHA, nullable=False),
        _pk("audit_head", "id"),
    )

    if postgres:
        op.execute("ALTER SEQUENCE document_seq OWNED BY documents.seq")
        op.execute("ALTER SEQUENCE claim_seq OWNED BY claims.seq")
        for statement in _POSTGRES_SEARCH:
            op.execute(statement)
    else:
        for statement in _SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("claims_fts", "documents_fts"):
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
            op.execute(f"DROP TABLE IF EXISTS {name}")
    for table in (
        "audit_head",
        "audit_log",
        "claim_places",
        "claims",
        "statements",
        "places",
        "actors",
        "parties",
        "extractions",
        "document_bands",
        "captures",
        "documents",
        "blobs",
    ):
        op.drop_table(table)
