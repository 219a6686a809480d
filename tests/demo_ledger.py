"""The demo ledger for tests that read a realistic ledger: built once per test process, copied per user.

`demo_ledger_copy(tmp_path_factory, name)` gives a fresh SQLite file holding what `audiatur demo` builds (the
fictional Kestria–Velsaria corpus, extracted and analysed). Building takes seconds, so the first call builds
it under the session's base temporary folder and every later call copies that file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
from audiatur.ledger import Ledger

__all__ = ["demo_ledger_copy"]

_built: dict[Path, Path] = {}


def _build(root: Path) -> Path:
    db = root / "demo-ledger.db"
    if not db.exists():
        building = root / "demo-ledger.building.db"
        building.unlink(missing_ok=True)
        with Ledger.open(building, data=[DEMO_WORLD]) as ledger:
            report = ledger.ingest([str(DEMO_CORPUS)])
        assert report.ok, report.failed
        building.replace(db)  # the WAL was checkpointed on close: the file is the whole ledger
    return db


def demo_ledger_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A fresh copy of the built demo ledger, as a SQLite file in its own folder."""
    root = tmp_path_factory.getbasetemp()
    if root not in _built:
        _built[root] = _build(root)
    target = tmp_path_factory.mktemp(name) / "ledger.db"
    shutil.copyfile(_built[root], target)
    return target
