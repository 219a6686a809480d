"""`audiatur_events`: allegations and denials of violent or unlawful acts."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component, set_spans
from audiatur.extract.state import DocState

__all__ = ["EventsComponent", "make_events"]


class EventsComponent(Component):
    """Span group `audiatur_events` (label = action class); each span's `_.audiatur_value` is an `EventFinding`."""

    def process(self, doc: Doc, state: DocState) -> None:
        found = state.ensure_events(state.text)
        set_spans(doc, "audiatur_events", ((e.start, e.end, str(e.action_class), e) for e in found))


@Language.factory("audiatur_events", default_config={"data": []})
def make_events(nlp: Language, name: str, data: list[str]) -> EventsComponent:
    """Factory of `audiatur_events`."""
    return EventsComponent(name, data)
