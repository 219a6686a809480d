"""The brief as data: what each question's sources say, party by party, in neutral generated wording.

Questions are figures of one measure and class ("civilians killed") and acts of one class said of one party
("targeting of civilians, said of Velsaria"). Under each, every party's sources speak in turn (parties in
alphabetical order, the same rule for every party), a figure repeated across documents is shown once with how
many documents repeat it, and a figure whose every source traces back to one origin is flagged. Every line
keeps its evidence (the exact words) and the number of its source in the list of sources, which gives each
document's date and hashes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from audiatur.domain import (
    ActionClass,
    Claim,
    ClaimKind,
    ClaimStatus,
    Cluster,
    Measure,
    PartyKind,
    Polarity,
    SubjectClass,
    Timeline,
)
from audiatur.present.reports.charts import ChartSvg, timeline_svg
from audiatur.present.reports.scope import Selection
from audiatur.present.wording import attributed
from audiatur.store import ClaimRecord, DocumentInfo

__all__ = [
    "Brief",
    "ContradictionItem",
    "IncidentItem",
    "Line",
    "PartyBlock",
    "Question",
    "Source",
    "build_brief",
]

NO_PARTY = "no party named"
SINGLE_ORIGIN = "single origin"
_ACTIONS = {
    ActionClass.ATTACK: "Attacks",
    ActionClass.WEAPON_USE: "Use of weapons",
    ActionClass.TARGETING_CIVILIANS: "Targeting of civilians",
    ActionClass.OTHER: "Other acts",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document the brief cites, numbered, with its date and its hashes."""

    number: int
    id: str  # SHA-256 of the normalised text
    raw_sha256: str  # SHA-256 of the bytes as received
    title: str | None
    publisher: str | None
    published: str | None
    side: str | None
    location: str  # URL, or the path it was read from
    duplicate_of: int | None  # the number of the source it is a near-duplicate of, when cited too


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One statement: a generated sentence, the exact words it rests on, and where they are."""

    sentence: str
    quote: str
    source: int
    date: str | None
    claim_id: str
    flags: tuple[str, ...] = ()  # "single origin", "in 7 documents", "corrected by an analyst"
    also: tuple[int, ...] = ()  # other sources where the same party's sources state the same


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyBlock:
    """What one party's sources say on a question."""

    party: str
    independent: bool
    range: str | None  # the lowest and highest figure of this party's sources
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A figure or act the brief sets sources side by side on."""

    anchor: str
    kind: str  # figure or event
    heading: str
    range: str | None  # figures: lowest to highest across every source
    parties: tuple[PartyBlock, ...]
    single_origin: int  # how many of its figures or acts have one origin only
    chart: ChartSvg | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContradictionItem:
    """Two claims that cannot both hold, each in its source's words."""

    reason: str
    kind: str
    sides: tuple[Line, Line]


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentItem:
    """An incident of the brief with the casualty range across sources."""

    label: str
    documents: int
    ranges: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief:
    """Everything the report template shows."""

    title: str
    description: str
    generated: str
    ledger: str
    figures: tuple[Question, ...]
    events: tuple[Question, ...]
    other: tuple[Line, ...]  # calls on others and characterisations
    contradictions: tuple[ContradictionItem, ...]
    incidents: tuple[IncidentItem, ...]
    sources: tuple[Source, ...]
    counts: dict[str, int]
    parties: tuple[str, ...]

    @property
    def single_origin(self) -> int:
        """Figures and acts of the brief with one origin only."""
        return sum(q.single_origin for q in (*self.figures, *self.events))


Progress = Callable[[int, int, str], None]


