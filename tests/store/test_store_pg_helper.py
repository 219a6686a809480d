"""tests/pg.py: where there is no PostgreSQL, its tests skip with the reason, except in CI where they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import pg

TESTS = Path(__file__).resolve().parents[1]


def test_without_binaries_the_reason_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDIATUR_TEST_PG_URL", raising=False)
    monkeypatch.setattr(pg, "find_bindir", lambda: None)
    with pytest.raises(pg.PostgresUnavailableError, match="not installed"):
        pg.start_server()


@pytest.mark.parametrize(
    ("env", "required"),
    [({}, False), ({"CI": "true"}, True), ({"AUDIATUR_REQUIRE_PG": "1"}, True)],
)
def test_pg_required(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], required: bool) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("AUDIATUR_REQUIRE_PG", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert pg.pg_required() is required


@pytest.mark.slow
@pytest.mark.parametrize(("ci", "outcome"), [(False, "1 passed, 1 skipped"), (True, "1 passed, 1 error")])
def test_a_session_without_postgres(tmp_path: Path, ci: bool, outcome: str) -> None:
    (tmp_path / "no_postgres.py").write_text("import pg\npg.find_bindir = lambda: None\n")
    env = {
        k: v for k, v in os.environ.items() if k not in ("CI", "AUDIATUR_REQUIRE_PG", "AUDIATUR_TEST_PG_URL")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(TESTS)])
    if ci:
        env["CI"] = "true"
    target = f"{TESTS / 'store' / 'test_store_documents.py'}::test_get_raw_unknown_is_not_found"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no_postgres", "-p", "no:cacheprovider", "-q", "-rs", target],
        capture_output=True,
        text=True,
        env=env,
        cwd=TESTS.parent,
        timeout=300,
    )
    assert outcome in result.stdout, result.stdout + result.stderr
    reason = (
        "PostgreSQL is required here"
        if ci
        else "no PostgreSQL server for the tests: PostgreSQL is not installed"
    )
    assert reason in result.stdout
