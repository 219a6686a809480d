"""`/api/timelines`: each origin's figures for a measure over time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.domain import Measure
from audiatur.present.api.analysis_schemas import TimelineOut, timeline_out
from audiatur.present.api.deps import Reader, StoreDep

__all__ = ["router"]

router = APIRouter(tags=["analysis"])


@router.get("/timelines", response_model=list[TimelineOut], summary="List timelines")
def list_timelines(
    store: StoreDep,
    _: Reader,
    measure: Measure | None = None,
    origin: Annotated[str | None, Query(description="an origin's actor id, or part of its name")] = None,
) -> list[TimelineOut]:
    """Figure timelines by origin, measure and class (a figure that grows is an update, not a conflict)."""
    return [timeline_out(t) for t in store.list_timelines(measure, origin=origin)]
