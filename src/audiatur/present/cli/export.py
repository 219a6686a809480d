"""`audiatur export`: the claims export in the formats the field uses."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from audiatur.domain import ClaimStatus
from audiatur.present.cli.app import app, fail
from audiatur.present.cli.options import open_ledger
from audiatur.present.cli.progress import progress_bar
from audiatur.present.exports import FORMATS, write_claimreview, write_csv, write_ftm, write_jsonl
from audiatur.present.exports.claimreview import REVIEWED
from audiatur.store import ClaimFilter, Store

_WHAT = {"jsonl": "claims", "csv": "claims", "claimreview": "claim reviews", "ftm": "claims as entities"}


@app.command("export")
def export_cli(
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: standard output).")
    ] = None,
    status: Annotated[
        list[ClaimStatus] | None,
        typer.Option(
            "--status",
            help="Only claims in this review status (repeatable; claimreview: accepted, corrected).",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="jsonl: also carry each document's text and raw bytes, and superseded reviewed "
            "claims, so `audiatur import` can rebuild the ledger from this file alone.",
        ),
    ] = False,
    publisher: Annotated[
        str, typer.Option(help="claimreview: the organisation publishing the reviews (their `author`).")
    ] = "audiatur claims ledger",
    base_url: Annotated[
        str | None,
        typer.Option(help="claimreview: the web app's address; each review's `url` is its claim page."),
    ] = None,
) -> None:
    """Write claims in a format the field uses.

    `jsonl` is the claims export contract (one claim a line, with its review state and audit trail);
    `csv` flattens it (one row a claim); `claimreview` is schema.org ClaimReview JSON-LD for reviewed
    claims, rated by where they stand in the ledger (contradicted, single origin, corroborated) and never
    true or false; `ftm` is FollowTheMoney entities (JSON Lines) for OCCRP Aleph.
    """
    if format not in FORMATS:
        raise fail(f"unknown format {format!r} (choose from {', '.join(FORMATS)})", code=2)
    if full and format != "jsonl":
        raise fail("--full is for --format jsonl", code=2)
    statuses = tuple(status) if status else (REVIEWED if format == "claimreview" else None)
    claim_filter = ClaimFilter(status=statuses)
    with open_ledger() as ledger:
        store = ledger.store
        total = store.count_claims(replace(claim_filter, include_superseded=full))
        with progress_bar(f"export {format}") as bar:

            def progress(done: int) -> None:
                bar(done, total, "")

            def write(out: TextIO) -> int:
                return _writer(format, full, publisher, base_url)(store, out, claim_filter, progress)

            if output is None:
                n = write(sys.stdout)
            else:
                tmp = output.with_name(output.name + ".part")
                try:
                    with tmp.open("w", encoding="utf-8", newline="") as out:
                        n = write(out)
                except BaseException:
                    tmp.unlink(missing_ok=True)
                    raise
                tmp.replace(output)  # never leave a half-written export under the real name
    if output is not None:
        Console(stderr=True, highlight=False).print(f"{n} {_WHAT[format]} written to {output}")


Writer = Callable[[Store, TextIO, ClaimFilter, Callable[[int], None]], int]


def _writer(format: str, full: bool, publisher: str, base_url: str | None) -> Writer:
    if format == "jsonl":
        return lambda store, out, f, progress: write_jsonl(store, out, f, full=full, progress=progress)
    if format == "claimreview":
        return lambda store, out, f, progress: write_claimreview(
            store, out, f, publisher=publisher, base_url=base_url, progress=progress
        )
    if format == "ftm":
        return lambda store, out, f, progress: write_ftm(store, out, f, progress=progress)
    return lambda store, out, f, progress: write_csv(store, out, f)
