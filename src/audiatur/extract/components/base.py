"""The shared shape of audiatur's spaCy components."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.tokens import Doc, Span

from audiatur.extract.lexicon import load_lexicon
from audiatur.extract.state import DocState, state_of

__all__ = ["Component", "set_spans"]


class Component:
    """A pipeline component: reads and fills the document's audiatur state."""

    def __init__(self, name: str, data: Sequence[str] = ()) -> None:
        self.name = name
        self.data = tuple(str(d) for d in data)
        self.lex = load_lexicon(self.data)  # fail at build time on a bad data file, not on the first document

    def __call__(self, doc: Doc) -> Doc:
        self.process(doc, state_of(doc, self.data))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Process a stream of documents."""
        for doc in docs:
            yield self(doc)

    def process(self, doc: Doc, state: DocState) -> None:
        """Fill this component's part of `state` (and the doc's public extensions)."""
        raise NotImplementedError


def set_spans(doc: Doc, key: str, items: Iterable[tuple[int, int, str, Any]]) -> None:
    """Store (start, end, label, value) character spans as span group `key`, each value on `span._.audiatur_value`."""
    spans: list[Span] = []
    for start, end, label, value in items:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            span._.audiatur_value = value
            spans.append(span)
    doc.spans[key] = spans
