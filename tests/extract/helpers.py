"""Documents from our own sentences, and short views of what extraction made of them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from spacy.language import Language

from audiatur.domain import (
    Characterization,
    Claim,
    ClaimKind,
    Demand,
    Document,
    Event,
    Extraction,
    Figure,
)
from audiatur.extract import extract_document

__all__ = [
    "PUBLISHED",
    "Extractor",
    "characterization_of",
    "counts",
    "demand_of",
    "event_of",
    "figure_of",
    "make_document",
    "speaker_of",
    "value_of",
]

# A Monday in May 2027, the month of the demo world's war (Kestria against Velsaria over the Orlen valley).
PUBLISHED = date(2027, 5, 10)


def make_document(
    text: str,
    *,
    publisher: str | None = None,
    side: str | None = None,
    published: date | None = PUBLISHED,
    title: str | None = None,
) -> Document:
    """A stored document holding `text`, as ingest would hand it over."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        id=digest,
        raw_sha256=digest,
        source="tests/extract",
        text=text,
        retrieved_at=datetime(2027, 5, 11, 8, 0, tzinfo=UTC),
        publisher=publisher,
        side=side,
        title=title,
        published=published,
    )


@dataclass(frozen=True)
class Extractor:
    """Runs the extraction pipeline over one text and picks claims out of the result."""

    nlp: Language

    def extraction(
        self,
        text: str,
        *,
        publisher: str | None = None,
        side: str | None = None,
        published: date | None = PUBLISHED,
    ) -> Extraction:
        """Everything extracted from `text` as one document."""
        document = make_document(text, publisher=publisher, side=side, published=published)
        return extract_document(document, self.nlp)

    def claims(
        self,
        text: str,
        kind: ClaimKind | None = None,
        *,
        publisher: str | None = None,
        side: str | None = None,
        published: date | None = PUBLISHED,
    ) -> list[Claim]:
        """Claims of `text` (of one kind if given), in evidence order."""
        found = self.extraction(text, publisher=publisher, side=side, published=published).claims
        return sorted((c for c in found if kind is None or c.kind == kind), key=lambda c: c.evidence.start)

    def figures(self, text: str, *, publisher: str | None = None, side: str | None = None) -> list[Claim]:
        """Figure claims of `text`, in text order."""
        return self.claims(text, ClaimKind.FIGURE, publisher=publisher, side=side)

    def events(self, text: str, *, publisher: str | None = None, side: str | None = None) -> list[Claim]:
        """Event claims of `text`, in text order."""
        return self.claims(text, ClaimKind.EVENT, publisher=publisher, side=side)

    def characterizations(
        self, text: str, *, publisher: str | None = None, side: str | None = None
    ) -> list[Claim]:
        """Characterisation claims of `text`, in text order."""
        return self.claims(text, ClaimKind.CHARACTERIZATION, publisher=publisher, side=side)

    def demands(self, text: str, *, publisher: str | None = None, side: str | None = None) -> list[Claim]:
        """Demand claims of `text`, in text order."""
        return self.claims(text, ClaimKind.DEMAND, publisher=publisher, side=side)

    def figure(self, text: str, *, publisher: str | None = None, side: str | None = None) -> Claim:
        """The one figure claim of `text` (fails, showing what was found, if there is not exactly one)."""
        found = self.figures(text, publisher=publisher, side=side)
        assert len(found) == 1, f"expected one figure in {text!r}, got {[c.evidence.text for c in found]}"
        return found[0]

    def event(self, text: str, *, publisher: str | None = None, side: str | None = None) -> Claim:
        """The one event claim of `text`."""
        found = self.events(text, publisher=publisher, side=side)
        assert len(found) == 1, f"expected one event in {text!r}, got {[c.evidence.text for c in found]}"
        return found[0]


def figure_of(claim: Claim) -> Figure:
    """The figure a figure claim carries."""
    assert claim.figure is not None, f"not a figure claim: {claim.kind}"
    return claim.figure


def event_of(claim: Claim) -> Event:
    """The event an event claim carries."""
    assert claim.event is not None, f"not an event claim: {claim.kind}"
    return claim.event


def characterization_of(claim: Claim) -> Characterization:
    """The characterisation a characterisation claim carries."""
    assert claim.characterization is not None, f"not a characterisation claim: {claim.kind}"
    return claim.characterization


def demand_of(claim: Claim) -> Demand:
    """The demand a demand claim carries."""
    assert claim.demand is not None, f"not a demand claim: {claim.kind}"
    return claim.demand


def counts(claims: list[Claim]) -> list[tuple[str, str, int | None]]:
    """(measure, subject class, value) of each figure claim, in text order: a compact view for assertions."""
    return [(str(f.measure), str(f.subject_class), f.value) for f in map(figure_of, claims)]


def speaker_of(claim: Claim) -> str | None:
    """The canonical name of a claim's speaker (None when nobody is named)."""
    return claim.speaker.name if claim.speaker is not None else None


def value_of(claim: Claim) -> int | None:
    """The value of a figure claim."""
    return figure_of(claim).value
