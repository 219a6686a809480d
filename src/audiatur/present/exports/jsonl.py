"""The claims export (JSON Lines): one claim a line, in the contract's shape (`Claim.to_dict`)."""

from __future__ import annotations

import json
from typing import TextIO

from audiatur.store import ClaimFilter, Store

__all__ = ["write_jsonl"]


def write_jsonl(store: Store, out: TextIO, filter: ClaimFilter | None = None) -> int:
    """Write every claim (streaming, in a stable order); return how many were written."""
    n = 0
    for claim, document in store.iter_export(filter) if filter is not None else store.iter_export():
        out.write(json.dumps(claim.to_dict(document), ensure_ascii=False, sort_keys=False))
        out.write("\n")
        n += 1
    return n
