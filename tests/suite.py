"""The whole test suite, as `make test` runs it: lint, type-check, a test Neo4j, then pytest.

The Neo4j server is the in-process harness launcher in ``tests/neo4j-server`` (Maven, Java 17).
It is built once (Maven's local repository caches its dependencies), started on a free port of
127.0.0.1, handed to pytest through ``PASSERELLE_TEST_NEO4J_URI``, and always stopped. Without
Java or Maven the Neo4j tests skip with the reason, except under ``CI=true``, where a Neo4j that
cannot start fails the run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "neo4j-server"
CLASSPATH = SERVER / "target" / "classpath.txt"
MAIN_CLASS = "fr.passerelle.testserver.TestServer"
IN_CI = os.environ.get("CI", "").lower() == "true"


def run(step: str, command: list[str]) -> None:
    print(f"== {step}: {' '.join(command)}", flush=True)
    code = subprocess.call(command, cwd=ROOT)
    if code != 0:
        sys.exit(f"{step} failed with exit code {code}")


def launcher_command() -> list[str]:
    """Build the launcher if its sources changed; return the command that starts it."""
    sources = [SERVER / "pom.xml", *SERVER.glob("src/**/*.java")]
    if not CLASSPATH.exists() or max(p.stat().st_mtime for p in sources) > CLASSPATH.stat().st_mtime:
        run("build test Neo4j", ["mvn", "-q", "-B", "-f", str(SERVER / "pom.xml"), "package"])
        CLASSPATH.touch()
    classpath = f"{SERVER / 'target' / 'classes'}{os.pathsep}{CLASSPATH.read_text().strip()}"
    return ["java", "-Xmx1g", "-cp", classpath, MAIN_CLASS]


def start_neo4j(command: list[str], timeout: float = 240.0) -> tuple[subprocess.Popen[str], str]:
    """Start the server, wait for its ready line, then for Bolt to accept connections."""
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=sys.stderr, text=True
    )
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("NEO4J_READY "):
            uri = line.split()[1].rstrip("/")
            break
        if time.monotonic() > deadline:
            break
    else:
        raise RuntimeError(f"test Neo4j exited with code {process.wait()} before it was ready")
    parsed = urlparse(uri)
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
                return process, uri
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"Bolt did not answer at {uri} within {timeout:.0f} s")


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    run("lint", [sys.executable, "-m", "ruff", "check", "."])
    run("types", [sys.executable, "-m", "mypy", "graph", "matching"])
    env = dict(os.environ)
    server: subprocess.Popen[str] | None = None
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        reason = f"{' and '.join(missing)} not found: cannot start the test Neo4j"
        if IN_CI:
            print(f"error: {reason} (CI=true requires Neo4j)", file=sys.stderr)
            return 1
        env["PASSERELLE_TEST_NEO4J_SKIP"] = reason
    else:
        try:
            command = launcher_command()
            server, uri = start_neo4j(command)
        except (RuntimeError, OSError, SystemExit) as e:
            if IN_CI:
                print(f"error: the test Neo4j could not start: {e}", file=sys.stderr)
                return 1
            env["PASSERELLE_TEST_NEO4J_SKIP"] = f"the test Neo4j could not start: {e}"
        else:
            print(f"== test Neo4j ready at {uri}", flush=True)
            env["PASSERELLE_TEST_NEO4J_URI"] = uri
            env["PASSERELLE_TEST_NEO4J_LAUNCHER"] = json.dumps(command)
    try:
        return subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT, env=env)
    finally:
        if server is not None:
            stop(server)
            print("== test Neo4j stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
