"""`audiatur claims`: list claims with filters."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from audiatur.domain import ClaimKind, ClaimStatus, Measure
from audiatur.present.cli.app import app
from audiatur.present.cli.options import open_ledger
from audiatur.present.wording import claim_summary
from audiatur.store import ClaimFilter


@app.command("claims")
def claims_cli(
    speaker: Annotated[
        str | None, typer.Option(help="Speaker name or mention contains this (any case).")
    ] = None,
    kind: Annotated[ClaimKind | None, typer.Option(help="Only claims of this kind.")] = None,
    measure: Annotated[Measure | None, typer.Option(help="Only figures of this measure.")] = None,
    document: Annotated[str | None, typer.Option(help="Only claims of this document (id or prefix).")] = None,
    party: Annotated[
        str | None, typer.Option(help="Only claims whose speaker belongs to this party.")
    ] = None,
    status: Annotated[ClaimStatus | None, typer.Option(help="Only claims in this review status.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Full-text search in the evidence.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 100,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON Lines in the export contract's shape.")
    ] = False,
) -> None:
    """List claims: kind, speaker (with party), what is claimed, and the exact words it rests on."""
    with open_ledger() as ledger:
        store = ledger.store
        doc_id = store.get_document(document).id if document else None
        f = ClaimFilter(
            kind=kind,
            speaker=speaker,
            measure=measure,
            document_id=doc_id,
            speaker_party=party,
            status=status,
            q=search,
        )
        page = store.list_claims(f, limit=limit)
        total = store.count_claims(f)
        docs = (
            store.get_document_infos(list({r.claim.document_id for r in page.items})) if not as_json else {}
        )
        full_docs = (
            {r.claim.document_id: store.get_document(r.claim.document_id) for r in page.items}
            if as_json
            else {}
        )
    if as_json:
        for rec in page.items:
            typer.echo(json.dumps(rec.claim.to_dict(full_docs[rec.claim.document_id]), ensure_ascii=False))
        return
    table = Table(title=f"{len(page.items)} of {total} claims", title_justify="left")
    for col in ("kind", "speaker", "party", "claim", "evidence", "document"):
        table.add_column(col, overflow="fold")
    for rec in page.items:
        c = rec.claim
        info = docs.get(c.document_id)
        table.add_row(
            str(c.kind),
            Text(c.speaker.name if c.speaker else "—"),
            Text(c.speaker.party or "" if c.speaker else ""),
            Text(claim_summary(c)),
            Text(c.evidence.text),
            Text(f"{c.document_id[:8]} {(info.publisher or '') if info else ''}"),
        )
    Console(highlight=False).print(table)
