"""`/api/documents`: documents in ingestion order or by full-text search; one with its text and receipts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.present.api.deps import Reader, StoreDep
from audiatur.present.api.schemas import (
    DocumentDetailOut,
    DocumentPageOut,
    capture_out,
    document_out,
)
from audiatur.store import DocumentFilter

__all__ = ["router"]

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("", response_model=DocumentPageOut, summary="List documents")
def list_documents(
    store: StoreDep,
    _: Reader,
    q: Annotated[str | None, Query(description="full-text search in title and text")] = None,
    publisher: str | None = None,
    side: str | None = None,
    language: str | None = None,
    date_from: Annotated[date | None, Query(alias="from", description="published on or after")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="published on or before")] = None,
    duplicates: Annotated[bool, Query(description="include near-duplicate copies")] = True,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> DocumentPageOut:
    """A page of documents matching every given filter, in ingestion order."""
    document_filter = DocumentFilter(
        q=q or None,
        publisher=publisher,
        side=side,
        language=language,
        published_from=date_from,
        published_to=date_to,
        include_duplicates=duplicates,
    )
    page = store.list_documents(document_filter, limit=limit, after=cursor)
    return DocumentPageOut(items=[document_out(d) for d in page.items], next_cursor=page.next_cursor)


@router.get("/{document_id}", response_model=DocumentDetailOut, summary="One document")
def get_document(document_id: str, store: StoreDep, _: Reader) -> DocumentDetailOut:
    """A document (id or unique prefix) with its stored text and every receipt of it."""
    doc = store.get_document(document_id)
    info = store.get_document_infos([doc.id])[doc.id]
    return DocumentDetailOut(
        **document_out(info).model_dump(),
        text=doc.text,
        published_precision=str(doc.published_precision),
        captures=[capture_out(c) for c in store.list_captures(doc.id)],
    )
