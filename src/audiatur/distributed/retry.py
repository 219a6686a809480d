"""Writing a batch again when PostgreSQL chose it as a deadlock victim.

Several clients writing to one team server (two extraction runs, an extraction beside analysts merging
actors) can lock the same actor and claim rows in opposite orders; PostgreSQL then aborts one of the
transactions ("deadlock detected", or a serialization failure). Every bulk write here is idempotent, so
the remedy is the standard one: roll back (the store already did) and write the batch again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from audiatur.errors import StoreError

__all__ = ["ATTEMPTS", "is_transient", "retry_transient"]

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 5
# SQLSTATEs of a transaction PostgreSQL aborted for another's sake: deadlock, serialization failure.
_TRANSIENT = frozenset({"40P01", "40001"})


def is_transient(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is a deadlock or serialization failure worth retrying."""
    seen: BaseException | None = error
    while seen is not None:
        if getattr(seen, "sqlstate", None) in _TRANSIENT:
            return True
        seen = seen.__cause__ or getattr(seen, "orig", None)
    return False


def retry_transient(write: Callable[[], T], *, what: str) -> T:
    """`write()`, again after a short random pause while it fails transiently (ATTEMPTS times at most)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return write()
        except StoreError as exc:
            if attempt == ATTEMPTS or not is_transient(exc):
                raise
            log.info("%s: %s; writing it again (attempt %d)", what, exc, attempt + 1)
            time.sleep(random.uniform(0.05, 0.2) * attempt)
    raise AssertionError("unreachable")
