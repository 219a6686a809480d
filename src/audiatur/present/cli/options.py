"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from audiatur.ledger import Ledger
from audiatur.present.cli.app import State

__all__ = ["DataFiles", "Model", "open_ledger"]

DataFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        help="An extra world data file (gazetteer, actors, parties; YAML). Repeatable.",
        exists=True,
        dir_okay=False,
    ),
]
Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        envvar="AUDIATUR_MODEL",
        help="An installed spaCy pipeline (e.g. en_core_web_sm) whose parse and entities add evidence.",
    ),
]


def open_ledger(model: str | None = None, data: list[Path] | None = None) -> Ledger:
    """The ledger named by `--db` (or the environment, or ./audiatur.db)."""
    return Ledger.open(State.db, model=model, data=data or ())
