"""Accounts for the API tests (a real SQLite file, and a key of each role), and the command
line run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from graph.store import GraphStore
from matching.matcher import Matcher
from service.accounts import AccessRole, Accounts
from service.api import create_app
from service.settings import Settings
from tests.fakes import HashingEmbedder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[Accounts]:
    accounts = Accounts(tmp_path / "accounts.db")
    yield accounts
    accounts.close()


@pytest.fixture
def staff_headers(accounts: Accounts) -> dict[str, str]:
    """A lab staffer's key, as the front desk sends it."""
    _, secret = accounts.create_key("guichet", AccessRole.LAB_STAFF)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    """Settings of an app under TestClient (whose requests name the host ``testserver``)."""
    return Settings(
        store={"sqlite_path": tmp_path / "api.db"},
        ranking={"fusion_path": tmp_path / "f.json"},
        server={"allowed_hosts": ["testserver"]},
        auth={"accounts_path": tmp_path / "accounts.db"},
        desk={"path": tmp_path / "desk.db"},
    )


def warm_app(settings: Settings, store: GraphStore, accounts: Accounts) -> FastAPI:
    """The app over ``store``, its index built before serving, ranking with the hashing embedder."""
    return create_app(
        settings,
        store=store,
        matcher=Matcher(store, HashingEmbedder(64)),
        accounts=accounts,
        background_warm_up=False,
    )


def cli_env(folder: Path, *, without_introduction: bool = False) -> dict[str, str]:
    """The tiny world in a SQLite file, and the environment that points ``passerelle`` at it
    and at its own accounts and desk files. ``without_introduction`` leaves out the world's one
    ``INTRODUCED`` edge (Alice to Bruno), for tests that introduce them."""
    from graph.embedded import EmbeddedStore
    from graph.model import Edge, EdgeKind
    from tests.world import tiny_world

    store = EmbeddedStore(folder / "cli.db")
    store.ensure_schema()
    records = tiny_world()
    if without_introduction:
        records = [r for r in records if not (isinstance(r, Edge) and r.kind is EdgeKind.INTRODUCED)]
    store.upsert(records)
    store.close()
    return {
        "PASSERELLE_STORE__SQLITE_PATH": str(folder / "cli.db"),
        "PASSERELLE_DESK__PATH": str(folder / "desk.db"),
        "PASSERELLE_AUTH__ACCOUNTS_PATH": str(folder / "accounts.db"),
        "PASSERELLE_RANKING__FUSION_PATH": str(folder / "fusion.json"),
    }


def passerelle(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``passerelle ARGS`` as a user runs it, in a process of its own, with ``env`` on top of
    the environment."""
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def seeded_without_vectors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The seed network loaded by ``passerelle seed --no-embed`` into a store of its own (tests
    that write copy it first), with a desk and accounts beside it: the environment to reach it."""
    folder = tmp_path_factory.mktemp("seed-cli")
    env = {
        "PASSERELLE_STORE__SQLITE_PATH": str(folder / "seed.db"),
        "PASSERELLE_DESK__PATH": str(folder / "desk.db"),
        "PASSERELLE_AUTH__ACCOUNTS_PATH": str(folder / "accounts.db"),
        "HF_HUB_OFFLINE": "1",
    }
    done = passerelle(env, "seed", "--no-embed")
    assert done.returncode == 0, done.stderr
    return env
