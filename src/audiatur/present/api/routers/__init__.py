"""The API's routers, one per resource; `ROUTERS` is what the app mounts under `/api`."""

from __future__ import annotations

from fastapi import APIRouter

from . import actors, claims, documents, places, users

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    documents.router,
    claims.router,
    actors.router,
    places.router,
    users.router,
)
