"""The API's routers, one per resource; `ROUTERS` is what the app mounts under `/api`."""

from __future__ import annotations

from fastapi import APIRouter

from . import actors, claims, clusters, contradictions, documents, incidents, places, timelines, users

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    documents.router,
    claims.router,
    clusters.router,
    contradictions.router,
    actors.router,
    places.router,
    timelines.router,
    incidents.router,
    users.router,
)
