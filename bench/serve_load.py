"""Served throughput of ``POST /v1/suggestions`` on the seed network, against the encode floor.

    .venv/bin/python -m bench.serve_load --seconds 30 --clients 20

The seed network is loaded and embedded into a temporary SQLite store (``passerelle seed``).
Then, in a separate process before any server starts and again after the last one stops, the
floor: the real model on one torch thread embeds each of the 28 labelled drafts of
``seed_data/queries.jsonl`` as the matcher does (``Matcher.embed_query``), and floor = cores /
p50 encode seconds over both measurements, the requests/s the machine would serve if a request
cost only its encode and every core encoded. (The VM's speed drifts over a run's minutes: one
measurement alone moved the ratio by as much as the serving code did.) Then ``passerelle serve``
runs on a free 127.0.0.1 port for each configuration of uvicorn workers, encoder processes and
torch threads (the default, one worker whose model runs in one encoder process per core, and
two workers each with one encoder, where the kernel spreads connections rather than work), and
1, 2 and ``--clients`` concurrent clients POST the 28 drafts in rotation (k=10) for
``--seconds`` each, after a warm-up. Only 200 answers are counted; any other status is shown.

The load comes from ``wrk`` (one thread, a Lua script rotating the bodies) when it is on the
PATH, else from one asyncio event loop with ``httpx.AsyncClient`` (``--client`` forces either);
the output says which, and how much CPU it took, since it shares the cores with the server.
Each run also shows the server's CPU per request and the cores each server process used
(read from /proc): one number where two workers run means one worker served every connection.
The load average printed before each configuration is other work on the machine; during and
after a run it counts the server's own busy threads too.

Readiness is read from the server's log as well as /health (one "matcher ready" line per worker),
which is why the server runs with ``--verbose``. Target: best requests/s at ``--clients`` clients
/ floor >= 0.7.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx

QUERIES = Path(__file__).resolve().parent.parent / "seed_data" / "queries.jsonl"
TARGET = 0.7
CONFIGURATIONS = ((1, 0, 1), (2, 1, 1))
"""(uvicorn workers, encoder processes per worker (0: one per core), torch threads per encoder)."""
K = 10
REQUEST_TIMEOUT = 60.0
READY_TIMEOUT = 300.0
READY_STREAK = 12
"""Consecutive /health "ok" answers, each on a fresh connection, before the workers count as ready
(uvicorn's workers share one socket, so a fresh connection may reach any of them)."""

WRK_SCRIPT = """
local bodies = {%(bodies)s}
local i = 0
codes = {}  -- a global: done() reads it from each thread with thread:get
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(key)s"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  i = i + 1
  return wrk.format(nil, nil, nil, bodies[(i %% #bodies) + 1])
end
function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end
function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("codes")) do merged[status] = (merged[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(merged) do table.insert(parts, string.format('"%%d": %%d', status, n)) end
  io.write(string.format(
    'WRK-JSON {"codes": {%%s}, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, "timeouts": %%d}\\n',
    table.concat(parts, ", "), summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def drafts() -> list[str]:
    with QUERIES.open(encoding="utf-8") as handle:
        return [str(json.loads(line)["text"]) for line in handle if line.strip()]


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[round(q * (len(ordered) - 1))] if ordered else float("nan")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# -- the floor, in its own process ------------------------------------------------------------
def measure_floor(rounds: int) -> list[float]:
    """One-thread encode times of each draft as ``Matcher.embed_query`` does it, in seconds."""
    from graph.embedded import EmbeddedStore
    from matching.embedder import SentenceTransformerEmbedder
    from matching.matcher import Matcher

    texts = drafts()
    with tempfile.TemporaryDirectory(prefix="passerelle-floor-") as folder:
        # embed_query never reads the store: an empty one that is never opened is enough.
        matcher = Matcher(EmbeddedStore(Path(folder) / "empty.db"), SentenceTransformerEmbedder(threads=1))
        for text in texts:
            matcher.embed_query(text)
        samples = []
        for _ in range(rounds):
            for text in texts:
                started = time.perf_counter()
                matcher.embed_query(text)
                samples.append(time.perf_counter() - started)
    return samples


def floor_in_subprocess(rounds: int) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.serve_load", "--floor-only", "--floor-rounds", str(rounds)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the floor process failed with code {out.returncode}:\n{out.stderr[-3000:]}")
    line = next(x for x in out.stdout.splitlines() if x.startswith("FLOOR-JSON "))
    result: list[float] = json.loads(line.removeprefix("FLOOR-JSON "))
    return result


def describe_encodes(samples: Sequence[float]) -> str:
    return f"p50 {statistics.median(samples) * 1000:.1f} ms, p95 {percentile(samples, 0.95) * 1000:.1f} ms"


# -- the server -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def group_cpu(pgid: int) -> dict[int, float]:
    """User + system CPU seconds of each live process of a process group (the server, its workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:
            out[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return out


def cores_by_process(before: Mapping[int, float], after: Mapping[int, float], seconds: float) -> list[float]:
    """Cores each process used in between, busiest first (a worker pinned by keep-alive shows)."""
    used = [(cpu - before.get(pid, 0.0)) / seconds for pid, cpu in after.items()]
    return sorted((u for u in used if u >= 0.01), reverse=True)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's whole process group, SIGKILL it if it lingers."""
    if process.poll() is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


READY_LINE = "matcher ready"
"""What ``service.api.warm_up`` logs once a worker's index is built."""
INDEX_LINE = "matching index of revision"
"""What ``Matcher`` logs each time it builds an index (the first one, or after the store changed)."""
RESTART_LINE = "Child process"
"""uvicorn's supervisor logs ``Child process [pid] died`` when it replaces a worker."""


@contextlib.contextmanager
def running_server(
    env: Mapping[str, str], log: Path, workers: int
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``passerelle serve`` on a free loopback port, in its own process group; always stopped."""
    port = free_port()
    # --verbose: with one worker the app runs in the CLI's process, whose logging setup would
    # otherwise hide the app's INFO lines (the index builds) that this script reads.
    command = [sys.executable, "-m", "service.cli", "--verbose", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=dict(env), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(base, process, log, workers)
        yield base, process
    finally:
        stop_group(process)


def log_count(log: Path, needle: str) -> int:
    return sum(needle in line for line in log.read_text(errors="replace").splitlines())


def wait_until_ready(base: str, process: subprocess.Popen[bytes], log: Path, workers: int) -> None:
    """Until every worker has logged its index built and /health says "ok" on fresh connections.

    /health alone is not enough: uvicorn's workers share one socket, and a worker still building
    its index accepts connections more slowly, so a streak of answers may all come from another.
    """
    deadline = time.monotonic() + READY_TIMEOUT
    streak = 0
    while streak < READY_STREAK or log_count(log, READY_LINE) < workers:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the server exited with code {process.returncode}:\n{tail}")
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the server was not ready after {READY_TIMEOUT:.0f} s:\n{tail}")
        try:
            # A fresh connection each time: any worker may answer.
            answer = httpx.get(f"{base}/health", timeout=5)
            ok = answer.status_code == 200 and answer.json().get("status") == "ok"
        except httpx.HTTPError:
            ok = False
        streak = streak + 1 if ok else 0
        if not ok or streak >= READY_STREAK:
            time.sleep(0.5)


# -- the load ---------------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    """Seconds, of 200 answers only."""
    statuses: Counter[str] = field(default_factory=Counter)
    client_cpu: float | None = None
    p50: float | None = None
    p95: float | None = None

    @property
    def ok(self) -> int:
        return self.statuses["200"]

    @property
    def rate(self) -> float:
        return self.ok / self.seconds

    def others(self) -> str:
        rest = {s: n for s, n in sorted(self.statuses.items()) if s != "200"}
        return ", ".join(f"{s}: {n}" for s, n in rest.items()) or "none"


async def _httpx_load(base: str, load: Load, clients: int, seconds: float) -> Run:
    run = Run(seconds)
    bodies = load.bodies
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {load.key}"}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT) as client:
        deadline = time.perf_counter() + seconds

        async def one_client(offset: int) -> None:
            i = offset
            while time.perf_counter() < deadline:
                body = bodies[i % len(bodies)]
                i += 1
                started = time.perf_counter()
                try:
                    answer = await client.post("/v1/suggestions", content=body, headers=headers)
                    await answer.aread()
                    status = str(answer.status_code)
                except httpx.HTTPError as e:
                    status = type(e).__name__
                finished = time.perf_counter()
                if finished > deadline:
                    break  # answered after the window closed: not counted
                run.statuses[status] += 1
                if status == "200":
                    run.latencies.append(finished - started)

        await asyncio.gather(*(one_client(c * len(bodies) // clients) for c in range(clients)))
    return run


def httpx_load(base: str, load: Load, clients: int, seconds: float) -> Run:
    cpu = time.process_time()
    run = asyncio.run(_httpx_load(base, load, clients, seconds))
    run.client_cpu = time.process_time() - cpu
    if run.latencies:
        run.p50, run.p95 = statistics.median(run.latencies), percentile(run.latencies, 0.95)
    return run


def wrk_load(wrk: str, script: Path, base: str, clients: int, seconds: float) -> Run:
    before = os.times()
    out = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{clients}",
            f"-d{max(1, round(seconds))}s",
            f"--timeout={REQUEST_TIMEOUT:.0f}s",
            "-s",
            str(script),
            f"{base}/v1/suggestions",
        ],
        capture_output=True,
        text=True,
    )
    after = os.times()
    if out.returncode != 0:
        raise RuntimeError(
            f"wrk failed with code {out.returncode}: {out.stderr.strip() or out.stdout.strip()}"
        )
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRK-JSON "))
    data = json.loads(line.removeprefix("WRK-JSON "))
    run = Run(data["duration_us"] / 1e6)
    run.statuses.update({str(s): int(n) for s, n in data["codes"].items()})
    for name in ("connect_errors", "read_errors", "write_errors", "timeouts"):
        if data[name]:
            run.statuses[name] = int(data[name])
    # wrk's latency covers every answer; here they are all 200 unless the line says otherwise.
    run.p50, run.p95 = data["p50_us"] / 1e6, data["p95_us"] / 1e6
    run.client_cpu = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )
    return run


def wrk_script(bodies: Sequence[bytes], key: str, folder: Path) -> Path:
    # json.dumps escapes every non-ASCII character, so a Lua long string holds each body as is.
    items = ", ".join(f"[==[{b.decode('ascii')}]==]" for b in bodies)
    path = folder / "rotate.lua"
    path.write_text(WRK_SCRIPT % {"bodies": items, "key": key}, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Load:
    wrk: str | None
    script: Path | None
    bodies: Sequence[bytes]
    key: str
    """A lab staff API key, sent as a bearer token."""

    @property
    def name(self) -> str:
        if self.wrk:
            return f"wrk ({self.wrk}, 1 thread, Lua body rotation)"
        return "httpx.AsyncClient (1 event loop)"

    def run(self, base: str, clients: int, seconds: float) -> Run:
        if self.wrk is not None and self.script is not None:
            return wrk_load(self.wrk, self.script, base, clients, seconds)
        return httpx_load(base, self, clients, seconds)


def report(label: str, run: Run, cores: Sequence[float], elapsed: float) -> None:
    """One line per run; ``cores``: each server process's CPU over the ``elapsed`` wall seconds."""
    p50 = f"{run.p50 * 1000:6.1f}" if run.p50 is not None else "     -"
    p95 = f"{run.p95 * 1000:6.1f}" if run.p95 is not None else "     -"
    server_cpu = sum(cores) * elapsed
    per_request = f"{server_cpu / run.ok * 1000:5.1f} ms" if run.ok else "    -"
    client = f"{(run.client_cpu or 0) / run.seconds:.2f}" if run.client_cpu is not None else "-"
    split = "+".join(f"{c:.2f}" for c in cores) or "0"
    print(
        f"  {label:<10} {run.rate:6.1f} req/s  p50 {p50} ms  p95 {p95} ms  ({run.ok} x 200, other: "
        f"{run.others()})  server CPU {per_request}/req, cores {split}; load generator {client} cores"
    )


# -- the whole run ----------------------------------------------------------------------------
def seed_store(env: Mapping[str, str]) -> float:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "service.cli", "seed"], env=dict(env), capture_output=True)
    if out.returncode != 0:
        tail = out.stderr.decode(errors="replace")[-3000:]
        raise RuntimeError(f"passerelle seed failed with code {out.returncode}:\n{tail}")
    return time.perf_counter() - started


def api_key(env: Mapping[str, str]) -> str:
    """A lab staff key for the load, created as the README does it."""
    command = [sys.executable, "-m", "service.cli", "key", "create", "bench", "--role", "lab_staff"]
    out = subprocess.run(command, env=dict(env), capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"passerelle key create failed with code {out.returncode}:\n{out.stderr[-3000:]}")
    return out.stdout.strip()


def run_configuration(
    env: Mapping[str, str],
    folder: Path,
    configuration: tuple[int, int, int],
    load: Load,
    args: argparse.Namespace,
) -> float:
    """Serve with this many workers, encoders and threads, load it; requests/s at ``args.clients``
    clients."""
    workers, encoders, threads = configuration
    env_config = {
        **env,
        "PASSERELLE_SERVER__WORKERS": str(workers),
        "PASSERELLE_SERVER__ENCODERS": str(encoders),
        "PASSERELLE_SERVER__TORCH_THREADS": str(threads),
    }
    label = f"workers={workers} encoders={encoders or 'per core'} torch_threads={threads}"
    log = folder / f"serve-{workers}-{encoders}-{threads}.log"
    started = time.perf_counter()
    rate = 0.0
    with running_server(env_config, log, workers) as (base, process):
        print(f"\n{label}: ready in {time.perf_counter() - started:.1f} s, load average {load_average()}")
        warm = load.run(base, args.clients, args.warmup)
        print(f"  warm-up {args.warmup:.0f} s at {args.clients} clients: other statuses {warm.others()}")
        if not warm.ok:
            raise RuntimeError(f"no suggestion answered 200 during the warm-up ({warm.others()}); see {log}")
        for clients in sorted({1, 2, args.clients}):
            before, run_started = group_cpu(process.pid), time.perf_counter()
            run = load.run(base, clients, args.seconds)
            elapsed = time.perf_counter() - run_started
            cores = cores_by_process(before, group_cpu(process.pid), elapsed)
            report(f"{clients} client{'s' if clients > 1 else ''}", run, cores, elapsed)
            if clients == args.clients:
                rate = run.rate
        print(
            f"  load average {load_average()}; from the server's log: {log_count(log, INDEX_LINE)} index "
            f"builds, {log_count(log, RESTART_LINE)} workers replaced by uvicorn's supervisor"
        )
    return rate


def interrupt_on_signals() -> None:
    """SIGTERM, and SIGINT even where the shell ignored it, end the run through the ``finally``
    blocks that stop the server."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each measured run")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before each config")
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--floor-rounds", type=int, default=5, help="encodes of each draft for the floor")
    parser.add_argument("--floor-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_only:
        print("FLOOR-JSON " + json.dumps(measure_floor(args.floor_rounds)))
        return
    interrupt_on_signals()

    cores = os.cpu_count() or 1
    texts = drafts()
    bodies = [json.dumps({"text": t, "k": K}).encode("ascii") for t in texts]
    print(f"cores {cores}, load average at start {load_average()}")
    with tempfile.TemporaryDirectory(prefix="passerelle-load-") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "PASSERELLE_STORE__BACKEND": "sqlite",
            "PASSERELLE_STORE__SQLITE_PATH": str(folder / "passerelle.db"),
            # The fusion file and the embedding lock file live beside it: no shared var/ here.
            "PASSERELLE_RANKING__FUSION_PATH": str(folder / "fusion.json"),
            "PASSERELLE_HOST": "127.0.0.1",
        }
        print(f"seed network stored and embedded in {seed_store(env):.1f} s")

        before = floor_in_subprocess(args.floor_rounds)
        print(
            f"floor, before the load: real model, 1 torch thread, one draft as Matcher.embed_query "
            f"encodes it ({len(texts)} drafts x {args.floor_rounds}): {describe_encodes(before)}"
        )

        wrk = shutil.which("wrk") if args.client in ("auto", "wrk") else None
        if args.client == "wrk" and wrk is None:
            parser.error("wrk is not on the PATH")
        key = api_key(env)
        load = Load(wrk, wrk_script(bodies, key, folder) if wrk else None, bodies, key)
        print(
            f"load generator: {load.name}; {len(bodies)} drafts in rotation, k={K}, "
            f"{args.seconds:.0f} s a run"
        )
        print("server CPU: all its processes' CPU over a run / 200 answers; cores: each process's share")

        best: tuple[float, str] = (0.0, "")
        for configuration in CONFIGURATIONS:
            rate = run_configuration(env, folder, configuration, load, args)
            if rate > best[0]:
                workers, encoders, threads = configuration
                best = (rate, f"workers={workers} encoders={encoders or 'per core'} torch_threads={threads}")

        after = floor_in_subprocess(args.floor_rounds)

    # The VM's speed drifts over the minutes of a run: the floor pools the encodes measured
    # before and after the load, rather than trusting either moment alone.
    encodes = before + after
    floor_rate = cores / statistics.median(encodes)
    print(f"\nfloor, after the load: {describe_encodes(after)}")
    print(f"floor: both, {describe_encodes(encodes)} -> floor = {cores} cores / p50 = {floor_rate:.1f} req/s")
    print(f"load average at end {load_average()}")
    print(
        f"ratio best req/s at {args.clients} clients / floor: {best[0]:.1f} / {floor_rate:.1f} = "
        f"{best[0] / floor_rate:.2f} ({best[1]}); target: ratio >= {TARGET}"
    )


if __name__ == "__main__":
    main()
