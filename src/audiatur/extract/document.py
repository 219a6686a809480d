"""Extract one document: statements and claims as domain objects."""

from __future__ import annotations

import re
from dataclasses import dataclass

from audiatur.domain import (
    Actor,
    ActorType,
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Evidence,
    Extraction,
    Figure,
    Statement,
)
from audiatur.extract.attribution import AttributionResult, StatementSpan, attribute
from audiatur.extract.figures import FigureFinding, find_figures
from audiatur.extract.layout import Layout, Token, segment, tokenize
from audiatur.extract.lexicon import Lexicon, norm
from audiatur.extract.mentions import actor_from_phrase
from audiatur.extract.numbers import find_quantities

__all__ = ["EXTRACTOR_VERSION", "Analysis", "analyse_text", "extraction_from_analysis"]

EXTRACTOR_VERSION = "0.1.0"

_PREFILTER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|"
                        r"hundreds|thousands|scores|several|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                        r"ninety|tens|fifteen|thirteen|fourteen|sixteen|seventeen|eighteen|nineteen|hundred|"
                        r"single|couple|millions)\b", re.IGNORECASE)


_MEDIA_WORDS = re.compile(
    r"\b(?:news|agency|times|post|press|tv|television|radio|daily|weekly|media|journal|herald|gazette|tribune|"
    r"channel|broadcast\w*|newspaper|magazine|online|observer|review|wire)\b",
    re.IGNORECASE,
)


@dataclass
class Analysis:
    """Everything found in one text, before it becomes domain objects."""

    text: str
    layout: Layout
    tokens: list[Token]
    attribution: AttributionResult
    figures: list[tuple[FigureFinding, StatementSpan | None]]


def _publisher_actor(publisher: str | None, lex: Lexicon) -> tuple[Actor | None, bool]:
    """The document's publisher as an actor, and whether it speaks as the author (not a news outlet)."""
    if not publisher:
        return None, False
    entry = lex.organisation(publisher)
    if entry is not None:
        actor = Actor(id=Actor.make_id(entry.name), name=entry.name, type=entry.type, party=entry.party,
                      aliases=entry.aliases)
        return actor, not entry.is_media
    # a publisher's own name stands as written; the phrase only tells its kind and party
    parsed = actor_from_phrase(publisher, tokenize(publisher), lex)
    media = bool(_MEDIA_WORDS.search(publisher)) or (parsed is not None and parsed.type == ActorType.MEDIA)
    kind = ActorType.MEDIA if media else (parsed.type if parsed and parsed.type != ActorType.PERSON else
                                          ActorType.ORGANIZATION)
    actor = Actor(id=Actor.make_id(publisher), name=publisher, type=kind, party=parsed.party if parsed else None)
    return actor, not media


def _side_party(side: str | None, lex: Lexicon) -> str | None:
    if not side:
        return None
    head = norm(side).split("-")[0]
    entry = lex.country_of(head)
    return entry.name if entry else None


def analyse_text(
    text: str,
    lex: Lexicon,
    *,
    publisher: str | None = None,
    side: str | None = None,
) -> Analysis:
    """Segment, attribute and find figures in a text."""
    layout = segment(text)
    tokens = tokenize(text)
    pub_actor, is_author = _publisher_actor(publisher, lex)
    result = attribute(
        text,
        layout,
        tokens,
        lex,
        publisher=pub_actor,
        default_party=_side_party(side, lex),
        publisher_is_author=is_author,
    )
    figures: list[tuple[FigureFinding, StatementSpan | None]] = []
    ti = 0
    for sent in layout.sentences:
        while ti < len(tokens) and tokens[ti].start < sent.start:
            ti += 1
        tj = ti
        while tj < len(tokens) and tokens[tj].start < sent.end:
            tj += 1
        chunk = text[sent.start : sent.end]
        if not _PREFILTER.search(chunk):
            ti = tj
            continue
        quantities = find_quantities(text, lex, sent.start, sent.end)
        if quantities:
            for f in find_figures(text, tokens[ti:tj], quantities, lex):
                figures.append((f, result.speaker_at(f.quantity.number_start)))
        ti = tj
    return Analysis(text, layout, tokens, result, figures)


def _statement(document_id: str, span: StatementSpan, text: str) -> Statement | None:
    if span.speaker is None:
        return None
    return Statement(
        id=Statement.make_id(document_id, span.start, span.end),
        document_id=document_id,
        speaker=span.speaker,
        mention=span.mention,
        attribution=span.attribution,
        evidence=Evidence(document_id=document_id, start=span.start, end=span.end, text=text[span.start : span.end]),
        signatories=span.signatories,
    )


def extraction_from_analysis(document: Document, analysis: Analysis) -> Extraction:
    """Turn an analysis into the domain's statements and claims (figures deduplicated per speaker)."""
    doc_id = document.id
    text = analysis.text
    statements: dict[str, Statement] = {}
    claims: dict[str, Claim] = {}
    seen: set[tuple[object, ...]] = set()
    for finding, span in analysis.figures:
        speaker = span.speaker if span else None
        attribution = span.attribution if span else Attribution.UNATTRIBUTED
        st = _statement(doc_id, span, text) if span else None
        if st is not None:
            statements.setdefault(st.id, st)
        q = finding.quantity
        key = (finding.measure, finding.subject_class, q.value, q.low, q.high, q.bound, speaker.id if speaker else None)
        if key in seen:
            continue
        seen.add(key)
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
        )
        claim_id = Claim.make_id(doc_id, ClaimKind.FIGURE, finding.start, finding.end, finding.measure,
                                 finding.subject_class, q.value, q.low)
        claims[claim_id] = Claim(
            id=claim_id,
            kind=ClaimKind.FIGURE,
            document_id=doc_id,
            speaker=speaker,
            mention=span.mention if span else None,
            attribution=attribution,
            evidence=Evidence(document_id=doc_id, start=finding.start, end=finding.end,
                              text=text[finding.start : finding.end]),
            extractor_version=EXTRACTOR_VERSION,
            statement_id=st.id if st else None,
            figure=figure,
        )
    return Extraction(
        document_id=doc_id,
        extractor_version=EXTRACTOR_VERSION,
        statements=tuple(statements.values()),
        claims=tuple(claims.values()),
    )
