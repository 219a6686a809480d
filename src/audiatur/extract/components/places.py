"""`audiatur_places`: place names from the gazetteer (world base + data files), one id per place."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component, set_spans
from audiatur.extract.places import gazetteer_for
from audiatur.extract.state import DocState

__all__ = ["PlacesComponent", "make_places"]


class PlacesComponent(Component):
    """Span group `audiatur_places`; each span's `_.audiatur_value` is the place id.

    With `world_base=False` only the data files' places and countries are known. With `spans=False` the
    component only puts its gazetteer on the document's state, so that claims look places up in it (sentence
    by sentence, on demand) without every place of the document being found first."""

    def __init__(self, name: str, data: list[str], world_base: bool = True, spans: bool = True) -> None:
        super().__init__(name, data)
        self.gazetteer = gazetteer_for(self.lex, world_base)
        self.spans = spans

    def process(self, doc: Doc, state: DocState) -> None:
        state.gazetteer = self.gazetteer
        if self.spans:
            found = state.ensure_places(state.text)
            set_spans(doc, "audiatur_places", ((p.start, p.end, "PLACE", p.place_id) for p in found))


@Language.factory("audiatur_places", default_config={"data": [], "world_base": True, "spans": True})
def make_places(nlp: Language, name: str, data: list[str], world_base: bool, spans: bool) -> PlacesComponent:
    """Factory of `audiatur_places`."""
    return PlacesComponent(name, data, world_base, spans)
