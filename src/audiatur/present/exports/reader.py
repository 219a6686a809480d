"""Reading the claims export back (`audiatur import --format jsonl`): every line validated, then built into
the claims, review states and documents `Store.import_claims` writes in one transaction.

Lines are checked at this edge by pydantic models of the export contract (unknown fields are ignored, so a
newer export still reads); the first bad line stops the import with an error naming `file:line`. A plain
contract line (without the additive `review` block) imports as an unreviewed claim of its stated status.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from audiatur.domain import (
    ActionClass,
    Actor,
    ActorType,
    Attribution,
    Bound,
    Capture,
    Characterization,
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Demand,
    Document,
    Event,
    Evidence,
    Figure,
    Measure,
    Modality,
    Period,
    PlaceRef,
    Polarity,
    Statement,
    SubjectClass,
    Valence,
)
from audiatur.errors import InputError, ParseFailed
from audiatur.ingest import band_keys, minhash
from audiatur.store import ImportedClaim, ImportedDocument

__all__ = ["read_claims"]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Place(_In):
    id: str
    name: str
    names: list[str] = Field(default_factory=list)

    def build(self) -> PlaceRef:
        return PlaceRef(id=self.id, name=self.name, names=tuple(self.names))


class _Period(_In):
    start: date | None = None
    end: date | None = None


class _Figure(_In):
    measure: Measure
    subject: str = ""
    subject_class: SubjectClass
    value: int | None = None
    low: int | None = None
    high: int | None = None
    bound: Bound
    quantity: str = ""
    victim_party: str | None = None
    perpetrator: str | None = None
    period: _Period | None = None
    places: list[_Place] = Field(default_factory=list)

    def build(self) -> Figure:
        period = Period(start=self.period.start, end=self.period.end) if self.period else None
        fields = self.model_dump(exclude={"period", "places"})
        return Figure(**fields, period=period, places=tuple(p.build() for p in self.places))


class _Event(_In):
    actor: str | None = None
    actor_party: str | None = None
    action: str
    action_class: ActionClass
    weapon: str | None = None
    target: str | None = None
    places: list[_Place] = Field(default_factory=list)
    date: dt.date | None = None
    polarity: Polarity = Polarity.ASSERTED
    modality: Modality = Modality.ALLEGED

    def build(self) -> Event:
        return Event(**self.model_dump(exclude={"places"}), places=tuple(p.build() for p in self.places))


class _Characterization(_In):
    target: str
    target_party: str | None = None
    words: str
    valence: Valence

    def build(self) -> Characterization:
        return Characterization(**self.model_dump())


class _Demand(_In):
    target: str | None = None
    target_party: str | None = None
    action: str

    def build(self) -> Demand:
        return Demand(**self.model_dump())


class _Actor(_In):
    id: str | None = None
    name: str | None = None
    type: ActorType = ActorType.UNKNOWN
    party: str | None = None
    role: str | None = None
    affiliation: str | None = None
    aliases: list[str] = Field(default_factory=list)

    def build(self) -> Actor | None:
        if not self.name:
            return None
        return Actor(
            id=self.id or Actor.make_id(self.name),  # a plain contract line: the id its name gives
            name=self.name,
            type=self.type,
            aliases=tuple(self.aliases),
            role=self.role,
            affiliation=self.affiliation,
            party=self.party,
        )


class _Speaker(_Actor):
    mention: str | None = None


class _Evidence(_In):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class _Capture(_In):
    raw_sha256: str
    source: str
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    published: date | None = None
    retrieved_at: datetime
    raw: str | None = None


class _Statement(_In):
    id: str
    speaker: _Actor | None = None
    mention: str
    attribution: Attribution
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    signatories: list[_Actor | None] = Field(default_factory=list)


class _Document(_In):
    id: str = Field(min_length=64, max_length=64)
    source: str = ""
    title: str | None = None
    published: date | None = None
    raw_sha256: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published_precision: DatePrecision = DatePrecision.UNKNOWN
    language: str | None = None
    side: str | None = None
    media_type: str = "text/plain"
    retrieved_at: datetime | None = None
    duplicate_of: str | None = None
    # Only on the first line of each document of a `--full` export:
    text: str | None = None
    raw: str | None = None
    captures: list[_Capture] = Field(default_factory=list)
    statements: list[_Statement] = Field(default_factory=list)


class _Content(_In):
    """A claim's content as extracted (the `review.extracted` block of a corrected claim)."""

    speaker: _Actor | None = None
    mention: str | None = None
    attribution: Attribution
    figure: _Figure | None = None
    event: _Event | None = None
    characterization: _Characterization | None = None
    demand: _Demand | None = None


class _Review(_In):
    version: int = Field(default=1, ge=1)
    superseded: bool = False
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    override: dict[str, Any] | None = None
    extracted: _Content | None = None
    history: list[dict[str, Any]] = Field(default_factory=list)


class _Line(_In):
    id: str = Field(min_length=64, max_length=64)
    kind: ClaimKind
    document: _Document
    speaker: _Speaker = Field(default_factory=_Speaker)
    attribution: Attribution
    evidence: _Evidence
    figure: _Figure | None = None
    event: _Event | None = None
    characterization: _Characterization | None = None
    demand: _Demand | None = None
    status: ClaimStatus = ClaimStatus.EXTRACTED
    extractor_version: str = Field(min_length=1)
    statement_id: str | None = None
    review: _Review | None = None


