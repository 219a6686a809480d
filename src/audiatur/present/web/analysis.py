"""What the analysis says about one claim, gathered for its page: every source stating it, side by side."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from audiatur.domain import Cluster, Contradiction
from audiatur.errors import NotFound
from audiatur.store import ClaimRecord, DocumentInfo, Store

from .marking import Segment, evidence_in_paragraph

__all__ = [
    "MAX_SOURCES",
    "ClaimAnalysis",
    "Opposing",
    "Source",
    "claim_analysis",
    "records_of",
    "sources_of",
]

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
    total_sources: int  # claims stating it (this one included), some perhaps in the same document
    clusters: list[Cluster] = field(default_factory=list)
    contradictions: list[Opposing] = field(default_factory=list)


def records_of(store: Store, claim_ids: Iterable[str]) -> list[ClaimRecord]:
    """The claims with these ids, in that order (ids no longer in the ledger are skipped)."""
    records = []
    for claim_id in claim_ids:
        try:
            records.append(store.get_claim_record(claim_id))
        except NotFound:
            continue  # the analysis is older than a re-extraction that dropped the claim
    return records


def sources_of(
    store: Store,
    records: Sequence[ClaimRecord],
    *,
    context: int | None = None,
    known: Mapping[str, tuple[str, DocumentInfo | None]] | None = None,
) -> list[Source]:
    """Each claim with its document's metadata and its evidence in context (one text read per document);
    `context` caps the characters shown around the evidence (default: its whole paragraph, if not huge);
    `known` gives documents already read (id → text and metadata), which are not read again."""
    known = known or {}
    wanted = [r.claim.document_id for r in records if r.claim.document_id not in known]
    infos = {i: info for i, (_, info) in known.items() if info is not None}
    infos |= store.get_document_infos(wanted) if wanted else {}
    texts: dict[str, str] = {i: text for i, (text, _) in known.items()}
    sources = []
    for record in records:
        claim = record.claim
        if claim.document_id not in texts:
            texts[claim.document_id] = store.get_document(claim.document_id).text
        text, ev = texts[claim.document_id], claim.evidence
        segments = (
            evidence_in_paragraph(text, ev.start, ev.end, context=context)
            if context is not None
            else evidence_in_paragraph(text, ev.start, ev.end)
        )
        sources.append(Source(record, infos.get(claim.document_id), segments))
    return sources


def _other_sources(
    store: Store, record: ClaimRecord, clusters: Sequence[Cluster]
) -> tuple[list[ClaimRecord], int]:
    """The other claims of the claim's clusters, one per document, earliest published first."""
    ids = [i for c in clusters for i in c.claim_ids if i != record.claim.id]
    unique = list(dict.fromkeys(ids))
    others = records_of(store, unique[: MAX_SOURCES * 3])
    seen = {record.claim.document_id}
    chosen = []
    for other in sorted(others, key=lambda r: (r.published is None, r.published or date.min, r.claim.id)):
        if other.claim.document_id not in seen:
            seen.add(other.claim.document_id)
            chosen.append(other)
    return chosen[: MAX_SOURCES - 1], len(unique)


def claim_analysis(
    store: Store, record: ClaimRecord, known: Mapping[str, tuple[str, DocumentInfo | None]] | None = None
) -> ClaimAnalysis:
    """The claim's sources (itself, then the other documents stating it), clusters and contradictions;
    `known`: documents already read (see `sources_of`)."""
    claim_id = record.claim.id
    clusters = store.clusters_of_claim(claim_id)
    others, total = _other_sources(store, record, clusters)
    opposing = []
    for item in store.contradictions_of_claim(claim_id):
        other_id = item.claim_ids[1] if item.claim_ids[0] == claim_id else item.claim_ids[0]
        for source in sources_of(store, records_of(store, [other_id]), known=known):
            opposing.append(Opposing(item, source))
    return ClaimAnalysis(
        sources=sources_of(store, [record, *others], known=known),
        total_sources=1 + total,
        clusters=clusters,
        contradictions=opposing,
    )
