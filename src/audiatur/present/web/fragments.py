"""Rendered fragments remembered in this process: a ledger row is rendered once per claim record.

A ledger row is a pure function of the claim's record, its document's listing metadata and the search
terms it marks, all immutable values. The store's read memo hands out the same `ClaimRecord` object while
the claim's row is unchanged, and the ledger cache the same `DocumentInfo` while the documents are; so a
row is kept under the identity of those two objects (and the terms), holding the objects themselves so an
identity is never reused while its entry exists. A changed claim or document comes as a new object, and
its row is rendered again. Bounded (least recently used rows go first) and thread-safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

__all__ = ["ROWS_KEPT", "Fragments"]

ROWS_KEPT = 2000  # rows remembered per template (a few pages of every filter the ledger is read with)


class Fragments:
    """Markup rendered by `render(record, document, terms)`, remembered by the identity of its inputs."""

    def __init__(self, render: Callable[[Any, Any, str | None], Markup], kept: int = ROWS_KEPT) -> None:
        self.render, self.kept = render, kept
        self._lock = threading.Lock()
        self._held: OrderedDict[tuple[int, int, str | None], tuple[Any, Any, Markup]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __call__(self, record: Any, document: Any, terms: str | None = None) -> Markup:
        key = (id(record), id(document), terms)
        with self._lock:
            held = self._held.get(key)
            if held is not None and held[0] is record and held[1] is document:
                self._held.move_to_end(key)
                self.hits += 1
                return held[2]
        self.misses += 1
        markup = self.render(record, document, terms)
        with self._lock:
            self._held[key] = (record, document, markup)
            self._held.move_to_end(key)
            while len(self._held) > self.kept:
                self._held.popitem(last=False)
        return markup

    def __len__(self) -> int:
        return len(self._held)

    def clear(self) -> None:
        """Forget every fragment."""
        with self._lock:
            self._held.clear()
