"""What a listing makes of each claim, remembered in this process: a ledger row (HTML) and a claim's API
shape are made once per claim record.

Both are pure functions of the claim's record, its document's listing metadata (and, for a row, the
search terms it marks), all immutable values. The store's read memo hands out the same `ClaimRecord`
object while the claim's row is unchanged, and the ledger cache the same `DocumentInfo` while the documents
are; so a result is kept under the identity of those two objects (and the terms), holding the objects
themselves so an identity is never reused while its entry exists. A changed claim or document comes as a
new object, and is made again. Bounded (least recently used first out) and thread-safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["KEPT", "ByIdentity"]

KEPT = 1000  # results remembered per memo (the first pages of every filter the ledger is read with)
T = TypeVar("T")


class ByIdentity(Generic[T]):
    """What `make(record, document, terms)` gives, remembered by the identity of its inputs."""

    def __init__(self, make: Callable[[Any, Any, str | None], T], kept: int = KEPT) -> None:
        self.make, self.kept = make, kept
        self._lock = threading.Lock()
        self._held: OrderedDict[tuple[int, int, str | None], tuple[Any, Any, T]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __call__(self, record: Any, document: Any, terms: str | None = None) -> T:
        key = (id(record), id(document), terms)
        with self._lock:
            held = self._held.get(key)
            if held is not None and held[0] is record and held[1] is document:
                self._held.move_to_end(key)
                self.hits += 1
                return held[2]
        self.misses += 1
        made = self.make(record, document, terms)
        with self._lock:
            self._held[key] = (record, document, made)
            self._held.move_to_end(key)
            while len(self._held) > self.kept:
                self._held.popitem(last=False)
        return made

    def __len__(self) -> int:
        return len(self._held)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._held.clear()
