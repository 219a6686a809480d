"""`/api/incidents`: claims grouped by event, with the casualty range across sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.present.api.analysis_schemas import IncidentOut, incident_out
from audiatur.present.api.deps import Reader, StoreDep

__all__ = ["router"]

router = APIRouter(prefix="/incidents", tags=["analysis"])


@router.get("", response_model=list[IncidentOut], summary="List incidents")
def list_incidents(
    store: StoreDep, _: Reader, limit: Annotated[int, Query(ge=1, le=10_000)] = 100
) -> list[IncidentOut]:
    """Incidents, latest first, each with its casualty ranges (lowest and highest figure, never a sum)."""
    return [incident_out(i) for i in store.list_incidents(limit=limit)]


@router.get("/{incident_id}", response_model=IncidentOut, summary="One incident")
def get_incident(incident_id: str, store: StoreDep, _: Reader) -> IncidentOut:
    """An incident (id or unique prefix)."""
    return incident_out(store.get_incident(incident_id))
