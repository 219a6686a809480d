"""The ledger's filters, shared by the claims API and the web ledger: typed values → a store `ClaimFilter`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from audiatur.domain import ClaimKind, ClaimStatus, Measure
from audiatur.store import ClaimFilter, ClaimRecord, DocumentInfo, InvalidData, Store

__all__ = ["ClaimQuery", "documents_of"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimQuery:
    """What a ledger listing asks for; empty values do not filter."""

    q: str | None = None
    kind: Sequence[ClaimKind] = ()
    status: Sequence[ClaimStatus] = ()
    measure: Sequence[Measure] = ()
    party: Sequence[str] = ()  # the speaker's party
    about: Sequence[str] = ()  # the party acted on or spoken about (event actor, target)
    speaker: str | None = None  # part of a speaker's name
    speaker_id: str | None = None
    place: str | None = None  # a place id
    document: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_superseded: bool = False

    def to_filter(self) -> ClaimFilter:
        """The store filter (InvalidData for an impossible date range)."""
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidData(f"the date range ends ({self.date_to}) before it starts ({self.date_from})")
        return ClaimFilter(
            q=_text(self.q),
            kind=tuple(self.kind) or None,
            status=tuple(self.status) or None,
            measure=tuple(self.measure) or None,
            speaker_party=tuple(p for p in self.party if p) or None,
            actor_party=tuple(p for p in self.about if p) or None,
            speaker=_text(self.speaker),
            speaker_id=_text(self.speaker_id),
            place_id=_text(self.place),
            document_id=_text(self.document),
            published_from=self.date_from,
            published_to=self.date_to,
            include_superseded=self.include_superseded,
        )


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def documents_of(store: Store, records: Sequence[ClaimRecord]) -> dict[str, DocumentInfo]:
    """The listing metadata of the documents the claims are in (one query)."""
    return store.get_document_infos([r.claim.document_id for r in records])
