"""The domain types: the only values that cross stage boundaries.

The words follow the design (`Document`, `Actor`, `Party`, `Place`, `Statement`, `Claim`, `Evidence`, …).
Every value is a frozen dataclass; closed vocabularies are `StrEnum`s whose values are the strings of the
claims export contract. Ids are deterministic SHA-256 digests of content, so the same input always yields
the same ids; the extractor version is a field, never part of an id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypedDict

__all__ = [
    "ActionClass",
    "Actor",
    "ActorType",
    "Attribution",
    "Bound",
    "Capture",
    "CasualtyRange",
    "Characterization",
    "Claim",
    "ClaimExport",
    "ClaimKind",
    "ClaimStatus",
    "Cluster",
    "Contradiction",
    "DatePrecision",
    "Demand",
    "Document",
    "Event",
    "Evidence",
    "Extraction",
    "Figure",
    "Incident",
    "Measure",
    "Modality",
    "Party",
    "PartyKind",
    "Period",
    "Place",
    "PlaceRef",
    "Polarity",
    "Statement",
    "SubjectClass",
    "Timeline",
    "TimelinePoint",
    "Valence",
    "make_id",
]


# ---------------------------------------------------------------------------------------------- vocabularies


class ClaimKind(StrEnum):
    """What a claim states."""

    FIGURE = "figure"
    EVENT = "event"
    CHARACTERIZATION = "characterization"
    DEMAND = "demand"


class Attribution(StrEnum):
    """How a claim is tied to its speaker in the text."""

    DIRECT_QUOTE = "direct_quote"
    INDIRECT = "indirect"
    ACCORDING_TO = "according_to"
    DOCUMENT_AUTHOR = "document_author"
    UNATTRIBUTED = "unattributed"


class Bound(StrEnum):
    """How a stated number bounds the true count."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    APPROX = "approx"
    RANGE = "range"
    VAGUE = "vague"


class Measure(StrEnum):
    """What happened to the counted people or objects."""

    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    DISPLACED = "displaced"
    DETAINED = "detained"
    DESTROYED = "destroyed"
    DAMAGED = "damaged"


class SubjectClass(StrEnum):
    """The class of what is counted."""

    CIVILIANS = "civilians"
    MILITARY = "military"
    PEOPLE = "people"
    CHILDREN = "children"
    WOMEN = "women"
    JOURNALISTS = "journalists"
    MEDICAL = "medical"
    BUILDINGS = "buildings"
    FACILITIES = "facilities"
    VEHICLES = "vehicles"
    OTHER = "other"


class ActionClass(StrEnum):
    """The class of act an event claim is about."""

    ATTACK = "attack"
    WEAPON_USE = "weapon_use"
    TARGETING_CIVILIANS = "targeting_civilians"
    OTHER = "other"


class Polarity(StrEnum):
    """Whether the speaker says the act happened or did not."""

    ASSERTED = "asserted"
    DENIED = "denied"


class Modality(StrEnum):
    """How firmly the act is stated."""

    CONFIRMED = "confirmed"
    ALLEGED = "alleged"
    HEDGED = "hedged"


class Valence(StrEnum):
    """The tone of a characterisation."""

    NEGATIVE = "negative"
    POSITIVE = "positive"
    NEUTRAL = "neutral"


class ClaimStatus(StrEnum):
    """Where a claim stands in analyst review."""

    EXTRACTED = "extracted"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"


