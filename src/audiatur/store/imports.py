"""Moving a reviewed ledger between installations: reading claims out with their review state and audit
trail (`iter_ledger`), and writing them into another ledger (`import_claims`), all or nothing.

An import keeps what makes a claim auditable: its id, evidence span, extracted content, the analyst's
corrections, status, version, reviewer and review time. The audit trail it came with is kept inside one
`claim.import` audit entry per reviewed claim (this ledger's hash chain cannot take another ledger's rows),
and the import itself is one `ledger.import` entry naming the file's SHA-256.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from audiatur.domain import Actor, Capture, Claim, ClaimStatus, Document, Statement
from audiatur.errors import Conflict, StoreError

from .base import chunks, now
from .claims import Claims
from .documents import Documents
from .mapping import audit_entry, claim_record, document_from_row, statement_values
from .payloads import (
    COMMON_FIELDS,
    KIND_FIELDS,
    apply_override,
    build_claim,
    claim_columns,
    claim_data,
    clean,
    clean_json,
    effective_places,
)
from .records import AuditEntry, ClaimFilter, ClaimRecord, InvalidData
from .tables import AuditRow, ClaimPlaceRow, ClaimRow, DocumentRow, ExtractionRow, StatementRow

__all__ = ["IMPORT_ACTION", "ImportReport", "ImportedClaim", "ImportedDocument", "Imports", "LedgerClaim"]

log = logging.getLogger(__name__)

IMPORT_ACTION = "claim.import"
LEDGER_IMPORT_ACTION = "ledger.import"


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerClaim:
    """A claim as `iter_ledger` gives it: as the ledger shows it, as extracted, and its review trail."""

    record: ClaimRecord  # corrections applied, with version, reviewer, superseded
    extracted: Claim  # what the extractor found, without the analyst's corrections
    document: Document
    history: tuple[AuditEntry, ...] = ()  # this claim's audit entries, oldest first


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedDocument:
    """A document an import file carries: its receipts with their raw bytes, and its statements."""

    captures: tuple[Capture, ...]  # the first holds the document's own metadata
    statements: tuple[Statement, ...] = ()
    signature: bytes | None = None  # MinHash signature, for near-duplicate detection of later ingests
    band_keys: tuple[str, ...] = ()

    @property
    def document(self) -> Document:
        """The document (as the first receipt gives it)."""
        return self.captures[0].document


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedClaim:
    """One claim of an import file, with everything its review state needs."""

    where: str  # "file:line", named in errors
    claim: Claim  # as the exporting ledger showed it (corrections applied, status set)
    extracted: Claim  # as extracted (the speaker and content before corrections)
    override: Mapping[str, Any] | None = None  # the analyst's corrections
    version: int = 1
    superseded: bool = False
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    history: tuple[Mapping[str, Any], ...] = ()  # the exporting ledger's audit entries for it
    document: ImportedDocument | None = None  # present when the file carries the document itself


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """What `import_claims` did."""

    added: int = 0  # claims new to this ledger
    updated: int = 0  # claims stored unreviewed here that took the imported review
    unchanged: int = 0  # claims stored here already in the same state
    documents_added: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # every document the imported claims belong to
    statements_missing: int = 0  # claims whose statement the file did not carry (linked to none)
    audit_seq: int | None = None  # the `ledger.import` audit entry


class Imports(Documents, Claims):
    """`iter_ledger` (the export side of a transfer) and `import_claims` (the import side)."""

    # ------------------------------------------------------------------------------------------- reading

    def iter_ledger(
        self, filter: ClaimFilter | None = None, *, batch_size: int = 500
    ) -> Iterator[LedgerClaim]:
        """Every claim with its review state, extracted content, document and audit trail (creation order)."""
        documents: dict[str, Document] = {}
        with self._reading() as s:
            conditions = self._claim_conditions(s, filter or ClaimFilter())
            last = -1
            while True:
                query = select(ClaimRow).where(*conditions, ClaimRow.seq > last).order_by(ClaimRow.seq)
                rows = list(s.scalars(query.limit(batch_size)))
                if not rows:
                    return
                speaker_ids = {
                    i
                    for r in rows
                    for i in (r.data.get("speaker_id"), (r.override or {}).get("speaker_id"))
                    if i
                }
                speakers = self._actors_by_id(s, speaker_ids)
                history = _histories(s, [r.id for r in rows])
                wanted = {r.document_id for r in rows}
                documents = {k: v for k, v in documents.items() if k in wanted}
                for part in chunks(sorted(wanted - documents.keys())):
                    for doc in s.scalars(select(DocumentRow).where(DocumentRow.id.in_(part))):
                        documents[doc.id] = document_from_row(doc)
                items = [
                    LedgerClaim(
                        record=claim_record(r, speakers),
                        extracted=claim_record(r, speakers, original=True).claim,
                        document=documents[r.document_id],
                        history=tuple(history.get(r.id, ())),
                    )
                    for r in rows
                ]
                last = rows[-1].seq
                s.expunge_all()  # keep memory flat over large ledgers
                yield from items

    # ------------------------------------------------------------------------------------------- writing

    def import_claims(
        self, claims: Sequence[ImportedClaim], *, user: str, source: str, sha256: str
    ) -> ImportReport:
        """Write imported claims (and the documents the file carries) in one transaction.

        A claim new here is stored as it was in the exporting ledger; one stored here unreviewed takes the
        imported review; one reviewed here differently is a Conflict. Any error leaves the ledger as it was.
        """
        user = clean(user).strip()
        if not user:
            raise InvalidData("an import needs a user name for the audit log")
        seen: dict[str, str] = {}
        for item in claims:
            _check_item(item)
            if item.claim.id in seen:
                raise InvalidData(
                    f"{item.where}: claim {item.claim.id[:12]} is also on {seen[item.claim.id]}"
                )
            seen[item.claim.id] = item.where
        with self._writing() as s:
            added_docs = self._import_documents(s, claims)
            texts = self._document_texts(s, claims)
            _check_evidence(claims, texts)
            actors = self._upsert_actors(s, _actors(claims))
            self._upsert_places(
                s, [p for i in claims for c in (i.claim, i.extracted) for p in effective_places(c)]
            )
            statements = self._import_statements(s, claims, actors, texts)
            counts = self._import_claim_rows(s, claims, actors, statements, texts, user=user, sha256=sha256)
            self._record_runs(s, claims, added_docs)
            entry = self._audit(
                s,
                user=user,
                action=LEDGER_IMPORT_ACTION,
                entity_type="ledger",
                entity_id=sha256,
                before=None,
                after={"source": source, "sha256": sha256, **counts, "documents_added": len(added_docs)},
            )
        documents = tuple(dict.fromkeys(i.claim.document_id for i in claims))
        log.info("import %s: %s, %d documents added", source, counts, len(added_docs))
        return ImportReport(
            added=counts["added"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            documents_added=tuple(added_docs),
            documents=documents,
            statements_missing=counts["statements_missing"],
            audit_seq=entry.seq,
        )

    def _import_documents(self, s: Session, claims: Sequence[ImportedClaim]) -> list[str]:
        """Store the documents the file carries that this ledger lacks; returns their ids."""
        carried: dict[str, ImportedDocument] = {}
        where: dict[str, str] = {}
        for item in claims:
            if item.document is not None:
                carried.setdefault(item.document.document.id, item.document)
                where.setdefault(item.document.document.id, item.where)
        present = self._existing_documents(s, list(carried))
        pending = {i: d for i, d in carried.items() if i not in present}
        added: list[str] = []
        # Originals before their near-duplicates: a document may only point at one already stored.
        while pending:
            ready = [
                i
                for i, d in pending.items()
                if d.document.duplicate_of is None or d.document.duplicate_of not in pending
            ]
            for doc_id in ready:
                imported = pending.pop(doc_id)
                target = imported.document.duplicate_of
                known = target is not None and (target in present or target in added)
                first, *others = imported.captures
                try:
                    self.add_capture(
                        first,
                        signature=imported.signature,
                        band_keys=imported.band_keys,
                        duplicate_of=target if known else None,
                    )
                    for capture in others:
                        self.add_capture(capture)
                except StoreError as exc:
                    raise InvalidData(f"{where[doc_id]}: {exc}") from exc
                added.append(doc_id)
            if not ready:  # a cycle of duplicates cannot come from a ledger; refuse it rather than loop
                raise InvalidData(
                    f"documents {', '.join(i[:12] for i in pending)} are duplicates of each other"
                )
        return added

    @staticmethod
    def _existing_documents(s: Session, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in chunks(sorted(ids)):
            found.update(s.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(part))))
        return found

    @staticmethod
    def _document_texts(s: Session, claims: Sequence[ImportedClaim]) -> dict[str, Any]:
        """(text, published) of every document the claims name; a document missing here is an error."""
        ids = sorted({i.claim.document_id for i in claims})
        found: dict[str, Any] = {}
        for part in chunks(ids):
            query = select(DocumentRow.id, DocumentRow.text, DocumentRow.published).where(
                DocumentRow.id.in_(part)
            )
            for row in s.execute(query.order_by(DocumentRow.id).with_for_update()):
                found[row.id] = row
        for item in claims:
            if item.claim.document_id not in found:
                raise InvalidData(
                    f"{item.where}: document {item.claim.document_id[:12]} is not in this ledger and the "
                    "file does not carry it (export with --full, or ingest its source here first)"
                )
        return found

    def _import_statements(
        self,
        s: Session,
        claims: Sequence[ImportedClaim],
        actors: Mapping[str, Actor],
        texts: Mapping[str, Any],
    ) -> set[str]:
        """Store the statements the file carries that are missing here; returns every statement id known."""
        wanted = {i.claim.statement_id for i in claims if i.claim.statement_id}
        known: set[str] = set()
        for part in chunks(sorted(wanted)):
            known.update(s.scalars(select(StatementRow.id).where(StatementRow.id.in_(part))))
        versions = {i.claim.document_id: i.claim.extractor_version for i in claims}
        new: dict[str, dict[str, Any]] = {}
        for item in claims:
            for st in item.document.statements if item.document is not None else ():
                if st.id in known or st.id in new or st.document_id not in texts:
                    continue
                ev, text = st.evidence, texts[st.document_id].text
                if not 0 <= ev.start <= ev.end <= len(text) or text[ev.start : ev.end] != clean(ev.text):
                    raise InvalidData(
                        f"{item.where}: statement {st.id[:12]} evidence is not the document's text"
                    )
                actor = actors.get(st.speaker.id) if st.speaker.id else None
                values = statement_values(
                    st, actor_id=actor.id if actor else None, extractor_version=versions[st.document_id]
                )
                values["signatories"] = [actors[a.id].id for a in st.signatories if a.id in actors]
                new[st.id] = values
        if new:
            s.execute(self._insert(StatementRow), list(new.values()))
        return known | set(new)

    def _import_claim_rows(
        self,
        s: Session,
        claims: Sequence[ImportedClaim],
        actors: Mapping[str, Actor],
        statements: set[str],
        texts: Mapping[str, Any],
        *,
        user: str,
        sha256: str,
    ) -> dict[str, int]:
        existing: dict[str, ClaimRow] = {}
        for part in chunks(sorted(i.claim.id for i in claims)):
            for found in s.scalars(select(ClaimRow).where(ClaimRow.id.in_(part)).with_for_update()):
                existing[found.id] = found
        at = now()
        counts: Counter[str] = Counter(added=0, updated=0, unchanged=0, statements_missing=0)
        inserts: list[dict[str, Any]] = []
        places: list[dict[str, Any]] = []
        audits: list[tuple[ImportedClaim, dict[str, Any] | None, dict[str, Any] | None]] = []
        for item in claims:
            data = claim_data(_with_speaker(item.extracted, actors))
            override = _override(item, actors)
            effective = _effective(item, data, override, actors)
            row = existing.get(item.claim.id)
            if row is not None:
                if row.status == str(item.claim.status) and (row.override or None) == override:
                    counts["unchanged"] += 1
                    continue
                if row.status != str(ClaimStatus.EXTRACTED) or row.override:
                    raise Conflict(
                        f"{item.where}: claim {row.id[:12]} was reviewed here already ({row.status}), "
                        "differently from the file: nothing was imported"
                    )
                before: dict[str, Any] = {
                    "status": row.status,
                    "override": row.override,
                    "version": row.version,
                }
                row.override, row.status, row.version = override, str(item.claim.status), row.version + 1
                row.reviewed_by, row.reviewed_at, row.updated_at = item.reviewed_by, item.reviewed_at, at
                row.speaker_party = effective.speaker.party if effective.speaker else None
                for key, value in claim_columns(effective).items():
                    setattr(row, key, value)
                s.execute(delete(ClaimPlaceRow).where(ClaimPlaceRow.claim_id == row.id))
                places += _place_rows(effective)
                counts["updated"] += 1
                audits.append((item, before, override))
                continue
            statement_id = item.claim.statement_id if item.claim.statement_id in statements else None
            if statement_id is None and item.claim.statement_id is not None:
                counts["statements_missing"] += 1
            inserts.append(
                {
                    "id": item.claim.id,
                    "document_id": item.claim.document_id,
                    "kind": str(item.claim.kind),
                    "statement_id": statement_id,
                    "evidence_start": item.claim.evidence.start,
                    "evidence_end": item.claim.evidence.end,
                    "evidence_text": clean(item.claim.evidence.text),
                    "extractor_version": clean(item.claim.extractor_version),
                    "status": str(item.claim.status),
                    "data": data,
                    "override": override,
                    "version": item.version,
                    "superseded": item.superseded,
                    "reviewed_by": item.reviewed_by,
                    "reviewed_at": item.reviewed_at,
                    "created_at": at,
                    "updated_at": at,
                    "published": texts[item.claim.document_id].published,
                    "speaker_party": effective.speaker.party if effective.speaker else None,
                    **claim_columns(effective),
                }
            )
            places += _place_rows(effective)
            counts["added"] += 1
            if _reviewed(item):
                audits.append((item, None, override))
        if inserts and self.dialect != "postgresql":
            for values, seq in zip(
                inserts, self._next_seqs(s, ClaimRow.seq, "claim_seq", len(inserts)), strict=True
            ):
                values["seq"] = seq
        for part in chunks(inserts, 200):
            s.execute(self._insert(cast(Table, ClaimRow.__table__)), list(part))
        for part in chunks(places, 500):
            s.execute(self._insert(ClaimPlaceRow).on_conflict_do_nothing(), list(part))
        s.flush()
        for item, previous, stored in audits:
            after: dict[str, Any] = {
                "status": str(item.claim.status),
                "override": stored,
                "version": existing[item.claim.id].version if item.claim.id in existing else item.version,
                "reviewed_by": item.reviewed_by,
                "reviewed_at": item.reviewed_at.isoformat() if item.reviewed_at else None,
                "import": sha256,
                "history": [dict(h) for h in item.history],
            }
            self._audit(
                s,
                user=user,
                action=IMPORT_ACTION,
                entity_type="claim",
                entity_id=item.claim.id,
                before=previous,
                after=after,
            )
        return dict(counts)

    def _record_runs(self, s: Session, claims: Sequence[ImportedClaim], added: Sequence[str]) -> None:
        """Mark documents added by the import as extracted (by the claims' extractor), so `extract` skips
        them until a newer extractor comes."""
        versions: dict[str, Counter[str]] = {}
        kinds: dict[str, Counter[str]] = {}
        for item in claims:
            versions.setdefault(item.claim.document_id, Counter())[item.claim.extractor_version] += 1
            kinds.setdefault(item.claim.document_id, Counter())[str(item.claim.kind)] += 1
        at = now()
        for doc_id in added:
            if doc_id not in versions:
                continue
            version = versions[doc_id].most_common(1)[0][0]
            s.add(
                ExtractionRow(
                    document_id=doc_id,
                    extractor_version=clean(version),
                    extracted_at=at,
                    statements=0,
                    claims=sum(kinds[doc_id].values()),
                    counts={"imported": sum(kinds[doc_id].values()), **dict(sorted(kinds[doc_id].items()))},
                    current=True,
                )
            )
        s.flush()


# -------------------------------------------------------------------------------------------------- helpers


def _histories(s: Session, claim_ids: Sequence[str]) -> dict[str, list[AuditEntry]]:
    found: dict[str, list[AuditEntry]] = {}
    for part in chunks(claim_ids):
        query = (
            select(AuditRow)
            .where(AuditRow.entity_type == "claim", AuditRow.entity_id.in_(part))
            .order_by(AuditRow.seq)
        )
        for row in s.scalars(query):
            found.setdefault(row.entity_id, []).append(audit_entry(row))
    return found


def _check_item(item: ImportedClaim) -> None:
    claim, extracted = item.claim, item.extracted
    same = (claim.id, claim.kind, claim.document_id, claim.evidence) == (
        extracted.id, extracted.kind, extracted.document_id, extracted.evidence,
    )  # fmt: skip
    if not same:
        raise InvalidData(
            f"{item.where}: the extracted claim is not the same claim (id, kind or evidence differ)"
        )
    if item.version < 1:
        raise InvalidData(f"{item.where}: version must be at least 1, not {item.version}")
    if item.override:
        unknown = sorted(set(item.override) - KIND_FIELDS[claim.kind] - COMMON_FIELDS)
        if unknown:
            raise InvalidData(
                f"{item.where}: a {claim.kind} claim has no field {', '.join(unknown)} to correct"
            )
    if claim.status is ClaimStatus.CORRECTED and not item.override:
        raise InvalidData(f"{item.where}: a corrected claim needs its corrections (review.override)")
    if claim.status is ClaimStatus.EXTRACTED and item.override:
        raise InvalidData(f"{item.where}: an extracted claim cannot carry corrections")
    if item.document is not None and item.document.document.id != claim.document_id:
        raise InvalidData(f"{item.where}: the document carried is not the claim's document")


def _check_evidence(claims: Sequence[ImportedClaim], texts: Mapping[str, Any]) -> None:
    for item in claims:
        ev, text = item.claim.evidence, texts[item.claim.document_id].text
        if not 0 <= ev.start <= ev.end <= len(text) or text[ev.start : ev.end] != clean(ev.text):
            raise InvalidData(
                f"{item.where}: claim {item.claim.id[:12]} evidence [{ev.start}:{ev.end}] is not the "
                "document's text there"
            )


def _actors(claims: Iterable[ImportedClaim]) -> list[Actor]:
    found: dict[str, Actor] = {}
    for item in claims:
        for actor in (item.claim.speaker, item.extracted.speaker):
            if actor is not None:
                found.setdefault(actor.id, actor)
        for st in item.document.statements if item.document is not None else ():
            for actor in (st.speaker, *st.signatories):
                if actor.id:
                    found.setdefault(actor.id, actor)
    return list(found.values())


def _with_speaker(claim: Claim, actors: Mapping[str, Actor]) -> Claim:
    """The claim pointing at the speaker as stored here (an actor merged here gives its survivor)."""
    if claim.speaker is None or claim.speaker.id not in actors:
        return claim
    return replace(claim, speaker=actors[claim.speaker.id])


def _effective(
    item: ImportedClaim,
    data: Mapping[str, Any],
    override: Mapping[str, Any] | None,
    actors: Mapping[str, Actor],
) -> Claim:
    """The claim as this ledger will show it; it must be the claim the file says the other ledger showed."""
    merged = apply_override(data, override)
    speaker_id = merged.get("speaker_id")
    if speaker_id and speaker_id not in actors:
        raise InvalidData(
            f"{item.where}: the claim names actor {str(speaker_id)[:16]}, which the file does not carry"
        )
    try:
        effective = build_claim(
            id=item.claim.id,
            kind=item.claim.kind,
            evidence=item.claim.evidence,
            extractor_version=item.claim.extractor_version,
            statement_id=item.claim.statement_id,
            status=item.claim.status,
            data=merged,
            speaker=actors.get(speaker_id) if speaker_id else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidData(f"{item.where}: the corrections give an invalid claim: {exc}") from exc
    mine, theirs = dict(effective.to_dict()), dict(item.claim.to_dict())
    del mine["speaker"], theirs["speaker"]
    mentions = (effective.mention, item.claim.mention)
    # The speaker is compared by actor: its name or party may be ones an analyst changed here.
    expected = actors[item.claim.speaker.id].id if item.claim.speaker is not None else None
    actual = effective.speaker.id if effective.speaker is not None else None
    if mine != theirs or mentions[0] != mentions[1] or actual != expected:
        raise InvalidData(
            f"{item.where}: the claim's fields are not its extracted content with its corrections laid on it"
        )
    return effective


def _override(item: ImportedClaim, actors: Mapping[str, Actor]) -> dict[str, Any] | None:
    """The corrections as stored here: a re-attribution names the speaker as the file gives it (an actor the
    exporting ledger had merged away is named by the actor it was merged into)."""
    if not item.override:
        return None
    override: dict[str, Any] = clean_json(dict(item.override))
    if "speaker_id" in override and override["speaker_id"] not in actors and item.claim.speaker is not None:
        override["speaker_id"] = item.claim.speaker.id
    if override.get("speaker_id") in actors:
        override["speaker_id"] = actors[override["speaker_id"]].id
    return override


def _reviewed(item: ImportedClaim) -> bool:
    return item.claim.status is not ClaimStatus.EXTRACTED or bool(item.override) or bool(item.history)


def _place_rows(claim: Claim) -> list[dict[str, Any]]:
    return [
        {"claim_id": claim.id, "place_id": p} for p in dict.fromkeys(r.id for r in effective_places(claim))
    ]
