"""Running the analysis over a ledger: recompute the blocks that changed, and store what they hold.

Blocks: figures of one measure and subject class; events of one actor party and action class; the incidents of
one place. When documents are added or re-extracted, only the blocks their claims fall in now, or fell in
before, are recomputed (plus the blocks of speakers whose party changed); a changed analysis version or
parties configuration recomputes everything.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from audiatur.config import Settings, get_settings
from audiatur.domain import Actor, Place
from audiatur.store import ClaimRecord, DocumentInfo, Store
from audiatur.store.analysis import AnalysisMember, BlockResult

from .clusters import cluster_facts
from .contradictions import event_contradictions, figure_contradictions
from .facts import BROAD_PLACE_KINDS, Fact, event_block, figure_block, make_fact, parse_block, place_block
from .grouping import WINDOW_DAYS
from .incidents import build_incidents
from .origins import OriginResolver, affiliations_of, document_roots
from .parties import PartyBook, load_party_book
from .timelines import build_timelines

__all__ = ["ANALYSIS_VERSION", "AnalysisOptions", "AnalysisReport", "Progress", "analyse_block", "update"]

log = logging.getLogger(__name__)

ANALYSIS_VERSION = "4"  # bump when the analysis changes what it stores: every ledger is then analysed afresh
_BATCH_CLAIMS = 50_000  # results are stored every this many claims (memory stays flat)
# An update for more changed documents than this (a bulk ingest) commits batch by batch, like a full run:
# holding the ledger's write lock and every result for the whole run would stall analysts' edits meanwhile.
_ATOMIC_DOCUMENTS = 1_000

Progress = Callable[[int, int, str], None]  # (blocks done, blocks in all, the block just done)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisOptions:
    """What the analysis reads besides the ledger: the parties file and world data files."""

    parties_file: Path | None = None  # laid over the packaged data/parties.yaml
    world: tuple[str, ...] = ()  # world data files (countries' adjectives resolve sidecar sides)
    window_days: int = WINDOW_DAYS

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        world: Iterable[str | Path] = (),
        parties_file: Path | None = None,
    ) -> AnalysisOptions:
        """Options from the settings (AUDIATUR_PARTIES_FILE, AUDIATUR_GAZETTEERS) plus these."""
        s = settings or get_settings()
        files = tuple(dict.fromkeys(str(p) for p in (*s.gazetteers, *world)))
        return cls(parties_file=parties_file or s.parties_file, world=files)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisReport:
    """What one analysis run did."""

    full: bool
    documents: int  # changed documents that led to the run (0 for a full run)
    blocks: int  # blocks recomputed
    claims: int  # claims analysed in those blocks
    clusters: int
    contradictions: int
    timelines: int
    incidents: int
    seconds: float


class _Context:
    """What every block's analysis shares: parties, places, documents and origins (read once, cached)."""

    def __init__(self, store: Store, book: PartyBook) -> None:
        self.store = store
        self.book = book
        self.places: dict[str, Place] = {p.id: p for p in store.list_places()}
        self.documents: dict[str, DocumentInfo] = {}
        self.roots: dict[str, str] = {}
        self.bodies: dict[str, Actor] = {}
        self.asked: set[str] = set()
        self.origins = OriginResolver(book)

    def facts(self, records: Sequence[ClaimRecord]) -> list[Fact]:
        """The facts of these claims (figures and events only)."""
        self._documents({r.claim.document_id for r in records})
        wanted = affiliations_of(r.claim for r in records) - self.asked
        if wanted:
            self.asked |= wanted
            self.bodies.update(self.store.analysis_actors(wanted))
            self.origins = OriginResolver(self.book, self.bodies)
        facts = []
        for record in records:
            claim = record.claim
            info = self.documents.get(claim.document_id)
            published = record.published or (info.published if info else None)
            fact = make_fact(
                claim,
                published=published,
                document_id=self.roots.get(claim.document_id, claim.document_id),
                copy=self.roots.get(claim.document_id, claim.document_id) != claim.document_id,
                source=info.source if info is not None else "",
                origin=self.origins.origin(claim, info),
                places=self.places,
                book=self.book,
            )
            if fact is not None:
                facts.append(fact)
        return facts

    def _documents(self, ids: set[str]) -> None:
        """Read the documents not seen yet (and those they near-duplicate); note the original of each."""
        new = ids - self.documents.keys()
        missing = set(new)
        while missing:
            infos = self.store.get_document_infos(sorted(missing))
            self.documents.update(infos)
            missing = {i.duplicate_of for i in infos.values() if i.duplicate_of} - self.documents.keys()
        self.roots.update(document_roots(self.documents, new))

    def blocks_of(self, facts: Iterable[Fact]) -> set[str]:
        """The blocks these facts fall in (their figure or event block, and their places' blocks)."""
        blocks: set[str] = set()
        for f in facts:
            blocks.add(f.block)
            blocks.update(place_block(s) for s in f.sites)
        return blocks

    def is_site(self, place_id: str) -> bool:
        """Whether a place is specific enough to hold incidents."""
        place = self.places.get(place_id)
        return place is None or (place.kind or "") not in BROAD_PLACE_KINDS


