"""The ledger: what the front ends (CLI, web, API) call to run the pipeline over a store.

`Ledger.ingest` reads sources (files, folders, URLs), stores every document with its raw bytes, links
near-duplicates, and extracts claims; each document and its extraction commit in one transaction, so the
database never holds half a document. Bad sources are reported one line each and the batch goes on.
`Ledger.extract` (re)runs extraction over stored documents, incrementally by extractor version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audiatur.config import Settings, database_url, get_settings
from audiatur.domain import Capture, Document, Extraction
from audiatur.errors import AudiaturError, InputError
from audiatur.ingest import (
    NEAR_DUPLICATE_THRESHOLD,
    IngestOptions,
    band_keys,
    discover,
    estimate_jaccard,
    minhash,
    read_source,
)
from audiatur.store import AddStatus, Store, open_store

if TYPE_CHECKING:
    from spacy.language import Language

    from audiatur.analyze import AnalysisReport

__all__ = ["ExtractReport", "IngestReport", "Ledger", "Progress"]

log = logging.getLogger(__name__)

# Called after each source (or document) with (done, total, name).
Progress = Callable[[int, int, str], None]


@dataclass
class IngestReport:
    """What one `ingest` call did."""

    added: list[str] = field(default_factory=list)  # document ids
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (document id, near-duplicate of)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    claims: int = 0
    analysis: AnalysisReport | None = None  # what the cross-source analysis recomputed afterwards

    @property
    def ok(self) -> bool:
        """True when no source failed."""
        return not self.failed


@dataclass
class ExtractReport:
    """What one `extract` call did."""

    documents: int = 0
    claims: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)
    analysis: AnalysisReport | None = None  # what the cross-source analysis recomputed afterwards


class Ledger:
    """A claims ledger: a store plus the ingest and extraction pipeline that fills it."""

    def __init__(
        self,
        store: Store,
        *,
        settings: Settings | None = None,
        model: str | None = None,
        data: Sequence[str | Path] = (),
    ) -> None:
        self.store = store
        self.settings = settings or get_settings()
        self.model = model if model is not None else self.settings.model
        self.data = tuple(str(p) for p in (*self.settings.gazetteers, *data))

    @classmethod
    def open(cls, url: str | Path | None = None, **kwargs: Any) -> Ledger:
        """Open (creating or migrating) the ledger at a SQLAlchemy URL or SQLite path."""
        return cls(open_store(database_url(url)), **kwargs)

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @cached_property
    def nlp(self) -> Language:
        """The extraction pipeline (built on first use: loading spaCy takes a second)."""
        from audiatur.extract import build_nlp

        return build_nlp(self.model, self.data)

    @property
    def extractor_version(self) -> str:
        """The version stored with every extraction, so newer extractors re-run."""
        from audiatur.extract import EXTRACTOR_VERSION

        return f"{EXTRACTOR_VERSION}+{self.model}" if self.model else EXTRACTOR_VERSION

    # ------------------------------------------------------------------------------------------ ingest

    def ingest(
        self,
        targets: Sequence[str],
        *,
        options: IngestOptions | None = None,
        extract: bool = True,
        progress: Progress | None = None,
        on_error: Callable[[str, str], None] | None = None,
        analyze: bool = True,
    ) -> IngestReport:
        """Read every target (file, folder, URL) into the ledger; one failing source never stops the rest."""
        options = options or IngestOptions.from_settings(self.settings)
        report = IngestReport()
        sources = discover(targets)
        for done, source in enumerate(sources, 1):
            for item in self._read(source, options):
                if isinstance(item, InputError):
                    self._fail(report, item.source, item.reason, on_error)
                    continue
                try:
                    self._store_capture(item, report, extract=extract)
                except AudiaturError as exc:
                    self._fail(report, item.document.source, str(exc), on_error)
            if progress is not None:
                progress(done, len(sources), source)
        if analyze and extract and report.added:
            report.analysis = self.analyze(documents=report.added, progress=_phase(progress, "analysis"))
        return report

    @staticmethod
    def _read(source: str, options: IngestOptions) -> Iterator[Capture | InputError]:
        try:
            yield from read_source(source, options)
        except InputError as exc:
            yield exc

    @staticmethod
    def _fail(
        report: IngestReport, source: str, reason: str, on_error: Callable[[str, str], None] | None
    ) -> None:
        report.failed.append((source, reason))
        if on_error is not None:
            on_error(
                source, reason
            )  # the caller reports it (the CLI prints one line): no second copy in the log
        else:
            log.warning("%s: %s", source, reason)

    def _store_capture(self, capture: Capture, report: IngestReport, *, extract: bool) -> None:
        document = capture.document
        known = self.store.has_document(document.id)
        signature = keys = None
        duplicate_of = None
        if not known:
            signature = minhash(document.text)
            keys = band_keys(signature)
            duplicate_of = self._near_duplicate(signature, keys)
        # extraction runs before the write transaction opens: no lock is held while spaCy works
        extraction = self._extract(document) if extract and not known else None
        with self.store.atomic():
            result = self.store.add_capture(
                capture, signature=signature, band_keys=keys or (), duplicate_of=duplicate_of
            )
            if result.status == AddStatus.ADDED and extraction is not None:
                if result.document_id != document.id:  # the store cleaned the text (NUL characters)
                    extraction = self._extract(self.store.get_document(result.document_id))
                self.store.save_extraction(extraction)
                report.claims += len(extraction.claims)
        if result.status == AddStatus.ADDED:
            report.added.append(result.document_id)
            if duplicate_of:
                report.duplicates.append((result.document_id, duplicate_of))
        else:
            report.unchanged.append(result.document_id)

    def _near_duplicate(self, signature: bytes, keys: Sequence[str]) -> str | None:
        best: tuple[float, str] | None = None
        for doc_id, other in self.store.near_duplicate_candidates(keys):
            score = estimate_jaccard(signature, other)
            if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[0]):
                best = (score, doc_id)
        return best[1] if best else None

    # ----------------------------------------------------------------------------------------- extract

    def _extract(self, document: Document) -> Extraction:
        from audiatur.extract import extract_document

        extraction = extract_document(document, self.nlp)
        if self.model:  # record which pipeline found these claims
            from dataclasses import replace

            extraction = replace(
                extraction,
                extractor_version=self.extractor_version,
                claims=tuple(replace(c, extractor_version=self.extractor_version) for c in extraction.claims),
            )
        return extraction

    def extract(
        self,
        *,
        all: bool = False,
        documents: Iterable[str] | None = None,
        progress: Progress | None = None,
        on_error: Callable[[str, str], None] | None = None,
        analyze: bool = True,
    ) -> ExtractReport:
        """Extract stored documents not yet extracted by this extractor version (every one with `all`)."""
        ids = (
            list(documents)
            if documents is not None
            else self.store.documents_to_extract(self.extractor_version, all=all)
        )
        report = ExtractReport()
        extracted: list[str] = []
        for done, doc_id in enumerate(ids, 1):
            try:
                extraction = self._extract(self.store.get_document(doc_id))
                with self.store.atomic():
                    self.store.save_extraction(extraction)
                report.documents += 1
                report.claims += len(extraction.claims)
                extracted.append(doc_id)
            except AudiaturError as exc:
                report.failed.append((doc_id, str(exc)))
                if on_error is not None:
                    on_error(doc_id, str(exc))
            if progress is not None:
                progress(done, len(ids), doc_id[:12])
        if analyze and extracted:
            report.analysis = self.analyze(documents=extracted, progress=_phase(progress, "analysis"))
        return report

    # ----------------------------------------------------------------------------------------- analyze

    def analyze(
        self,
        *,
        full: bool = False,
        documents: Iterable[str] | None = None,
        parties_file: Path | None = None,
        progress: Progress | None = None,
    ) -> AnalysisReport:
        """Recompute clusters, contradictions, timelines and incidents: the blocks these documents touch
        (every change since the last run when None; everything with `full`). `progress` gets (blocks done,
        blocks in all, block)."""
        from audiatur.analyze import AnalysisOptions, update

        options = AnalysisOptions.from_settings(self.settings, world=self.data, parties_file=parties_file)
        ids = list(documents) if documents is not None else None
        return update(self.store, document_ids=ids, full=full, options=options, progress=progress)


def _phase(progress: Progress | None, phase: str) -> Progress | None:
    """The same progress callback, naming a later phase of the command (`analysis: block`)."""
    if progress is None:
        return None
    report = progress

    def named(done: int, total: int, name: str) -> None:
        report(done, total, f"{phase}: {name}")

    return named
