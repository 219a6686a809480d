"""`audiatur documents` and `audiatur show`: what the ledger holds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from audiatur.present.cli.app import app
from audiatur.present.cli.options import open_ledger
from audiatur.store import ClaimFilter, DocumentFilter


@app.command("documents")
def documents_cli(
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Full-text search in the texts.")
    ] = None,
) -> None:
    """List documents: id, published, publisher, title, words, and whether it near-duplicates another."""
    console = Console(highlight=False)
    with open_ledger() as ledger:
        store = ledger.store
        if search:
            hits = store.search_documents(search, limit=limit)
            infos = store.get_document_infos([h.document_id for h in hits])
            rows = [infos[h.document_id] for h in hits if h.document_id in infos]
        else:
            rows = list(store.list_documents(DocumentFilter(), limit=limit).items)
        total = store.count_documents()
    table = Table(title=f"{len(rows)} of {total} documents", title_justify="left")
    for col, kw in (
        ("id", {"style": "cyan", "no_wrap": True}),
        ("published", {}),
        ("publisher", {}),
        ("title", {"overflow": "fold"}),
        ("words", {"justify": "right"}),
        ("duplicate of", {}),
    ):
        table.add_column(col, **kw)
    for d in rows:
        table.add_row(
            d.id[:12],
            str(d.published or ""),
            Text(d.publisher or ""),
            Text(d.title or d.source),
            str(d.word_count),
            (d.duplicate_of or "")[:12],
        )
    console.print(table)


@app.command("show")
def show_cli(
    doc_id: Annotated[str, typer.Argument(help="A document id or a unique prefix of one.")],
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the stored text.")] = True,
) -> None:
    """Show one document: metadata, hashes, receipts, its claims, and its text."""
    console = Console(highlight=False)
    with open_ledger() as ledger:
        store = ledger.store
        doc = store.get_document(doc_id)
        captures = store.list_captures(doc.id)
        claims = store.list_claims(ClaimFilter(document_id=doc.id), limit=500).items
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column(overflow="fold")
    for key, value in (
        ("id (sha256 of text)", doc.id),
        ("raw sha256", doc.raw_sha256),
        ("source", doc.source),
        ("url", doc.url or ""),
        ("publisher", doc.publisher or ""),
        ("title", doc.title or ""),
        ("author", doc.author or ""),
        ("published", f"{doc.published or ''} ({doc.published_precision})"),
        ("language", doc.language or ""),
        ("side", doc.side or ""),
        ("retrieved", doc.retrieved_at.isoformat()),
        ("near-duplicate of", doc.duplicate_of or ""),
        ("receipts", str(len(captures))),
    ):
        meta.add_row(key, Text(value))
    console.print(meta)
    table = Table(title=f"{len(claims)} claims", title_justify="left")
    for col in ("kind", "speaker", "claim", "evidence"):
        table.add_column(col, overflow="fold")
    for rec in claims:
        c = rec.claim
        table.add_row(
            str(c.kind),
            Text(c.speaker.name if c.speaker else "—"),
            Text(describe(rec.claim)),
            Text(c.evidence.text),
        )
    console.print(table)
    if text:
        console.rule("text")
        console.print(Text(doc.text))


def describe(claim: object) -> str:
    """A one-line neutral summary of a claim's content."""
    from audiatur.present.wording import claim_summary

    return claim_summary(claim)  # type: ignore[arg-type]
