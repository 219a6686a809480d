"""`/api/clusters`: claims stating the same thing across documents, with their origins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.domain import ClaimKind
from audiatur.present.api.analysis_schemas import ClusterOut, cluster_out
from audiatur.present.api.deps import Reader, StoreDep

__all__ = ["router"]

router = APIRouter(tags=["analysis"])


@router.get("/clusters", response_model=list[ClusterOut], summary="List clusters")
def list_clusters(
    store: StoreDep,
    _: Reader,
    kind: ClaimKind | None = None,
    min_documents: Annotated[
        int, Query(ge=1, description="only clusters in at least this many documents")
    ] = 1,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> list[ClusterOut]:
    """Clusters, most repeated first (then those with the most independent origins)."""
    return [cluster_out(c) for c in store.list_clusters(kind, limit=limit, min_documents=min_documents)]


@router.get("/clusters/{cluster_id}", response_model=ClusterOut, summary="One cluster")
def get_cluster(cluster_id: str, store: StoreDep, _: Reader) -> ClusterOut:
    """A cluster (id or unique prefix)."""
    return cluster_out(store.get_cluster(cluster_id))


@router.get("/claims/{claim_id}/clusters", response_model=list[ClusterOut], summary="A claim's clusters")
def clusters_of_claim(claim_id: str, store: StoreDep, _: Reader) -> list[ClusterOut]:
    """The clusters a claim belongs to."""
    full_id = store.get_claim_record(claim_id).claim.id
    return [cluster_out(c) for c in store.clusters_of_claim(full_id)]
