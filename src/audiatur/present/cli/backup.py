"""`audiatur backup` and `audiatur restore`: a consistent copy of the ledger, and putting one back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from audiatur.config import database_url
from audiatur.present.cli.app import State, app
from audiatur.store.backup import backup, restore


@app.command("backup")
def backup_cli(
    path: Annotated[Path, typer.Argument(help="The backup file to write (it must not exist yet).")],
) -> None:
    """Write a consistent backup of the ledger while it stays in use.

    SQLite: a copy made with SQLite's online backup API (itself a ledger file, checked with
    PRAGMA integrity_check). PostgreSQL: a pg_dump custom-format archive.
    """
    result = backup(database_url(State.db), path)
    Console(highlight=False).print(f"backup written: {result.path} ({result.format}, {result.size:,} bytes)")


@app.command("restore")
def restore_cli(
    path: Annotated[
        Path, typer.Argument(help="A backup written by `audiatur backup`.", exists=True, dir_okay=False)
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="Restore even though the ledger already holds documents.")
    ] = False,
) -> None:
    """Replace the ledger with a backup made by `audiatur backup` on the same kind of database.

    A ledger that holds documents is only overwritten with --replace. Run `audiatur verify` afterwards
    to check the restored hashes and audit chain.
    """
    result = restore(database_url(State.db), path, replace=replace)
    Console(highlight=False).print(f"restored {result.path} ({result.format}, {result.size:,} bytes)")
