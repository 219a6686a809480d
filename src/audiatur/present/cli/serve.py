"""`audiatur serve`: the web app and REST API."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from audiatur.config import database_url
from audiatur.present.cli.app import State, app


@app.command("serve")
def serve_cli(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    public: Annotated[bool, typer.Option(help="Serve read-only without login.")] = False,
    local_admin: Annotated[bool, typer.Option(help="Log in every request from 127.0.0.1 as a local admin (demo).")] = False,
) -> None:
    """Serve the ledger's web app and API until Ctrl-C."""
    import uvicorn  # noqa: PLC0415

    from audiatur.present.web.app import create_app  # noqa: PLC0415

    url = database_url(State.db)
    Console(stderr=True, highlight=False).print(f"serving {url} at http://{host}:{port}  (Ctrl-C stops)")
    uvicorn.run(create_app(url, public=public, local_admin=local_admin), host=host, port=port, log_level="warning")
