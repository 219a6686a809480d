"""Longest-match lookup of multi-word lexicon phrases at a token position."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from audiatur.extract.layout import Token, tokenize

__all__ = ["PhraseIndex"]

V = TypeVar("V")


class PhraseIndex(Generic[V]):
    """Phrases keyed by their first word; `match` finds the longest phrase starting at a token."""

    def __init__(self, items: Iterable[tuple[str, V]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for phrase, value in items:
            words = tuple(t.lower for t in tokenize(phrase))
            if words:
                self._by_first.setdefault(words[0], []).append((words, value))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: len(e[0]), reverse=True)

    def __contains__(self, word: str) -> bool:
        return word in self._by_first

    def starts(self, tokens: Sequence[Token]) -> list[int]:
        """Indexes of the tokens some phrase starts with (where `match` can succeed)."""
        firsts = self._by_first
        return [k for k, t in enumerate(tokens) if t.lower in firsts]

    def match(self, tokens: Sequence[Token], i: int) -> tuple[int, V] | None:
        """(number of tokens, value) of the longest phrase starting at `tokens[i]`, or None."""
        entries = self._by_first.get(tokens[i].lower)
        if not entries:
            return None
        n = len(tokens)
        for words, value in entries:
            k = len(words)
            if i + k <= n and all(tokens[i + j].lower == words[j] for j in range(1, k)):
                return k, value
        return None

    def match_ending(self, tokens: Sequence[Token], end: int, lo: int = 0) -> tuple[int, V] | None:
        """(start index, value) of the longest phrase ending just before `tokens[end]`."""
        for start in range(max(lo, end - 6), end):  # earliest start first: the longest phrase wins
            entries = self._by_first.get(tokens[start].lower)
            if not entries:
                continue
            k = end - start
            for words, value in entries:
                if len(words) == k and all(tokens[start + j].lower == words[j] for j in range(1, k)):
                    return start, value
        return None
