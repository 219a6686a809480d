"""`/api/places`: gazetteer places with every name each is known by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.present.api.deps import Reader, StoreDep
from audiatur.present.api.schemas import PlaceOut, place_out

__all__ = ["router"]

router = APIRouter(prefix="/places", tags=["places"])


@router.get("", response_model=list[PlaceOut], summary="List places")
def list_places(
    store: StoreDep, _: Reader, name: Annotated[str | None, Query(description="part of any name")] = None
) -> list[PlaceOut]:
    """Every place by name (or those with a name containing `name`)."""
    return [place_out(p) for p in store.list_places(name=name)]


@router.get("/{place_id}", response_model=PlaceOut, summary="One place")
def get_place(place_id: str, store: StoreDep, _: Reader) -> PlaceOut:
    """A place and all its names."""
    return place_out(store.get_place(place_id))
