"""`audiatur user …`: accounts from the command line (SQLite ledger, run in-process)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from audiatur.present.cli.app import app
from audiatur.store import open_store


def _run(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    """Exit code, and what was printed (or the error `main` would print as one red line)."""
    result = CliRunner().invoke(app, ["--db", str(db), *args], input=stdin)
    error = (
        f"error: {result.exception}"
        if result.exception and not isinstance(result.exception, SystemExit)
        else ""
    )
    return result.exit_code, result.output + error


def test_cli_user_add_list_role_disable_token(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    code, out = _run(
        db, "user", "add", "anna", "--role", "analyst", "--password-stdin", stdin="a-long-password\n"
    )
    assert code == 0 and "added anna (analyst)" in out
    code, out = _run(db, "user", "add", "anna", "--password-stdin", stdin="another-password\n")
    assert code == 1 and "already a user" in out
    code, out = _run(db, "user", "add", "vera", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 10 characters" in out
    code, out = _run(db, "user", "add", "vera", stdin="viewer-password\nviewer-password\n")  # asked twice
    assert code == 0 and "added vera (viewer)" in out
    assert "anna" in _run(db, "user", "list")[1]
    assert _run(db, "user", "role", "vera", "admin")[1].strip() == "vera is now admin"
    code, token = _run(db, "user", "token", "anna", "--label", "nightly")
    assert code == 0 and token.startswith("aud_")
    assert _run(db, "user", "disable", "anna")[1].strip() == "anna is disabled"
    with open_store(f"sqlite:///{db}") as store:
        assert store.find_token_user(token.strip()) is None  # a disabled user's tokens stop working
        assert store.get_user("vera").role == "admin"
        assert [e.action for e in store.recent_audit(limit=10, user="cli")][:2] == [
            "user.disable",
            "user.create_token",
        ]
    assert _run(db, "user", "disable", "anna", "--enable")[1].strip() == "anna is enabled"
    code, out = _run(db, "user", "password", "anna", "--password-stdin", stdin="a-new-long-password\n")
    assert code == 0
    with open_store(f"sqlite:///{db}") as store:
        assert store.authenticate("anna", "a-new-long-password").name == "anna"
