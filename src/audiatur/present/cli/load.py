"""`audiatur load`: store extractions written by `audiatur extract --to-parquet`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from audiatur.present.cli.app import app
from audiatur.present.cli.cluster import Analyze
from audiatur.present.cli.extract import report_error
from audiatur.present.cli.options import open_ledger
from audiatur.present.cli.progress import progress_bar


@app.command("load")
def load_cli(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", exists=True, file_okay=False, help="A folder of Parquet parts.")
    ],
    analyze: Analyze = True,
) -> None:
    """Store the extractions in DIR (written by `extract --to-parquet`) in the ledger, in bulk.

    The documents must be in the ledger already. Loading is idempotent: loading a folder twice, or parts
    that overlap, stores each extraction once, and analyst edits are kept as with `extract`.
    """
    from audiatur.distributed import load_parquet

    with open_ledger() as ledger, progress_bar("load") as progress:
        report = load_parquet(ledger.store, folder, progress=progress, on_error=report_error)
        if analyze and report.documents:
            with progress_bar("analyze") as analysis_progress:
                report.analysis = ledger.analyze(progress=analysis_progress)
    Console(highlight=False).print(
        f"{report.documents} extractions loaded ({report.claims} claims), {len(report.failed)} failed"
    )
    if report.failed:
        raise typer.Exit(1)
