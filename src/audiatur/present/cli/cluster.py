"""Options of the commands that scale out (`extract`, `ingest`): a Dask cluster and batch sizes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from distributed import Client

    from audiatur.distributed import ExtractorSpec

__all__ = ["Analyze", "BatchSize", "DaskAddress", "dask_client"]


def _check_address(address: str | None) -> str | None:
    if address is not None and address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise typer.BadParameter(f"{address!r}: write local:N with N worker processes (local:2)")
    return address


DaskAddress = Annotated[
    str | None,
    typer.Option(
        "--dask",
        callback=_check_address,
        metavar="ADDRESS",
        envvar="AUDIATUR_DASK",
        help="Run on a Dask cluster: a scheduler address (tcp://host:8786), or local:N for N local workers.",
    ),
]
Analyze = Annotated[
    bool,
    typer.Option("--analyze/--no-analyze", help="Update clusters, contradictions and incidents afterwards."),
]
BatchSize = Annotated[
    int | None,
    typer.Option(
        "--batch-size", min=1, help="Documents (ingest: input lines) per worker task (default: 32)."
    ),
]


@contextmanager
def dask_client(address: str | None, spec: ExtractorSpec | None) -> Iterator[Client | None]:
    """A client of the cluster named by --dask (None without one), closed on exit."""
    if address is None:
        yield None
        return
    from audiatur.distributed import open_client

    # Dask logs its cluster's comings and goings at INFO on its own handler: keep that for -vv.
    debug = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
    logging.getLogger("distributed").setLevel(logging.INFO if debug else logging.ERROR)
    with open_client(address, spec=spec) as client:
        yield client
