"""`audiatur_figures`: counts of people harmed and objects destroyed or damaged."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component, set_spans
from audiatur.extract.state import DocState

__all__ = ["FiguresComponent", "make_figures"]


class FiguresComponent(Component):
    """Fills `doc._.audiatur_figures` and span group `audiatur_figures` (label = measure)."""

    def process(self, doc: Doc, state: DocState) -> None:
        found = state.ensure_figures(state.text)
        set_spans(doc, "audiatur_figures", ((f.start, f.end, str(f.measure), f) for f in found))


@Language.factory("audiatur_figures", default_config={"data": []})
def make_figures(nlp: Language, name: str, data: list[str]) -> FiguresComponent:
    """Factory of `audiatur_figures`."""
    return FiguresComponent(name, data)
