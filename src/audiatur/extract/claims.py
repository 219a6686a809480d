"""Turn a document's extraction state into domain `Statement`s and `Claim`s."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from audiatur.domain import (
    Attribution,
    Characterization,
    Claim,
    ClaimKind,
    Demand,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    PlaceRef,
    Statement,
)
from audiatur.extract.attribution import StatementSpan
from audiatur.extract.dates import period_in
from audiatur.extract.places import places_for
from audiatur.extract.state import DocState

__all__ = ["EXTRACTOR_VERSION", "build_extraction"]

# Bump when extraction output changes, so `audiatur extract` re-runs on stored documents.
EXTRACTOR_VERSION = "0.5.1"


def _statement(document_id: str, span: StatementSpan, text: str) -> Statement | None:
    if span.speaker is None:
        return None
    return Statement(
        id=Statement.make_id(document_id, span.start, span.end),
        document_id=document_id,
        speaker=span.speaker,
        mention=span.mention,
        attribution=span.attribution,
        evidence=Evidence(
            document_id=document_id, start=span.start, end=span.end, text=text[span.start : span.end]
        ),
        signatories=span.signatories,
    )


# A dateline opening a paragraph: "OSTRELL/DRAVON, May 16 (Kestpress) – …", "Korvash, 16 October (DSNS) — …".
# It says where the story was filed, not where anything happened: its places are no claim's places.
_DATELINE = re.compile(
    r"[ \t]*[A-Z][\w'’.-]*(?:[ /][A-Z][\w'’.-]*){0,3}"
    r"(?P<date>\s*,\s*[^\n–—()]{0,30}?\d[^\n–—()]{0,12}?)?"
    r"(?P<agency>\s*\([^)\n]{1,40}\))?"
    r"\s*[–—-]{1,2}\s"
)


def _datelines(state: DocState, text: str) -> list[tuple[int, int]]:
    spans = []
    for start, _end in state.ensure_layout(text).paragraphs:
        m = _DATELINE.match(text, start)
        if m and (m.group("date") or m.group("agency")):
            spans.append((start, m.end()))
    return spans


def _places_in(
    state: DocState,
    text: str,
    sentence: int,
    anchor: int,
    anchors: dict[int, list[int]],
    datelines: Sequence[tuple[int, int]] = (),
) -> tuple[PlaceRef, ...]:
    """The places of the claim at `anchor` (its number or its act): those of its own clause."""
    refs: dict[str, PlaceRef] = {}
    mentions = [p for p in state.places_in(text, sentence) if not any(s <= p.start < e for s, e in datelines)]
    for p in places_for(text, mentions, anchor, anchors.get(sentence, ())):
        if p.place_id not in refs and state.gazetteer is not None:
            refs[p.place_id] = state.gazetteer.ref(p.place_id, p.name)
    return tuple(refs.values())


def _claim(
    doc_id: str,
    text: str,
    kind: ClaimKind,
    span: StatementSpan | None,
    statement: Statement | None,
    start: int,
    end: int,
    detail: tuple[object, ...],
    **content: Any,
) -> Claim:
    """A claim of `kind` over text[start:end], said by the statement `span` is part of (if any)."""
    return Claim(
        id=Claim.make_id(doc_id, kind, start, end, *detail),
        kind=kind,
        document_id=doc_id,
        speaker=span.speaker if span else None,
        mention=span.mention if span else None,
        attribution=span.attribution if span else Attribution.UNATTRIBUTED,
        evidence=Evidence(document_id=doc_id, start=start, end=end, text=text[start:end]),
        extractor_version=EXTRACTOR_VERSION,
        statement_id=statement.id if statement else None,
        **content,
    )


def _unique_span(text: str, lowered: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """`start, end` widened a word at a time (left, then right, within `lo, hi`) until the words occur once in
    the document: a quote such as "fired" or "the shelling" must lead a reader to this place, not an earlier one."""
    for _ in range(24):
        if lowered.count(lowered[start:end]) <= 1 or (start <= lo and end >= hi):
            break
        if start > lo:
            k = start
            while k > lo and text[k - 1].isspace():
                k -= 1
            while k > lo and not text[k - 1].isspace():
                k -= 1
            start = k
        if lowered.count(lowered[start:end]) > 1 and end < hi:
            k = end
            while k < hi and text[k].isspace():
                k += 1
            while k < hi and not text[k].isspace():
                k += 1
            end = k
    return start, end


def build_extraction(document: Document, state: DocState) -> Extraction:
    """Statements and claims of one document (figures deduplicated per speaker, as analysts record them)."""
    doc_id = document.id
    text = state.text or document.text
    attribution = state.ensure_attribution(text)
    layout = state.ensure_layout(text)
    statements: dict[str, Statement] = {}
    claims: dict[str, Claim] = {}
    seen: set[tuple[object, ...]] = set()
    anchors: dict[int, list[int]] = {}  # sentence -> where each of its claims' number or act starts
    datelines = _datelines(state, text)
    for f in state.ensure_figures(text):
        anchors.setdefault(layout.sentence_index_at(f.start), []).append(f.quantity.number_start)
    for e in state.ensure_events(text):
        anchors.setdefault(layout.sentence_index_at(e.start), []).append(e.trigger_start)
    for finding in state.ensure_figures(text):
        q = finding.quantity
        span = attribution.speaker_at(q.number_start)
        speaker = span.speaker if span else None
        st = _statement(doc_id, span, text) if span else None
        if st is not None:
            statements.setdefault(st.id, st)
        key = (
            finding.measure,
            finding.subject_class,
            q.value,
            q.low,
            q.high,
            q.bound,
            speaker.id if speaker else None,
        )
        if key in seen:
            continue
        seen.add(key)
        si = layout.sentence_index_at(finding.start)
        sent = layout.sentences[si]
        figure = Figure(
            measure=finding.measure,
            subject=finding.subject,
            subject_class=finding.subject_class,
            value=q.value,
            low=q.low,
            high=q.high,
            bound=q.bound,
            quantity=q.text,
            victim_party=finding.victim_party,
            perpetrator=finding.perpetrator,
            period=period_in(text, state.dates_between(text, sent.start, sent.end), sent.start, sent.end),
            places=_places_in(state, text, si, q.number_start, anchors, datelines),
        )
        detail: tuple[object, ...] = (finding.measure, finding.subject_class, q.value, q.low)
        claim = _claim(
            doc_id, text, ClaimKind.FIGURE, span, st, finding.start, finding.end, detail, figure=figure
        )
        claims[claim.id] = claim
    lowered = text.lower()
    for event_finding in state.ensure_events(text):
        span = attribution.speaker_at(event_finding.trigger_start)
        st = _statement(doc_id, span, text) if span else None
        if st is not None:
            statements.setdefault(st.id, st)
        si = layout.sentence_index_at(event_finding.start)
        sent = layout.sentences[si]
        dates = state.dates_between(text, sent.start, sent.end)
        event = Event(
            actor=event_finding.actor,
            actor_party=event_finding.actor_party or None,
            action=event_finding.action,
            action_class=event_finding.action_class,
            polarity=event_finding.polarity,
            modality=event_finding.modality,
            weapon=event_finding.weapon,
            target=event_finding.target,
            places=_places_in(state, text, si, event_finding.trigger_start, anchors, datelines),
            date=next((d.value for d in dates if d.value is not None), None),
        )
        detail = (event_finding.actor_party, event_finding.action_class, event_finding.polarity)
        start, end = _unique_span(text, lowered, event_finding.start, event_finding.end, sent.start, sent.end)
        claim = _claim(doc_id, text, ClaimKind.EVENT, span, st, start, end, detail, event=event)
        claims[claim.id] = claim
    for c in state.ensure_characterizations(text):
        span = attribution.speaker_for(c.start)
        speaker = span.speaker if span else None
        if speaker is not None and speaker.id == c.target.id:
            continue  # a speaker describing itself ("As a human rights organization, we …")
        st = _statement(doc_id, span, text) if span else None
        if st is not None:
            statements.setdefault(st.id, st)
        described = Characterization(
            target=c.target.name, target_party=c.target.party, words=c.words, valence=c.valence
        )
        kind = ClaimKind.CHARACTERIZATION
        claim = _claim(
            doc_id, text, kind, span, st, c.start, c.end, (c.target.id,), characterization=described
        )
        claims[claim.id] = claim
    for d in state.ensure_demands(text):
        span = attribution.speaker_for(d.trigger_start)
        st = _statement(doc_id, span, text) if span else None
        if st is not None:
            statements.setdefault(st.id, st)
        for target in d.targets:
            demand = Demand(
                target=target.name if target else d.target_text,
                target_party=target.party if target else None,
                action=d.action,
            )
            detail = (target.id if target else "",)
            claim = _claim(doc_id, text, ClaimKind.DEMAND, span, st, d.start, d.end, detail, demand=demand)
            claims[claim.id] = claim
    places: dict[str, Place] = {}
    if state.gazetteer is not None:
        for claim in claims.values():
            refs = claim.figure.places if claim.figure else claim.event.places if claim.event else ()
            for ref in refs:
                places.setdefault(ref.id, state.gazetteer.places[ref.id])
    return Extraction(
        document_id=doc_id,
        extractor_version=EXTRACTOR_VERSION,
        statements=tuple(statements.values()),
        claims=tuple(claims.values()),
        places=tuple(places.values()),
    )
