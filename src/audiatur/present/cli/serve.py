"""`audiatur serve`: the web app and REST API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from audiatur.config import database_url
from audiatur.present.cli.app import State, app


@app.command("serve")
def serve_cli(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    public: Annotated[
        bool, typer.Option(help="Let anyone read without signing in (reviewing still needs an account).")
    ] = False,
    local_admin: Annotated[
        bool, typer.Option(help="Treat requests from this computer (127.0.0.1) as a local admin (the demo).")
    ] = False,
    ssl_certfile: Annotated[
        Path | None, typer.Option(help="Serve HTTPS with this certificate (PEM).")
    ] = None,
    ssl_keyfile: Annotated[Path | None, typer.Option(help="The certificate's private key (PEM).")] = None,
) -> None:
    """Serve the ledger's web app and API (OpenAPI at /docs) until Ctrl-C."""
    import uvicorn

    from audiatur.present.api import AuthConfig, create_app
    from audiatur.store import open_store

    url = database_url(State.db)
    scheme = "https" if ssl_certfile else "http"
    console = Console(stderr=True, highlight=False)
    mode = "public read-only" if public else "sign-in required"
    if local_admin:
        mode += "; this computer is a local admin"
    console.print(f"serving {url} at {scheme}://{host}:{port} ({mode})  (Ctrl-C stops)")
    with open_store(url) as store:
        if not store.list_users() and not local_admin:
            console.print("no accounts yet: add one with `audiatur user add NAME --role admin`")
        uvicorn.run(
            create_app(store, AuthConfig(public=public, local_admin=local_admin)),
            host=host,
            port=port,
            log_level="warning",
            ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
            ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
        )