# ------------------------------------------------------------------------------------------------- building


def _claim(line: _Line, content: _In, speaker: Actor | None, mention: str | None, where: str) -> Claim:
    kind = line.kind
    part = getattr(content, str(kind))
    if part is None:
        raise ParseFailed(where, f"a {kind} claim without its `{kind}` part")
    return Claim(
        id=line.id,
        kind=kind,
        document_id=line.document.id,
        speaker=speaker,
        mention=mention,
        attribution=getattr(content, "attribution", line.attribution),
        evidence=Evidence(
            document_id=line.document.id,
            start=line.evidence.start,
            end=line.evidence.end,
            text=line.evidence.text,
        ),
        extractor_version=line.extractor_version,
        statement_id=line.statement_id,
        figure=part.build() if kind is ClaimKind.FIGURE else None,
        event=part.build() if kind is ClaimKind.EVENT else None,
        characterization=part.build() if kind is ClaimKind.CHARACTERIZATION else None,
        demand=part.build() if kind is ClaimKind.DEMAND else None,
        status=line.status,
    )


def _decode(value: str, where: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ParseFailed(where, f"{what} is not base64") from exc


def _document(doc: _Document, where: str) -> ImportedDocument | None:
    if doc.text is None:
        return None
    if doc.raw is None or doc.raw_sha256 is None or doc.retrieved_at is None:
        raise ParseFailed(where, "a document with its text also needs raw, raw_sha256 and retrieved_at")
    raw = _decode(doc.raw, where, "document.raw")
    document = Document(
        id=doc.id,
        raw_sha256=doc.raw_sha256,
        source=doc.source,
        text=doc.text,
        retrieved_at=doc.retrieved_at,
        url=doc.url,
        publisher=doc.publisher,
        title=doc.title,
        author=doc.author,
        published=doc.published,
        published_precision=doc.published_precision,
        language=doc.language,
        side=doc.side,
        media_type=doc.media_type,
        duplicate_of=doc.duplicate_of,
    )
    captures = [Capture(document=document, raw=raw)]
    for c in doc.captures:
        if c.raw is None and c.raw_sha256 != doc.raw_sha256:
            raise ParseFailed(where, f"receipt {c.raw_sha256[:12]} has no raw bytes")
        receipt = replace(
            document,
            raw_sha256=c.raw_sha256,
            source=c.source,
            url=c.url,
            publisher=c.publisher,
            title=c.title,
            published=c.published,
            retrieved_at=c.retrieved_at,
        )
        captures.append(Capture(document=receipt, raw=_decode(c.raw, where, "raw") if c.raw else raw))
    statements = []
    for st in doc.statements:
        speaker = st.speaker.build() if st.speaker else None
        statements.append(
            Statement(
                id=st.id,
                document_id=doc.id,
                speaker=speaker or Actor(id="", name=st.mention),
                mention=st.mention,
                attribution=st.attribution,
                evidence=Evidence(document_id=doc.id, start=st.start, end=st.end, text=st.text),
                signatories=tuple(a for a in (s.build() if s else None for s in st.signatories) if a),
            )
        )
    signature = minhash(doc.text)
    return ImportedDocument(
        captures=tuple(captures),
        statements=tuple(statements),
        signature=signature,
        band_keys=tuple(band_keys(signature)),
    )


def _imported(line: _Line, where: str) -> ImportedClaim:
    speaker = line.speaker.build()
    claim = _claim(line, line, speaker, line.speaker.mention, where)
    review = line.review or _Review()
    extracted = claim
    if review.extracted is not None:
        original = review.extracted
        extracted = _claim(
            line, original, original.speaker.build() if original.speaker else None, original.mention, where
        )
    reviewed_at = review.reviewed_at
    if reviewed_at is not None and reviewed_at.tzinfo is None:
        reviewed_at = reviewed_at.replace(tzinfo=UTC)
    return ImportedClaim(
        where=where,
        claim=claim,
        extracted=extracted,
        override=review.override,
        version=review.version,
        superseded=review.superseded,
        reviewed_by=review.reviewed_by,
        reviewed_at=reviewed_at,
        history=tuple(review.history),
        document=_document(line.document, where),
    )


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    place = ".".join(str(p) for p in first["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{place}: {first['msg']}{more}" if place else f"{first['msg']}{more}"


def read_claims(path: Path) -> tuple[list[ImportedClaim], str]:
    """Every claim of a claims export file, validated; and the file's SHA-256. The first bad line raises
    an `InputError` naming `file:line` (nothing is read past it)."""
    digest = hashlib.sha256()
    claims: list[ImportedClaim] = []
    try:
        with path.open("rb") as stream:
            lines = list(enumerate(stream, 1))
    except OSError as exc:
        raise InputError(str(path), exc.strerror or type(exc).__name__) from exc
    for number, raw in lines:
        digest.update(raw)
        where = f"{path}:{number}"
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseFailed(where, f"not JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ParseFailed(where, "a line must be a JSON object (one claim)")
        try:
            line = _Line.model_validate(data)
        except ValidationError as exc:
            raise ParseFailed(where, _problem(exc)) from exc
        claims.append(_imported(line, where))
    if not claims:
        raise ParseFailed(str(path), "no claims in the file")
    return claims, digest.hexdigest()
