"""What audiatur's spaCy components share on a `Doc`: one state object under `doc._.audiatur`.

Each component fills its part and computes any part it needs that no earlier component filled, so every
component also works alone (`nlp.add_pipe("audiatur_figures")` on a blank pipeline). Public results are
also exposed under their own names: `doc._.audiatur_statements`, `doc._.audiatur_figures`, and span groups
`doc.spans["audiatur_quantities" | "audiatur_places" | "audiatur_dates" | "audiatur_figures"]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from spacy.tokens import Doc, Span

from audiatur.domain import Polarity
from audiatur.extract.attribution import AttributionResult, attribute
from audiatur.extract.characterizations import CharacterizationFinding, find_characterizations
from audiatur.extract.dates import DateMention, find_dates
from audiatur.extract.demands import DemandFinding, find_demands
from audiatur.extract.document_meta import DocumentMeta, publisher_actor, side_party
from audiatur.extract.events import EventContext, EventFinding, document_parties, find_events, rebuttals
from audiatur.extract.figures import FigureContext, FigureFinding, find_figures, paragraph_class_hint
from audiatur.extract.layout import Layout, Token, segment, tokenize
from audiatur.extract.lexicon import Lexicon, load_lexicon
from audiatur.extract.numbers import Quantity, find_quantities
from audiatur.extract.places import Gazetteer, PlaceMention, gazetteer_for
from audiatur.extract.targets import TargetResolver

__all__ = ["DocState", "ensure_extensions", "state_of"]

_DIGIT = re.compile(r"\d")
_EVALUATIVE = re.compile(
    r"\b(?:biased|one-sided|unjustified|fake|partial|politici[sz]ed|selective|hypocritical|dishonest|mouthpiece|"
    r"puppet|propaganda|terrorist|criminal|aggressor|occupier|commendable|credible|impartial|professional|"
    r"objective|balanced|fair|neutral|reliable|independent|pro-[A-Z]|anti-[A-Z]|double standards|unprofessional|"
    r"baseless|unfounded|irresponsible|shameful|absurd|cynical|lackey|proxy|tool|instrument|liars?|inflated|"
    r"unverifiable|distorted|discredited|unreliable|trustworthy|courageous|principled|disgraceful|praise|commend|"
    r"hail|applaud|laud)",
)
_DEMANDING = re.compile(r"\b(?:call|urg|demand|appeal|ask|press|implor|exhort)", re.IGNORECASE)
_CLASS_WORDS = re.compile(
    r"\b(?:civilian|citizens|residents|soldiers|servicemen|troops|fighters|combatants)", re.IGNORECASE
)
_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
    r"thousands?|dozens?|scores|several|tens|millions|single|couple)\b",
    re.IGNORECASE,
)


@dataclass
class DocState:
    """Intermediate and final results of audiatur's components for one document."""

    lex: Lexicon
    meta: DocumentMeta
    text: str = ""  # the Doc's text, read once (spaCy rebuilds `doc.text` on every access)
    gazetteer: Gazetteer | None = None
    layout: Layout | None = None
    _tokens: dict[int, list[Token]] = field(default_factory=dict)  # by sentence, tokenised on demand
    quantities: dict[int, list[Quantity]] | None = None  # by sentence index
    places: list[PlaceMention] | None = None
    dates: list[DateMention] | None = None
    attribution: AttributionResult | None = None
    figures: list[FigureFinding] | None = None
    events: list[EventFinding] | None = None
    characterizations: list[CharacterizationFinding] | None = None
    demands: list[DemandFinding] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    # --------------------------------------------------------------------------------------- ensure_*

    def ensure_layout(self, text: str) -> Layout:
        """Paragraphs and sentences (computed once)."""
        if self.layout is None:
            self.layout = segment(text)
        return self.layout

    def sentence_tokens(self, index: int) -> list[Token]:
        """The words of one sentence (tokenised the first time they are needed)."""
        toks = self._tokens.get(index)
        if toks is None:
            assert self.layout is not None
            sent = self.layout.sentences[index]
            toks = self._tokens[index] = tokenize(self.text, sent.start, sent.end)
        return toks

    def ensure_quantities(self, text: str) -> dict[int, list[Quantity]]:
        """Quantities by sentence (only sentences that can hold a number are searched)."""
        if self.quantities is None:
            layout = self.ensure_layout(text)
            found: dict[int, list[Quantity]] = {}
            for i, sent in enumerate(layout.sentences):
                if not _may_hold_number(self, i, text):
                    continue
                qs = find_quantities(text, self.lex, sent.start, sent.end)
                if qs:
                    found[i] = qs
            self.quantities = found
        return self.quantities

    def ensure_places(self, text: str) -> list[PlaceMention]:
        """Every place mention of the document."""
        if self.places is None:
            layout = self.ensure_layout(text)
            self.places = [p for i in range(len(layout.sentences)) for p in self.places_in(text, i)]
        return self.places

    def places_in(self, text: str, index: int) -> list[PlaceMention]:
        """Place mentions of one sentence (computed on demand)."""
        cache = self.extra.setdefault("places_in", {})
        if index not in cache:
            if self.gazetteer is None:
                self.gazetteer = gazetteer_for(self.lex)
            cache[index] = self.gazetteer.find(self.sentence_tokens(index), text)
        found: list[PlaceMention] = cache[index]
        return found

    def ensure_dates(self, text: str) -> list[DateMention]:
        """Every date mention in the document, read against the publication date."""
        if self.dates is None:
            self.dates = find_dates(text, self.meta.published)
        return self.dates

    def dates_between(self, text: str, start: int, end: int) -> list[DateMention]:
        """Date mentions in one stretch (a claim's sentence), computed on demand."""
        if self.dates is not None:
            return [d for d in self.dates if start <= d.start < end]
        cache = self.extra.setdefault("dates_between", {})
        if (start, end) not in cache:
            cache[(start, end)] = find_dates(text, self.meta.published, start, end)
        found: list[DateMention] = cache[(start, end)]
        return found

    def ensure_attribution(self, text: str) -> AttributionResult:
        """Statements and their speakers."""
        if self.attribution is None:
            layout = self.ensure_layout(text)
            pub, is_author = publisher_actor(self.meta.publisher, self.lex)
            self.attribution = attribute(
                text,
                layout,
                self.sentence_tokens,
                self.lex,
                publisher=pub,
                default_party=side_party(self.meta.side, self.lex),
                publisher_is_author=is_author,
                person_spans=self.extra.get("person_spans"),
            )
        return self.attribution

    def all_tokens(self, text: str) -> list[Token]:
        """Every word of the document."""
        layout = self.ensure_layout(text)
        return [t for k in range(len(layout.sentences)) for t in self.sentence_tokens(k)]

    def parties(self, text: str) -> tuple[str, ...]:
        """The two parties the document is mostly about (for "both sides")."""
        if "parties" not in self.extra:
            self.extra["parties"] = document_parties(self.all_tokens(text), self.lex)
        return self.extra["parties"]  # type: ignore[no-any-return]

    def ensure_events(self, text: str) -> list[EventFinding]:
        """Event claims in text order (allegations and denials)."""
        if self.events is None:
            layout = self.ensure_layout(text)
            attribution = self.ensure_attribution(text)
            found: list[EventFinding] = []
            context = EventContext()

            def speaker_party(offset: int) -> str | None:
                st = attribution.speaker_at(offset)
                return st.speaker.party if st and st.speaker else None

            def frame_at(offset: int) -> tuple[str | None, str | None, int | None]:
                st = attribution.speaker_at(offset)
                if st is None or st.speaker is None:
                    return None, None, None
                return st.verb, st.speaker.party, st.cue_start

            context.parties = self.parties(text)
            for i in range(len(layout.sentences)):
                found.extend(
                    find_events(
                        text,
                        self.sentence_tokens(i),
                        self.lex,
                        context,
                        speaker_party=speaker_party,
                        frame_at=frame_at,
                    )
                )
            if context.asserted or any(e.polarity == Polarity.DENIED for e in found):
                found.extend(
                    rebuttals(
                        text,
                        [self.sentence_tokens(i) for i in range(len(layout.sentences))],
                        self.lex,
                        context,
                        found,
                        speaker_party=speaker_party,
                        frame_at=frame_at,
                    )
                )
                found.sort(key=lambda e: e.start)
            self.events = found
        return self.events

    def _resolver(self, text: str) -> TargetResolver:
        resolver: TargetResolver | None = self.extra.get("resolver")
        if resolver is None:
            self.ensure_layout(text)
            attribution = self.ensure_attribution(text)
            resolver = TargetResolver(
                text, self.all_tokens(text), self.lex, attribution.book, self.parties(text)
            )
            self.extra["resolver"] = resolver
        return resolver

    def ensure_characterizations(self, text: str) -> list[CharacterizationFinding]:
        """What speakers call other actors ("biased", "a mouthpiece of …", "commendable")."""
        if self.characterizations is None:
            layout = self.ensure_layout(text)
            found: list[CharacterizationFinding] = []
            for i, sent in enumerate(layout.sentences):
                if not _EVALUATIVE.search(text, sent.start, sent.end):
                    continue
                resolver = self._resolver(text)
                found.extend(
                    find_characterizations(text, self.sentence_tokens(i), self.lex, resolve=resolver.actor)
                )
            # what a demand asks for is not a characterisation ("… members who are professional, fair, neutral")
            asked = [(d.start, d.end) for d in self.ensure_demands(text)]
            self.characterizations = [c for c in found if not any(s <= c.start < e for s, e in asked)]
        return self.characterizations

    def ensure_demands(self, text: str) -> list[DemandFinding]:
        """Calls on actors to do something."""
        if self.demands is None:
            layout = self.ensure_layout(text)
            found: list[DemandFinding] = []
            for i, sent in enumerate(layout.sentences):
                if not _DEMANDING.search(text, sent.start, sent.end):
                    continue
                found.extend(find_demands(text, self.sentence_tokens(i), resolve=self._resolver(text).actors))
            self.demands = found
        return self.demands

    def ensure_figures(self, text: str) -> list[FigureFinding]:
        """Figure findings in text order (each paragraph's earlier figures inform the later ones)."""
        if self.figures is None:
            layout = self.ensure_layout(text)
            quantities = self.ensure_quantities(text)
            found: list[FigureFinding] = []
            context = FigureContext()
            paragraph = -1
            for i, sent in enumerate(layout.sentences):
                if sent.paragraph != paragraph:
                    paragraph, context = sent.paragraph, FigureContext()
                if i in quantities:
                    found.extend(
                        find_figures(text, self.sentence_tokens(i), quantities[i], self.lex, context)
                    )
                elif self.extra.get("class_hints", True) and _CLASS_WORDS.search(text, sent.start, sent.end):
                    context.class_hint = paragraph_class_hint(self.sentence_tokens(i)) or context.class_hint
            self.figures = found
        return self.figures


