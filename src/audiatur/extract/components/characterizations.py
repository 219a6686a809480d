"""`audiatur_characterizations`: characterizations found in a document (see `audiatur.extract.characterizations`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component, set_spans
from audiatur.extract.state import DocState

__all__ = ["CharacterizationsComponent", "make_characterizations"]


class CharacterizationsComponent(Component):
    """Span group `audiatur_characterizations`; each span's `_.audiatur_value` is the finding."""

    def process(self, doc: Doc, state: DocState) -> None:
        found = state.ensure_characterizations(state.text)
        set_spans(doc, "audiatur_characterizations", ((f.start, f.end, "CHARACTERIZATION", f) for f in found))


@Language.factory("audiatur_characterizations", default_config={"data": []})
def make_characterizations(nlp: Language, name: str, data: list[str]) -> CharacterizationsComponent:
    """Factory of `audiatur_characterizations`."""
    return CharacterizationsComponent(name, data)
