"""The analysis pages: clusters, contradictions, timelines (a chart per measure) and incidents.

They show what `audiatur analyze` stored; nothing is recomputed per request.
"""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from starlette.responses import Response

from audiatur.domain import ClaimKind, Measure, Timeline
from audiatur.present.api.deps import Reader, StoreDep
from audiatur.present.web.analysis import records_of, sources_of
from audiatur.present.web.charts import timeline_chart
from audiatur.present.web.pages import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_SHOWN = 200  # contradictions, incidents or clusters on one page
_BRIEF = 200  # characters of context around each side's evidence on the contradictions page
_MEASURES = list(Measure)


def _kind(request: Request) -> ClaimKind | None:
    raw = request.query_params.get("kind") or ""
    return ClaimKind(raw) if raw in ClaimKind.__members__.values() else None


@router.get("/contradictions")
def contradictions(request: Request, store: StoreDep, _: Reader) -> Response:
    """Pairs of claims that cannot both hold, each side in its own words."""
    kind = _kind(request)
    items = store.list_contradictions(kind, limit=_SHOWN)
    pairs = []
    for item in items:
        sides = sources_of(store, records_of(store, item.claim_ids), context=_BRIEF)
        if len(sides) == 2:
            pairs.append((item, sides))
    context = {
        "nav": "contradictions",
        "pairs": pairs,
        "kind": kind,
        "limit": _SHOWN,
        "shown": len(items),
        "analysis_state": store.analysis_state(),
    }
    return render(request, "contradictions.html", context)


@router.get("/timelines")
def timelines(request: Request, store: StoreDep, _: Reader) -> Response:
    """A chart per measure and class: each origin's figure over time, one line per origin."""
    raw = request.query_params.get("measure") or ""
    measure = Measure(raw) if raw in Measure.__members__.values() else None
    origin = (request.query_params.get("origin") or "").strip() or None
    groups: dict[tuple[str, str], list[Timeline]] = defaultdict(list)
    for timeline in store.list_timelines(measure, origin=origin):
        groups[(str(timeline.measure), str(timeline.subject_class))].append(timeline)
    # Measures in their usual order (killed first), then the classes with the most figures.
    order = sorted(
        groups.items(),
        key=lambda item: (
            _MEASURES.index(Measure(item[0][0])),
            -sum(len(t.points) for t in item[1]),
            item[0][1],
        ),
    )
    charts = [
        (timeline_chart(f"{subject} {measure_name}", lines), lines)
        for (measure_name, subject), lines in order
    ]
    context = {
        "nav": "timelines",
        "charts": charts,
        "measure": measure,
        "measures": list(Measure),
        "origin": origin or "",
        "analysis_state": store.analysis_state(),
    }
    return render(request, "timelines.html", context)


@router.get("/incidents")
def incidents(request: Request, store: StoreDep, _: Reader) -> Response:
    """Events with the claims about them and the casualty range across sources."""
    items = store.list_incidents(limit=_SHOWN)
    context = {
        "nav": "incidents",
        "incidents": items,
        "limit": _SHOWN,
        "analysis_state": store.analysis_state(),
    }
    return render(request, "incidents.html", context)


@router.get("/incidents/{incident_id}")
def incident(incident_id: str, request: Request, store: StoreDep, _: Reader) -> Response:
    """One incident: its ranges, and every claim about it in its source's words."""
    item = store.get_incident(incident_id)
    sources = sources_of(store, records_of(store, item.claim_ids))
    return render(request, "incident.html", {"nav": "incidents", "incident": item, "sources": sources})


@router.get("/clusters")
def clusters(request: Request, store: StoreDep, _: Reader) -> Response:
    """What is stated in several documents, and how many independent origins stand behind it."""
    kind = _kind(request)
    items = store.list_clusters(kind, limit=_SHOWN, min_documents=2)
    context = {
        "nav": "clusters",
        "clusters": items,
        "kind": kind,
        "limit": _SHOWN,
        "analysis_state": store.analysis_state(),
    }
    return render(request, "clusters.html", context)
