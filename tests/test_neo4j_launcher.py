"""The test Neo4j launcher stops cleanly on SIGTERM and when its parent goes away."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import neo4j_unavailable

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def launcher() -> list[str]:
    command = os.environ.get("PASSERELLE_TEST_NEO4J_LAUNCHER")
    if not command:
        neo4j_unavailable()
    return list(json.loads(command or "[]"))


def gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A zombie of ours still answers kill(0); reap it.
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        time.sleep(0.2)
    return False


def test_sigterm_stops_the_server() -> None:
    process = subprocess.Popen(launcher(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("NEO4J_READY bolt://127.0.0.1:")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) in (0, 143)


def test_server_stops_when_its_parent_dies() -> None:
    parent_code = (
        "import subprocess, sys, json\n"
        f"p = subprocess.Popen({launcher()!r}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)\n"
        "print(p.stdout.readline().strip(), p.pid, flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    ready, _, pid = parent.stdout.readline().rpartition(" ")
    assert ready.startswith("NEO4J_READY")
    parent.kill()
    parent.wait()
    assert gone(int(pid), 120), "the launcher outlived its parent"
