"""The extract stage: statements and claims from a document's text, on spaCy.

`build_nlp()` returns a pipeline that needs no downloaded model; `build_nlp("en_core_web_sm")` adds a
statistical pipeline's entities and parse as extra evidence. `extract_document(document, nlp)` returns an
`Extraction` (statements and claims with their evidence spans).
"""

from __future__ import annotations

from audiatur.extract.claims import EXTRACTOR_VERSION
from audiatur.extract.lexicon import Lexicon, load_lexicon
from audiatur.extract.pipeline import build_nlp, extract_document, extract_documents

__all__ = [
    "EXTRACTOR_VERSION",
    "Lexicon",
    "build_nlp",
    "extract_document",
    "extract_documents",
    "load_lexicon",
]
