"""What a brief is about (a topic, that is a full-text query; an incident; a place; or the whole ledger), and
the claims, analysis results and documents that brings in.

The scope's own claims are widened by the analysis: every claim of a cluster one of them is in (the same
figure or act, said elsewhere) and the other side of every contradiction, so the brief shows who else says
it and who says otherwise. Rejected claims (an analyst found the extraction wrong) are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from audiatur.domain import ClaimStatus, Cluster, Contradiction, Incident, Place, Timeline
from audiatur.errors import NotFound
from audiatur.store import ClaimFilter, ClaimRecord, DocumentInfo, InvalidData, Store

__all__ = ["Scope", "Selection", "select"]

Progress = Callable[[int, int, str], None]
_PAGE = 1000
_ANALYSIS_LIMIT = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """The question a brief answers: at most one of topic, incident and place (none: the whole ledger)."""

    topic: str | None = None
    incident: str | None = None
    place: str | None = None

    def __post_init__(self) -> None:
        given = [x for x in (self.topic, self.incident, self.place) if x is not None]
        if len(given) > 1:
            raise InvalidData("a brief is about one topic, one incident or one place: give only one of them")
        if any(not x.strip() for x in given):
            raise InvalidData("an empty topic, incident or place")


@dataclass(slots=True, kw_only=True)
class Selection:
    """Everything a brief shows, read from the ledger."""

    title: str
    description: str
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    core: set[str] = field(default_factory=set)  # the scope's own claims (before widening)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    contradictions: dict[str, Contradiction] = field(default_factory=dict)
    timelines: list[Timeline] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)

    def cluster_of(self, claim_id: str) -> Cluster | None:
        """The cluster a claim of the brief is in (the largest, if several)."""
        found = [c for c in self.clusters.values() if claim_id in c.claim_ids]
        return max(found, key=lambda c: (c.documents, len(c.claim_ids), c.id)) if found else None


def _records(store: Store, f: ClaimFilter, limit: int) -> list[ClaimRecord]:
    out: list[ClaimRecord] = []
    after: str | None = None
    while len(out) < limit:
        page = store.list_claims(f, limit=min(_PAGE, limit - len(out)), after=after)
        out += page.items
        if page.next_cursor is None:
            break
        after = page.next_cursor
    return out


def _live(records: Iterable[ClaimRecord]) -> dict[str, ClaimRecord]:
    return {r.claim.id: r for r in records if r.claim.status is not ClaimStatus.REJECTED}


def select(store: Store, scope: Scope, *, limit: int = 2000, progress: Progress | None = None) -> Selection:
    """Read what the brief about `scope` shows; at most `limit` claims of the scope itself."""
    sel = _core(store, scope, limit)
    if not sel.core:
        raise NotFound(f"nothing in the ledger for {sel.description}")
    whole = scope == Scope()
    if whole:
        for cluster in store.list_clusters(limit=_ANALYSIS_LIMIT):
            if sel.core & set(cluster.claim_ids):
                sel.clusters[cluster.id] = cluster
        for c in store.list_contradictions(limit=_ANALYSIS_LIMIT):
            if sel.core & set(c.claim_ids):
                sel.contradictions[c.id] = c
    else:
        core = sorted(sel.core)
        for done, claim_id in enumerate(core, 1):
            for cluster in store.clusters_of_claim(claim_id):
                sel.clusters[cluster.id] = cluster
            for c in store.contradictions_of_claim(claim_id):
                sel.contradictions[c.id] = c
            if progress is not None:
                progress(done, len(core), claim_id[:12])
    wanted = {i for c in sel.clusters.values() for i in c.claim_ids}
    wanted |= {i for c in sel.contradictions.values() for i in c.claim_ids}
    for claim_id in sorted(wanted - sel.claims.keys()):
        try:
            record = store.get_claim_record(claim_id)
        except NotFound:  # analysis older than a re-extraction: the claim is gone
            continue
        sel.claims.update(_live([record]))
    # Contradictions whose sides are both still shown
    sel.contradictions = {
        k: c for k, c in sel.contradictions.items() if all(i in sel.claims for i in c.claim_ids)
    }
    shown = set(sel.claims)
    sel.timelines = [t for t in store.list_timelines() if any(p.claim_id in shown for p in t.points)]
    if not sel.incidents:
        sel.incidents = [
            i for i in store.list_incidents(limit=_ANALYSIS_LIMIT) if sel.core & set(i.claim_ids)
        ]
    sel.documents = store.get_document_infos([r.claim.document_id for r in sel.claims.values()])
    return sel


def _core(store: Store, scope: Scope, limit: int) -> Selection:
    if scope.incident is not None:
        incident = store.get_incident(scope.incident.strip())
        records = [store.get_claim_record(i) for i in incident.claim_ids]
        sel = Selection(title=f"Incident: {incident.label}", description=f"incident {incident.id[:12]}")
        sel.incidents = [incident]
    elif scope.place is not None:
        places = store.list_places(name=scope.place.strip())
        if not places:
            raise NotFound(f"no place named {scope.place.strip()!r} in the ledger")
        records = []
        for place in places:
            records += _records(store, ClaimFilter(place_id=place.id), limit)
        names = _place_names(places)
        sel = Selection(title=f"Place: {names}", description=f"the place “{scope.place.strip()}”")
        sel.places = places
        ids = {p.id for p in places}
        sel.incidents = [
            i
            for i in store.list_incidents(limit=_ANALYSIS_LIMIT)
            if i.place is not None and i.place.id in ids
        ]
    elif scope.topic is not None:
        topic = scope.topic.strip()
        records = _records(store, ClaimFilter(q=topic), limit)
        # A topic that names a place also brings in the claims about it (figures rarely repeat the name).
        for place in store.list_places(name=topic):
            if topic.casefold() in (n.casefold() for n in (place.name, *place.names)):
                records += _records(store, ClaimFilter(place_id=place.id), limit)
        sel = Selection(title=f"Topic: “{topic}”", description=f"the topic “{topic}”")
    else:
        records = _records(store, ClaimFilter(), limit)
        sel = Selection(title="The whole ledger", description="the ledger")
    sel.claims = dict(list(_live(records).items())[:limit])
    sel.core = set(sel.claims)
    return sel


def _place_names(places: Iterable[Place]) -> str:
    """The places' names, each once: "Tamsk / Tamesh" already gives both of its parts."""
    shown: list[str] = []
    given: set[str] = set()
    for name in (n for p in places for n in (p.name, *p.names)):
        if name.casefold() not in given:
            shown.append(name)
            given |= {name.casefold(), *(part.strip().casefold() for part in name.split(" / "))}
    return ", ".join(shown)
