"""The service on Neo4j: a clear exit when it is down at start-up, 503 and recovery when it
goes away while serving."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.accounts import Accounts
from service.api import create_app
from service.settings import Settings
from tests.conftest import neo4j_unavailable
from tests.fakes import HashingEmbedder
from tests.world import tiny_world

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_neo4j_at_start_up_exits_2_naming_the_uri(tmp_path: Path) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    env = {**os.environ, "PASSERELLE_STORE__BACKEND": "neo4j", "PASSERELLE_NEO4J__URI": uri}
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert uri in result.stderr
    assert "Traceback" not in result.stderr


class RestartableServer:
    """A dedicated Neo4j on a fixed port, which this test stops and starts again."""

    def __init__(self, command: list[str], port: int) -> None:
        self.command = [*command, "--port", str(port)]
        self.port = port
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("NEO4J_READY"):
                return
        raise RuntimeError("test Neo4j did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=120)


@pytest.fixture
def own_server() -> Iterator[RestartableServer]:
    launcher = os.environ.get("PASSERELLE_TEST_NEO4J_LAUNCHER")
    if not launcher:
        neo4j_unavailable()
    server = RestartableServer(json.loads(launcher or "[]"), free_port())
    server.start()
    yield server
    server.stop()


@pytest.mark.neo4j
@pytest.mark.slow
def test_requests_get_503_while_neo4j_is_down_and_recover_without_restart(
    own_server: RestartableServer, accounts: Accounts, staff_headers: dict[str, str], tmp_path: Path
) -> None:
    from graph.neo4j_store import Neo4jStore, connect
    from matching.matcher import Matcher

    uri = f"bolt://127.0.0.1:{own_server.port}"
    settings = Settings(
        store={"backend": "neo4j"},
        neo4j={"uri": uri},
        embedding={"dimensions": 64},
        server={"allowed_hosts": ["testserver"]},
        desk={"path": tmp_path / "desk.db"},
    )
    store = Neo4jStore(connect(uri, "neo4j", ""), vector_dimensions=64)
    store.ensure_schema()
    store.upsert(tiny_world())
    app = create_app(
        settings,
        store=store,
        matcher=Matcher(store, HashingEmbedder(64)),
        accounts=accounts,
        background_warm_up=False,
    )
    draft = {"text": "Un tiers-lieu dans la médiathèque", "k": 3}
    with TestClient(app, raise_server_exceptions=False, headers=staff_headers) as client:
        assert client.get("/health").status_code == 200
        assert client.post("/v1/suggestions", json=draft).status_code == 200

        own_server.stop()
        down = client.get("/health")
        assert down.status_code == 503
        assert uri in down.json()["detail"]
        assert client.post("/v1/suggestions", json=draft).status_code == 503

        own_server.start()
        deadline = time.monotonic() + 60
        while (status := client.get("/health").status_code) != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert status == 200
        # The restarted test server is empty: set it up again through the same app's store. The
        # matcher notices the new revision by itself (a new database never repeats revisions).
        store.ensure_schema()
        store.upsert(tiny_world())
        response = client.post("/v1/suggestions", json=draft)
        assert response.status_code == 200
        assert response.json()["experts"][0]["id"] == "person:bruno-lefevre"
    store.close()
