"""`audiatur user …`: accounts for the web app and API (add, list, role, disable, password, API tokens)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from audiatur.present.cli.app import app, fail
from audiatur.present.cli.options import open_ledger
from audiatur.store.accounts import Role

user_app = typer.Typer(
    help="Accounts: viewer (reads), analyst (also reviews), admin (also manages users).",
    no_args_is_help=True,
)
app.add_typer(user_app, name="user")

_CLI_USER = "cli"  # the name CLI changes are audited under
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


def _password(from_stdin: bool) -> str:
    """The password: the first line of stdin, or asked for twice without echo."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise fail("no password on standard input", code=2)
        return line
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@user_app.command("add")
def add_cli(
    name: Annotated[str, typer.Argument(help="The user name to sign in with.")],
    role: Annotated[Role, typer.Option(help="What the user may do.")] = Role.VIEWER,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a user (the password is asked for, or read from stdin with --password-stdin)."""
    password = _password(password_stdin)
    with open_ledger() as ledger:
        user = ledger.store.add_user(name, password, role=role, by=_CLI_USER)
    Console(highlight=False).print(f"added {user.name} ({user.role})")


@user_app.command("list")
def list_cli() -> None:
    """List the users and their roles."""
    with open_ledger() as ledger:
        users = ledger.store.list_users()
    table = Table(title=f"{len(users)} users", title_justify="left")
    for column in ("name", "role", "state", "since"):
        table.add_column(column)
    for u in users:
        table.add_row(
            u.name, str(u.role), "disabled" if u.disabled else "active", u.created_at.date().isoformat()
        )
    Console(highlight=False).print(table)


@user_app.command("role")
def role_cli(
    name: Annotated[str, typer.Argument(help="The user.")],
    role: Annotated[Role, typer.Argument(help="The new role.")],
) -> None:
    """Give a user another role."""
    with open_ledger() as ledger:
        user = ledger.store.set_user_role(name, role, by=_CLI_USER)
    Console(highlight=False).print(f"{user.name} is now {user.role}")


@user_app.command("disable")
def disable_cli(
    name: Annotated[str, typer.Argument(help="The user.")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable the user again instead.")] = False,
) -> None:
    """Disable a user (their sessions end; their API tokens stop working), or with --enable undo that."""
    with open_ledger() as ledger:
        user = ledger.store.set_user_disabled(name, not enable, by=_CLI_USER)
    Console(highlight=False).print(f"{user.name} is {'disabled' if user.disabled else 'enabled'}")


@user_app.command("password")
def password_cli(
    name: Annotated[str, typer.Argument(help="The user.")], password_stdin: PasswordStdin = False
) -> None:
    """Set a user's password (their sessions end)."""
    password = _password(password_stdin)
    with open_ledger() as ledger:
        ledger.store.set_user_password(name, password, by=_CLI_USER)
    Console(highlight=False).print(f"password of {name} changed")


@user_app.command("token")
def token_cli(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option(help="What the token is for (shown in the users list).")] = "",
) -> None:
    """Make an API token for scripts (`Authorization: Bearer <token>`); it is printed once, only here."""
    with open_ledger() as ledger:
        token = ledger.store.create_api_token(name, label=label, by=_CLI_USER)
    typer.echo(token)
