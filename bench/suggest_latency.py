"""Suggestion latency at 10k and 100k people, on the embedded store and on Neo4j (vector index).

    .venv/bin/python -m bench.suggest_latency --people 10000 100000

Profile vectors come from a deterministic random 384-d embedder, because embedding 100k real
profiles with the bundled model would take most of an hour on this machine; the ranking is then
meaningless but the work per query is the real one (vector search, exact re-scoring, TF-IDF,
skills, explanations). Printed beside it, measured in the same run: exact numpy top-10 over the
same chunk matrix, and the real model's encode time for one short draft (which a real query
adds on top).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench.server import benchmark_neo4j
from bench.synthetic import DRAFTS, synthetic_network
from graph.embedded import EmbeddedStore
from graph.model import Edge, Node, NodeKind
from graph.neo4j_store import Neo4jStore, connect, wipe_database
from graph.store import GraphStore
from matching.embedder import SentenceTransformerEmbedder
from matching.matcher import Matcher


class RandomEmbedder:
    """A unit vector seeded by the text's hash: deterministic, instant, meaningless."""

    model_id = "bench/random-384"
    dimensions = 384
    max_words = 110

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:16], 16)
            v = np.random.default_rng(seed).standard_normal(self.dimensions)
            out[i] = v / np.linalg.norm(v)
        return out


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def load(store: GraphStore, people: int) -> Matcher:
    records = list(synthetic_network(people))
    nodes = [r for r in records if isinstance(r, Node)]
    edges = [r for r in records if isinstance(r, Edge)]
    started = time.perf_counter()
    for group in (nodes, edges):
        for i in range(0, len(group), 100_000):
            store.upsert(group[i : i + 100_000])
    loaded = time.perf_counter() - started
    matcher = Matcher(store, RandomEmbedder())
    stats = matcher.refresh()
    print(f"  loaded {len(records)} records in {loaded:.1f} s; {stats}")
    return matcher


def measure(name: str, matcher: Matcher, repeat: int) -> None:
    drafts = [DRAFTS[i % len(DRAFTS)] for i in range(repeat)]
    matcher.suggest(drafts[0])  # warm caches
    samples = []
    for draft in drafts:
        started = time.perf_counter()
        matcher.suggest(draft, k=10)
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(samples)
    print(f"  {name:<28} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")


def numpy_baseline(store: EmbeddedStore, repeat: int) -> None:
    owners = store.profile_hashes(RandomEmbedder.model_id)
    vectors = store.cached_vectors(RandomEmbedder.model_id, {h for hs in owners.values() for h in hs})
    matrix = np.vstack([vectors[h] for hs in owners.values() for h in hs])
    query = RandomEmbedder().embed(["requête"])[0]

    def top10() -> object:
        scores = matrix @ query
        return np.argpartition(-scores, 10)[:10]

    p50, p95 = percentiles(timed(top10, repeat))
    print(
        f"  {'baseline: numpy exact top-10':<28} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms",
        f"({len(matrix)} chunks)",
    )


def vector_search_call(store: GraphStore) -> Callable[[], object]:
    query = RandomEmbedder().embed([DRAFTS[0]])[0]
    return lambda: store.vector_search(RandomEmbedder.model_id, query, k=50, owner_kinds=[NodeKind.PERSON])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    model = SentenceTransformerEmbedder()
    model.embed(["chauffe"])
    p50, p95 = percentiles(timed(lambda: model.embed([DRAFTS[0]]), args.repeat))
    print(f"baseline: real model, one draft encode: p50 {p50:.1f} ms, p95 {p95:.1f} ms")

    with benchmark_neo4j() as uri, tempfile.TemporaryDirectory() as tmp:
        driver = connect(uri, "neo4j", "")
        for people in args.people:
            print(f"{people} people")
            embedded = EmbeddedStore(Path(tmp) / f"bench-{people}.db")
            embedded.ensure_schema()
            measure("embedded (SQLite + numpy)", load(embedded, people), args.repeat)
            numpy_baseline(embedded, args.repeat)
            embedded.close()
            wipe_database(driver)
            neo4j_store = Neo4jStore(driver)
            neo4j_store.ensure_schema()
            matcher = load(neo4j_store, people)
            measure("neo4j (vector index)", matcher, args.repeat)
            search_alone = vector_search_call(neo4j_store)
            p50, p95 = percentiles(timed(search_alone, 20))
            print(f"  {'neo4j vector_search alone':<28} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
        driver.close()


if __name__ == "__main__":
    main()
