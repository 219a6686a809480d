"""Browser tests: Debian's Chromium driven by Playwright against `audiatur serve`, run as a subprocess.

One demo ledger and one server per session (the ledger built by the CLI, as `make run` does, plus a
document full of markup and one user per role). Each test gets a fresh browser context in which every
request off this machine is aborted: the tests never touch the network, and the map must cope without it.
Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route, sync_playwright

from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
from audiatur.store import open_store
from present.security.xss import PAYLOADS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
AUDIATUR = [sys.executable, "-c", "from audiatur.present.cli.app import main; main()"]
PASSWORDS = {"vic": "viewer-password-1", "ana": "analyst-password-1", "adm": "admin-password-1"}
ROLES = {"vic": "viewer", "ana": "analyst", "adm": "admin"}
# A plain-text document whose words include markup: it must show as written and never run.
HOSTILE = (
    "Hostile markup test\n\n"
    "The Kestrian ministry said 5 civilians were killed in Harvik. "
    '<script>alert(1)</script> <img src=x onerror="window.__pwned=1;alert(2)"> '
    '<a href="javascript:alert(3)">click</a> <b>not bold</b>\n'
)

# The security tests' XSS payload corpus, a payload either side of each sentence a claim is found in.
XSS_CORPUS = "XSS corpus test\n\n" + "\n\n".join(
    f"{payload} The Kestrian ministry said {i + 2} civilians were killed in Harvik. {payload}"
    for i, payload in enumerate(PAYLOADS)
)


@pytest.fixture(scope="session", autouse=True)
def _chromium() -> None:
    """Skip (with the reason) where Debian's chromium is missing, unless in CI, where that fails."""
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM} (CI is set)")
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium) and CI is unset")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(db: Path, *args: str) -> str:
    result = subprocess.run(
        [*AUDIATUR, "--db", str(db), *args], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"audiatur {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass
class Server:
    """The running app."""

    url: str
    db: Path
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture(scope="session")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger (as `audiatur demo` builds it, analysis included) plus the hostile document, and
    users vic, ana and adm."""
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "demo.db"
    hostile = folder / "hostile-markup.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    corpus = folder / "xss-corpus.txt"
    corpus.write_text(XSS_CORPUS, encoding="utf-8")
    _cli(db, "ingest", "--data", str(DEMO_WORLD), str(DEMO_CORPUS), str(hostile), str(corpus))
    with open_store(f"sqlite:///{db}") as store:
        for name, password in PASSWORDS.items():
            store.add_user(name, password, role=ROLES[name], by="test")
    return db


@pytest.fixture(scope="session")
def server(ledger_db: Path) -> Iterator[Server]:
    """`audiatur serve` on a free loopback port (sign-in required), stopped after the session."""
    port = _free_port()
    log = ledger_db.with_suffix(".log")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*AUDIATUR, "--db", str(ledger_db), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"audiatur serve did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)
    yield Server(url=url, db=ledger_db, process=process, log=log)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(log, ARTIFACTS / "server.log")  # beside the screenshots, for a failure in CI
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page said on its console, which dialogs it opened, and which requests left the machine."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console errors other than the requests the test itself blocked."""
        return [e for e in self.errors if "ERR_FAILED" not in e and "ERR_INTERNET_DISCONNECTED" not in e]


@pytest.fixture()
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile with the network off (only this machine answers)."""
    ctx = browser.new_context(viewport={"width": 1360, "height": 900}, locale="en-GB")

    def offline(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort("internetdisconnected")

    ctx.route("**/*", offline)
    yield ctx
    ctx.close()


@pytest.fixture()
def watch() -> Watch:
    """Collects console errors and dialogs of the test's pages."""
    return Watch()


@pytest.fixture()
def page(context: BrowserContext, watch: Watch) -> Iterator[Page]:
    """A page whose console errors and dialogs are recorded (and must not include CSP violations)."""
    tab = context.new_page()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.errors.append(message.text)

    tab.on("console", console)
    tab.on("pageerror", lambda exc: watch.errors.append(f"page error: {exc}"))
    tab.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    assert not [e for e in watch.problems() if "Content Security Policy" in e], watch.problems()


def sign_in(page: Page, server: Server, user: str) -> None:
    """Sign in through the form."""
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORDS[user])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/")


def shoot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot of the page as tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header at the top of a full-page picture
    page.screenshot(path=str(path), full_page=full_page)
    return path
