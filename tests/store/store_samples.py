"""Hand-built domain objects for the store tests: a fictional conflict between Northland and Southland."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime

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
    DatePrecision,
    Demand,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Measure,
    Place,
    PlaceRef,
    Polarity,
    Statement,
    SubjectClass,
    Valence,
)

RETRIEVED = datetime(2020, 10, 9, 12, 0, tzinfo=UTC)

MIRA = Actor(
    id=Actor.make_id("Mira Kovan"),
    name="Mira Kovan",
    type=ActorType.PERSON,
    role="spokesperson",
    affiliation="Northland Defence Ministry",
    party="Northland",
)
TOMAS = Actor(
    id=Actor.make_id("Tomas Reyl"),
    name="Tomas Reyl",
    type=ActorType.PERSON,
    role="foreign minister",
    affiliation="Southland government",
    party="Southland",
)
MONITOR = Actor(
    id=Actor.make_id("Open Field Monitor"),
    name="Open Field Monitor",
    type=ActorType.ORGANIZATION,
    party="independent",
)
PORT_ASTER = Place(
    id="place:port-aster",
    name="Port Aster",
    names=("Port Aster", "Asterhaven"),
    country="Northland",
    kind="city",
    latitude=40.1,
    longitude=46.2,
)
PORT_ASTER_REF = PlaceRef(id=PORT_ASTER.id, name="Asterhaven", names=PORT_ASTER.names)

TEXT = (
    "Northland Defence Ministry spokesperson Mira Kovan said that 27 civilians were killed and 141 were "
    "wounded in Asterhaven since September 27. Southland shelled residential areas of Asterhaven with "
    "cluster munitions, Kovan said. Southland foreign minister Tomas Reyl denied that Southland forces "
    "targeted civilians. Reyl called the Open Field Monitor a biased organisation and urged Northland to "
    "stop the shelling."
)


def sha256(data: bytes | str) -> str:
    """Hex SHA-256 of bytes or of UTF-8 text."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def capture(
    text: str = TEXT,
    *,
    raw: bytes | None = None,
    source: str = "file:///corpus/northland-1.txt",
    published: date | None = date(2020, 10, 8),
    publisher: str | None = "Northland Press Agency",
    title: str | None = "Ministry: 27 civilians killed",
    retrieved_at: datetime = RETRIEVED,
    side: str | None = "Northland",
) -> Capture:
    """A capture of `text` (raw bytes default to the text as UTF-8)."""
    body = raw if raw is not None else text.encode("utf-8")
    return Capture(
        document=Document(
            id=sha256(text),
            raw_sha256=sha256(body),
            source=source,
            text=text,
            retrieved_at=retrieved_at,
            url=source if source.startswith("http") else None,
            publisher=publisher,
            title=title,
            author=None,
            published=published,
            published_precision=DatePrecision.DAY if published else DatePrecision.UNKNOWN,
            language="en",
            side=side,
            media_type="text/plain",
        ),
        raw=body,
    )


