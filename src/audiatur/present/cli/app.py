"""The `audiatur` command: a thin Typer front end over `audiatur.ledger` and the stages."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer
from rich.console import Console

from audiatur import __version__
from audiatur.errors import AudiaturError

__all__ = ["app", "main"]

app = typer.Typer(
    name="audiatur",
    help="A claims ledger for conflict reporting: who says what, about whom, in which words, "
    "and who else says it.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

err = Console(stderr=True, highlight=False)


class State:
    """Options shared by every command (set by the top-level callback)."""

    db: str | None = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"audiatur {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="AUDIATUR_DATABASE_URL",
            show_envvar=True,
            help="The ledger: a SQLite file path or any SQLAlchemy URL (default: audiatur.db).",
        ),
    ] = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")
    ] = 0,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """audiatur: let the other side be heard."""
    State.db = db
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one red error line and return the exit to raise."""
    err.print(f"[red]error:[/red] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def _register() -> None:
    from audiatur.present.cli import (  # noqa: F401 - commands register themselves on `app`
        analysis,
        backup,
        claims,
        demo,
        documents,
        export,
        extract,
        imports,
        ingest,
        load,
        report,
        serve,
        users,
        verify,
    )


_register()


def main() -> None:
    """Entry point of the `audiatur` command: our errors become one red line and exit code 1."""
    try:
        app()
    except AudiaturError as exc:
        err.print(f"[red]error:[/red] {exc}", markup=True, soft_wrap=True)
        sys.exit(1)
