"""The `audiatur` command: help for every command, and the ingest → inspect → export → verify round on a real
SQLite file, with bad input reported one line per file."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from audiatur.demo import DEMO_WORLD
from audiatur.present.cli.app import app

ARTICLE = """Shelling kills six in Harvik, Kestrian officials say

HARVIK, 7 May 2027 — Six civilians were killed and 14 wounded when Velsarian artillery shelled a market in
Harvik on Wednesday, the Kestrian Ministry of Defence said.
"""
DENIAL = """Velsaria rejects Harvik accusations

The Velsarian Ministry of Foreign Affairs rejected the accusations on Thursday and said Velsarian forces do
not target civilians.
"""


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None:
            continue
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = sorted(_commands(typer.main.get_command(app)))  # type: ignore[arg-type]


def test_the_command_set_is_complete() -> None:
    names = {c[0] for c in COMMANDS}
    assert {"ingest", "extract", "claims", "documents", "show", "export", "verify", "serve", "demo"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    # a sentence of description, not just the option table
    described = result.output.split("Usage:", 1)[1]
    assert any(len(line.split()) >= 4 and "--" not in line for line in described.splitlines()[1:]), (
        result.output
    )


@pytest.fixture()
def folder(tmp_corpus: Path) -> Path:
    (tmp_corpus / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_corpus / "denial.md").write_text(DENIAL, encoding="utf-8")
    return tmp_corpus


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AUDIATUR_DATABASE_URL": str(db), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "audiatur", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_ingest_reports_each_bad_file_on_one_line_and_stores_the_rest(folder: Path, tmp_path: Path) -> None:
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7 truncated")
    (folder / "page.html").write_bytes(b"\x00\x00\x00\x01 not text")
    db = tmp_path / "ledger.db"
    result = _run(db, "ingest", str(folder), "--data", str(DEMO_WORLD))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, result.stderr
    assert any("scan.pdf" in line and "PDF" in line for line in errors)
    assert any("page.html" in line and "binary" in line for line in errors)
    assert not [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("error:")]
    assert "2 added" in result.stdout

    listed = _run(db, "claims", "--json")
    assert listed.returncode == 0, listed.stderr
    claims = [json.loads(line) for line in listed.stdout.splitlines()]
    assert claims and {c["kind"] for c in claims} >= {"figure", "event"}


@pytest.fixture()
def ledger_db(folder: Path, tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(folder), "--data", str(DEMO_WORLD)])
    assert result.exit_code == 0, result.output
    return db


def test_inspect_export_and_verify(ledger_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(ledger_db)]

    documents = runner.invoke(app, [*db, "documents"])
    assert documents.exit_code == 0 and "2 of 2 documents" in documents.output
    assert "article.txt" in documents.output and "denial.md" in documents.output

    claims = runner.invoke(app, [*db, "claims", "--json"])
    rows = [json.loads(line) for line in claims.output.splitlines()]
    figure = next(c for c in rows if c["kind"] == "figure" and c["figure"]["value"] == 6)
    assert figure["speaker"]["party"] == "Kestria" and figure["evidence"]["text"]

    doc_id = figure["document"]["id"]
    shown = runner.invoke(app, [*db, "show", doc_id[:10]])
    assert shown.exit_code == 0 and "Six civilians" in shown.output
    assert doc_id in "".join(shown.output.split())  # the whole hash (folded on a narrow terminal, never cut)

    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"claims.{fmt}"
        exported = runner.invoke(app, [*db, "export", "--format", fmt, "-o", str(out)])
        assert exported.exit_code == 0, exported.output
        text = out.read_text(encoding="utf-8")
        records = list(csv.DictReader(io.StringIO(text))) if fmt == "csv" else text.splitlines()
        assert len(records) == len(rows)
        assert not list(tmp_path.glob("*.part"))  # written through a temporary file, then renamed

    verified = runner.invoke(app, [*db, "verify"])
    assert verified.exit_code == 0, verified.output


def test_extract_is_incremental(ledger_db: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(ledger_db), "extract", "--data", str(DEMO_WORLD)]
    nothing = runner.invoke(app, db)
    assert nothing.exit_code == 0 and "0 documents" in nothing.output, nothing.output
    again = runner.invoke(app, [*db, "--all"])
    assert again.exit_code == 0 and "2 documents" in again.output, again.output


@pytest.mark.slow
def test_an_unknown_document_fails_in_one_line(ledger_db: Path) -> None:
    result = _run(ledger_db, "show", "ffffffffffff")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["error: no document starts with 'ffffffffffff'"]
