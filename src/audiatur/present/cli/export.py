"""`audiatur export`: the claims export in the formats the field uses."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from audiatur.present.cli.app import app, fail
from audiatur.present.cli.options import open_ledger
from audiatur.present.exports import FORMATS, write_csv, write_jsonl


@app.command("export")
def export_cli(
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (default: standard output).")] = None,
) -> None:
    """Write every claim: `jsonl` is the claims export contract (one claim a line); `csv` flattens it."""
    writers = {"jsonl": write_jsonl, "csv": write_csv}
    if format not in writers:
        raise fail(f"unknown format {format!r} (choose from {', '.join(FORMATS)})", code=2)
    with open_ledger() as ledger:
        if output is None:
            n = writers[format](ledger.store, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("w", encoding="utf-8", newline="") as out:
                n = writers[format](ledger.store, out)
            tmp.replace(output)  # never leave a half-written export under the real name
    if output is not None:
        Console(stderr=True, highlight=False).print(f"{n} claims written to {output}")
