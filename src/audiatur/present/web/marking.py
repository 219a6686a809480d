"""Text cut into marked and unmarked segments, for templates to escape and wrap (never raw HTML).

A document's stored text is untrusted: nothing here builds markup. Functions return `Segment`s and the
templates print each segment's text through autoescaping, wrapping the marked ones in `<mark>`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from audiatur.store import HIGHLIGHT_END, HIGHLIGHT_START

__all__ = [
    "Segment",
    "Span",
    "evidence_in_paragraph",
    "first_spans",
    "mark_spans",
    "mark_terms",
    "snippet_segments",
]

# Longest context shown on either side of evidence when its paragraph is very long.
_CONTEXT = 600
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_QUERY_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text to mark, and what it stands for (a claim id, for instance)."""

    start: int
    end: int
    key: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text; `keys` names the spans covering it (empty: unmarked), `opens` those starting here."""

    text: str
    keys: tuple[str, ...] = ()
    opens: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        """Whether any span covers this piece."""
        return bool(self.keys)


def mark_spans(text: str, spans: Iterable[Span], *, offset: int = 0) -> list[Segment]:
    """`text` (which starts at `offset` of its document) cut at every span boundary; spans may overlap."""
    inside = [
        Span(max(s.start - offset, 0), min(s.end - offset, len(text)), s.key)
        for s in spans
        if s.end > offset and s.start < offset + len(text) and s.end > s.start
    ]
    cuts = sorted({0, len(text), *(s.start for s in inside), *(s.end for s in inside)})
    segments: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        keys = tuple(s.key for s in inside if s.start <= left and s.end >= right)
        opens = tuple(s.key for s in inside if s.start == left)
        segments.append(Segment(text[left:right], keys, opens))
    return segments


def evidence_in_paragraph(text: str, start: int, end: int, *, context: int = _CONTEXT) -> list[Segment]:
    """The paragraph around `text[start:end]` with that span marked (trimmed to `context` characters on
    either side, at a sentence or word boundary, with …)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left = 0
    for match in _PARAGRAPH_BREAK.finditer(text, 0, start):
        left = match.end()
    following = _PARAGRAPH_BREAK.search(text, end)
    right = following.start() if following else len(text)
    prefix = suffix = ""
    if start - left > context:
        left = _cut_forward(text, start - context, start)
        prefix = "… "
    if right - end > context:
        right = _cut_back(text, end, end + context)
        suffix = " …"
    segments = mark_spans(text[left:right], [Span(start, end, "evidence")], offset=left)
    if prefix:
        segments.insert(0, Segment(prefix))
    if suffix:
        segments.append(Segment(suffix))
    return segments


def _cut_forward(text: str, at: int, limit: int) -> int:
    """A cut at or after `at` that does not split a word (the start of the next sentence if near)."""
    sentence = text.find(". ", at, limit)
    if sentence != -1:
        return sentence + 2
    space = text.find(" ", at, limit)
    return space + 1 if space != -1 else at


def _cut_back(text: str, limit: int, at: int) -> int:
    """A cut at or before `at` that does not split a word."""
    space = text.rfind(" ", limit, at)
    return space if space != -1 else at


def mark_terms(text: str, query: str | None) -> list[Segment]:
    """`text` with the words of a search query marked (case-insensitive, whole-word prefixes)."""
    words = sorted({w.casefold() for w in _QUERY_WORD.findall(_positive_part(query or ""))}, key=len)
    if not words:
        return [Segment(text)]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in reversed(words)) + r")\w*", re.IGNORECASE)
    return mark_spans(text, (Span(m.start(), m.end(), "match") for m in pattern.finditer(text)))


def _positive_part(query: str) -> str:
    """The query without its `-excluded` words (those are not in a matching text)."""
    return " ".join(part for part in query.split() if not part.startswith("-"))


def snippet_segments(snippet: str) -> list[Segment]:
    """A store search snippet (matches between HIGHLIGHT_START and HIGHLIGHT_END) as segments."""
    segments: list[Segment] = []
    rest = snippet
    while rest:
        start = rest.find(HIGHLIGHT_START)
        if start == -1:
            segments.append(Segment(rest.replace(HIGHLIGHT_END, "")))
            break
        if start:
            segments.append(Segment(rest[:start].replace(HIGHLIGHT_END, "")))
        end = rest.find(HIGHLIGHT_END, start + 1)
        end = len(rest) if end == -1 else end
        segments.append(Segment(rest[start + 1 : end].replace(HIGHLIGHT_START, ""), ("match",)))
        rest = rest[end + 1 :]
    return [s for s in segments if s.text]


def first_spans(spans: Sequence[Span]) -> dict[str, int]:
    """Each span key's number in reading order (1-based), for footnote-style references."""
    order: dict[str, int] = {}
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        order.setdefault(span.key, len(order) + 1)
    return order