class DatePrecision(StrEnum):
    """How much of a date the source gives."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class ActorType(StrEnum):
    """The kind of actor that speaks or acts."""

    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT = "government"
    MILITARY = "military"
    MEDIA = "media"
    GROUP = "group"
    UNKNOWN = "unknown"


class PartyKind(StrEnum):
    """A side of a conflict, or an independent monitor."""

    SIDE = "side"
    INDEPENDENT = "independent"


# ------------------------------------------------------------------------------------------------------ ids


def make_id(*parts: object) -> str:
    """A deterministic SHA-256 hex id of the given parts (joined unambiguously)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# ------------------------------------------------------------------------------------------------ documents


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A text as received, with its chain-of-custody metadata."""

    id: str  # sha256 of the normalised text
    raw_sha256: str  # sha256 of the bytes as received
    source: str  # path or URL it was read from
    text: str
    retrieved_at: datetime
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    published_precision: DatePrecision = DatePrecision.UNKNOWN
    language: str | None = None
    side: str | None = None  # the publisher's side, from sidecar metadata
    media_type: str = "text/plain"
    duplicate_of: str | None = None  # id of an earlier near-duplicate document

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated words in the text."""
        return len(self.text.split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """A document together with the raw bytes it was read from (what ingest hands to the store)."""

    document: Document
    raw: bytes


# -------------------------------------------------------------------------------------------- actors, places


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A side of a conflict, or `independent`."""

    id: str
    name: str
    kind: PartyKind = PartyKind.SIDE
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A person or organisation that speaks or acts."""

    id: str
    name: str
    type: ActorType = ActorType.UNKNOWN
    aliases: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None
    party: str | None = None  # the party's name

    @staticmethod
    def make_id(name: str) -> str:
        """The id an actor of this canonical name gets (case and spacing do not matter)."""
        return make_id("actor", " ".join(name.casefold().split()))


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A place from the gazetteer: one id, every name it is known by."""

    id: str
    name: str
    names: tuple[str, ...] = ()
    country: str | None = None
    kind: str | None = None  # city, town, village, region, country, …
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRef:
    """A place as a claim mentions it: the name written, and every name the place has."""

    id: str
    name: str
    names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The export shape."""
        return {"id": self.id, "name": self.name, "names": list(self.names)}


# ------------------------------------------------------------------------------------------- statements, claims


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The exact words a claim rests on: a character span of the stored text."""

    document_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The export shape."""
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """An actor speaking in a document."""

    id: str
    document_id: str
    speaker: Actor
    mention: str
    attribution: Attribution
    evidence: Evidence
    signatories: tuple[Actor, ...] = ()

    @staticmethod
    def make_id(document_id: str, start: int, end: int) -> str:
        """The id of the statement over this span."""
        return make_id("statement", document_id, start, end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """The time a figure covers (either end may be open)."""

    start: date | None = None
    end: date | None = None

    def to_dict(self) -> dict[str, str | None]:
        """The export shape."""
        return {"start": _iso(self.start), "end": _iso(self.end)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A count of people harmed or of objects destroyed or damaged."""

    measure: Measure
    subject: str
    subject_class: SubjectClass
    value: int | None
    low: int | None
    high: int | None
    bound: Bound
    quantity: str = ""  # the number as written ("at least 21", "dozens")
    victim_party: str | None = None
    perpetrator: str | None = None
    period: Period | None = None
    places: tuple[PlaceRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The export shape."""
        return {
            "measure": str(self.measure),
            "subject": self.subject,
            "subject_class": str(self.subject_class),
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "bound": str(self.bound),
            "quantity": self.quantity,
            "victim_party": self.victim_party,
            "perpetrator": self.perpetrator,
            "period": self.period.to_dict() if self.period else None,
            "places": [p.to_dict() for p in self.places],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """An act of violence or of breaking the law, said to have been done or not done."""

    actor: str | None
    actor_party: str | None
    action: str
    action_class: ActionClass
    polarity: Polarity = Polarity.ASSERTED
    modality: Modality = Modality.ALLEGED
    weapon: str | None = None
    target: str | None = None
    places: tuple[PlaceRef, ...] = ()
    date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The export shape."""
        return {
            "actor": self.actor,
            "actor_party": self.actor_party,
            "action": self.action,
            "action_class": str(self.action_class),
            "weapon": self.weapon,
            "target": self.target,
            "places": [p.to_dict() for p in self.places],
            "date": _iso(self.date),
            "polarity": str(self.polarity),
            "modality": str(self.modality),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Characterization:
    """A speaker's words about another actor."""

    target: str
    target_party: str | None
    words: str
    valence: Valence

    def to_dict(self) -> dict[str, Any]:
        """The export shape."""
        return {
            "target": self.target,
            "target_party": self.target_party,
            "words": self.words,
            "valence": str(self.valence),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Demand:
    """A speaker calling on an actor to do something."""

    target: str | None
    target_party: str | None
    action: str

    def to_dict(self) -> dict[str, Any]:
        """The export shape."""
        return {"target": self.target, "target_party": self.target_party, "action": self.action}


class DocumentRef(TypedDict):
    """The document part of an exported claim."""

    id: str
    source: str
    title: str | None
    published: str | None


class SpeakerRef(TypedDict):
    """The speaker part of an exported claim."""

    name: str | None
    mention: str | None
    type: str | None
    party: str | None


class ClaimExport(TypedDict):
    """One line of the claims export (`audiatur export --format jsonl`): the contract tests and scorers read."""

    id: str
    kind: str
    document: DocumentRef
    speaker: SpeakerRef
    attribution: str
    evidence: dict[str, Any]
    figure: dict[str, Any] | None
    event: dict[str, Any] | None
    characterization: dict[str, Any] | None
    demand: dict[str, Any] | None
    status: str
    extractor_version: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One thing a speaker states in a document, tied to its evidence."""

    id: str
    kind: ClaimKind
    document_id: str
    speaker: Actor | None
    mention: str | None
    attribution: Attribution
    evidence: Evidence
    extractor_version: str
    statement_id: str | None = None
    figure: Figure | None = None
    event: Event | None = None
    characterization: Characterization | None = None
    demand: Demand | None = None
    status: ClaimStatus = ClaimStatus.EXTRACTED

    @staticmethod
    def make_id(document_id: str, kind: ClaimKind | str, start: int, end: int, *detail: object) -> str:
        """The id of a claim: its document, kind and evidence span (plus what tells apart two claims there)."""
        return make_id("claim", document_id, str(kind), start, end, *detail)

    def to_dict(self, document: Document | None = None) -> ClaimExport:
        """The export-contract shape of this claim."""
        doc: DocumentRef = {
            "id": self.document_id,
            "source": document.source if document else "",
            "title": document.title if document else None,
            "published": _iso(document.published) if document else None,
        }
        speaker: SpeakerRef = {
            "name": self.speaker.name if self.speaker else None,
            "mention": self.mention,
            "type": str(self.speaker.type) if self.speaker else None,
            "party": self.speaker.party if self.speaker else None,
        }
        return {
            "id": self.id,
            "kind": str(self.kind),
            "document": doc,
            "speaker": speaker,
            "attribution": str(self.attribution),
            "evidence": self.evidence.to_dict(),
            "figure": self.figure.to_dict() if self.figure else None,
            "event": self.event.to_dict() if self.event else None,
            "characterization": self.characterization.to_dict() if self.characterization else None,
            "demand": self.demand.to_dict() if self.demand else None,
            "status": str(self.status),
            "extractor_version": self.extractor_version,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """Everything one extractor version found in one document."""

    document_id: str
    extractor_version: str
    statements: tuple[Statement, ...] = ()
    claims: tuple[Claim, ...] = ()
    places: tuple[Place, ...] = field(default_factory=tuple)

    @property
    def actors(self) -> tuple[Actor, ...]:
        """Every actor that speaks, signs or is named as speaker here (each once)."""
        seen: dict[str, Actor] = {}

        def add(actors: Iterable[Actor | None]) -> None:
            for actor in actors:
                if actor is not None and actor.id not in seen:
                    seen[actor.id] = actor

        for st in self.statements:
            add([st.speaker, *st.signatories])
        add(c.speaker for c in self.claims)
        return tuple(seen.values())


# ------------------------------------------------------------------------------------------------- analysis


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """Claims that state the same thing (the same figure, or the same act) in one or more documents."""

    id: str
    kind: ClaimKind
    label: str  # neutral description: "civilians killed · victims: Azerbaijan · since 2020-09-27"
    claim_ids: tuple[str, ...]
    documents: int  # distinct documents (near-duplicates and wire copies count once)
    origins: tuple[str, ...]  # names of the actors the claims originate from
    parties: tuple[str, ...]  # parties of those origins (`independent` for monitors)
    independent_origins: int  # distinct parties among origins, each independent monitor counted on its own
    measure: Measure | None = None
    subject_class: SubjectClass | None = None
    low: int | None = None
    high: int | None = None
    speakers: tuple[str, ...] = ()  # the speakers' names (origins are the bodies they speak for)
    places: tuple[PlaceRef, ...] = ()
    date_start: date | None = None  # earliest date of a claim (the period end the text gives, or publication)
    date_end: date | None = None
    victim_party: str | None = None  # figures: the victims' party, where the claims naming one agree
    actor_party: str | None = None  # event clusters: the party of the actor said to have acted (or not)
    action_class: ActionClass | None = None
    weapon: str | None = None
    polarity: Polarity | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Contradiction:
    """Two claims that cannot both hold: an act asserted and denied, or incompatible figures."""

    id: str
    kind: ClaimKind  # figure or event
    claim_ids: tuple[str, str]
    reason: str  # neutral: "X says 14 killed; Y says 2 for the same strike"
    parties: tuple[str | None, str | None] = (None, None)
    origins: tuple[str | None, str | None] = (None, None)  # who each side's claim originates from
    cluster_ids: tuple[str | None, str | None] = (None, None)  # the cluster each side's claim belongs to
    dates: tuple[date | None, date | None] = (None, None)  # each side's date (period end, or publication)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelinePoint:
    """One value of an origin's figure at a date."""

    date: date | None
    value: int | None
    low: int | None
    high: int | None
    bound: Bound
    claim_id: str
    document_id: str
    places: tuple[PlaceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    """How one origin's figure for one measure and scope moved over time ("civilians killed: 9 → 14 → 21")."""

    origin: str
    origin_id: str | None
    party: str | None
    measure: Measure
    subject_class: SubjectClass
    points: tuple[TimelinePoint, ...]
    places: tuple[PlaceRef, ...] = ()  # the scope: the places the figures are for (none: no place given)


@dataclass(frozen=True, slots=True, kw_only=True)
class CasualtyRange:
    """The range of one measure across the sources of an incident (report the range, never a sum)."""

    measure: Measure
    subject_class: SubjectClass | None
    low: int | None
    high: int | None
    by_party: tuple[tuple[str, int | None, int | None], ...] = ()  # (party, low, high)
    claim_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """Claims about one event: a place, a date (or window) and an act, with the casualty range across sources."""

    id: str
    label: str  # "rocket strike · Harvik · 2027-05-09"
    place: PlaceRef | None
    date_start: date | None
    date_end: date | None
    action_class: ActionClass | None
    claim_ids: tuple[str, ...]
    ranges: tuple[CasualtyRange, ...] = ()
    documents: int = 0  # distinct documents (near-duplicates count once)
    parties: tuple[str, ...] = ()  # parties of the origins of its claims
    actor_parties: tuple[str, ...] = ()  # parties said to have acted
