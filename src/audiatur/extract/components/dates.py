"""`audiatur_dates`: dates, normalised against the publication date in `doc._.audiatur_meta`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component, set_spans
from audiatur.extract.state import DocState

__all__ = ["DatesComponent", "make_dates"]


class DatesComponent(Component):
    """Span group `audiatur_dates`; each span's `_.audiatur_value` is a `DateMention`."""

    def process(self, doc: Doc, state: DocState) -> None:
        found = state.ensure_dates(state.text)
        set_spans(doc, "audiatur_dates", ((d.start, d.end, str(d.precision), d) for d in found))


@Language.factory("audiatur_dates", default_config={"data": []})
def make_dates(nlp: Language, name: str, data: list[str]) -> DatesComponent:
    """Factory of `audiatur_dates`."""
    return DatesComponent(name, data)
