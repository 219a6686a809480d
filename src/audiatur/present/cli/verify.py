"""`audiatur verify`: re-hash every stored document and walk the audit chain."""

from __future__ import annotations

import typer
from rich.console import Console

from audiatur.present.cli.app import app
from audiatur.present.cli.options import open_ledger


@app.command("verify")
def verify_cli() -> None:
    """Check the chain of custody: raw bytes and texts against their hashes, and the audit log's hash chain.

    Names every document whose bytes or text changed since ingest and every edited or deleted audit row;
    the exit status is 1 if anything is wrong.
    """
    console = Console(highlight=False)
    with open_ledger() as ledger:
        report = ledger.store.verify()
    console.print(
        f"checked {report.documents_checked} documents, {report.blobs_checked} raw blobs, "
        f"{report.claims_checked} claims, {report.audit_rows_checked} audit rows "
        f"(audit head {report.audit_head[:16]})"
    )
    for line in report.problems():
        console.print(f"[red]changed:[/red] {line}", markup=True)
    if not report.ok:
        raise typer.Exit(1)
    console.print("ok: every hash matches and the audit chain is unbroken")
