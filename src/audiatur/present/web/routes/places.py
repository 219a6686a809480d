"""The map of places: Leaflet (from the installed xstatic-leaflet) over OpenStreetMap tiles, and beneath it
the list of places with every name each side uses; the list is the page when the map cannot load."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response

from audiatur.domain import Place
from audiatur.present.api.deps import Reader, StoreDep
from audiatur.present.api.security import TILE_ORIGIN
from audiatur.present.web.pages import render
from audiatur.store import ClaimFilter, Store

__all__ = ["PlaceUse", "place_uses", "router"]

router = APIRouter(include_in_schema=False)

_CLAIMS_PER_PLACE = 500  # claims read per place to learn which names each side writes
NO_PARTY = "no party"


@dataclass(frozen=True, slots=True)
class PlaceUse:
    """A place, its claims, and the names each speaker's party writes for it (most used first)."""

    place: Place
    claims: int
    names_by_party: list[tuple[str, list[tuple[str, int]]]]

    @property
    def located(self) -> bool:
        """Whether the place has coordinates to put on the map."""
        return self.place.latitude is not None and self.place.longitude is not None


def place_uses(store: Store) -> list[PlaceUse]:
    """Every place with the names each party's speakers use for it."""
    uses = []
    for place in store.list_places():
        page = store.list_claims(ClaimFilter(place_id=place.id), limit=_CLAIMS_PER_PLACE)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for record in page.items:
            claim = record.claim
            part = claim.figure or claim.event
            party = (claim.speaker.party if claim.speaker else None) or NO_PARTY
            for ref in part.places if part else ():
                if ref.id == place.id:
                    counts[party][ref.name] += 1
        by_party = [
            (party, counts[party].most_common()) for party in sorted(counts, key=lambda p: (p == NO_PARTY, p))
        ]
        total = (
            len(page.items)
            if page.next_cursor is None
            else store.count_claims(ClaimFilter(place_id=place.id))
        )
        uses.append(PlaceUse(place=place, claims=total, names_by_party=by_party))
    return uses


@router.get("/map")
def map_page(request: Request, store: StoreDep, _: Reader) -> Response:
    """The map, and the list of places under it."""
    uses = place_uses(store)
    context = {
        "nav": "map",
        "uses": uses,
        "located": sum(1 for u in uses if u.located),
        "tiles": TILE_ORIGIN + "/{z}/{x}/{y}.png",
    }
    return render(request, "map.html", context)
