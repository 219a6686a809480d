"""`audiatur serve`: the web app and REST API."""

from __future__ import annotations

import os
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
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Server processes (one core each at most; SQLite's WAL lets them share the file). "
            "Failed sign-ins are then counted per process.",
        ),
    ] = 1,
    max_pending: Annotated[
        int,
        typer.Option(min=1, help="Requests a process holds at once; more are refused at once with 503."),
    ] = 64,
    timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds a request may wait for its answer to start, else 503."),
    ] = 10.0,
    threads: Annotated[int, typer.Option(min=1, help="Request threads per process.")] = 8,
    limit_concurrency: Annotated[
        int, typer.Option(min=1, help="Open connections a process accepts (uvicorn); more get 503.")
    ] = 1000,
) -> None:
    """Serve the ledger's web app and API (OpenAPI at /docs) until Ctrl-C."""
    import uvicorn

    from audiatur.present.api import AuthConfig
    from audiatur.present.api.app import SERVE_ENV, ServeLimits, serve_settings
    from audiatur.store import open_store

    url = database_url(State.db)
    scheme = "https" if ssl_certfile else "http"
    console = Console(stderr=True, highlight=False)
    mode = "public read-only" if public else "sign-in required"
    if local_admin:
        mode += "; this computer is a local admin"
    processes = f"{workers} processes" if workers > 1 else "1 process"
    console.print(f"serving {url} at {scheme}://{host}:{port} ({mode}; {processes})  (Ctrl-C stops)")
    with open_store(url) as store:  # creates or migrates the ledger once, before any worker opens it
        if not store.list_users() and not local_admin:
            console.print("no accounts yet: add one with `audiatur user add NAME --role admin`")
    config = AuthConfig(public=public, local_admin=local_admin)
    limits = ServeLimits(max_pending=max_pending, timeout=timeout, threads=threads)
    # Every process (the workers too) builds its app from the environment.
    os.environ[SERVE_ENV] = serve_settings(url, config, limits)
    uvicorn.run(
        "audiatur.present.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        limit_concurrency=limit_concurrency,
        log_level="warning",
        ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
    )
