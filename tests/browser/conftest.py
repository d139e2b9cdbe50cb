"""Tests in a real browser: Debian's Chromium, headless, driven by Playwright, against a real
``passerelle serve`` on 127.0.0.1.

Chromium is never downloaded (no ``playwright install``): ``make test`` installs Debian's
``chromium`` package, and Playwright launches ``/usr/bin/chromium``. Without it the tests skip
with the reason, except under ``CI=true``, where they fail. Nothing a page shows may load from
outside 127.0.0.1: such a request is refused and fails the test. Each test leaves a full-page
screenshot in ``test-artefacts/browser/``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
HERE = Path(__file__).resolve().parent

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium calls Google's hosts at start-up and the closed network refuses them.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Real people of seed_data/network: a staffer of Innov'mandie (WORKS_AT lab:innovmandie) and an agent.
STAFF_ID = "person:maxime-lebas"
AGENT_ID = "person:nadia-meyer"
LAB_ID = "lab:innovmandie"

SEED_TIMEOUT = 600.0
READY_TIMEOUT = 300.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium against a live server")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder is a browser test; one that serves the seed uses the real model."""
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; skipped without it (failed under ``CI=true``)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"{CHROMIUM} not found: `make test` installs Debian's chromium (as root)"
    if IN_CI:
        pytest.fail(f"Chromium is required under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    """Headless Chromium, launched once. Playwright gives each launch a fresh, empty
    ``--user-data-dir`` of its own and removes it on close."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@dataclass(frozen=True)
class LiveServer:
    """A running ``passerelle serve`` on the seed network, and the logins made for it."""

    url: str
    env: dict[str, str]
    """The server's environment: CLI commands run with it act on the same files."""
    staff: tuple[str, str]
    """(person id, password) of a lab staffer of lab:innovmandie."""
    agent: tuple[str, str]
    """(person id, password) of an agent."""

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """``python -m service.cli ARGS`` against the server's files; fails the test on an error."""
        return run_cli(self.env, *args, stdin=stdin)


def run_cli(
    env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    # A new session has no controlling terminal, so the password prompt reads standard input.
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,
    )
    if done.returncode != 0:
        pytest.fail(f"`passerelle {' '.join(args)}` exited with {done.returncode}:\n{done.stderr}")
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(folder: Path, port: int) -> dict[str, str]:
    """The environment less any ``PASSERELLE_*`` of the caller's, every file inside ``folder``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PASSERELLE_")}
    env.update(
        {
            "HF_HUB_OFFLINE": "1",
            "PASSERELLE_STORE__SQLITE_PATH": str(folder / "store.db"),
            "PASSERELLE_DESK__PATH": str(folder / "desk.db"),
            "PASSERELLE_AUTH__ACCOUNTS_PATH": str(folder / "accounts.db"),
            "PASSERELLE_RANKING__FUSION_PATH": str(folder / "fusion.json"),
            "PASSERELLE_SERVER__ASSETS": str(ROOT / "node_modules"),
            "PASSERELLE_SERVER__DOCS_ASSETS": str(ROOT / "node_modules" / "swagger-ui-dist"),
            "PASSERELLE_SERVER__WORKERS": "1",
            "PASSERELLE_SERVER__ENCODERS": "1",
            "PASSERELLE_PORT": str(port),
        }
    )
    return env


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def wait_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Poll /health until the matcher's warm-up says ``ok``; fail if it fails, or the server dies."""
    deadline = time.monotonic() + READY_TIMEOUT
    health: dict[str, object] = {}
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"passerelle serve exited with {server.returncode}:\n{tail(log)}")
        try:
            health = httpx.get(f"{url}/health", timeout=2).json()
        except (httpx.TransportError, ValueError):
            health = {}
        if health.get("status") == "ok":
            return
        if health.get("status") == "failed":
            pytest.fail(f"the server's warm-up failed: {health.get('message')}\n{tail(log)}")
        time.sleep(0.2)
    pytest.fail(f"/health did not say ok within {READY_TIMEOUT:.0f} s (last: {health}):\n{tail(log)}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """End the server's whole process group (uvicorn and its model processes)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        server.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[LiveServer]:
    """The seed network in a fresh folder (embedded by the real model), a staff and an agent
    login made through the CLI, and ``passerelle serve`` on a free port of 127.0.0.1 until /health
    says ok. Needs Chromium first, so that a machine without it skips before seeding."""
    folder = tmp_path_factory.mktemp("live-server")
    port = free_port()
    env = server_env(folder, port)
    run_cli(env, "seed", timeout=SEED_TIMEOUT)
    staff = (STAFF_ID, "mot-de-passe-du-guichet")
    agent = (AGENT_ID, "mot-de-passe-de-l-agent")
    run_cli(env, "login", "set", staff[0], "--role", "lab_staff", "--lab", LAB_ID, stdin=f"{staff[1]}\n" * 2)
    run_cli(env, "login", "set", agent[0], "--role", "agent", stdin=f"{agent[1]}\n" * 2)

    url = f"http://127.0.0.1:{port}"
    log = folder / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended whole
        )
    try:
        wait_ready(url, server, log)
        yield LiveServer(url=url, env=env, staff=staff, agent=agent)
    finally:
        stop(server)


def artefact(name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot ``test-artefacts/browser/NAME.png``; returns its path."""
    path = artefact(name)
    page.screenshot(path=str(path), full_page=True)
    return path


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a new context (no cookies of another test) whose relative URLs go to the live
    server. A request to any other host is refused, and fails the test at teardown. The page's
    final state is saved as ``test-artefacts/browser/<test name>.png``."""
    context = browser.new_context(base_url=live_server.url)
    outside: list[str] = []

    def record(sent: Request) -> None:
        if not is_local(sent.url):
            outside.append(f"{sent.method} {sent.url}")

    context.on("request", record)
    # Refused at once rather than left to the closed network's timeouts.
    context.route(lambda url: not is_local(url), lambda route: route.abort("blockedbyclient"))
    opened = context.new_page()
    try:
        yield opened
        shot(opened, request.node.name)
    finally:
        context.close()
    if outside:
        pytest.fail("the page asked for resources outside 127.0.0.1 (refused):\n" + "\n".join(outside))