def _range(low: int | None, high: int | None) -> str | None:
    if low is None or high is None:
        return None
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def _bounds(claims: Iterable[Claim]) -> tuple[int | None, int | None]:
    lows = [c.figure.low for c in claims if c.figure and c.figure.low is not None]
    highs = [c.figure.high for c in claims if c.figure and c.figure.high is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


class _Builder:
    def __init__(self, sel: Selection, independent: set[str]) -> None:
        self.sel = sel
        self.independent = independent
        self.numbers = _numbers(sel.claims.values(), sel.documents)

    def party(self, claim: Claim) -> str:
        return claim.speaker.party if claim.speaker and claim.speaker.party else NO_PARTY

    def line(self, record: ClaimRecord, flags: Sequence[str] = (), also: Iterable[ClaimRecord] = ()) -> Line:
        claim = record.claim
        source = self.numbers[claim.document_id]
        others = sorted({self.numbers[r.claim.document_id] for r in also} - {source})
        doc = self.sel.documents.get(claim.document_id)
        extra: tuple[str, ...] = ("corrected by an analyst",) if claim.status is ClaimStatus.CORRECTED else ()
        extra += ("accepted by an analyst",) if claim.status is ClaimStatus.ACCEPTED else ()
        return Line(
            sentence=attributed(claim, independent=self.party(claim) in self.independent),
            quote=claim.evidence.text,
            source=source,
            date=doc.published.isoformat() if doc and doc.published else None,
            claim_id=claim.id,
            flags=(*flags, *extra),
            also=tuple(others),
        )

    def blocks(self, records: Sequence[ClaimRecord]) -> tuple[tuple[PartyBlock, ...], int]:
        """Party blocks of a question; a cluster's claims of one party become one line. Returns the blocks
        and how many single-origin clusters they show."""
        by_party: dict[str, dict[str, list[ClaimRecord]]] = {}
        single: set[str] = set()
        for record in sorted(records, key=lambda r: (self._date(r), r.claim.id)):
            cluster = self.sel.cluster_of(record.claim.id)
            key = cluster.id if cluster is not None else record.claim.id
            by_party.setdefault(self.party(record.claim), {}).setdefault(key, []).append(record)
            if cluster is not None and cluster.independent_origins <= 1:
                single.add(cluster.id)
        blocks = []
        for party in sorted(by_party, key=lambda p: (p == NO_PARTY, p.casefold())):
            lines = []
            for key, group in by_party[party].items():
                cluster = self.sel.clusters.get(key)
                lines.append(self.line(group[0], _flags(cluster, self.independent), also=group[1:]))
            claims = [r.claim for g in by_party[party].values() for r in g]
            blocks.append(
                PartyBlock(
                    party=party,
                    independent=party in self.independent,
                    range=_range(*_bounds(claims)) if claims[0].kind is ClaimKind.FIGURE else None,
                    lines=tuple(lines),
                )
            )
        return tuple(blocks), len(single)

    def _date(self, record: ClaimRecord) -> str:
        doc = self.sel.documents.get(record.claim.document_id)
        return doc.published.isoformat() if doc and doc.published else "9999"


def _flags(cluster: Cluster | None, independent: set[str]) -> tuple[str, ...]:
    """A line's flags from its cluster: how many documents repeat it, and its origins."""
    if cluster is None:
        return ()
    flags = [f"in {cluster.documents} documents"] if cluster.documents > 1 else []
    if cluster.independent_origins > 1:
        flags.append(f"{cluster.independent_origins} independent origins")
        return tuple(flags)
    origins = ", ".join(cluster.origins) or "one source"
    sides = [p for p in cluster.parties if p not in independent]
    if len(cluster.origins) > 1 and len(sides) == 1:
        # Several bodies of one side are one origin as far as independence goes.
        flags.append(f"{SINGLE_ORIGIN}: {sides[0]} ({origins})")
    else:
        flags.append(f"{SINGLE_ORIGIN}: {origins}")
    return tuple(flags)


def _numbers(records: Iterable[ClaimRecord], documents: dict[str, DocumentInfo]) -> dict[str, int]:
    """Source numbers: documents by publication date (undated last), then title, then id."""

    def key(doc_id: str) -> tuple[str, str, str]:
        info = documents.get(doc_id)
        published = info.published.isoformat() if info is not None and info.published else "9999"
        return (published, (info.title or "") if info is not None else "", doc_id)

    ordered = sorted({r.claim.document_id for r in records}, key=key)
    return {doc_id: n for n, doc_id in enumerate(ordered, 1)}


def _figure_questions(b: _Builder, progress: Progress | None) -> list[Question]:
    groups: dict[tuple[Measure, SubjectClass], list[ClaimRecord]] = {}
    for r in b.sel.claims.values():
        f = r.claim.figure
        if r.claim.kind is ClaimKind.FIGURE and f is not None:
            groups.setdefault((f.measure, f.subject_class), []).append(r)
    questions = []
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][1].value, kv[0][0].value))
    for done, ((measure, subject), records) in enumerate(ordered, 1):
        heading = f"{subject.value.capitalize()} {measure.value}"
        parties, single = b.blocks(records)
        timelines = _timelines(b.sel.timelines, measure, subject, {r.claim.id for r in records})
        chart = timeline_svg(timelines, key=f"{measure.value}-{subject.value}", y_label=heading.lower())
        questions.append(
            Question(
                anchor=f"figure-{subject.value}-{measure.value}",
                kind="figure",
                heading=heading,
                range=_range(*_bounds(r.claim for r in records)),
                parties=parties,
                single_origin=single,
                chart=chart,
            )
        )
        if progress is not None:
            progress(done, len(ordered), heading)
    return questions


