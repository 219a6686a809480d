"""The ledger page: every claim, filtered, searched, sorted and paged 50 at a time (keyset pagination)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from fastapi import APIRouter, Request
from starlette.datastructures import QueryParams
from starlette.responses import Response

from audiatur.domain import ClaimKind, ClaimStatus, Measure
from audiatur.errors import AudiaturError
from audiatur.present.api.deps import CacheDep, Reader, StoreDep
from audiatur.present.api.filters import ClaimQuery
from audiatur.present.web.pages import render
from audiatur.store import ClaimRecord, ClaimSort

__all__ = ["PAGE_SIZE", "router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
E = TypeVar("E", bound=StrEnum)
# Column → (ascending sort, descending sort) for the sortable headers.
SORTABLE = {
    "published": (ClaimSort.PUBLISHED, ClaimSort.PUBLISHED_DESC),
    "value": (ClaimSort.VALUE, ClaimSort.VALUE_DESC),
    "created": (ClaimSort.CREATED, ClaimSort.CREATED_DESC),
}


def _enums(params: QueryParams, key: str, kind: type[E], problems: list[str]) -> tuple[E, ...]:
    found: list[E] = []
    for raw in params.getlist(key):
        if not raw:
            continue
        try:
            found.append(kind(raw))
        except ValueError:
            problems.append(f"unknown {key} {raw!r} ignored")
    return tuple(found)


def _date(params: QueryParams, key: str, problems: list[str]) -> date | None:
    raw = params.get(key) or ""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(f"{key} date {raw!r} is not YYYY-MM-DD: ignored")
        return None


def _choose(params: QueryParams, key: str, parse: Callable[[str], E], default: E) -> E:
    try:
        return parse(params.get(key) or default)
    except ValueError:
        return default


def parse_query(params: QueryParams) -> tuple[ClaimQuery, list[str]]:
    """The ledger query in a page's URL, and what in it was not understood (ignored, and said so)."""
    problems: list[str] = []
    query = ClaimQuery(
        q=params.get("q"),
        kind=_enums(params, "kind", ClaimKind, problems),
        status=_enums(params, "status", ClaimStatus, problems),
        measure=_enums(params, "measure", Measure, problems),
        party=tuple(p for p in params.getlist("party") if p),
        about=tuple(p for p in params.getlist("about") if p),
        speaker=params.get("speaker"),
        speaker_id=params.get("speaker_id"),
        place=params.get("place"),
        document=params.get("document"),
        date_from=_date(params, "from", problems),
        date_to=_date(params, "to", problems),
    )
    return query, problems


@router.get("/")
@router.get("/claims")
def ledger(request: Request, store: StoreDep, cache: CacheDep, _: Reader) -> Response:
    """The ledger (its count, places and parties come from the per-process cache, checked against the
    ledger's change mark)."""
    mark = cache.mark()
    query, problems = parse_query(request.query_params)
    sort = _choose(request.query_params, "sort", ClaimSort, ClaimSort.CREATED_DESC)
    cursor = request.query_params.get("after") or None
    items: tuple[ClaimRecord, ...] = ()
    next_cursor, total = None, 0
    try:
        claim_filter = query.to_filter()
        page = store.list_claims(claim_filter, limit=PAGE_SIZE, after=cursor, sort=sort)
        items, next_cursor = page.items, page.next_cursor
        total = cache.count_claims(claim_filter, mark)
    except AudiaturError as exc:  # a bad search or cursor: show the page with the reason, not an error
        problems.append(str(exc))
    context = {
        "nav": "ledger",
        "query": query,
        "problems": problems,
        "sort": sort,
        "sortable": SORTABLE,
        "records": items,
        "documents": cache.document_infos([r.claim.document_id for r in items], mark),
        "next_cursor": next_cursor,
        "paged": cursor is not None,
        "total": total,
        "parties": cache.parties(mark),
        "places": cache.places(mark),
        "kinds": list(ClaimKind),
        "statuses": list(ClaimStatus),
        "measures": list(Measure),
        "sorts": list(ClaimSort),
    }
    return render(request, "ledger.html", context)
