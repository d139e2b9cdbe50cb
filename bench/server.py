"""A Neo4j for benchmarks: the same harness launcher as the tests, with a larger heap."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from tests.suite import launcher_command, start_neo4j, stop


@contextmanager
def benchmark_neo4j(heap: str = "6g") -> Iterator[str]:
    """Start a private test Neo4j and yield its Bolt URI; always stop it."""
    command = [part if not part.startswith("-Xmx") else f"-Xmx{heap}" for part in launcher_command()]
    process: subprocess.Popen[str] | None = None
    try:
        process, uri = start_neo4j(command)
        yield uri
    finally:
        if process is not None:
            stop(process)