def _timelines(
    timelines: Sequence[Timeline], measure: Measure, subject: SubjectClass, ids: set[str]
) -> list[Timeline]:
    return [
        t
        for t in timelines
        if t.measure is measure and t.subject_class is subject and any(p.claim_id in ids for p in t.points)
    ]


def _event_questions(b: _Builder) -> list[Question]:
    groups: dict[tuple[str, ActionClass], list[ClaimRecord]] = {}
    for r in b.sel.claims.values():
        e = r.claim.event
        if r.claim.kind is ClaimKind.EVENT and e is not None:
            groups.setdefault((e.actor_party or e.actor or "an unnamed actor", e.action_class), []).append(r)
    questions = []
    for (actor, action), records in sorted(
        groups.items(), key=lambda kv: (-len(kv[1]), kv[0][1].value, kv[0][0].casefold())
    ):
        parties, single = b.blocks(records)
        denied = sum(1 for r in records if r.claim.event and r.claim.event.polarity is Polarity.DENIED)
        questions.append(
            Question(
                anchor=f"event-{action.value}-{_slug(actor)}",
                kind="event",
                heading=f"{_ACTIONS[action]}, said of {actor}",
                range=f"{len(records) - denied} asserting, {denied} denying" if denied else None,
                parties=parties,
                single_origin=single,
            )
        )
    return questions


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold())) or "unnamed"


def _contradictions(b: _Builder) -> list[ContradictionItem]:
    items = []
    for c in sorted(b.sel.contradictions.values(), key=lambda c: (c.kind, c.reason, c.id)):
        a, z = (b.sel.claims[i] for i in c.claim_ids)
        items.append(ContradictionItem(reason=c.reason, kind=str(c.kind), sides=(b.line(a), b.line(z))))
    return items


def _incidents(sel: Selection) -> list[IncidentItem]:
    items = []
    for i in sel.incidents:
        ranges = []
        for r in i.ranges:
            what = f"{r.subject_class.value + ' ' if r.subject_class else ''}{r.measure.value}"
            by_party = "; ".join(f"{p} {_range(lo, hi) or 'unstated'}" for p, lo, hi in r.by_party)
            ranges.append(
                f"{what}: {_range(r.low, r.high) or 'unstated'}" + (f" ({by_party})" if by_party else "")
            )
        items.append(IncidentItem(label=i.label, documents=i.documents, ranges=tuple(ranges)))
    return items


def _sources(b: _Builder) -> list[Source]:
    docs = b.sel.documents
    sources = []
    for doc_id, n in sorted(b.numbers.items(), key=lambda kv: kv[1]):
        d = docs.get(doc_id)
        if d is None:
            continue
        sources.append(
            Source(
                number=n,
                id=d.id,
                raw_sha256=d.raw_sha256,
                title=d.title,
                publisher=d.publisher,
                published=d.published.isoformat() if d.published else None,
                side=d.side,
                location=d.url or d.source,
                duplicate_of=b.numbers.get(d.duplicate_of) if d.duplicate_of else None,
            )
        )
    return sources


def build_brief(
    sel: Selection, *, parties: Iterable[tuple[str, PartyKind]], ledger: str, progress: Progress | None = None
) -> Brief:
    """The brief of a selection; `parties` (name, kind) says which parties are independent monitors."""
    independent = {name for name, kind in parties if kind is PartyKind.INDEPENDENT}
    b = _Builder(sel, independent)
    figures = _figure_questions(b, progress)
    events = _event_questions(b)
    other = [
        b.line(r)
        for r in sorted(
            sel.claims.values(), key=lambda r: (b.numbers[r.claim.document_id], r.claim.evidence.start)
        )
        if r.claim.kind in (ClaimKind.DEMAND, ClaimKind.CHARACTERIZATION)
    ]
    speaking = sorted(
        {b.party(r.claim) for r in sel.claims.values()}, key=lambda p: (p == NO_PARTY, p.casefold())
    )
    return Brief(
        title=sel.title,
        description=sel.description,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        ledger=ledger,
        figures=tuple(figures),
        events=tuple(events),
        other=tuple(other),
        contradictions=tuple(_contradictions(b)),
        incidents=tuple(_incidents(sel)),
        sources=tuple(_sources(b)),
        counts={
            "claims": len(sel.claims),
            "documents": len(b.numbers),
            "contradictions": len(sel.contradictions),
            "incidents": len(sel.incidents),
        },
        parties=tuple(speaking),
    )
