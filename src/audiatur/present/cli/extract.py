"""`audiatur extract`: (re)run extraction over stored documents."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from audiatur.present.cli.app import app, err
from audiatur.present.cli.options import DataFiles, Model, open_ledger
from audiatur.present.cli.progress import progress_bar


@app.command("extract")
def extract_cli(
    all: Annotated[bool, typer.Option("--all", help="Re-extract every document, not only new ones.")] = False,
    model: Model = None,
    data: DataFiles = None,
) -> None:
    """Extract claims from stored documents this extractor version has not seen (analyst edits are kept)."""
    with open_ledger(model, data) as ledger, progress_bar("extract") as progress:
        report = ledger.extract(
            all=all, progress=progress,
            on_error=lambda doc, reason: err.print(f"[red]error:[/red] {doc[:12]}: {reason}", markup=True),
        )
    Console(highlight=False).print(
        f"{report.documents} documents extracted ({report.claims} claims), {len(report.failed)} failed"
    )
    if report.failed:
        raise typer.Exit(1)
