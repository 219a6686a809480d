"""The claims export (JSON Lines): one claim a line, in the contract's shape (`Claim.to_dict`).

Every line also carries, as fields added to the contract (never renamed ones), what `audiatur import` needs
to rebuild the claim's review state elsewhere:

- `statement_id`; `speaker.id`, `speaker.role`, `speaker.affiliation`, `speaker.aliases`;
- `document.raw_sha256` (SHA-256 of the bytes as received) and the document's other custody metadata;
- `review`: `version`, `superseded`, `reviewed_by`, `reviewed_at`, `override` (the analyst's corrections),
  `extracted` (the claim before corrections, when corrected) and `history` (its audit entries, oldest first).

With `full=True` the first line of each document also carries `document.text`, `document.raw` (the bytes as
received, base64), `document.captures` (every receipt) and `document.statements`, and claims the extractor no
longer finds but an analyst reviewed (superseded) are included: the file alone rebuilds the ledger.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TextIO

from audiatur.domain import Actor, Claim, Document, Statement
from audiatur.store import IMPORT_ACTION, AuditEntry, ClaimFilter, LedgerClaim, Store

__all__ = ["actor_dict", "claim_line", "document_payload", "history", "write_jsonl"]

Progress = Callable[[int], None]


def actor_dict(actor: Actor | None) -> dict[str, Any] | None:
    """An actor as the export gives it (the contract's speaker fields plus id, role, affiliation, aliases)."""
    if actor is None or not actor.id:
        return None
    return {
        "id": actor.id,
        "name": actor.name,
        "type": str(actor.type),
        "party": actor.party,
        "role": actor.role,
        "affiliation": actor.affiliation,
        "aliases": list(actor.aliases),
    }


def history(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    """A claim's audit entries as exported; an import's entry is preceded by the history it brought along."""
    out: list[dict[str, Any]] = []
    for e in entries:
        after = dict(e.after) if e.after is not None else None
        if e.action == IMPORT_ACTION and after is not None:
            out.extend(dict(h) for h in after.pop("history", None) or ())
        out.append(
            {
                "at": e.at.isoformat(),
                "user": e.user,
                "action": e.action,
                "before": dict(e.before) if e.before is not None else None,
                "after": after,
                "hash": e.hash,
            }
        )
    return out


def _content(claim: Claim) -> dict[str, Any]:
    data = dict(claim.to_dict())
    return {
        "speaker": actor_dict(claim.speaker),
        "mention": claim.mention,
        "attribution": data["attribution"],
        str(claim.kind): data[str(claim.kind)],
    }


def claim_line(item: LedgerClaim) -> dict[str, Any]:
    """One line of the export: the contract's fields, then the additive ones (see the module docstring)."""
    record, claim, doc = item.record, item.record.claim, item.document
    line: dict[str, Any] = dict(claim.to_dict(doc))
    line["statement_id"] = claim.statement_id
    speaker = actor_dict(claim.speaker)
    if speaker is not None:
        line["speaker"] = {
            **line["speaker"],
            **{k: speaker[k] for k in ("id", "role", "affiliation", "aliases")},
        }
    line["document"] = {
        **line["document"],
        "raw_sha256": doc.raw_sha256,
        "url": doc.url,
        "publisher": doc.publisher,
        "author": doc.author,
        "published_precision": str(doc.published_precision),
        "language": doc.language,
        "side": doc.side,
        "media_type": doc.media_type,
        "retrieved_at": doc.retrieved_at.isoformat(),
        "duplicate_of": doc.duplicate_of,
    }
    corrected = bool(record.override)
    line["review"] = {
        "version": record.version,
        "superseded": record.superseded,
        "reviewed_by": record.reviewed_by,
        "reviewed_at": record.reviewed_at.isoformat() if record.reviewed_at else None,
        "override": dict(record.override) if corrected else None,
        "extracted": _content(item.extracted) if corrected else None,
        "history": history(item.history),
    }
    return line


def _statement(st: Statement) -> dict[str, Any]:
    return {
        "id": st.id,
        "speaker": actor_dict(st.speaker),
        "mention": st.mention,
        "attribution": str(st.attribution),
        "start": st.evidence.start,
        "end": st.evidence.end,
        "text": st.evidence.text,
        "signatories": [actor_dict(a) for a in st.signatories],
    }


def document_payload(store: Store, document: Document) -> dict[str, Any]:
    """What a `full` export adds to a document's first line: text, raw bytes, receipts, statements."""
    raws: dict[str, bytes] = {document.raw_sha256: store.get_raw(document.raw_sha256)}
    captures = []
    for c in store.list_captures(document.id):
        if c.raw_sha256 not in raws:
            raws[c.raw_sha256] = store.get_raw(c.raw_sha256)
        captures.append(
            {
                "raw_sha256": c.raw_sha256,
                "source": c.source,
                "url": c.url,
                "publisher": c.publisher,
                "title": c.title,
                "published": c.published.isoformat() if c.published else None,
                "retrieved_at": c.retrieved_at.isoformat(),
                # The document's own bytes are in `raw`; another receipt's bytes travel with it.
                "raw": None if c.raw_sha256 == document.raw_sha256 else _b64(raws[c.raw_sha256]),
            }
        )
    return {
        "text": document.text,
        "raw": _b64(raws[document.raw_sha256]),
        "captures": captures,
        "statements": [_statement(st) for st in store.get_statements(document.id)],
    }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def write_jsonl(
    store: Store,
    out: TextIO,
    filter: ClaimFilter | None = None,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write every claim (streaming, in a stable order); return how many were written.

    `full`: also the documents themselves and superseded reviewed claims, so that `audiatur import` can
    rebuild the ledger from this file alone.
    """
    if full:
        filter = replace(filter or ClaimFilter(), include_superseded=True)
    seen: set[str] = set()
    n = 0
    for item in store.iter_ledger(filter):
        line = claim_line(item)
        if full and item.document.id not in seen:
            seen.add(item.document.id)
            line["document"].update(document_payload(store, item.document))
        out.write(json.dumps(line, ensure_ascii=False))
        out.write("\n")
        n += 1
        if progress is not None:
            progress(n)
    return n