def evidence(doc_id: str, text: str, phrase: str, occurrence: int = 0) -> Evidence:
    """The evidence span of the `occurrence`-th `phrase` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Evidence(document_id=doc_id, start=start, end=start + len(phrase), text=phrase)


def figure_claim(
    doc: Document,
    phrase: str,
    *,
    value: int,
    measure: Measure = Measure.KILLED,
    subject: str = "civilians",
    subject_class: SubjectClass = SubjectClass.CIVILIANS,
    speaker: Actor | None = MIRA,
    places: Sequence[PlaceRef] = (PORT_ASTER_REF,),
    version: str = "1.0",
    statement_id: str | None = None,
    bound: Bound = Bound.EXACT,
) -> Claim:
    """A figure claim over `phrase` in the document."""
    ev = evidence(doc.id, doc.text, phrase)
    return Claim(
        id=Claim.make_id(doc.id, ClaimKind.FIGURE, ev.start, ev.end, measure),
        kind=ClaimKind.FIGURE,
        document_id=doc.id,
        speaker=speaker,
        mention=speaker.name.split()[-1] if speaker else None,
        attribution=Attribution.INDIRECT if speaker else Attribution.UNATTRIBUTED,
        evidence=ev,
        extractor_version=version,
        statement_id=statement_id,
        figure=Figure(
            measure=measure,
            subject=subject,
            subject_class=subject_class,
            value=value,
            low=value,
            high=value,
            bound=bound,
            quantity=str(value),
            victim_party="Northland",
            perpetrator="Southland",
            places=tuple(places),
        ),
    )


def event_claim(
    doc: Document,
    phrase: str,
    *,
    speaker: Actor | None = MIRA,
    polarity: Polarity = Polarity.ASSERTED,
    action_class: ActionClass = ActionClass.ATTACK,
    places: Sequence[PlaceRef] = (PORT_ASTER_REF,),
    version: str = "1.0",
) -> Claim:
    """An event claim (an allegation, or with DENIED a denial) over `phrase`."""
    ev = evidence(doc.id, doc.text, phrase)
    return Claim(
        id=Claim.make_id(doc.id, ClaimKind.EVENT, ev.start, ev.end),
        kind=ClaimKind.EVENT,
        document_id=doc.id,
        speaker=speaker,
        mention=speaker.name.split()[-1] if speaker else None,
        attribution=Attribution.INDIRECT,
        evidence=ev,
        extractor_version=version,
        event=Event(
            actor="Southland",
            actor_party="Southland",
            action=phrase,
            action_class=action_class,
            polarity=polarity,
            weapon="cluster munitions" if "cluster" in phrase else None,
            target="residential areas",
            places=tuple(places),
            date=date(2020, 10, 4),
        ),
    )


def characterization_claim(doc: Document, phrase: str, *, version: str = "1.0") -> Claim:
    """Tomas Reyl characterising the monitor."""
    ev = evidence(doc.id, doc.text, phrase)
    return Claim(
        id=Claim.make_id(doc.id, ClaimKind.CHARACTERIZATION, ev.start, ev.end),
        kind=ClaimKind.CHARACTERIZATION,
        document_id=doc.id,
        speaker=TOMAS,
        mention="Reyl",
        attribution=Attribution.INDIRECT,
        evidence=ev,
        extractor_version=version,
        characterization=Characterization(
            target="Open Field Monitor", target_party="independent", words="biased", valence=Valence.NEGATIVE
        ),
    )


def demand_claim(doc: Document, phrase: str, *, version: str = "1.0") -> Claim:
    """Tomas Reyl calling on Northland to act."""
    ev = evidence(doc.id, doc.text, phrase)
    return Claim(
        id=Claim.make_id(doc.id, ClaimKind.DEMAND, ev.start, ev.end),
        kind=ClaimKind.DEMAND,
        document_id=doc.id,
        speaker=TOMAS,
        mention="Reyl",
        attribution=Attribution.INDIRECT,
        evidence=ev,
        extractor_version=version,
        demand=Demand(target="Northland", target_party="Northland", action="stop the shelling"),
    )


def statement(doc: Document, phrase: str, speaker: Actor, *, signatories: Sequence[Actor] = ()) -> Statement:
    """A statement by `speaker` over `phrase`."""
    ev = evidence(doc.id, doc.text, phrase)
    return Statement(
        id=Statement.make_id(doc.id, ev.start, ev.end),
        document_id=doc.id,
        speaker=speaker,
        mention=speaker.name,
        attribution=Attribution.INDIRECT,
        evidence=ev,
        signatories=tuple(signatories),
    )


def full_extraction(doc: Document, version: str = "1.0") -> Extraction:
    """Every kind of claim the sample text holds, as extractor `version` would find them."""
    said = statement(doc, "Mira Kovan said that 27 civilians were killed", MIRA)
    return Extraction(
        document_id=doc.id,
        extractor_version=version,
        statements=(said,),
        places=(PORT_ASTER,),
        claims=(
            figure_claim(doc, "27 civilians were killed", value=27, version=version, statement_id=said.id),
            figure_claim(
                doc,
                "141 were wounded",
                value=141,
                measure=Measure.INJURED,
                subject="people",
                subject_class=SubjectClass.PEOPLE,
                version=version,
            ),
            event_claim(
                doc,
                "Southland shelled residential areas of Asterhaven with cluster munitions",
                version=version,
            ),
            event_claim(
                doc,
                "denied that Southland forces targeted civilians",
                speaker=TOMAS,
                polarity=Polarity.DENIED,
                action_class=ActionClass.TARGETING_CIVILIANS,
                places=(),
                version=version,
            ),
            characterization_claim(
                doc, "called the Open Field Monitor a biased organisation", version=version
            ),
            demand_claim(doc, "urged Northland to stop the shelling", version=version),
        ),
    )


def other_text(n: int, *, value: int | None = None) -> str:
    """A distinct short document text, numbered `n`."""
    count = value if value is not None else n + 3
    return f"Report {n}: Open Field Monitor said {count} civilians were killed in Asterhaven on day {n}."


def simple_extraction(
    doc: Document, *, value: int, version: str = "1.0", speaker: Actor = MONITOR
) -> Extraction:
    """One figure claim in a document made by `other_text`."""
    phrase = f"{value} civilians were killed"
    return Extraction(
        document_id=doc.id,
        extractor_version=version,
        places=(PORT_ASTER,),
        claims=(figure_claim(doc, phrase, value=value, speaker=speaker, version=version),),
    )
