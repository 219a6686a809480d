"""Build the extraction pipeline and run it over documents."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language

from audiatur.domain import Document, Extraction
from audiatur.errors import ConfigError, ExtractionError
from audiatur.extract.claims import build_extraction
from audiatur.extract.components import COMPONENTS
from audiatur.extract.document_meta import DocumentMeta
from audiatur.extract.state import ensure_extensions, state_of

__all__ = ["build_nlp", "extract_document", "extract_documents"]

log = logging.getLogger(__name__)


def build_nlp(
    model: str | None = None,
    data: Sequence[str] = (),
    *,
    world_base: bool = True,
    set_sentences: bool = False,
) -> Language:
    """The extraction pipeline: a blank English pipeline (default) or an installed statistical one, plus
    audiatur's components configured with extra world data files (user gazetteers, actors).

    `set_sentences=True` also marks the `Doc`'s sentence starts (for `doc.sents`); extraction does not need it.
    """
    ensure_extensions()
    if model:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError as exc:
            raise ConfigError(
                f"spaCy pipeline {model!r} is not installed (python -m spacy download {model})"
            ) from exc
    else:
        nlp = spacy.blank("en")
    for name in COMPONENTS:
        config: dict[str, object] = {"data": [str(d) for d in data]}
        if name == "audiatur_places":
            config["world_base"] = world_base
        if name == "audiatur_layout":
            config["set_sentences"] = set_sentences
        nlp.add_pipe(name, config=config)
    return nlp


def _make_doc(nlp: Language, document: Document, data: tuple[str, ...]) -> spacy.tokens.Doc:
    doc = nlp.make_doc(document.text)
    doc._.audiatur_meta = DocumentMeta.from_document(document)
    state_of(doc, data, document.text)  # the stored text, so spans index into exactly it
    return doc


def extract_document(document: Document, nlp: Language) -> Extraction:
    """Statements and claims of one document."""
    return next(extract_documents([document], nlp))


def extract_documents(
    documents: Iterable[Document], nlp: Language, batch_size: int = 32
) -> Iterator[Extraction]:
    """Statements and claims of each document, in order, streaming (memory stays flat)."""
    data = next((proc.data for _, proc in nlp.pipeline if hasattr(proc, "data")), ())
    for document in documents:
        doc = _make_doc(nlp, document, data)
        for name, proc in nlp.pipeline:
            try:
                doc = proc(doc)
            except Exception as exc:  # a component bug must name the document, not stop a batch silently
                raise ExtractionError(document.id, name, f"{type(exc).__name__}: {exc}") from exc
        yield build_extraction(document, state_of(doc, data))
