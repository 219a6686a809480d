"""A small hand-built ledger for the API and web tests: a fictional conflict between Aldmark and Brenland.

Three documents (one per side, one from an independent monitor whose text carries HTML and script that must
never run), five claims, a place with two names, stored analysis results, and one user per role.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from audiatur.domain import (
    ActionClass,
    Actor,
    ActorType,
    Attribution,
    Bound,
    Capture,
    CasualtyRange,
    Claim,
    ClaimKind,
    Cluster,
    Contradiction,
    DatePrecision,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Incident,
    Measure,
    Place,
    PlaceRef,
    Polarity,
    SubjectClass,
    Timeline,
    TimelinePoint,
    make_id,
)
from audiatur.store import Store
from audiatur.store.analysis import AnalysisMember, BlockResult

PASSWORDS = {"vera": "viewer-password-1", "anna": "analyst-password-1", "adam": "admin-password-1"}
ROLES = {"vera": "viewer", "anna": "analyst", "adam": "admin"}

DARR = Actor(
    id=Actor.make_id("Ivo Darr"),
    name="Ivo Darr",
    type=ActorType.PERSON,
    role="spokesperson",
    affiliation="Aldmark Health Ministry",
    party="Aldmark",
)
ORM = Actor(
    id=Actor.make_id("Lena Orm"),
    name="Lena Orm",
    type=ActorType.PERSON,
    role="spokeswoman",
    affiliation="Brenland Defence Ministry",
    party="Brenland",
)
MONITOR = Actor(
    id=Actor.make_id("Field Monitor"), name="Field Monitor", type=ActorType.ORGANIZATION, party="independent"
)
KESSA = Place(
    id="test:kessa", name="Kessa", names=("Kessa", "Kesse"), country="Aldmark", latitude=45.1, longitude=12.3
)

TEXT_A = (
    "Aldmark Health Ministry spokesperson Ivo Darr said 14 civilians were killed in Kessa on Monday.\n\n"
    "Brenland forces shelled the market in Kessa, Darr said."
)
TEXT_B = (
    "Brenland Defence Ministry spokeswoman Lena Orm denied that Brenland forces shelled the market "
    "in Kesse.\n\n"
    "Orm said 2 civilians were killed in Kesse by a stray round."
)
# Markup in an ingested text is text: it must show as written and never run.
TEXT_C = (
    "The Field Monitor said 9 civilians were killed in Kessa. "
    '<script>alert(1)</script><img src=x onerror="alert(2)"> <b>not bold</b>'
)


@dataclass(frozen=True)
class Sample:
    """Ids of what the sample ledger holds."""

    documents: tuple[str, str, str]
    figure_a: str  # Darr: 14 killed
    event_a: str  # Darr: Brenland shelled the market
    event_b: str  # Orm denies it
    figure_b: str  # Orm: 2 killed
    figure_c: str  # monitor: 9 killed
    cluster: str
    contradiction: str
    incident: str


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def capture(text: str, *, publisher: str, published: date, side: str) -> Capture:
    """A received plain-text document."""
    return Capture(
        document=Document(
            id=_sha(text),
            raw_sha256=_sha(text),
            source=f"https://{publisher.lower().replace(' ', '-')}.example/{_sha(text)[:8]}",
            text=text,
            retrieved_at=datetime(2030, 3, 5, 9, 0, tzinfo=UTC),
            url=f"https://{publisher.lower().replace(' ', '-')}.example/{_sha(text)[:8]}",
            publisher=publisher,
            title=text.split(".")[0][:60],
            published=published,
            published_precision=DatePrecision.DAY,
            language="en",
            side=side,
        ),
        raw=text.encode(),
    )


def _evidence(doc_id: str, text: str, phrase: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(document_id=doc_id, start=start, end=start + len(phrase), text=phrase)


def figure(
    doc: Document, phrase: str, value: int, speaker: Actor, place_name: str, version: str = "1"
) -> Claim:
    """A `value` civilians killed claim over `phrase`."""
    ev = _evidence(doc.id, doc.text, phrase)
    ref = PlaceRef(id=KESSA.id, name=place_name, names=KESSA.names)
    return Claim(
        id=Claim.make_id(doc.id, ClaimKind.FIGURE, ev.start, ev.end),
        kind=ClaimKind.FIGURE,
        document_id=doc.id,
        speaker=speaker,
        mention=speaker.name,
        attribution=Attribution.INDIRECT,
        evidence=ev,
        extractor_version=version,
        figure=Figure(
            measure=Measure.KILLED,
            subject="civilians",
            subject_class=SubjectClass.CIVILIANS,
            value=value,
            low=value,
            high=value,
            bound=Bound.EXACT,
            quantity=str(value),
            places=(ref,),
        ),
    )


def event(doc: Document, phrase: str, speaker: Actor, polarity: Polarity, version: str = "1") -> Claim:
    """Brenland forces shelling the market in Kessa, asserted or denied."""
    ev = _evidence(doc.id, doc.text, phrase)
    return Claim(
        id=Claim.make_id(doc.id, ClaimKind.EVENT, ev.start, ev.end),
        kind=ClaimKind.EVENT,
        document_id=doc.id,
        speaker=speaker,
        mention=speaker.name,
        attribution=Attribution.INDIRECT,
        evidence=ev,
        extractor_version=version,
        event=Event(
            actor="Brenland forces",
            actor_party="Brenland",
            action="shelled the market",
            action_class=ActionClass.ATTACK,
            polarity=polarity,
            target="the market",
            places=(PlaceRef(id=KESSA.id, name="Kessa", names=KESSA.names),),
            date=date(2030, 3, 3),
        ),
    )


def extractions(docs: tuple[Document, Document, Document], version: str = "1") -> list[Extraction]:
    """What an extractor of `version` finds in the three documents."""
    a, b, c = docs
    return [
        Extraction(
            document_id=a.id,
            extractor_version=version,
            places=(KESSA,),
            claims=(
                figure(a, "14 civilians were killed", 14, DARR, "Kessa", version),
                event(a, "Brenland forces shelled the market in Kessa", DARR, Polarity.ASSERTED, version),
            ),
        ),
        Extraction(
            document_id=b.id,
            extractor_version=version,
            places=(KESSA,),
            claims=(
                event(b, "denied that Brenland forces shelled the market", ORM, Polarity.DENIED, version),
                figure(b, "2 civilians were killed", 2, ORM, "Kesse", version),
            ),
        ),
        Extraction(
            document_id=c.id,
            extractor_version=version,
            places=(KESSA,),
            claims=(figure(c, "9 civilians were killed", 9, MONITOR, "Kessa", version),),
        ),
    ]


def _analysis(docs: tuple[Document, Document, Document], claims: dict[str, Claim]) -> BlockResult:
    fa, ea, eb, fb, fc = (claims[k] for k in ("fa", "ea", "eb", "fb", "fc"))
    ref = PlaceRef(id=KESSA.id, name="Kessa", names=KESSA.names)
    cluster = Cluster(
        id=make_id("cluster", "kessa", "killed"),
        kind=ClaimKind.FIGURE,
        label="civilians killed · Kessa",
        claim_ids=(fa.id, fc.id),
        documents=2,
        origins=("Aldmark Health Ministry", "Field Monitor"),
        parties=("Aldmark", "independent"),
        independent_origins=2,
        measure=Measure.KILLED,
        subject_class=SubjectClass.CIVILIANS,
        low=9,
        high=14,
        places=(ref,),
        date_start=date(2030, 3, 3),
        date_end=date(2030, 3, 4),
    )
    contradiction = Contradiction(
        id=make_id("contradiction", "market"),
        kind=ClaimKind.EVENT,
        claim_ids=(ea.id, eb.id),
        reason="Ivo Darr says Brenland forces shelled the market in Kessa; Lena Orm denies it",
        parties=("Aldmark", "Brenland"),
    )
    timeline = Timeline(
        origin="Aldmark Health Ministry",
        origin_id=DARR.id,
        party="Aldmark",
        measure=Measure.KILLED,
        subject_class=SubjectClass.CIVILIANS,
        points=tuple(
            TimelinePoint(
                date=day,
                value=value,
                low=value,
                high=value,
                bound=Bound.EXACT,
                claim_id=c.id,
                document_id=c.document_id,
            )
            for day, value, c in ((date(2030, 3, 3), 9, fc), (date(2030, 3, 4), 14, fa))
        ),
    )
    incident = Incident(
        id=make_id("incident", "kessa", "market"),
        label="shelling · Kessa · 2030-03-03",
        place=ref,
        date_start=date(2030, 3, 3),
        date_end=date(2030, 3, 3),
        action_class=ActionClass.ATTACK,
        claim_ids=(fa.id, ea.id, eb.id, fb.id, fc.id),
        ranges=(
            CasualtyRange(
                measure=Measure.KILLED,
                subject_class=SubjectClass.CIVILIANS,
                low=2,
                high=14,
                by_party=(("Aldmark", 14, 14), ("Brenland", 2, 2), ("independent", 9, 9)),
                claim_ids=(fa.id, fb.id, fc.id),
            ),
        ),
        documents=3,
        parties=("Aldmark", "Brenland", "independent"),
        actor_parties=("Brenland",),
    )
    members = tuple(
        AnalysisMember(
            claim_id=c.id,
            document_id=c.document_id,
            speaker_id=c.speaker.id if c.speaker else None,
            origin_id=None,
            party=c.speaker.party if c.speaker else None,
        )
        for c in claims.values()
    )
    return BlockResult(
        block="test-block",
        members=members,
        clusters=(cluster,),
        contradictions=(contradiction,),
        timelines=(timeline,),
        incidents=(incident,),
    )


def fill(store: Store) -> Sample:
    """Store the sample ledger (documents, extractions, analysis, users) and return its ids."""
    caps = (
        capture(TEXT_A, publisher="Aldmark News", published=date(2030, 3, 4), side="Aldmark"),
        capture(TEXT_B, publisher="Brenland Herald", published=date(2030, 3, 4), side="Brenland"),
        capture(TEXT_C, publisher="Field Monitor", published=date(2030, 3, 3), side="independent"),
    )
    for cap in caps:
        store.add_capture(cap)
    docs = (caps[0].document, caps[1].document, caps[2].document)
    found = extractions(docs)
    for extraction in found:
        store.save_extraction(extraction)
    fa, ea = found[0].claims
    eb, fb = found[1].claims
    (fc,) = found[2].claims
    claims = {"fa": fa, "ea": ea, "eb": eb, "fb": fb, "fc": fc}
    result = _analysis(docs, claims)
    store.save_analysis([result])
    for name, password in PASSWORDS.items():
        store.add_user(name, password, role=ROLES[name])
    return Sample(
        documents=(docs[0].id, docs[1].id, docs[2].id),
        figure_a=fa.id,
        event_a=ea.id,
        event_b=eb.id,
        figure_b=fb.id,
        figure_c=fc.id,
        cluster=result.clusters[0].id,
        contradiction=result.contradictions[0].id,
        incident=result.incidents[0].id,
    )