def _may_hold_number(state: DocState, index: int, text: str) -> bool:
    assert state.layout is not None
    sent = state.layout.sentences[index]
    return _DIGIT.search(text, sent.start, sent.end) is not None or (
        _NUMBERISH.search(text, sent.start, sent.end) is not None
    )


def ensure_extensions() -> None:
    """Register audiatur's `Doc` and `Span` extensions (idempotent)."""
    if not Doc.has_extension("audiatur"):
        Doc.set_extension("audiatur", default=None)
        Doc.set_extension("audiatur_meta", default=None)
        Doc.set_extension("audiatur_statements", getter=_statements)
        Doc.set_extension("audiatur_figures", getter=_figures)
    if not Span.has_extension("audiatur_value"):
        Span.set_extension("audiatur_value", default=None)


def _statements(doc: Doc) -> list[Any]:
    state = doc._.audiatur
    return list(state.attribution.statements) if state is not None and state.attribution else []


def _figures(doc: Doc) -> list[Any]:
    state = doc._.audiatur
    return list(state.figures) if state is not None and state.figures else []


def state_of(doc: Doc, data: tuple[str, ...] = (), text: str | None = None) -> DocState:
    """The audiatur state of a `Doc`, created on first use from `doc._.audiatur_meta` if set."""
    ensure_extensions()
    state = doc._.audiatur
    if state is None:
        meta = doc._.audiatur_meta
        if not isinstance(meta, DocumentMeta):
            meta = DocumentMeta.from_mapping(meta or {})
        state = DocState(lex=load_lexicon(data), meta=meta, text=doc.text if text is None else text)
        doc._.audiatur = state
    return cast(DocState, state)


def published_of(doc: Doc) -> date | None:
    """The publication date set on a `Doc`, if any."""
    return state_of(doc).meta.published
