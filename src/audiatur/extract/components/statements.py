"""`audiatur_statements`: who speaks where (quotes, reported speech, collective statements, the document)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component
from audiatur.extract.state import DocState

__all__ = ["StatementsComponent", "make_statements"]


class StatementsComponent(Component):
    """Fills `doc._.audiatur_statements`; a statistical pipeline's PERSON entities add name evidence."""

    def __init__(self, name: str, data: list[str], uses_entities: bool = False) -> None:
        super().__init__(name, data)
        self.uses_entities = uses_entities

    def process(self, doc: Doc, state: DocState) -> None:
        if self.uses_entities:
            state.extra["person_spans"] = frozenset(
                (e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"
            )
        state.ensure_attribution(state.text)


@Language.factory("audiatur_statements", default_config={"data": []})
def make_statements(nlp: Language, name: str, data: list[str]) -> StatementsComponent:
    """Factory of `audiatur_statements`."""
    return StatementsComponent(name, data, uses_entities="ner" in nlp.pipe_names)