def analyse_block(context: _Context, block: str, *, window: int = WINDOW_DAYS) -> BlockResult:
    """Recompute one block from the ledger."""
    kind, first, second = parse_block(block)
    store = context.store
    if kind == "figure":
        records = store.analysis_figure_claims(str(first), str(second))
    elif kind == "event":
        records = store.analysis_event_claims(first, str(second))
    else:
        records = store.analysis_place_claims(str(first))
    facts = context.facts(records)
    if kind != "place":
        facts = [f for f in facts if f.block == block]
    found_in = {r.claim.id: r.claim.document_id for r in records}
    members = tuple(
        AnalysisMember(
            claim_id=f.claim_id,
            document_id=found_in.get(f.claim_id, f.document_id),
            speaker_id=f.speaker_id,
            origin_id=f.origin.id,
            party=f.origin.party,
        )
        for f in facts
    )
    places = context.places
    if kind == "place":
        incidents = build_incidents(facts, str(first), places, window=window)
        return BlockResult(block=block, members=members, incidents=tuple(incidents))
    grouped = cluster_facts(facts, places, window=window)
    clusters = tuple(c for c, _ in grouped)
    if kind == "figure":
        return BlockResult(
            block=block,
            members=members,
            clusters=clusters,
            contradictions=tuple(figure_contradictions(facts, grouped, places)),
            timelines=tuple(build_timelines(facts, places)),
        )
    return BlockResult(
        block=block,
        members=members,
        clusters=clusters,
        contradictions=tuple(event_contradictions(facts, grouped, places)),
    )


def update(
    store: Store,
    *,
    document_ids: Collection[str] | None = None,
    full: bool = False,
    options: AnalysisOptions | None = None,
    progress: Progress | None = None,
) -> AnalysisReport:
    """Recompute the blocks these documents touch (all that changed if None; everything with `full`).

    A small update replaces its blocks in one transaction; a full run, or an update of more than
    `_ATOMIC_DOCUMENTS` documents, commits every `_BATCH_CLAIMS` claims (readers may see some blocks new and
    some old until it ends; the run's state is recorded only at the end, so an interrupted run is redone).
    """
    started = time.perf_counter()
    # Claims edited while this run reads the ledger are newer than the run: the next update sees them.
    began = datetime.now(UTC)
    options = options or AnalysisOptions.from_settings()
    book = load_party_book(
        parties_file=options.parties_file, world=options.world, parties=store.list_parties()
    )
    state = store.analysis_state()
    fingerprint = book.fingerprint
    if state is None or state.version != ANALYSIS_VERSION or state.fingerprint != fingerprint:
        full = True
    context = _Context(store, book)
    changed: set[str] = set()
    if full:
        sources = store.analysis_sources()
        blocks = {figure_block(m, c) for m, c in sources.figures}
        blocks |= {event_block(p, a) for p, a in sources.events}
        blocks |= {place_block(p) for p in sources.places if context.is_site(p)}
        stale = store.analysis_blocks() - blocks
    else:
        assert state is not None
        changed = (
            set(document_ids)
            if document_ids is not None
            else store.analysis_changed_documents(state.analysed_at)
        )
        blocks, stale = _affected(context, changed), set()
    batched = full or len(changed) > _ATOMIC_DOCUMENTS
    counts = _run(
        context, sorted(blocks), stale, batched=batched, window=options.window_days, progress=progress
    )
    store.set_analysis_state(version=ANALYSIS_VERSION, fingerprint=fingerprint, analysed_at=began)
    report = AnalysisReport(
        full=full,
        documents=len(changed),
        blocks=len(blocks),
        claims=counts.claims,
        clusters=counts.clusters,
        contradictions=counts.contradictions,
        timelines=counts.timelines,
        incidents=counts.incidents,
        seconds=time.perf_counter() - started,
    )
    log.info(
        "analysis (%s): %d blocks, %d claims, %d clusters, %d contradictions, %d timelines, %d incidents",
        "full" if full else f"{len(changed)} documents",
        report.blocks,
        report.claims,
        report.clusters,
        report.contradictions,
        report.timelines,
        report.incidents,
    )
    return report


def _affected(context: _Context, documents: set[str]) -> set[str]:
    """The blocks to recompute for these changed documents."""
    if not documents:
        return set()
    store = context.store
    facts = context.facts(store.analysis_document_claims(documents))
    blocks = context.blocks_of(facts)
    blocks = {b for b in blocks if parse_block(b)[0] != "place" or context.is_site(str(parse_block(b)[1]))}
    blocks |= store.analysis_blocks_of_documents(documents)
    # A speaker whose party changed (a later document gave it one) changes the blocks it spoke in before.
    parties: dict[str, set[str | None]] = {}
    for f in facts:
        if f.speaker_id is not None:
            parties.setdefault(f.speaker_id, set()).add(f.origin.party)
    for block, speaker, party in store.analysis_speaker_parties(parties):
        if party not in parties[speaker]:
            blocks.add(block)
    return blocks


@dataclass
class _Counts:
    claims: int = 0
    clusters: int = 0
    contradictions: int = 0
    timelines: int = 0
    incidents: int = 0

    def add(self, result: BlockResult) -> None:
        self.claims += len(result.members)
        self.clusters += len(result.clusters)
        self.contradictions += len(result.contradictions)
        self.timelines += len(result.timelines)
        self.incidents += len(result.incidents)


def _run(
    context: _Context,
    blocks: Sequence[str],
    stale: Collection[str],
    *,
    batched: bool,
    window: int,
    progress: Progress | None = None,
) -> _Counts:
    """Analyse the blocks and store the results every `_BATCH_CLAIMS` claims: in one transaction, or each
    batch committed (`batched`)."""
    store = context.store
    counts = _Counts()
    pending: list[BlockResult] = []
    held = 0
    replace: Collection[str] = stale
    with nullcontext() if batched else store.atomic():
        for done, block in enumerate(blocks, 1):
            result = analyse_block(context, block, window=window)
            counts.add(result)
            pending.append(result)
            held += len(result.members)
            if held >= _BATCH_CLAIMS:
                store.save_analysis(pending, replace=replace)
                pending, replace, held = [], (), 0
            if progress is not None:
                progress(done, len(blocks), block)
        store.save_analysis(pending, replace=replace)
    return counts
