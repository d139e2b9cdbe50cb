"""The service as `make run` starts it: seed loaded (and embedded) into a real SQLite file,
uvicorn with two workers on 127.0.0.1, the real model, French drafts over HTTP, and the CLI
changing the network while it serves."""

from __future__ import annotations

import json
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

DRAFT = (
    "Notre direction départementale souhaite ouvrir ses données sur un portail, avec les communes et "
    "les associations, pour que les habitants puissent les réutiliser."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def experts(base: str, body: dict[str, object], headers: dict[str, str]) -> list[str]:
    response = httpx.post(f"{base}/v1/suggestions", json=body, headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["experts"]]


def test_seed_then_serve_answers_and_follows_the_cli(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PASSERELLE_STORE__SQLITE_PATH": str(tmp_path / "run.db"),
        "PASSERELLE_RANKING__FUSION_PATH": str(tmp_path / "fusion.json"),
        "PASSERELLE_PORT": str(port),
        "PASSERELLE_SERVER__WORKERS": "2",
        "PASSERELLE_SERVER__ENCODERS": "1",  # two workers, each with its own model process
        "PASSERELLE_AUTH__ACCOUNTS_PATH": str(tmp_path / "accounts.db"),
    }
    cli = [sys.executable, "-m", "service.cli"]
    seeded = subprocess.run([*cli, "seed", "--if-empty"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr
    assert "vectorisation" in seeded.stderr  # the progress bar of the embedding at import time
    again = subprocess.run([*cli, "seed", "--if-empty"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "déjà" in again.stdout
    created = subprocess.run(
        [*cli, "key", "create", "guichet", "--role", "lab_staff"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert created.returncode == 0, created.stderr
    headers = {"Authorization": f"Bearer {created.stdout.strip()}"}

    server = subprocess.Popen(
        [*cli, "serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300
        phases = set()
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"{base}/health", timeout=2).json()
                phases.add(health["phase"])
                if health["status"] == "ok":
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        assert "ready" in phases
        found = experts(base, {"text": DRAFT, "k": 5}, headers)
        assert len(found) == 5
        response = httpx.post(
            f"{base}/v1/suggestions",
            json={
                "text": DRAFT,
                "k": 5,
                "context": {"lab": "lab:innovmandie", "organisations": ["org:ddt-eure"]},
            },
            headers=headers,
            timeout=60,
        )
        body = response.json()
        assert body["setting"] == "context"
        assert "org:ddt-eure" not in [o["id"] for o in body["organisations"]]
        assert body["model"] == "sentence-transformers/all-MiniLM-L6-v2"

        # A new expert imported through the CLI is suggested by every worker, without restart.
        bundle = tmp_path / "bundle"
        bundle.mkdir()
        newcomer = {
            "id": "person:ines-hautot",
            "name": "Inès Hautot",
            "roles": ["expert"],
            "bio": "Experte des données ouvertes : portails de données, licences, réutilisation par les "
            "habitants, accompagnement des communes et des associations pour ouvrir leurs données.",
        }
        (bundle / "persons.jsonl").write_text(
            json.dumps(newcomer, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        imported = subprocess.run(
            [*cli, "import", str(bundle)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert imported.returncode == 0, imported.stderr
        for _ in range(4):  # several requests reach both workers
            assert "person:ines-hautot" in experts(base, {"text": DRAFT, "k": 10}, headers)

        # Erased through the CLI: gone from every answer at once.
        erased = subprocess.run(
            [*cli, "erase-person", "person:ines-hautot"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert erased.returncode == 0, erased.stderr
        for _ in range(4):
            assert "person:ines-hautot" not in experts(base, {"text": DRAFT, "k": 10}, headers)
    finally:
        server.terminate()
        server.wait(timeout=60)
