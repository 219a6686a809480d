"""Paragraphs, sentences and words of a stored text, as character offsets.

Paragraphs are split at blank lines, and at single line breaks unless the break is a hard wrap (the line
does not end a sentence and the next one starts in lower case, as PDFs wrap). Sentences never cross a
paragraph. A sentence does not end inside an abbreviation ("Mr.", "Jan.", "U.N."), an initial, or before
a short trailing attribution (`…?" Hajiyev said.`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Layout", "Sentence", "Token", "segment", "tokenize"]


class Token(NamedTuple):
    """A word or punctuation mark: its span, its text and its lower-cased, apostrophe-straightened form."""

    start: int
    end: int
    text: str
    lower: str
    is_title: bool  # starts with an upper-case letter


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its span and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Layout:
    """The paragraphs and sentences of a text."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]

    def sentence_index_at(self, offset: int) -> int:
        """Index of the sentence that holds `offset` (the last one starting at or before it)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)*"
    r"|['’]s\b"
    r"|[^\W\d_]+(?:-[^\W\d_]+|['’](?!s\b)[^\W\d_]+)*(?:-\d+)?"
    r"|\S",
)
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words, numbers and punctuation of `text[start:end]`; a possessive "'s" is its own token."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    low = chunk.lower()
    if len(low) != len(chunk):  # a rare character changes length when lower-cased: go word by word
        low = "".join(ch.lower()[:1] or ch for ch in chunk)
    low = low.translate(_APOS)
    new = tuple.__new__  # skips NamedTuple's argument binding: tokenising is on the hot path
    return [
        new(Token, (s + start, e + start, chunk[s:e], low[s:e], chunk[s].isupper()))
        for s, e in (m.span() for m in _TOKEN.finditer(chunk))
    ]


_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen lt col maj capt sgt adm sen rep gov pres no nos vs etc inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec approx est dept govt fig ref vol art para pp ca e.g i.e
    u.s u.n u.k e.u a.m p.m mt ft""".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)|[\"”’](?=\s)")
_REPORTING_TAIL = re.compile(
    r"\s*[\"”’]?\s*[,—–-]?\s*(?:[A-Z][\w’'.-]*\s+){0,4}?(?:said|says|added|asked|stressed|noted|stated|told|wrote|"
    r"continued|concluded|explained|insisted|warned|claimed|tweeted|declared|emphasized|emphasised|"
    r"underlined|replied|remarked)\b[^.!?]{0,60}[.!?]",
)
_LOWER_TAIL = re.compile(r"\s*[,;]?\s*(?:he|she|they|it|the\s+\w+|a\s+\w+)\s+\w+", re.IGNORECASE)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the "." at `dot` ends an abbreviation or an initial rather than a sentence."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    return word in _ABBREVIATIONS or (
        len(word) == 1 and word.isalpha() and text[j - 1 : j] in ("", " ", "\n")
    )


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    cur_s = cur_e = -1
    for s, e in lines:
        line = text[s:e]
        if not line.strip():
            continue
        if cur_s < 0:
            cur_s, cur_e = s, e
            continue
        gap = text[cur_e:s]
        prev = text[cur_s:cur_e].rstrip()
        hard_wrap = (
            gap.count("\n") == 1
            and not re.search(r"[.!?:;\"”’)\]]$", prev)
            and line.lstrip()[:1].islower()
            and len(prev) > 40
        )
        if hard_wrap:
            cur_e = e
        else:
            out.append((cur_s, cur_e))
            cur_s, cur_e = s, e
    if cur_s >= 0:
        out.append((cur_s, cur_e))
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    s = start
    while s < end and text[s].isspace():
        s += 1
    for m in _BOUNDARY.finditer(text, start, end):
        b = m.end()
        if b <= s:
            continue
        mark = m.group(0)
        nxt = b
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            break
        following = text[nxt]
        if mark[0] in '"”’':
            continue  # a closing quote alone does not end a sentence
        if not (following.isupper() or following.isdigit() or following in "\"“‘'([«"):
            continue
        if mark[0] == "." and len(mark.rstrip("\"”’')]")) == 1 and _is_abbreviation(text, m.start()):
            continue
        quoted = bool(mark.rstrip(".!?…")) or text[nxt] in '"”’'
        if quoted and _REPORTING_TAIL.match(text, b, end):
            continue  # `…?" Hajiyev said.` — the attribution belongs to the quote's sentence
        if _LOWER_TAIL.match(text, b, end) and following.islower():
            continue
        out.append((s, m.end()))
        s = nxt
    if s < end:
        e = end
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def segment(text: str) -> Layout:
    """Split `text` into paragraphs and sentences."""
    paragraphs = _paragraphs(text)
    sentences: list[Sentence] = []
    for i, (ps, pe) in enumerate(paragraphs):
        for s, e in _sentences(text, ps, pe):
            sentences.append(Sentence(s, e, i))
    return Layout(text, tuple(paragraphs), tuple(sentences))
