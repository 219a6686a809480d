"""`audiatur_layout`: paragraphs and sentences that respect quotes, abbreviations and hard wraps."""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from audiatur.extract.components.base import Component
from audiatur.extract.state import DocState

__all__ = ["LayoutComponent", "make_layout"]


class LayoutComponent(Component):
    """Segments the text; on a pipeline without a parser it also sets the `Doc`'s sentence starts."""

    def __init__(self, name: str, data: list[str], sets_sentences: bool = True) -> None:
        super().__init__(name, data)
        self.sets_sentences = sets_sentences

    def process(self, doc: Doc, state: DocState) -> None:
        layout = state.ensure_layout(state.text)
        if not self.sets_sentences or len(doc) == 0:
            return
        offsets = doc.to_array(IDX)
        starts = numpy.fromiter((s.start for s in layout.sentences), dtype=offsets.dtype)
        flags = numpy.where(numpy.isin(offsets, starts), 1, -1).astype("int32")
        flags[0] = 1
        doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]  # thinc Ints2d


@Language.factory("audiatur_layout", default_config={"data": [], "set_sentences": True})
def make_layout(nlp: Language, name: str, data: list[str], set_sentences: bool) -> LayoutComponent:
    """Factory of `audiatur_layout` (`set_sentences`: also mark `Doc` sentence starts when nothing else does)."""
    sets = set_sentences and not any(p in nlp.pipe_names for p in ("parser", "senter", "sentencizer"))
    return LayoutComponent(name, data, sets_sentences=sets)
