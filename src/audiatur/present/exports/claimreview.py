"""schema.org ClaimReview (JSON-LD) for reviewed claims, as fact-checking sites and search engines read it.

Each claim an analyst accepted or corrected becomes one `ClaimReview` whose `itemReviewed` is the `Claim`
(its author is the speaker, its appearance the source document). The `reviewRating` never gives a verdict of
ours: its `alternateName` states where the claim stands in the ledger ("contradicted by Velsaria",
"single origin", "corroborated by 3 independent origins"), and it carries no numeric truth scale.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TextIO

from audiatur.domain import ActorType, Claim, ClaimStatus, Document, PartyKind
from audiatur.present.wording import attributed
from audiatur.store import ClaimFilter, LedgerClaim, Store

__all__ = ["CONTEXT", "REVIEWED", "claim_review", "ledger_standing", "write_claimreview"]

CONTEXT = "https://schema.org"
REVIEWED = (ClaimStatus.ACCEPTED, ClaimStatus.CORRECTED)
NOT_COMPARED = "not compared with other sources"
_EXPLANATION = (
    "Where this claim stands in the audiatur claims ledger, across the sources it holds: which origins "
    "contradict it, and how many independent origins (distinct parties; each independent monitor on its own) "
    "state it. This is not a rating of the claim's accuracy."
)

Progress = Callable[[int], None]


def _party_label(party: str | None, origin: str | None, independent: set[str]) -> str:
    """A side's name; an independent monitor by its own name (monitors are not one party)."""
    if party and party not in independent:
        return party
    if party:
        return f"an independent origin ({origin})" if origin else "an independent origin"
    return origin or "an origin of no known party"


def ledger_standing(store: Store, claim: Claim, independent: set[str]) -> list[str]:
    """The ledger's status phrases for a claim: "contradicted by <party>", "single origin",
    "corroborated by N independent origins" (or "not compared with other sources")."""
    phrases: list[str] = []
    against: dict[str, None] = {}
    for c in store.contradictions_of_claim(claim.id):
        other = 1 if c.claim_ids[0] == claim.id else 0
        against.setdefault(_party_label(c.parties[other], c.origins[other], independent), None)
    if against:
        phrases.append("contradicted by " + " and ".join(sorted(against, key=str.casefold)))
    clusters = store.clusters_of_claim(claim.id)
    if clusters:
        origins = max(c.independent_origins for c in clusters)
        phrases.append("single origin" if origins <= 1 else f"corroborated by {origins} independent origins")
    return phrases or [NOT_COMPARED]


def _author(claim: Claim, document: Document) -> dict[str, Any]:
    if claim.speaker is not None:
        kind = "Person" if claim.speaker.type is ActorType.PERSON else "Organization"
        author: dict[str, Any] = {"@type": kind, "name": claim.speaker.name}
        if claim.speaker.role and kind == "Person":
            author["jobTitle"] = claim.speaker.role
        return author
    return {"@type": "Organization", "name": document.publisher or document.source}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def claim_review(
    item: LedgerClaim,
    standing: list[str],
    *,
    publisher: str,
    base_url: str | None = None,
    independent: bool = False,
) -> dict[str, Any]:
    """One ClaimReview node (without `@context`) for a reviewed claim."""
    claim, doc, record = item.record.claim, item.document, item.record
    url = f"{base_url.rstrip('/')}/claims/{claim.id}" if base_url else f"urn:audiatur:claim:{claim.id}"
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": doc.url or doc.source}
    if doc.title:
        appearance["headline"] = doc.title
    if doc.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": doc.publisher}
    if doc.published:
        appearance["datePublished"] = doc.published.isoformat()
    item_reviewed: dict[str, Any] = {
        "@type": "Claim",
        "author": _author(claim, doc),
        # Where this claim was read; not `firstAppearance`: an earlier copy may exist outside the ledger.
        "appearance": appearance,
    }
    if doc.published:
        item_reviewed["datePublished"] = doc.published.isoformat()
    node: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"{url}#review",
        "url": url,
        "claimReviewed": claim.evidence.text,
        "reviewBody": f"{attributed(claim, independent=independent)} In the ledger: {'; '.join(standing)}.",
        "author": {"@type": "Organization", "name": publisher},
        "itemReviewed": item_reviewed,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "; ".join(standing),
            "ratingExplanation": _EXPLANATION,
        },
        "identifier": claim.id,
    }
    reviewed = record.reviewed_at.date() if record.reviewed_at else None
    if reviewed:
        node["datePublished"] = reviewed.isoformat()
    return node


def write_claimreview(
    store: Store,
    out: TextIO,
    filter: ClaimFilter | None = None,
    *,
    publisher: str = "audiatur claims ledger",
    base_url: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write reviewed claims (accepted or corrected, unless `filter` names statuses) as one JSON-LD
    document: `{"@context": "https://schema.org", "@graph": [ClaimReview, …]}`. Returns how many."""
    f = filter or ClaimFilter()
    if f.status is None:
        f = replace(f, status=REVIEWED)
    independent = {p.name for p in store.list_parties() if p.kind is PartyKind.INDEPENDENT}
    out.write(f'{{"@context": "{CONTEXT}", "@graph": [')
    n = 0
    for item in store.iter_ledger(f):
        claim = item.record.claim
        party = claim.speaker.party if claim.speaker else None
        standing = ledger_standing(store, claim, independent)
        node = claim_review(
            item, standing, publisher=publisher, base_url=base_url, independent=party in independent
        )
        out.write(("\n" if n == 0 else ",\n") + json.dumps(node, ensure_ascii=False))
        n += 1
        if progress is not None:
            progress(n)
    out.write("\n]}\n")
    return n
