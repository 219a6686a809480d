"""`audiatur import`: read a claims export back into a ledger, so a reviewed ledger moves elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from audiatur.present.cli.app import app, fail
from audiatur.present.cli.options import DataFiles, open_ledger
from audiatur.present.exports.reader import read_claims

__all__ = ["import_cli"]

IMPORT_FORMATS = ("jsonl",)


@app.command("import")
def import_cli(
    file: Annotated[
        Path,
        typer.Argument(
            help="A claims export (`audiatur export --format jsonl`).", exists=True, dir_okay=False
        ),
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="The file's format (jsonl).")] = "jsonl",
    user: Annotated[
        str, typer.Option("--user", "-u", help="The name the import is recorded under in the audit log.")
    ] = "cli",
    analyze: Annotated[
        bool, typer.Option(help="Recompute the cross-source analysis of the imported documents afterwards.")
    ] = True,
    data: DataFiles = None,
) -> None:
    """Import claims with their review state: same ids, evidence, statuses, corrections and reviewers.

    All or nothing: a malformed line stops the import with one error naming the file and line, and the
    ledger is left as it was. Documents the file carries (an `export --full`) are stored with their raw bytes
    and hashes; otherwise each claim's document must be in the ledger already (same text, same hash). A claim
    already here unreviewed takes the imported review; one reviewed here differently stops the import.
    The import is recorded in the audit log, with each reviewed claim's history from the other ledger.
    """
    if format not in IMPORT_FORMATS:
        raise fail(f"unknown format {format!r} (choose from {', '.join(IMPORT_FORMATS)})", code=2)
    console = Console(stderr=True, highlight=False)
    with console.status(f"reading {file.name}…"):
        claims, sha256 = read_claims(file)
    with open_ledger(data=data) as ledger:
        with console.status(f"importing {len(claims)} claims…"):
            report = ledger.store.import_claims(claims, user=user, source=file.name, sha256=sha256)
        if analyze and (report.added or report.updated):
            with console.status("analysing…"):
                ledger.analyze(documents=list(report.documents))
    out = Console(highlight=False)
    missing = f"; {report.statements_missing} without their statement" if report.statements_missing else ""
    out.print(
        f"{report.added} claims added, {report.updated} updated, {report.unchanged} unchanged; "
        f"{len(report.documents_added)} documents added{missing} (audit entry {report.audit_seq})"
    )
