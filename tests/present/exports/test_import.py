"""`audiatur export --format jsonl` → `audiatur import`: a reviewed ledger moves to another installation.

The reviewed demo ledger (SQLite) is exported; importing the file into an empty ledger, on SQLite and on
PostgreSQL, reproduces it: the same claims with the same ids, evidence, content, statuses, corrections,
versions, reviewers and review times, the same documents with the same hashes, and each claim's audit trail
(with the import itself recorded on top). A bad line stops the import naming the file and line, and nothing
is written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audiatur.domain import ClaimStatus
from audiatur.errors import Conflict
from audiatur.present.cli.app import app, main
from audiatur.present.exports.reader import read_claims
from audiatur.store import IMPORT_ACTION, Store, open_store
from demo_ledger import demo_ledger_copy
from present.exports.reviewed import Reviewed, review


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Reviewed]:
    """The reviewed demo ledger."""
    db = demo_ledger_copy(tmp_path_factory, "reviewed")
    with open_store(f"sqlite:///{db}") as store:
        done = review(store)
    return db, done


def _export(db: str | Path, out: Path, *options: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["--db", str(db), "export", "--format", "jsonl", "-o", str(out), *options]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def full_export(source: tuple[Path, Reviewed], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "ledger.jsonl"
    _export(source[0], out, "--full")
    return out


@pytest.fixture()
def target(store_url: str) -> Iterator[Store]:
    """An empty ledger (a SQLite file, or the PostgreSQL test database emptied)."""
    with open_store(store_url) as opened:
        yield opened


def _import(url: str, path: Path, *options: str) -> Any:
    return CliRunner().invoke(app, ["--db", url, "import", str(path), "--no-analyze", *options])


# ------------------------------------------------------------------------------------------- round trip


@pytest.mark.slow
def test_export_import_reproduces_the_ledger(
    source: tuple[Path, Reviewed], full_export: Path, target: Store, store_url: str, tmp_path: Path
) -> None:
    _, done = source
    result = _import(store_url, full_export, "--user", "mover")
    assert result.exit_code == 0, result.output
    before = [json.loads(line) for line in full_export.read_text(encoding="utf-8").splitlines()]
    after = _export(store_url, tmp_path / "again.jsonl", "--full")
    assert [c["id"] for c in after] == [c["id"] for c in before]  # same claims, same order

    for old, new in zip(before, after, strict=True):
        old_history, new_history = old["review"].pop("history"), new["review"].pop("history")
        assert new == old, old["id"]  # content, evidence, status, corrections, version, reviewer, document
        if old["id"] in done.reviewed:
            # The other ledger's trail, then this ledger's record of the import.
            assert new_history[:-1] == old_history and old_history
            assert new_history[-1]["action"] == IMPORT_ACTION and new_history[-1]["user"] == "mover"
        else:
            assert new_history == old_history == []

    by_id = {c["id"]: c for c in after}
    assert by_id[done.contradicted]["status"] == "accepted"
    assert by_id[done.rejected]["status"] == "rejected"
    corrected = by_id[done.corrected_speaker]
    assert corrected["status"] == "corrected" and corrected["speaker"]["id"] == done.new_speaker
    assert corrected["review"]["extracted"]["speaker"]["id"] != done.new_speaker
    assert corrected["review"]["reviewed_by"] == "bo" and corrected["review"]["version"] == 2
    assert by_id[done.reverted]["status"] == "extracted" and by_id[done.reverted]["review"]["version"] == 3

    report = target.verify()
    assert report.ok, report.problems()  # raw bytes, texts, evidence spans and the audit chain all hold
    entry = target.recent_audit(limit=1)[0]
    assert entry.action == "ledger.import" and entry.user == "mover"
    assert entry.after is not None and entry.after["added"] == len(before)
    assert target.summary().documents == len({c["document"]["id"] for c in before})


def test_import_records_the_review_history_in_the_audit_log(
    full_export: Path, source: tuple[Path, Reviewed]
) -> None:
    claims, sha256 = read_claims(full_export)
    _, done = source
    item = next(c for c in claims if c.claim.id == done.reverted)
    assert [h["action"] for h in item.history] == ["claim.accepted", "claim.revert"]
    assert item.version == 3 and item.claim.status is ClaimStatus.EXTRACTED
    assert len(sha256) == 64


# ---------------------------------------------------------------------------------------------- atomicity


def _empty(store: Store) -> bool:
    summary = store.summary()
    return summary.claims == 0 and summary.documents == 0 and not store.recent_audit(limit=1)


@pytest.mark.parametrize(
    ("line", "damage", "says"),
    [
        (6, lambda text: text[: len(text) // 2], "not JSON"),
        (9, lambda text: text.replace('"kind": "', '"kind": "rumour', 1), "kind"),
        (12, lambda text: text.replace('"start": ', '"start": 1', 1), "evidence"),
    ],
    ids=["truncated", "unknown-kind", "wrong-span"],
)
def test_a_bad_line_stops_the_import_naming_file_and_line(
    full_export: Path,
    target: Store,
    store_url: str,
    tmp_path: Path,
    line: int,
    damage: Any,
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = full_export.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = damage(lines[line - 1])
    bad = tmp_path / "damaged.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["audiatur", "--db", store_url, "import", str(bad), "--no-analyze"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {bad}:{line}: "), errors
    assert says in errors[0]
    assert _empty(target)  # nothing half-written: no claim, no document, no audit entry


def test_a_plain_export_needs_the_documents_here(source: tuple[Path, Reviewed], tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    _export(source[0], plain)
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = _import(empty, plain)
    assert result.exit_code != 0
    assert "--full" in str(result.exception)
    with open_store(empty) as store:
        assert _empty(store)


# --------------------------------------------------------------------------------- onto an existing ledger


def test_a_review_is_laid_over_the_same_claims_unreviewed(
    source: tuple[Path, Reviewed], tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    db, _ = source
    plain = tmp_path / "plain.jsonl"
    exported = _export(db, plain)  # no documents: the other installation has them already
    copy = demo_ledger_copy(tmp_path_factory, "unreviewed")
    url = f"sqlite:///{copy}"
    result = _import(url, plain)
    assert result.exit_code == 0, result.output
    reviewed_now = {c["id"] for c in exported if c["status"] != "extracted" or c["review"]["override"]}
    assert f"{len(reviewed_now)} updated" in result.output
    with open_store(url) as store:
        for claim_id in reviewed_now:
            here = store.get_claim_record(claim_id)
            there = next(c for c in exported if c["id"] == claim_id)
            assert str(here.claim.status) == there["status"]
            assert (dict(here.override) or None) == there["review"]["override"]
            assert here.reviewed_by == there["review"]["reviewed_by"]
            assert here.version == 2  # one change here
    again = _import(url, plain)
    assert again.exit_code == 0 and "0 updated" in again.output and "0 claims added" in again.output


def test_a_claim_reviewed_differently_here_stops_the_import(
    source: tuple[Path, Reviewed], tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    db, done = source
    plain = tmp_path / "plain.jsonl"
    _export(db, plain)
    copy = demo_ledger_copy(tmp_path_factory, "disagreeing")
    with open_store(f"sqlite:///{copy}") as store:
        store.set_claim_status(done.contradicted, ClaimStatus.REJECTED, user="cy", expected_version=1)
        claims, sha256 = read_claims(plain)
        with pytest.raises(Conflict, match=r"plain\.jsonl:\d+: claim .* reviewed here already"):
            store.import_claims(claims, user="cli", source=plain.name, sha256=sha256)
        assert store.get_claim(done.contradicted).status is ClaimStatus.REJECTED
        assert store.get_claim(done.single).status is ClaimStatus.EXTRACTED  # nothing else changed either
        assert [e.action for e in store.recent_audit(limit=5)] == ["claim.rejected"]
