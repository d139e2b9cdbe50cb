"""Exact and approximate top-N over embedding windows, at the row counts of 10k–100k people.

    .venv/bin/python -m bench.vector_index --rows 70000 330000

Rows and queries are synthetic 384-d unit vectors, seeded. ``clustered`` (the default) draws
them from 2,000 gaussian clusters on the sphere of uneven sizes (cosine about 0.5 within a
cluster, 0 between); ``model-like`` copies the shape of the bundled model's windows on the seed
texts (a shared direction of norm 0.63, a power-law spectrum, pairwise cosine about 0.4) with no
clusters; ``isotropic`` is uniform on the sphere, the worst case for any approximate index.

Per size: build time, p50/p95 of one query at a time for top-10 and top-200, recall@10 and
recall@200 against ``ExactIndex`` (the baseline, measured in the same run), and the resident
memory the build added (the exact index shares the caller's matrix, so adds about nothing).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph.embedded import EmbeddedStore
from graph.store import Vector
from matching.vector_index import ApproximateIndex, ExactIndex, Rows, VectorIndex

DIMENSIONS = 384


def _unit(x: Vector) -> Vector:
    norms: Vector = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / norms).astype(np.float32)


def clustered(count: int, rng: np.random.Generator, *, clusters: int = 2000) -> Vector:
    """Gaussian clusters on the sphere; cluster sizes follow a Pareto law."""
    centres = _unit(rng.standard_normal((clusters, DIMENSIONS), dtype=np.float32))
    weights = rng.pareto(1.5, clusters) + 1
    which = rng.choice(clusters, count, p=weights / weights.sum())
    noise = rng.standard_normal((count, DIMENSIONS), dtype=np.float32) / np.sqrt(DIMENSIONS)
    return _unit(centres[which] + noise)


def model_like(count: int, rng: np.random.Generator, *, shared: float = 0.63, slope: float = 1.3) -> Vector:
    """A shared direction plus an anisotropic gaussian whose variances fall as ``i ** -slope``.

    Both figures were fitted on the bundled model's embeddings of the seed bios and projects.
    """
    basis, _ = np.linalg.qr(rng.standard_normal((DIMENSIONS, DIMENSIONS)))
    variances = np.arange(1, DIMENSIONS + 1, dtype=np.float64) ** -slope
    variances /= variances.sum()
    mean = _unit(rng.standard_normal((1, DIMENSIONS), dtype=np.float32))[0]
    spread = (rng.standard_normal((count, DIMENSIONS)) * np.sqrt(variances)) @ basis.T
    return _unit((shared * mean + np.sqrt(1 - shared**2) * spread).astype(np.float32))


def isotropic(count: int, rng: np.random.Generator) -> Vector:
    return _unit(rng.standard_normal((count, DIMENSIONS), dtype=np.float32))


SHAPES: dict[str, Callable[[int, np.random.Generator], Vector]] = {
    "clustered": clustered,
    "model-like": model_like,
    "isotropic": isotropic,
}


@dataclass(frozen=True)
class Searches:
    """What one index answered for every query at one k, and how long each answer took."""

    found: list[Rows]
    p50_ms: float
    p95_ms: float


def search_all(index: VectorIndex, queries: Vector, k: int) -> Searches:
    index.search(queries[0], k)  # warm caches
    found: list[Rows] = []
    samples: list[float] = []
    for query in queries:
        started = time.perf_counter()
        rows, _ = index.search(query, k)
        samples.append((time.perf_counter() - started) * 1000)
        found.append(rows)
    ordered = sorted(samples)
    return Searches(found, statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))])


def recall(found: list[Rows], truth: list[Rows]) -> float:
    """Mean share of the exact top-k that the index also returned."""
    shares = [
        len(set(f.tolist()) & set(t.tolist())) / max(1, len(t)) for f, t in zip(found, truth, strict=True)
    ]
    return statistics.fmean(shares)


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def built(make: Callable[[], VectorIndex]) -> tuple[VectorIndex, float, float]:
    """The index, its build time in seconds and the resident memory it added in MB."""
    gc.collect()
    before = resident_mb()
    started = time.perf_counter()
    index = make()
    return index, time.perf_counter() - started, resident_mb() - before


HEADER = (
    f"{'rows':>8}  {'index':<12} {'build s':>8} {'top-10 p50/p95 ms':>18} {'top-200 p50/p95 ms':>19} "
    f"{'recall@10':>10} {'recall@200':>11} {'memory MB':>10}"
)


def stored(path: Path) -> Vector:
    """Every distinct window vector of the store's first embedding model, unit rows."""
    store = EmbeddedStore(path)
    models = store.vector_models()
    if not models:
        raise SystemExit(f"{path}: no embedded windows (run passerelle import or serve first)")
    hashes = sorted({h for owned in store.profile_hashes(models[0]).values() for h in owned})
    cached = store.cached_vectors(models[0], hashes)
    print(f"{path}: {len(cached)} windows embedded by {models[0]}")
    return _unit(np.vstack([cached[h] for h in hashes]))


def measure(rows: int, shape: str, queries: int, seed: int, points: Vector | None = None) -> None:
    rng = np.random.default_rng(seed)
    points = SHAPES[shape](rows + queries, rng) if points is None else points[rng.permutation(len(points))]
    matrix, asked = points[queries : queries + rows], points[:queries]
    exact, exact_s, exact_mb = built(lambda: ExactIndex(matrix))
    truth = {k: search_all(exact, asked, k) for k in (10, 200)}
    approximate, approximate_s, approximate_mb = built(lambda: ApproximateIndex(matrix))
    answers = {k: search_all(approximate, asked, k) for k in (10, 200)}
    for name, seconds, memory, result in (
        ("exact", exact_s, exact_mb, truth),
        ("approximate", approximate_s, approximate_mb, answers),
    ):
        recalls = [recall(result[k].found, truth[k].found) for k in (10, 200)]
        print(
            f"{rows:>8}  {name:<12} {seconds:>8.1f} "
            f"{result[10].p50_ms:>9.2f}/{result[10].p95_ms:<8.2f} "
            f"{result[200].p50_ms:>9.2f}/{result[200].p95_ms:<9.2f} "
            f"{recalls[0]:>10.4f} {recalls[1]:>11.4f} {memory:>10.0f}",
            flush=True,
        )
    assert isinstance(approximate, ApproximateIndex)
    print(f"{'':>8}  ({approximate.lists} lists, {approximate.probes} probed for a top-10)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[70_000, 330_000])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="clustered")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", type=Path, help="real rows: the windows a SQLite store has embedded")
    args = parser.parse_args()
    if args.store is not None:
        points = stored(args.store)
        print(f"real rows, {args.queries} of them held out as queries one at a time, seed {args.seed}")
        print(HEADER)
        measure(len(points) - args.queries, "real", args.queries, args.seed, points)
        return
    print(f"{args.shape} rows, {args.queries} queries one at a time, seed {args.seed}")
    print(HEADER)
    for rows in args.rows:
        measure(rows, args.shape, args.queries, args.seed)


if __name__ == "__main__":
    main()
