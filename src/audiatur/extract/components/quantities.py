"""`audiatur_quantities`: every stated amount that may be a count, with its bound."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component, set_spans
from audiatur.extract.state import DocState

__all__ = ["QuantitiesComponent", "make_quantities"]


class QuantitiesComponent(Component):
    """Span group `audiatur_quantities`; each span's `_.audiatur_value` is a `Quantity`."""

    def process(self, doc: Doc, state: DocState) -> None:
        found = state.ensure_quantities(state.text)
        set_spans(
            doc,
            "audiatur_quantities",
            ((q.start, q.end, str(q.bound), q) for i in sorted(found) for q in found[i]),
        )


@Language.factory("audiatur_quantities", default_config={"data": []})
def make_quantities(nlp: Language, name: str, data: list[str]) -> QuantitiesComponent:
    """Factory of `audiatur_quantities`."""
    return QuantitiesComponent(name, data)
