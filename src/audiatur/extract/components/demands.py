"""`audiatur_demands`: demands found in a document (see `audiatur.extract.demands`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component, set_spans
from audiatur.extract.state import DocState

__all__ = ["DemandsComponent", "make_demands"]


class DemandsComponent(Component):
    """Span group `audiatur_demands`; each span's `_.audiatur_value` is the finding."""

    def process(self, doc: Doc, state: DocState) -> None:
        found = state.ensure_demands(state.text)
        set_spans(doc, "audiatur_demands", ((f.start, f.end, "DEMAND", f) for f in found))


@Language.factory("audiatur_demands", default_config={"data": []})
def make_demands(nlp: Language, name: str, data: list[str]) -> DemandsComponent:
    """Factory of `audiatur_demands`."""
    return DemandsComponent(name, data)
