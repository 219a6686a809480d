"""What runs on a worker: the extractor, built once per worker process, and the tasks that use it.

Nothing here needs Dask: the same tasks run in this process when there is no cluster.

A task gets a batch of documents and returns one outcome per document: its result, or a
`DocumentFailure` naming it and saying why. One document failing never fails its batch.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from audiatur.domain import Document, Extraction
from audiatur.errors import AudiaturError
from audiatur.ingest import band_keys, minhash
from audiatur.store.bulk import ExtractionRows, extraction_rows

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "DocumentFailure",
    "ExtractorSpec",
    "Outcome",
    "Prepared",
    "extract_task",
    "prepare_task",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentFailure:
    """A document a task could not process, and why (one line)."""

    document_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Prepared:
    """What ingest needs computed for a new document: its MinHash signature, band keys and extraction (as
    the rows the ledger stores: plain values, quick to send back and to write)."""

    document_id: str
    signature: bytes
    band_keys: tuple[str, ...]
    rows: ExtractionRows | None
    claims: int  # how many claims the extraction holds


Outcome = Extraction | Prepared | DocumentFailure


@cache
def _pipeline(model: str | None, data: tuple[str, ...]) -> Language:
    from audiatur.extract import build_nlp

    log.info("building the extraction pipeline (model %s)", model or "none")
    return build_nlp(model, data)


@dataclass(frozen=True, slots=True)
class ExtractorSpec:
    """Which extractor to run: the spaCy model (None: the model-free default) and extra world data files.

    Small and picklable: it travels with every task, and each worker process builds the pipeline it names
    once (`nlp()` is cached per process).
    """

    model: str | None = None
    data: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        """The extractor version stored with every extraction (the ledger's `extractor_version`)."""
        from audiatur.extract import EXTRACTOR_VERSION

        return f"{EXTRACTOR_VERSION}+{self.model}" if self.model else EXTRACTOR_VERSION

    def nlp(self) -> Language:
        """The pipeline, built on first use in this process."""
        return _pipeline(self.model, self.data)

    def warm_up(self) -> None:
        """Build the pipeline and run it once, sign a text and detect its language once (MinHash and language
        detection load their libraries when first used, which takes longer than a task's work): the lazily
        loaded parts are loaded before real work."""
        from audiatur.ingest.language import detect_language

        sample = "Two civilians were killed in the shelling, the ministry said."
        minhash(sample)
        detect_language(sample)  # its model loads on first use; bulk ingest's workers parse the corpus
        self.extract(
            Document(
                id=hashlib.sha256(sample.encode()).hexdigest(),
                raw_sha256="",
                source="warm-up",
                text=sample,
                retrieved_at=datetime.now(UTC),
            )
        )

    def extract(self, document: Document) -> Extraction:
        """One document's extraction, stamped with this extractor's version."""
        from audiatur.extract import extract_document

        extraction = extract_document(document, self.nlp())
        if not self.model:
            return extraction
        version = self.version  # which pipeline found these claims
        claims = tuple(replace(c, extractor_version=version) for c in extraction.claims)
        return replace(extraction, extractor_version=version, claims=claims)


def extract_task(spec: ExtractorSpec, documents: Sequence[Document]) -> list[Extraction | DocumentFailure]:
    """Extract each document (the task `audiatur extract --dask` maps over batches)."""
    outcomes: list[Extraction | DocumentFailure] = []
    for document in documents:
        try:
            outcomes.append(spec.extract(document))
        except AudiaturError as exc:
            outcomes.append(DocumentFailure(document_id=document.id, reason=str(exc)))
    return outcomes


def prepare_task(
    spec: ExtractorSpec | None, documents: Sequence[Document]
) -> list[Prepared | DocumentFailure]:
    """Signature, band keys and (with a spec) extraction of each new document (bulk ingest's task).

    An extraction the ledger would refuse (its evidence not the document's text, say) fails its document,
    with the reason the ledger would give.
    """
    outcomes: list[Prepared | DocumentFailure] = []
    for document in documents:
        try:
            extraction = spec.extract(document) if spec is not None else None
            rows = extraction_rows(extraction, document.text) if extraction is not None else None
        except AudiaturError as exc:
            outcomes.append(DocumentFailure(document_id=document.id, reason=str(exc)))
            continue
        signature = minhash(document.text)
        outcomes.append(
            Prepared(
                document_id=document.id,
                signature=signature,
                band_keys=tuple(band_keys(signature)),
                rows=rows,
                claims=len(extraction.claims) if extraction is not None else 0,
            )
        )
    return outcomes
