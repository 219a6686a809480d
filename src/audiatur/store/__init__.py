"""The store: the claims ledger in SQLite (one file, the default) or PostgreSQL (a team server).

`open_store(url)` opens (and, if needed, creates or migrates) a ledger; every write goes through
`Store.atomic()`, and every analyst change is written to a hash-chained audit log.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError

from audiatur.errors import StoreError

from .accounts import Accounts
from .actors import party_id
from .analysis import Analysis
from .bulk import Bulk
from .documents import Documents
from .engine import create_store_engine, describe_url
from .extractions import Extractions
from .imports import IMPORT_ACTION, ImportedClaim, ImportedDocument, ImportReport, Imports, LedgerClaim
from .migrate import upgrade
from .records import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    AddResult,
    AddStatus,
    AmbiguousId,
    AuditEntry,
    AuditProblem,
    BlobProblem,
    CaptureInfo,
    ClaimFilter,
    ClaimPage,
    ClaimRecord,
    ClaimSort,
    DocumentFilter,
    DocumentInfo,
    DocumentPage,
    EvidenceProblem,
    InvalidData,
    SearchHit,
    StoreSummary,
    VerifyReport,
)
from .review import Review
from .verify import Verify

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "IMPORT_ACTION",
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
    "ImportReport",
    "ImportedClaim",
    "ImportedDocument",
    "InvalidData",
    "LedgerClaim",
    "SearchHit",
    "Store",
    "StoreSummary",
    "VerifyReport",
    "open_store",
    "party_id",
]

log = logging.getLogger(__name__)


class Store(Bulk, Imports, Documents, Review, Extractions, Verify, Analysis, Accounts):
    """The claims ledger: documents, extractions, claims, actors, places, review and audit."""

    def __enter__(self) -> Store:
        return self


def open_store(url: str) -> Store:
    """Open the ledger at a SQLAlchemy URL, creating or migrating its schema first."""
    engine = create_store_engine(url)
    try:
        upgrade(engine)
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise StoreError(f"cannot open {describe_url(url)}: {reason}") from exc
    except BaseException:
        engine.dispose()
        raise
    store = Store(engine)
    log.debug("opened %s", store.url)
    return store
