"""A reviewed demo ledger: the analyst work the exports and the import must carry.

`review(store)` accepts, corrects (a number; a speaker), rejects, and accepts-then-reverts a few demo claims,
chosen by what the analysis says about them (one contradicted, one corroborated by several independent
origins, one of a single origin), and returns their ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from audiatur.domain import ClaimKind, ClaimStatus
from audiatur.store import ClaimFilter, Store

__all__ = ["Reviewed", "review"]

ANALYST = "ana"
SECOND = "bo"


@dataclass(frozen=True)
class Reviewed:
    """The claims `review` changed, by what was done to them."""

    contradicted: str  # accepted; a side of a contradiction
    corroborated: str  # accepted; in a cluster with two or more independent origins
    single: str  # accepted; in a cluster with one origin
    corrected_value: str
    corrected_speaker: str
    new_speaker: str  # the actor the claim was re-attributed to
    rejected: str
    reverted: str  # accepted, then reverted to extracted: a history, no review

    @property
    def reviewed(self) -> set[str]:
        """Every claim with an audit trail."""
        return {
            self.contradicted, self.corroborated, self.single, self.corrected_value, self.corrected_speaker,
            self.rejected, self.reverted,
        }  # fmt: skip


def review(store: Store) -> Reviewed:
    """Review some demo claims as an analyst would."""
    figures = [r.claim for r in store.list_claims(ClaimFilter(kind=ClaimKind.FIGURE), limit=500).items]
    taken: set[str] = set()

    def pick(test: object, what: str) -> str:
        for c in figures:
            if c.id not in taken and c.speaker is not None and test(c):  # type: ignore[operator]
                taken.add(c.id)
                return c.id
        raise AssertionError(f"the demo ledger has no {what}")

    def origins(claim_id: str) -> int:
        clusters = store.clusters_of_claim(claim_id)
        return max((c.independent_origins for c in clusters), default=0)

    contradicted = pick(lambda c: store.contradictions_of_claim(c.id), "contradicted figure")
    corroborated = pick(
        lambda c: origins(c.id) >= 2 and not store.contradictions_of_claim(c.id), "corroborated figure"
    )
    single = pick(
        lambda c: origins(c.id) == 1 and not store.contradictions_of_claim(c.id), "single-origin figure"
    )
    corrected_value = pick(
        lambda c: c.figure is not None and c.figure.value is not None, "figure with a number"
    )
    corrected_speaker = pick(lambda c: True, "figure")
    rejected = pick(lambda c: True, "figure")
    reverted = pick(lambda c: True, "figure")

    def version(claim_id: str) -> int:
        return store.get_claim_record(claim_id).version

    for claim_id in (contradicted, corroborated, single):
        store.set_claim_status(
            claim_id, ClaimStatus.ACCEPTED, user=ANALYST, expected_version=version(claim_id)
        )
    value = store.get_claim(corrected_value).figure
    assert value is not None and value.value is not None
    store.update_claim(corrected_value, {"value": value.value + 1}, user=ANALYST, expected_version=1)
    speaker = store.get_claim(corrected_speaker).speaker
    other = next(a for a in store.list_actors() if speaker is not None and a.id != speaker.id and a.party)
    store.update_claim(
        corrected_speaker, {"speaker_id": other.id, "mention": other.name}, user=SECOND, expected_version=1
    )
    store.set_claim_status(rejected, ClaimStatus.REJECTED, user=SECOND, expected_version=1)
    store.set_claim_status(reverted, ClaimStatus.ACCEPTED, user=ANALYST, expected_version=1)
    store.revert_claim(reverted, user=SECOND, expected_version=2)
    return Reviewed(
        contradicted=contradicted,
        corroborated=corroborated,
        single=single,
        corrected_value=corrected_value,
        corrected_speaker=corrected_speaker,
        new_speaker=other.id,
        rejected=rejected,
        reverted=reverted,
    )
