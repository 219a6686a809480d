"""The analysis results in the ledger: what `audiatur.analyze` reads to compute them, and how they are kept.

The analysis is computed in **blocks** (a block id is an opaque string the analysis chooses: one measure and
subject class, one actor party and action class, one place). Every stored row names its block, so an
incremental run replaces exactly the blocks it recomputed; `analysis_members` remembers which claims each
block analysed (with the origin and party it gave them), so a re-extracted or corrected document leads back to
the blocks it was in. The web app and reports read the stored results through the `list_*`/`get_*` methods
here, without recomputing anything.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, false, func, or_, select
from sqlalchemy.orm import Session

from audiatur.domain import (
    Actor,
    ClaimKind,
    ClaimStatus,
    Cluster,
    Contradiction,
    Incident,
    Measure,
    Timeline,
)

from .analysis_mapping import (
    cluster_from_row,
    cluster_values,
    contradiction_from_row,
    contradiction_values,
    incident_from_row,
    incident_values,
    timeline_from_row,
    timeline_values,
)
from .analysis_tables import (
    AnalysisMemberRow,
    AnalysisStateRow,
    ClusterClaimRow,
    ClusterRow,
    ContradictionRow,
    IncidentClaimRow,
    IncidentRow,
    TimelineRow,
)
from .base import chunks, fold_name, like_pattern, now
from .claims import Claims
from .mapping import actor_from_row
from .records import ClaimRecord, InvalidData
from .tables import ActorRow, ClaimPlaceRow, ClaimRow

__all__ = ["Analysis", "AnalysisMember", "AnalysisSources", "AnalysisState", "BlockResult"]

log = logging.getLogger(__name__)

_STATE_ID = 1
_MAX_LIMIT = 10_000
_ANALYSED_KINDS = (str(ClaimKind.FIGURE), str(ClaimKind.EVENT))
_REVIEWED = (str(ClaimStatus.ACCEPTED), str(ClaimStatus.CORRECTED))


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisState:
    """When and how the analysis last ran."""

    version: str  # the analysis algorithm's version
    fingerprint: str  # of the parties configuration it ran with
    analysed_at: datetime
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisMember:
    """A claim a block analysed, with the origin and party the analysis gave it."""

    claim_id: str
    document_id: str
    speaker_id: str | None
    origin_id: str | None
    party: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockResult:
    """Everything one block's analysis found (it replaces what the block held before)."""

    block: str
    members: tuple[AnalysisMember, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    timelines: tuple[Timeline, ...] = ()
    incidents: tuple[Incident, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisSources:
    """The keys the analysable claims fall under, for a full run."""

    figures: tuple[tuple[str, str], ...]  # (measure, subject_class)
    events: tuple[tuple[str | None, str], ...]  # (actor_party, action_class)
    places: tuple[str, ...]  # place ids named by analysable claims


def _analysable() -> ColumnElement[bool]:
    """Figure and event claims an analyst has not rejected (a superseded one only if reviewed)."""
    return and_(
        ClaimRow.kind.in_(_ANALYSED_KINDS),
        ClaimRow.status != str(ClaimStatus.REJECTED),
        or_(ClaimRow.superseded == false(), ClaimRow.status.in_(_REVIEWED)),
    )


class Analysis(Claims):
    """Analysis inputs (claims by block) and results (clusters, contradictions, timelines, incidents)."""

    # ------------------------------------------------------------------------------------------ inputs

    def analysis_figure_claims(self, measure: str, subject_class: str) -> list[ClaimRecord]:
        """Analysable figure claims of one measure and subject class."""
        return self._analysis_claims(ClaimRow.measure == measure, ClaimRow.subject_class == subject_class)

    def analysis_event_claims(self, actor_party: str | None, action_class: str) -> list[ClaimRecord]:
        """Analysable event claims about acts of one class by one party (None: by no known party)."""
        party = ClaimRow.actor_party.is_(None) if actor_party is None else ClaimRow.actor_party == actor_party
        return self._analysis_claims(
            ClaimRow.kind == str(ClaimKind.EVENT), party, ClaimRow.action_class == action_class
        )

    def analysis_place_claims(self, place_id: str) -> list[ClaimRecord]:
        """Analysable claims naming one place."""
        named = select(ClaimPlaceRow.claim_id).where(ClaimPlaceRow.place_id == place_id)
        return self._analysis_claims(ClaimRow.id.in_(named))

    def analysis_document_claims(self, document_ids: Collection[str]) -> list[ClaimRecord]:
        """Analysable claims of these documents."""
        records: list[ClaimRecord] = []
        for part in chunks(sorted(document_ids)):
            records += self._analysis_claims(ClaimRow.document_id.in_(part))
        return records

    def _analysis_claims(self, *conditions: ColumnElement[bool]) -> list[ClaimRecord]:
        # Plain rows of every column, not ORM objects (a block can hold a large share of the ledger).
        query = select(ClaimRow.__table__).where(_analysable(), *conditions).order_by(ClaimRow.seq)
        with self._reading() as s:
            return self._records(s, s.execute(query).all())

    def analysis_sources(self) -> AnalysisSources:
        """The (measure, subject class), (actor party, action class) and places of analysable claims."""
        live = _analysable()
        with self._reading() as s:
            figures = s.execute(
                select(ClaimRow.measure, ClaimRow.subject_class)
                .where(live, ClaimRow.kind == str(ClaimKind.FIGURE))
                .group_by(ClaimRow.measure, ClaimRow.subject_class)
            ).all()
            events = s.execute(
                select(ClaimRow.actor_party, ClaimRow.action_class)
                .where(live, ClaimRow.kind == str(ClaimKind.EVENT))
                .group_by(ClaimRow.actor_party, ClaimRow.action_class)
            ).all()
            places = s.scalars(
                select(ClaimPlaceRow.place_id)
                .join(ClaimRow, ClaimRow.id == ClaimPlaceRow.claim_id)
                .where(live)
                .group_by(ClaimPlaceRow.place_id)
            ).all()
        return AnalysisSources(
            figures=tuple(sorted((str(m), str(c)) for m, c in figures if m and c)),
            events=tuple(sorted(((p, str(a)) for p, a in events if a), key=lambda k: (k[0] or "", k[1]))),
            places=tuple(sorted(places)),
        )

    def analysis_changed_documents(self, since: datetime | None = None) -> set[str]:
        """Documents whose analysable claims differ from the analysed ones (or were edited after `since`)."""
        member = exists().where(AnalysisMemberRow.claim_id == ClaimRow.id)
        with self._reading() as s:
            new = s.scalars(select(ClaimRow.document_id).where(_analysable(), ~member).distinct())
            changed = set(new)
            alive = exists().where(ClaimRow.id == AnalysisMemberRow.claim_id, _analysable())
            changed.update(s.scalars(select(AnalysisMemberRow.document_id).where(~alive).distinct()))
            if since is not None:
                edited = select(ClaimRow.document_id).where(ClaimRow.updated_at > since).distinct()
                changed.update(s.scalars(edited))
        return changed

    def analysis_blocks_of_documents(self, document_ids: Collection[str]) -> set[str]:
        """The blocks that analysed claims of these documents."""
        blocks: set[str] = set()
        with self._reading() as s:
            for part in chunks(sorted(document_ids)):
                query = (
                    select(AnalysisMemberRow.block).where(AnalysisMemberRow.document_id.in_(part)).distinct()
                )
                blocks.update(s.scalars(query))
        return blocks

    def analysis_speaker_parties(self, speaker_ids: Collection[str]) -> list[tuple[str, str, str | None]]:
        """(block, speaker id, party given) for every block that analysed claims of these speakers."""
        result: list[tuple[str, str, str | None]] = []
        columns = (AnalysisMemberRow.block, AnalysisMemberRow.speaker_id, AnalysisMemberRow.party)
        with self._reading() as s:
            for part in chunks(sorted(speaker_ids)):
                query = select(*columns).where(AnalysisMemberRow.speaker_id.in_(part)).distinct()
                result += [(b, str(sp), p) for b, sp, p in s.execute(query)]
        return result

    def analysis_actors(self, names: Iterable[str]) -> dict[str, Actor]:
        """Live actors known by one of these names or aliases: folded name → actor."""
        wanted = {fold_name(n) for n in names if n and n.strip()}
        if not wanted:
            return {}
        found: dict[str, Actor] = {}
        with self._reading() as s:
            parties = self._party_names(s)
            rows = s.execute(
                select(ActorRow).where(ActorRow.merged_into.is_(None)).order_by(ActorRow.name, ActorRow.id)
            ).scalars()
            for row in rows:
                for name in (row.name, *(row.aliases or ())):
                    key = fold_name(name)
                    if key in wanted and key not in found:
                        found[key] = actor_from_row(row, parties.get(row.party_id) if row.party_id else None)
        return found

    # ----------------------------------------------------------------------------------------- writing

    def analysis_state(self) -> AnalysisState | None:
        """How and when the analysis last ran (None: never)."""
        with self._reading() as s:
            row = s.get(AnalysisStateRow, _STATE_ID)
            if row is None:
                return None
            counts = {str(k): int(v) for k, v in (row.counts or {}).items()}
            return AnalysisState(
                version=row.version, fingerprint=row.fingerprint, analysed_at=row.analysed_at, counts=counts
            )

    def analysis_blocks(self) -> set[str]:
        """Every block the stored analysis holds."""
        with self._reading() as s:
            return set(s.scalars(select(AnalysisMemberRow.block).distinct()))

    def save_analysis(self, results: Sequence[BlockResult], *, replace: Collection[str] = ()) -> None:
        """Store block results: each replaces what its block held; blocks in `replace` are emptied first."""
        blocks = sorted({*replace, *(r.block for r in results)})
        with self._writing() as s:
            # Only blocks that hold something are emptied (a first or full run writes mostly new blocks):
            # every row a block holds comes with its members, so a block without members holds nothing.
            held = [b for b in blocks if s.scalar(select(exists().where(AnalysisMemberRow.block == b)))]
            for part in chunks(held, 200):
                self._drop_blocks(s, part)
            for result in results:
                self._insert_block(s, result)

    def set_analysis_state(
        self, *, version: str, fingerprint: str, analysed_at: datetime | None = None
    ) -> None:
        """Record a finished run (with the counts of what the ledger's analysis now holds)."""
        with self._writing() as s:
            counts = {
                "members": s.scalar(select(func.count(func.distinct(AnalysisMemberRow.claim_id)))) or 0,
                "clusters": s.scalar(select(func.count()).select_from(ClusterRow)) or 0,
                "contradictions": s.scalar(select(func.count()).select_from(ContradictionRow)) or 0,
                "timelines": s.scalar(select(func.count()).select_from(TimelineRow)) or 0,
                "incidents": s.scalar(select(func.count()).select_from(IncidentRow)) or 0,
            }
            row = s.get(AnalysisStateRow, _STATE_ID)
            at = analysed_at or now()
            values = {"version": version, "fingerprint": fingerprint, "analysed_at": at, "counts": counts}
            if row is None:
                s.add(AnalysisStateRow(id=_STATE_ID, **values))
            else:
                for key, value in values.items():
                    setattr(row, key, value)

    def _drop_blocks(self, s: Session, blocks: Sequence[str]) -> None:
        clusters = select(ClusterRow.id).where(ClusterRow.block.in_(blocks))
        s.execute(delete(ClusterClaimRow).where(ClusterClaimRow.cluster_id.in_(clusters)))
        incidents = select(IncidentRow.id).where(IncidentRow.block.in_(blocks))
        s.execute(delete(IncidentClaimRow).where(IncidentClaimRow.incident_id.in_(incidents)))
        for table in (ClusterRow, IncidentRow, ContradictionRow, TimelineRow, AnalysisMemberRow):
            s.execute(delete(table).where(table.block.in_(blocks)))

    def _insert_block(self, s: Session, r: BlockResult) -> None:
        block = r.block
        members = [
            {
                "block": block,
                "claim_id": m.claim_id,
                "document_id": m.document_id,
                "speaker_id": m.speaker_id,
                "origin_id": m.origin_id,
                "party": m.party,
            }
            for m in {m.claim_id: m for m in r.members}.values()
        ]
        clusters = [cluster_values(block, c) for c in r.clusters]
        cluster_claims = [
            {"cluster_id": c.id, "claim_id": claim_id, "position": i}
            for c in r.clusters
            for i, claim_id in enumerate(dict.fromkeys(c.claim_ids))
        ]
        contradictions = [contradiction_values(block, c) for c in r.contradictions]
        timelines = [timeline_values(block, t) for t in r.timelines]
        incidents = [incident_values(block, i) for i in r.incidents]
        incident_claims = [
            {"incident_id": i.id, "claim_id": claim_id, "position": n}
            for i in r.incidents
            for n, claim_id in enumerate(dict.fromkeys(i.claim_ids))
        ]
        for table, values in (
            (AnalysisMemberRow, members),
            (ClusterRow, clusters),
            (ClusterClaimRow, cluster_claims),
            (ContradictionRow, contradictions),
            (TimelineRow, timelines),
            (IncidentRow, incidents),
            (IncidentClaimRow, incident_claims),
        ):
            for part in chunks(values, 1000):  # Core INSERTs: the ORM's bulk path costs more than the SQL
                s.execute(self._insert(table.__table__), list(part))

    # ----------------------------------------------------------------------------------------- reading

    def list_clusters(
        self, kind: ClaimKind | str | None = None, *, limit: int = 100, min_documents: int = 1
    ) -> list[Cluster]:
        """Clusters in at least `min_documents` documents, most repeated first (then most independent)."""
        _check_limit(limit)
        query = select(ClusterRow).where(ClusterRow.documents >= min_documents)
        if kind is not None:
            query = query.where(ClusterRow.kind == str(ClaimKind(kind)))
        query = query.order_by(
            ClusterRow.documents.desc(),
            ClusterRow.independent_origins.desc(),
            ClusterRow.size.desc(),
            ClusterRow.date_start.desc(),
            ClusterRow.id,
        ).limit(limit)
        with self._reading() as s:
            return self._clusters(s, list(s.scalars(query)))

    def get_cluster(self, cluster_id: str) -> Cluster:
        """The cluster with this id (or unique prefix)."""
        with self._reading() as s:
            full_id = self._resolve_prefix(s, ClusterRow.id, "cluster", cluster_id)
            return self._clusters(s, [s.get_one(ClusterRow, full_id)])[0]

    def clusters_of_claim(self, claim_id: str) -> list[Cluster]:
        """The clusters a claim belongs to."""
        with self._reading() as s:
            ids = select(ClusterClaimRow.cluster_id).where(ClusterClaimRow.claim_id == claim_id)
            rows = list(s.scalars(select(ClusterRow).where(ClusterRow.id.in_(ids)).order_by(ClusterRow.id)))
            return self._clusters(s, rows)

    def list_contradictions(
        self, kind: ClaimKind | str | None = None, *, limit: int = 100
    ) -> list[Contradiction]:
        """Contradictions, latest first."""
        _check_limit(limit)
        query = select(ContradictionRow)
        if kind is not None:
            query = query.where(ContradictionRow.kind == str(ClaimKind(kind)))
        query = query.order_by(
            ContradictionRow.on.is_(None), ContradictionRow.on.desc(), ContradictionRow.id
        ).limit(limit)
        with self._reading() as s:
            return [contradiction_from_row(r) for r in s.scalars(query)]

    def contradictions_of_claim(self, claim_id: str) -> list[Contradiction]:
        """The contradictions a claim is a side of."""
        query = (
            select(ContradictionRow)
            .where(or_(ContradictionRow.claim_a == claim_id, ContradictionRow.claim_b == claim_id))
            .order_by(ContradictionRow.on, ContradictionRow.id)
        )
        with self._reading() as s:
            return [contradiction_from_row(r) for r in s.scalars(query)]

    def list_timelines(
        self, measure: Measure | str | None = None, *, origin: str | None = None
    ) -> list[Timeline]:
        """Timelines by origin, measure, class and scope (place names); `origin`: an id, or part of a name."""
        query = select(TimelineRow)
        if measure is not None:
            try:
                query = query.where(TimelineRow.measure == str(Measure(measure)))
            except ValueError as exc:
                raise InvalidData(f"unknown measure {measure!r} (one of {', '.join(Measure)})") from exc
        if origin:
            query = query.where(
                or_(
                    TimelineRow.origin_id == origin,
                    self._fold(TimelineRow.origin).like(like_pattern(origin), escape="\\"),
                )
            )
        query = query.order_by(
            TimelineRow.origin, TimelineRow.measure, TimelineRow.subject_class, TimelineRow.id
        )
        with self._reading() as s:
            found = [timeline_from_row(r) for r in s.scalars(query)]
        # One origin's series for one measure and class, in the order of their places' names.
        return [
            t
            for _, series in groupby(found, key=lambda t: (t.origin, t.measure, t.subject_class))
            for t in sorted(series, key=lambda t: [r.name.casefold() for r in t.places])
        ]

    def list_incidents(self, *, limit: int = 100) -> list[Incident]:
        """Incidents, latest first."""
        _check_limit(limit)
        query = (
            select(IncidentRow)
            .order_by(IncidentRow.date_start.is_(None), IncidentRow.date_start.desc(), IncidentRow.id)
            .limit(limit)
        )
        with self._reading() as s:
            return self._incidents(s, list(s.scalars(query)))

    def get_incident(self, incident_id: str) -> Incident:
        """The incident with this id (or unique prefix)."""
        with self._reading() as s:
            full_id = self._resolve_prefix(s, IncidentRow.id, "incident", incident_id)
            return self._incidents(s, [s.get_one(IncidentRow, full_id)])[0]

    def _clusters(self, s: Session, rows: Sequence[ClusterRow]) -> list[Cluster]:
        claims = _members(s, ClusterClaimRow, ClusterClaimRow.cluster_id, [r.id for r in rows])
        return [cluster_from_row(r, claims.get(r.id, ())) for r in rows]

    def _incidents(self, s: Session, rows: Sequence[IncidentRow]) -> list[Incident]:
        claims = _members(s, IncidentClaimRow, IncidentClaimRow.incident_id, [r.id for r in rows])
        return [incident_from_row(r, claims.get(r.id, ())) for r in rows]


# ------------------------------------------------------------------------------------------------ mapping


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= _MAX_LIMIT:
        raise InvalidData(f"limit must be between 1 and {_MAX_LIMIT}, not {limit}")


def _members(s: Session, table: Any, key: Any, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for part in chunks(list(ids)):
        for owner, claim_id, position in s.execute(
            select(key, table.claim_id, table.position).where(key.in_(part))
        ):
            found.setdefault(owner, []).append((position, claim_id))
    return {k: tuple(c for _, c in sorted(v)) for k, v in found.items()}
