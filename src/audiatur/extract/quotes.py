"""Direct quotes: where quoted words start and end.

Curly (“ ”), straight (") and guillemet (« ») quotes are paired within a paragraph; a straight quote is an
opening or a closing mark by what stands on either side of it. A closing mark with no opening (a scraper
dropped it) opens its quote at the paragraph start. A quote left open at the end of a paragraph continues
when the next paragraph opens a quote (the newspaper convention for quotes over several paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audiatur.extract.layout import Layout

__all__ = ["Quote", "find_quotes"]

_OPEN = {"“": "”", "«": "»", "„": "“"}
_CLOSE = {"”", "»"}
_MARKS = re.compile(r'[“”«»„"]')


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: outer span (marks included), inner span (the words), and its paragraph."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    paragraph: int
    continues: bool = False  # opens a paragraph that continues a quote left open in the previous one
    open_ended: bool = False  # runs to the paragraph end with no closing mark

    def word_count(self, text: str) -> int:
        """Number of words inside the quote."""
        return len(text[self.inner_start : self.inner_end].split())


def _straight_is_open(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if before.isspace() or before in "([{—–-:/":
        return not after.isspace()
    return False


def find_quotes(text: str, layout: Layout) -> list[Quote]:
    """Every quote in the text, in order."""
    quotes: list[Quote] = []
    left_open = False
    for p, (ps, pe) in enumerate(layout.paragraphs):
        open_at = -1
        closer = ""
        first_in_paragraph = True
        opened_continuing = False
        for mark in _MARKS.finditer(text, ps, pe):
            i = mark.start()
            ch = mark.group(0)
            if open_at < 0:
                if ch in _OPEN or (ch == '"' and _straight_is_open(text, i, ps, pe)):
                    open_at = i
                    closer = _OPEN.get(ch, '"')
                    opened_continuing = left_open and first_in_paragraph and text[ps:i].strip() == ""
                elif ch in _CLOSE or ch == '"':
                    # a closing mark with nothing open: the quote started at the paragraph start
                    if text[ps:i].strip():
                        quotes.append(Quote(ps, i + 1, ps, i, p, open_ended=False))
                    first_in_paragraph = False
            elif ch == closer or (closer == '"' and ch == "”") or (closer == "”" and ch == '"'):
                quotes.append(Quote(open_at, i + 1, open_at + 1, i, p, continues=opened_continuing))
                open_at = -1
                first_in_paragraph = False
        if open_at >= 0:
            quotes.append(
                Quote(open_at, pe, open_at + 1, pe, p, continues=opened_continuing, open_ended=True)
            )
            left_open = True
        else:
            left_open = False
    return quotes
