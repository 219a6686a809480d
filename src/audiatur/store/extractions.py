"""Saving what an extractor found in a document, atomically and without losing an analyst's work."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, exists, func, select, update
from sqlalchemy.orm import Session

from audiatur.domain import Actor, ActorType, Claim, ClaimKind, ClaimStatus, Extraction, PlaceRef, Statement
from audiatur.errors import NotFound

from .actors import Actors
from .base import chunks, now
from .mapping import statement_from_row, statement_values
from .payloads import apply_override, build_claim, claim_columns, claim_data, clean, effective_places
from .records import InvalidData
from .tables import ClaimPlaceRow, ClaimRow, DocumentRow, ExtractionRow, StatementRow

__all__ = ["Extractions"]

log = logging.getLogger(__name__)


class Extractions(Actors):
    """Extraction results per document."""

    def save_extraction(self, extraction: Extraction) -> None:
        """Store one document's extraction, replacing what older runs found there, all or nothing.

        Actors, places and statements are upserted. A claim found again keeps its status, correction and
        version; a claim no longer found is deleted, unless an analyst reviewed or corrected it: then it
        stays, marked `superseded`.
        """
        doc_id = extraction.document_id
        version = clean(extraction.extractor_version).strip()
        if not version:
            raise InvalidData(f"document {doc_id[:12]}: extraction has no extractor version")
        _check_ids(extraction)
        with self._writing() as s:
            doc = s.get(DocumentRow, doc_id, with_for_update=True)
            if doc is None:
                raise NotFound(f"no document {doc_id[:12]} to save an extraction for")
            _check_spans(doc.text, extraction)
            actors = self._upsert_actors(s, _gather_actors(extraction))
            actor_ids = {i: a.id for i, a in actors.items()}
            refs = [p for c in extraction.claims for p in effective_places(c)]
            self._upsert_places(s, [*extraction.places, *refs])
            statement_ids, statements_before = self._save_statements(s, extraction, actor_ids, version)
            counts = self._save_claims(s, extraction, doc, version, statement_ids, actors)
            self._drop_orphan_statements(s, doc_id, statement_ids, statements_before)
            self._record_run(s, extraction, version, counts)
        log.debug("document %s: extraction %s saved (%s)", doc_id[:12], version, dict(counts))

    def _save_statements(
        self, s: Session, extraction: Extraction, actor_ids: Mapping[str, str], version: str
    ) -> tuple[set[str], set[str]]:
        """Upsert the statements; returns (ids saved now, ids stored before)."""
        existing = set(
            s.scalars(select(StatementRow.id).where(StatementRow.document_id == extraction.document_id))
        )
        values = [
            statement_values(
                st, actor_id=actor_ids.get(st.speaker.id, st.speaker.id), extractor_version=version
            )
            for st in extraction.statements
        ]
        new = [v for v in values if v["id"] not in existing]
        changed = [v for v in values if v["id"] in existing]
        if new:
            s.execute(self._insert(StatementRow), new)
        if changed:
            s.execute(update(StatementRow), changed)
        return {v["id"] for v in values}, existing

    def _drop_orphan_statements(self, s: Session, doc_id: str, keep: set[str], before: set[str]) -> None:
        if not before - keep:
            return
        # Statements no longer found go, unless a kept (reviewed) claim still points at one.
        referenced = exists().where(ClaimRow.statement_id == StatementRow.id)
        stale = select(StatementRow.id).where(StatementRow.document_id == doc_id, ~referenced)
        ids = [i for i in s.scalars(stale) if i not in keep]
        for part in chunks(ids):
            s.execute(delete(StatementRow).where(StatementRow.id.in_(part)))

    def _save_claims(
        self,
        s: Session,
        extraction: Extraction,
        doc: DocumentRow,
        version: str,
        statement_ids: set[str],
        actors: Mapping[str, Actor],
    ) -> Counter[str]:
        doc_id = doc.id
        columns = [
            getattr(ClaimRow, c) for c in ("id", "data", "override", "status", "superseded", "statement_id")
        ]
        existing = {r.id: r for r in s.execute(select(*columns).where(ClaimRow.document_id == doc_id))}
        at = now()
        corrected = {
            r.override["speaker_id"] for r in existing.values() if r.override and r.override.get("speaker_id")
        }
        speakers = {**actors, **self._actors_by_id(s, corrected - actors.keys())}
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        places: dict[str, tuple[PlaceRef, ...]] = {}
        counts: Counter[str] = Counter()
        for claim in extraction.claims:
            if claim.statement_id is not None and claim.statement_id not in statement_ids:
                known = s.scalar(select(exists().where(StatementRow.id == claim.statement_id)))
                if not known:
                    raise InvalidData(
                        f"claim {claim.id[:12]} names statement {claim.statement_id[:12]}, not stored"
                    )
            counts[str(claim.kind)] += 1
            old = existing.get(claim.id)
            data = claim_data(claim)
            override = old.override if old is not None else None
            effective = _effective(claim, data, override, speakers)
            values = {
                **claim_row(claim, doc_id, version, data, effective),
                "updated_at": at,
                "published": doc.published,
                "speaker_party": effective.speaker.party if effective.speaker else None,
            }
            places[claim.id] = effective_places(effective)
            if old is None:
                inserts.append(
                    values
                    | {"status": str(ClaimStatus.EXTRACTED), "override": None, "version": 1, "created_at": at}
                    | {"reviewed_by": None, "reviewed_at": None}
                )
            else:
                updates.append(values)
        found = {c.id for c in extraction.claims}
        gone = [r for i, r in existing.items() if i not in found]
        reviewed = [r.id for r in gone if r.status != ClaimStatus.EXTRACTED or r.override]
        dropped = [r.id for r in gone if r.id not in set(reviewed)]
        for part in chunks(dropped):
            s.execute(delete(ClaimRow).where(ClaimRow.id.in_(part)))
        for part in chunks(reviewed):
            s.execute(update(ClaimRow).where(ClaimRow.id.in_(part)).values(superseded=True, updated_at=at))
        if inserts and self.dialect != "postgresql":
            for row, seq in zip(
                inserts, self._next_seqs(s, ClaimRow.seq, "claim_seq", len(inserts)), strict=True
            ):
                row["seq"] = seq
        table = cast(Table, ClaimRow.__table__)
        if inserts:
            s.execute(self._insert(table), inserts)
        if updates:
            # Core executemany by primary key (lighter than the ORM's bulk update for a whole document).
            keys = [k for k in updates[0] if k != "id"]
            by_id = (
                update(table).where(table.c.id == bindparam("_id")).values({k: bindparam(k) for k in keys})
            )
            s.execute(by_id, [{**{k: u[k] for k in keys}, "_id": u["id"]} for u in updates])
        self._replace_claim_places(s, places, {u["id"] for u in updates})
        counts["superseded"] = len(reviewed)
        counts["removed"] = len(dropped)
        return counts

    def _replace_claim_places(
        self, s: Session, places: Mapping[str, tuple[PlaceRef, ...]], stored: set[str]
    ) -> None:
        """Link claims to their places; `stored` are the claims that may have links already."""
        for part in chunks(sorted(stored)):
            s.execute(delete(ClaimPlaceRow).where(ClaimPlaceRow.claim_id.in_(part)))
        rows = [
            {"claim_id": c, "place_id": p}
            for c, refs in places.items()
            for p in dict.fromkeys(r.id for r in refs)
        ]
        if rows:
            s.execute(self._insert(ClaimPlaceRow), rows)

    def _record_run(self, s: Session, extraction: Extraction, version: str, counts: Counter[str]) -> None:
        doc_id = extraction.document_id
        s.execute(update(ExtractionRow).where(ExtractionRow.document_id == doc_id).values(current=False))
        values = {
            "extracted_at": now(),
            "statements": len(extraction.statements),
            "claims": len(extraction.claims),
            "counts": dict(sorted(counts.items())),
            "current": True,
        }
        insert = self._insert(ExtractionRow).values(document_id=doc_id, extractor_version=version, **values)
        s.execute(
            insert.on_conflict_do_update(index_elements=["document_id", "extractor_version"], set_=values)
        )

    def documents_to_extract(self, extractor_version: str, *, all: bool = False) -> list[str]:
        """Ids of documents whose current extraction is not by this extractor version (all ids with `all`)."""
        query = select(DocumentRow.id).order_by(DocumentRow.seq)
        if not all:
            done = exists().where(
                ExtractionRow.document_id == DocumentRow.id,
                ExtractionRow.current.is_(True),
                ExtractionRow.extractor_version == extractor_version,
            )
            query = query.where(~done)
        with self._reading() as s:
            return list(s.scalars(query))

    def extraction_versions(self) -> dict[str, int]:
        """How many documents each extractor version is current for."""
        query = (
            select(ExtractionRow.extractor_version, func.count())
            .where(ExtractionRow.current.is_(True))
            .group_by(ExtractionRow.extractor_version)
        )
        with self._reading() as s:
            return {str(v): int(n) for v, n in s.execute(query).all()}

    def get_statements(self, document_id: str) -> list[Statement]:
        """The statements stored for a document, in text order."""
        with self._reading() as s:
            rows = list(
                s.scalars(
                    select(StatementRow)
                    .where(StatementRow.document_id == document_id)
                    .order_by(StatementRow.start, StatementRow.id)
                )
            )
            ids = {r.actor_id for r in rows if r.actor_id} | {a for r in rows for a in r.signatories or ()}
            actors = self._actors_by_id(s, ids)
            return [statement_from_row(r, actors) for r in rows]


def claim_row(claim: Claim, document_id: str, version: str, data: Any, effective: Claim) -> dict[str, Any]:
    """The columns of a claim's row that every writer fills the same way (the rest depend on the writer)."""
    return {
        "id": claim.id,
        "document_id": document_id,
        "kind": str(claim.kind),
        "statement_id": claim.statement_id,
        "evidence_start": claim.evidence.start,
        "evidence_end": claim.evidence.end,
        "evidence_text": clean(claim.evidence.text),
        "extractor_version": version,
        "data": data,
        "superseded": False,
        **claim_columns(effective),
    }


