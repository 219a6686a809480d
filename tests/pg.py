"""A throwaway PostgreSQL server for the test session (a real server: the store is never mocked).

`start_server()` finds the PostgreSQL binaries, `initdb`s a cluster in a temporary folder, starts it on a
free loopback port (its unix socket in that folder too) and creates a database; `PostgresServer.stop()`
stops it and deletes the folder. PostgreSQL refuses to run as root, so as root the server commands run
as the `postgres` system user on a folder handed to it.

`AUDIATUR_TEST_PG_URL` names an existing server to use instead. Without PostgreSQL the tests skip,
unless `CI` or `AUDIATUR_REQUIRE_PG` is set: there a missing server fails them.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "PostgresServer",
    "PostgresUnavailableError",
    "create_database",
    "drop_database",
    "find_bindir",
    "pg_required",
    "start_server",
]

SERVER_USER = "postgres"
DATABASE = "audiatur_test"
_START_TIMEOUT = 30


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server can be had here (why is the message)."""


def pg_required() -> bool:
    """Whether a missing PostgreSQL must fail the tests instead of skipping them."""
    return bool(os.environ.get("CI") or os.environ.get("AUDIATUR_REQUIRE_PG"))


def find_bindir() -> Path | None:
    """The folder with initdb/pg_ctl: `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            )
            candidates.append(Path(out.stdout.strip()))
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted((Path(p) for p in versions), key=lambda p: _version(p.parent.name), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server and the database the tests use."""

    url: str  # SQLAlchemy URL of the test database
    admin_url: str  # SQLAlchemy URL of a database to run CREATE/DROP DATABASE from
    folder: Path | None = None  # the cluster's folder when we started it
    bindir: Path | None = None
    owned_database: bool = False  # we created the database on an existing server
    _as_user: list[str] = field(default_factory=list)

    def stop(self) -> None:
        """Stop the server we started and delete its folder (or drop the database we made)."""
        if self.folder is None:
            if self.owned_database:
                _drop_database(self.admin_url, self.url.rsplit("/", 1)[1])
            return
        assert self.bindir is not None
        data = self.folder / "data"
        subprocess.run(
            [*self._as_user, str(self.bindir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate", "-w"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


def start_server() -> PostgresServer:
    """A PostgreSQL server for this test session (raises PostgresUnavailableError with the reason)."""
    external = os.environ.get("AUDIATUR_TEST_PG_URL")
    if external:
        return _use_external(external)
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailableError(
            "PostgreSQL is not installed (no initdb via pg_config or in /usr/lib/postgresql)"
        )
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError as exc:
            raise PostgresUnavailableError(
                f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as"
            ) from exc
        runuser = shutil.which("runuser")
        setpriv = shutil.which("setpriv")
        if runuser:
            as_user = [runuser, "-u", SERVER_USER, "--"]
        elif setpriv:
            entry = pwd.getpwnam(SERVER_USER)
            as_user = [setpriv, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups"]
        else:
            raise PostgresUnavailableError("running as root without runuser or setpriv to become postgres")
    folder = Path(tempfile.mkdtemp(prefix="audiatur-pg-"))
    try:
        return _start_cluster(bindir, folder, as_user)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _start_cluster(bindir: Path, folder: Path, as_user: list[str]) -> PostgresServer:
    data = folder / "data"
    if as_user:
        entry = pwd.getpwnam(SERVER_USER)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    _run(
        [
            *as_user,
            str(bindir / "initdb"),
            *("-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--no-sync", "--no-instructions"),
        ],
        env,
        "initdb",
    )
    port = _free_port()
    # Durability off: a throwaway test cluster trades it for speed.
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    _run(
        [
            *as_user,
            str(bindir / "pg_ctl"),
            *("start", "-D", str(data), "-o", options),
            *("-l", str(folder / "server.log"), "-w", "-t", str(_START_TIMEOUT)),
        ],
        env,
        "pg_ctl start",
        log=folder / "server.log",
    )
    admin = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    server = PostgresServer(
        url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}",
        admin_url=admin,
        folder=folder,
        bindir=bindir,
        _as_user=as_user,
    )
    # Stopped by the session fixture; also at exit, should the session end some other way.
    atexit.register(server.stop)
    try:
        _create_database(admin, DATABASE)
    except BaseException:
        server.stop()
        raise
    return server


def _run(command: list[str], env: dict[str, str], what: str, log: Path | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=120)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        if log is not None and log.is_file():
            detail += "\n" + log.read_text(errors="replace")[-2000:]
        raise PostgresUnavailableError(f"{what} failed ({result.returncode}): {detail}")


def _connect(url: str) -> psycopg.Connection[Any]:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    deadline = time.monotonic() + 10
    while True:
        try:
            return psycopg.connect(plain, autocommit=True)
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _create_database(admin_url: str, name: str, template: str | None = None) -> None:
    with _connect(admin_url) as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')


def _drop_database(admin_url: str, name: str) -> None:
    with _connect(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _use_external(url: str) -> PostgresServer:
    """Use an existing server: a fresh database of our own if we may create one, else the given one."""
    import psycopg

    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"audiatur_test_{uuid.uuid4().hex[:8]}"
    base = url.rsplit("/", 1)[0]
    try:
        _create_database(url, name)
    except psycopg.Error:
        return PostgresServer(url=url, admin_url=url)
    return PostgresServer(url=f"{base}/{name}", admin_url=url, owned_database=True)


def create_database(server: PostgresServer, name: str) -> str:
    """A new empty database on the server; returns its URL."""
    _create_database(server.admin_url, name)
    base = server.url.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(server: PostgresServer, name: str) -> None:
    """Drop a database made by `create_database`."""
    _drop_database(server.admin_url, name)
