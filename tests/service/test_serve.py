"""The service as `make run` starts it: seed loaded into a real SQLite file, uvicorn on
127.0.0.1, the real model, a French draft over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.model, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_seed_then_serve_answers_a_french_draft(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PASSERELLE_STORE__SQLITE_PATH": str(tmp_path / "run.db"),
        "PASSERELLE_PORT": str(port),
    }
    cli = [sys.executable, "-m", "service.cli"]
    seeded = subprocess.run([*cli, "seed", "--if-empty"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr
    again = subprocess.run([*cli, "seed", "--if-empty"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "déjà" in again.stdout

    server = subprocess.Popen(
        [*cli, "serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        draft = (
            "Notre direction départementale souhaite publier ses données sur un portail ouvert, "
            "avec les communes et les associations, pour que les habitants puissent les réutiliser."
        )
        response = httpx.post(f"{base}/v1/suggestions", json={"text": draft, "k": 5}, timeout=60)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["experts"]) == 5
        assert len(body["organisations"]) == 5
        assert body["experts"][0]["signals"]["semantic"] > 0
        assert body["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    finally:
        server.terminate()
        server.wait(timeout=60)
