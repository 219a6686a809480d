"""`audiatur extract`: (re)run extraction over stored documents, here or on a Dask cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from audiatur.present.cli.app import app, err
from audiatur.present.cli.cluster import Analyze, BatchSize, DaskAddress, dask_client
from audiatur.present.cli.options import DataFiles, Model, open_ledger
from audiatur.present.cli.progress import progress_bar


def report_error(item: str, reason: str) -> None:
    """One red line for a document (its id shortened) or a row of a file that failed."""
    label = item[:12] if len(item) == 64 else item
    err.print(f"[red]error:[/red] {label}: {reason}", markup=True, soft_wrap=True, highlight=False)


@app.command("extract")
def extract_cli(
    all: Annotated[bool, typer.Option("--all", help="Re-extract every document, not only new ones.")] = False,
    model: Model = None,
    data: DataFiles = None,
    dask: DaskAddress = None,
    to_parquet: Annotated[
        Path | None,
        typer.Option(
            "--to-parquet",
            metavar="DIR",
            file_okay=False,
            help="Write extractions to Parquet files in DIR (for `audiatur load`), not the ledger.",
        ),
    ] = None,
    batch_size: BatchSize = None,
    analyze: Analyze = True,
) -> None:
    """Extract claims from stored documents this extractor version has not seen (analyst edits are kept).

    With --dask the documents are extracted in batches on the cluster's workers and written back in bulk;
    re-running after an interruption goes on where it stopped. A document that fails is retried once,
    then reported on one line; the exit status is 1 if any failed.
    """
    if dask is None and to_parquet is None:
        with open_ledger(model, data) as ledger, progress_bar("extract") as progress:
            report = ledger.extract(all=all, progress=progress, on_error=report_error, analyze=analyze)
    else:
        from audiatur.distributed import ExtractorSpec, extract_batched

        with open_ledger(model, data) as ledger:
            spec = ExtractorSpec(model=ledger.model, data=ledger.data)
            with dask_client(dask, spec) as client, progress_bar("extract") as progress:
                report = extract_batched(
                    ledger.store,
                    spec,
                    client=client,
                    all=all,
                    to_parquet=to_parquet,
                    batch_size=batch_size,
                    progress=progress,
                    on_error=report_error,
                )
            if analyze and to_parquet is None and report.documents:
                with progress_bar("analyze") as progress:
                    report.analysis = ledger.analyze(progress=progress)
    where = f" into {to_parquet}" if to_parquet is not None else ""
    Console(highlight=False).print(
        f"{report.documents} documents extracted{where} ({report.claims} claims), {len(report.failed)} failed"
    )
    if report.failed:
        raise typer.Exit(1)
