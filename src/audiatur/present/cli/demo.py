"""`audiatur demo`: build the ledger of the bundled (fictional) demo corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from audiatur.config import database_url
from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
from audiatur.ledger import Ledger
from audiatur.present.cli.app import State, app, fail
from audiatur.present.cli.progress import progress_bar


@app.command("demo")
def demo_cli(
    rebuild: Annotated[bool, typer.Option(help="Delete the ledger file first (SQLite only).")] = False,
) -> None:
    """Ingest the bundled demo corpus (a fictional conflict) and print what the ledger holds."""
    url = database_url(State.db)
    if rebuild:
        if not url.startswith("sqlite:///"):
            raise fail("--rebuild only deletes SQLite files; drop the database yourself", code=2)
        path = Path(url.removeprefix("sqlite:///"))
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
    with Ledger.open(url, data=[DEMO_WORLD]) as ledger, progress_bar("demo") as progress:
        report = ledger.ingest([str(DEMO_CORPUS)], progress=progress)
        summary = ledger.store.summary()
    if report.failed:
        raise fail(
            f"{len(report.failed)} demo documents failed: {report.failed[0][0]}: {report.failed[0][1]}"
        )
    table = Table(title=f"demo ledger: {url}", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("documents", str(summary.documents))
    table.add_row("near-duplicates linked", str(len(report.duplicates)))
    table.add_row("speakers", str(summary.speakers))
    table.add_row("claims", str(summary.claims))
    for kind, n in sorted(summary.claims_by_kind.items()):
        table.add_row(f"  {kind}", str(n))
    Console(highlight=False).print(table)
