"""`audiatur ingest`: read files, folders, feeds and URLs into the ledger."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer
from rich.console import Console

from audiatur.config import get_settings
from audiatur.ingest import IngestOptions
from audiatur.present.cli.app import app, err
from audiatur.present.cli.cluster import Analyze, BatchSize, DaskAddress, dask_client
from audiatur.present.cli.options import DataFiles, Model, open_ledger
from audiatur.present.cli.progress import progress_bar


@app.command("ingest")
def ingest_cli(
    targets: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) and http(s) URLs.")],
    follow: Annotated[bool, typer.Option(help="For feeds: fetch each entry's linked page.")] = False,
    allow_private: Annotated[bool, typer.Option(help="Allow URLs on loopback/private addresses.")] = False,
    extract: Annotated[bool, typer.Option(help="Extract claims as documents are stored.")] = True,
    model: Model = None,
    data: DataFiles = None,
    bulk: Annotated[bool, typer.Option("--bulk", help="Write in batches (JSONL, Parquet corpora).")] = False,
    dask: DaskAddress = None,
    batch_size: BatchSize = None,
    analyze: Analyze = True,
) -> None:
    """Store documents (with the bytes as received and their hashes) and extract their claims.

    Re-ingesting the same text is a no-op reported as unchanged; near-duplicates are linked. A bad
    source prints one `error: SOURCE: reason` line and the rest go on; the exit status is 1 if any failed.
    --bulk (implied by --dask) stores batches of documents with multi-row inserts, and also reads Parquet
    files with the JSONL columns; --dask computes signatures and extractions on the cluster's workers.
    """
    settings = get_settings()
    options = IngestOptions.from_settings(settings, follow=follow)
    if allow_private:
        options = replace(options, allow_private=True)

    def on_error(source: str, reason: str) -> None:
        err.print(f"[red]error:[/red] {source}: {reason}", markup=True, soft_wrap=True, highlight=False)

    if not (bulk or dask):
        with open_ledger(model, data) as ledger, progress_bar("ingest") as progress:
            report = ledger.ingest(
                targets,
                options=options,
                extract=extract,
                progress=progress,
                on_error=on_error,
                analyze=analyze,
            )
    else:
        from audiatur.distributed import ExtractorSpec, ingest_bulk

        with open_ledger(model, data) as ledger:
            spec = ExtractorSpec(model=ledger.model, data=ledger.data) if extract else None
            with dask_client(dask, spec) as client, progress_bar("ingest") as progress:
                report = ingest_bulk(
                    ledger.store,
                    targets,
                    options=options,
                    spec=spec,
                    client=client,
                    batch_size=batch_size,
                    progress=progress,
                    on_error=on_error,
                )
            if analyze and extract and report.added:
                with progress_bar("analyze") as progress:
                    report.analysis = ledger.analyze(documents=report.added, progress=progress)
    out = Console(highlight=False)
    dup = f", {len(report.duplicates)} near-duplicates linked" if report.duplicates else ""
    out.print(
        f"{len(report.added)} added, {len(report.unchanged)} unchanged{dup}, {len(report.failed)} failed; "
        f"{report.claims} claims extracted"
    )
    if not report.ok:
        raise typer.Exit(1)
