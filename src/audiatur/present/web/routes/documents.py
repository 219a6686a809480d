"""Documents: the list (with full-text search), and a document's page with its text and every claim marked."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from audiatur.errors import AudiaturError
from audiatur.present.api.deps import Reader, StoreDep
from audiatur.present.web.marking import Segment, Span, first_spans, mark_spans
from audiatur.present.web.pages import render
from audiatur.store import ClaimFilter, DocumentFilter, DocumentInfo, SearchHit

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_CLAIMS_SHOWN = 1000  # claims marked in one document's text


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of the text: `claim` is the first claim marking it (None: unmarked), `refs` the numbers
    of the claims starting here (shown by CSS, so they never become part of the text when copied)."""

    text: str
    claim: str | None
    number: int | None
    refs: str
    overlap: bool


def _pieces(segments: list[Segment], numbers: dict[str, int]) -> list[_Piece]:
    return [
        _Piece(
            text=s.text,
            claim=s.keys[0] if s.keys else None,
            number=numbers[s.keys[0]] if s.keys else None,
            refs=",".join(str(numbers[k]) for k in s.opens),
            overlap=len(s.keys) > 1,
        )
        for s in segments
    ]


@router.get("/documents")
def documents(request: Request, store: StoreDep, _: Reader) -> Response:
    """Every document in ingestion order, or the best matches of a search."""
    q = (request.query_params.get("q") or "").strip()
    cursor = request.query_params.get("after") or None
    hits: list[SearchHit] = []
    problem = None
    items: tuple[DocumentInfo, ...] = ()
    next_cursor = None
    try:
        if q:
            hits = store.search_documents(q, limit=50)
        else:
            page = store.list_documents(DocumentFilter(), limit=50, after=cursor)
            items, next_cursor = page.items, page.next_cursor
    except AudiaturError as exc:
        problem = str(exc)
    infos = store.get_document_infos([h.document_id for h in hits]) if hits else {}
    context = {
        "nav": "documents",
        "q": q,
        "hits": hits,
        "hit_infos": infos,
        "items": items,
        "next_cursor": next_cursor,
        "paged": cursor is not None,
        "problem": problem,
        "total": store.count_documents(),
    }
    return render(request, "documents.html", context)


@router.get("/documents/{document_id}")
def document(document_id: str, request: Request, store: StoreDep, _: Reader) -> Response:
    """A document: metadata, both hashes, receipts, and its text with all its claims marked."""
    doc = store.get_document(document_id)
    if doc.id != document_id:
        return RedirectResponse(f"/documents/{doc.id}", status_code=301)
    records = store.list_claims(ClaimFilter(document_id=doc.id), limit=_CLAIMS_SHOWN).items
    spans = [Span(r.claim.evidence.start, r.claim.evidence.end, r.claim.id) for r in records]
    numbers = first_spans(spans)
    ordered = sorted(records, key=lambda r: numbers[r.claim.id])
    infos = store.get_document_infos([doc.id, *([doc.duplicate_of] if doc.duplicate_of else [])])
    context = {
        "nav": "documents",
        "doc": doc,
        "info": infos.get(doc.id),
        "original": infos.get(doc.duplicate_of) if doc.duplicate_of else None,
        "captures": store.list_captures(doc.id),
        "pieces": _pieces(mark_spans(doc.text, spans), numbers),
        "numbers": numbers,
        "records": ordered,
        "by_id": {r.claim.id: r.claim for r in records},
    }
    return render(request, "document.html", context)
