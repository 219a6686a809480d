"""What the analysis says about one claim, gathered for its page: every source stating it, side by side."""

from __future__ import annotations

from dataclasses import dataclass, field

from audiatur.domain import Cluster, Contradiction
from audiatur.store import ClaimRecord, DocumentInfo, Store

from .marking import Segment, evidence_in_paragraph

__all__ = ["MAX_SOURCES", "ClaimAnalysis", "Opposing", "Source", "claim_analysis", "sources_of"]

MAX_SOURCES = 24  # sources shown side by side on a claim's page (the count says how many there are)


@dataclass(frozen=True, slots=True)
class Source:
    """One claim stating the thing, in its document, with its evidence marked inside its paragraph."""

    record: ClaimRecord
    document: DocumentInfo | None
    segments: list[Segment]


@dataclass(frozen=True, slots=True)
class Opposing:
    """A contradiction of the claim, with the other claim."""

    contradiction: Contradiction
    other: Source


@dataclass(frozen=True, slots=True)
class ClaimAnalysis:
    """The claim's sources (itself first), its clusters and the claims contradicting it."""

    sources: list[Source]
    total_sources: int
    clusters: list[Cluster] = field(default_factory=list)
    contradictions: list[Opposing] = field(default_factory=list)


def sources_of(store: Store, records: list[ClaimRecord]) -> list[Source]:
    """Each claim with its document's metadata and its evidence in context (one text read per document)."""
    infos = store.get_document_infos([r.claim.document_id for r in records])
    texts: dict[str, str] = {}
    sources = []
    for record in records:
        claim = record.claim
        if claim.document_id not in texts:
            texts[claim.document_id] = store.get_document(claim.document_id).text
        text = texts[claim.document_id]
        segments = evidence_in_paragraph(text, claim.evidence.start, claim.evidence.end)
        sources.append(Source(record, infos.get(claim.document_id), segments))
    return sources


def claim_analysis(store: Store, record: ClaimRecord) -> ClaimAnalysis:
    """The claim's sources, clusters and contradictions."""
    return ClaimAnalysis(sources=sources_of(store, [record]), total_sources=1)