def _effective(
    claim: Claim, data: dict[str, Any], override: Mapping[str, Any] | None, speakers: Mapping[str, Actor]
) -> Claim:
    """The claim as the ledger shows it: the new extraction with the analyst's override on top."""
    merged = apply_override(data, override)
    speaker_id = merged.get("speaker_id")
    try:
        return build_claim(
            id=claim.id,
            kind=claim.kind,
            evidence=claim.evidence,
            extractor_version=claim.extractor_version,
            statement_id=claim.statement_id,
            status=claim.status,
            data=merged,
            speaker=speakers.get(speaker_id) if speaker_id else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidData(f"claim {claim.id[:12]}: {type(exc).__name__}: {exc}") from exc


def _gather_actors(extraction: Extraction) -> list[Actor]:
    """Every actor of the extraction once; what several mentions of one actor say is pooled, not dropped."""
    pooled: dict[str, Actor] = {}
    mentions = [a for st in extraction.statements for a in (st.speaker, *st.signatories)]
    mentions += [c.speaker for c in extraction.claims if c.speaker is not None]
    for actor in mentions:
        seen = pooled.get(actor.id)
        if seen is None:
            pooled[actor.id] = actor
            continue
        pooled[actor.id] = replace(
            seen,
            type=seen.type if seen.type is not ActorType.UNKNOWN else actor.type,
            aliases=(*seen.aliases, *(a for a in actor.aliases if a not in seen.aliases)),
            role=seen.role or actor.role,
            affiliation=seen.affiliation or actor.affiliation,
            party=seen.party or actor.party,
        )
    return list(pooled.values())


def _check_ids(extraction: Extraction) -> None:
    doc_id = extraction.document_id
    for what, items in (("statement", extraction.statements), ("claim", extraction.claims)):
        seen: set[str] = set()
        for item in items:
            if item.document_id != doc_id:
                raise InvalidData(
                    f"{what} {item.id[:12]} belongs to document {item.document_id[:12]}, not {doc_id[:12]}"
                )
            if item.id in seen:
                raise InvalidData(f"document {doc_id[:12]}: {what} id {item.id[:12]} appears twice")
            seen.add(item.id)
    for claim in extraction.claims:
        if claim.kind not in ClaimKind:
            raise InvalidData(f"claim {claim.id[:12]}: unknown kind {claim.kind!r}")


def _check_spans(text: str, extraction: Extraction) -> None:
    """Every piece of evidence must be the exact words at its span of the stored text."""
    spans: list[tuple[str, Any]] = [("statement", st) for st in extraction.statements]
    spans += [("claim", c) for c in extraction.claims]
    for what, item in spans:
        ev = item.evidence
        if not 0 <= ev.start <= ev.end <= len(text) or text[ev.start : ev.end] != clean(ev.text):
            raise InvalidData(
                f"{what} {item.id[:12]}: evidence [{ev.start}:{ev.end}] is not the document's text there"
            )
