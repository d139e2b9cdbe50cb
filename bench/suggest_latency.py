"""Suggestion latency at 10k and 100k people, each against a floor measured in the same run.

    .venv/bin/python -m bench.suggest_latency --people 10000 100000

Per network size, on the embedded store (SQLite):

* **floor**: the real model's encode of the draft (``Matcher.embed_query``: its first windows,
  averaged) plus an exact numpy top-10 over the same window vectors the matcher searches;
* **suggestion**: ``Matcher.suggest`` end to end, the same real encode included: dense search
  (exact below 50k windows, faiss above), every signal, the fusion, the shortlist and the
  explanations, with and without a context (lab, date, organisation);
* **refresh**: the time for a served matcher to reflect an import of one person;
* **ANN recall@10** of the approximate index against exact search, when one is used.

On Neo4j (``--neo4j``), the suggestion without the encode against Neo4j's own vector search
alone (the same query vector, the same number of nominees), both from this process.

The 28 drafts are the seed's labelled ones (real French drafts of 60 to 110 words). Profile
vectors come from a bag-of-words embedder (each word a fixed random direction, a text the
normalised sum): embedding 100k real profiles would take most of an hour here, and unlike random
vectors these have the neighbourhood structure real embeddings have, which the approximate index
relies on. The query's real encode is paid in full, then its bag-of-words vector is used, so the
work per query is the real one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from bench.synthetic import synthetic_network
from graph.embedded import EmbeddedStore
from graph.model import Edge, Node, Person, Role
from graph.store import GraphStore
from matching.context import DraftContext
from matching.embedder import SentenceTransformerEmbedder
from matching.matcher import Matcher, draft_windows
from matching.text import fold
from matching.vector_index import ApproximateIndex, ExactIndex

Vector = npt.NDArray[np.float32]
ROOT = Path(__file__).resolve().parents[1]


class BagOfWordsEmbedder:
    """Each folded word a fixed random direction; a text, the normalised sum of its words."""

    model_id = "bench/bag-of-words-384"
    dimensions = 384
    max_words = 110

    def __init__(self) -> None:
        self._words: dict[str, Vector] = {}

    def _word(self, word: str) -> Vector:
        vector = self._words.get(word)
        if vector is None:
            seed = int(hashlib.sha256(word.encode()).hexdigest()[:12], 16)
            vector = np.random.default_rng(seed).standard_normal(self.dimensions).astype(np.float32)
            self._words[word] = vector
        return vector

    def embed(self, texts: Sequence[str]) -> Vector:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in fold(text).split():
                out[i] += self._word(word)
            norm = float(np.linalg.norm(out[i]))
            if norm > 0:
                out[i] /= norm
        return out


class RealEncodeEmbedder(BagOfWordsEmbedder):
    """Profiles as bag-of-words; a query pays the real model's encode, then uses its
    bag-of-words vector (the only one comparable with the profiles)."""

    def __init__(self, real: SentenceTransformerEmbedder) -> None:
        super().__init__()
        self.real = real

    def embed_query(self, texts: Sequence[str]) -> Vector:
        self.real.embed(texts)
        return self.embed(texts)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def timed_together(sides: Sequence[Sequence[Callable[[], object]]], rounds: int) -> list[list[float]]:
    """Milliseconds of each side's calls, the sides interleaved call by call (the first side's
    first call, the second side's first call, ...), so that a busier moment of the machine
    weighs on every side alike and the ratios between them hold."""
    out: list[list[float]] = [[] for _ in sides]
    for _ in range(rounds):
        for calls in zip(*sides, strict=True):
            for samples, call in zip(out, calls, strict=True):
                started = time.perf_counter()
                call()
                samples.append((time.perf_counter() - started) * 1000)
    return out


def suggest_call(matcher: Matcher, text: str, context: DraftContext | None = None) -> Callable[[], object]:
    return lambda: matcher.suggest(text, k=10, context=context)


def drafts() -> list[str]:
    path = ROOT / "seed_data" / "queries.jsonl"
    return [
        json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def load(store: GraphStore, people: int) -> float:
    records = list(synthetic_network(people))
    nodes = [r for r in records if isinstance(r, Node)]
    edges = [r for r in records if isinstance(r, Edge)]
    started = time.perf_counter()
    for group in (nodes, edges):
        for i in range(0, len(group), 100_000):
            store.upsert(group[i : i + 100_000])
    return time.perf_counter() - started


def line(name: str, samples: list[float], floor: float | None = None) -> float:
    p50, p95 = percentiles(samples)
    ratio = f"   {p50 / floor:5.2f}x the floor" if floor else ""
    print(f"  {name:<44} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms{ratio}", flush=True)
    return p50


def embedded_run(
    people: int, texts: list[str], real: SentenceTransformerEmbedder, rounds: int, tmp: Path
) -> None:
    store = EmbeddedStore(tmp / f"bench-{people}.db")
    store.ensure_schema()
    loaded = load(store, people)
    embedder = RealEncodeEmbedder(real)
    matcher = Matcher(store, embedder)
    started = time.perf_counter()
    stats = matcher.refresh()
    print(f"  loaded in {loaded:.1f} s; first index in {time.perf_counter() - started:.1f} s ({stats})")
    refreshes = []
    for i in range(3):
        newcomer = Person(
            id=f"person:bench-new-{i}", name="Nouvelle", roles=(Role.EXPERT,), bio=f"Données ouvertes {i}."
        )
        store.upsert([newcomer])
        started = time.perf_counter()
        matcher.current()
        refreshes.append(time.perf_counter() - started)
    print(
        f"  refresh after importing one person: median {statistics.median(refreshes):.2f} s"
        " (target <= 2 s at 10k people)"
    )

    index, _ = matcher.current()
    matrix = index.windows.matrix
    vectors = {t: embedder.embed([t])[0] for t in texts}

    def floor_call(text: str) -> Callable[[], object]:
        windows = draft_windows(text, matcher.max_words)

        def call() -> object:
            real.embed(windows)  # what Matcher.embed_query encodes
            scores = matrix @ vectors[text]
            return np.argpartition(-scores, 10)[:10]

        return call

    context = DraftContext(date=date(2026, 6, 1), organisations=("org:o1",), territory="territory:com-10001")
    for text in texts[:3]:
        matcher.suggest(text)
    kind = "exact" if matrix.shape[0] < 50_000 else "approximate (faiss IVF)"
    print(f"  {matrix.shape[0]} distinct windows, dense search {kind}")
    floors, text_only, with_context = timed_together(
        [
            [floor_call(t) for t in texts],
            [suggest_call(matcher, t) for t in texts],
            [suggest_call(matcher, t, context) for t in texts],
        ],
        rounds,
    )
    floor = line("floor: encode + numpy exact top-10", floors)
    line("suggestion, text only", text_only, floor)
    line("suggestion, with context", with_context, floor)
    if matrix.shape[0] >= 50_000:
        ann_recall(matrix, [vectors[t] for t in texts], embedder, index.projects.texts)
    store.close()


def ann_recall(
    matrix: Vector, drafts: list[Vector], embedder: BagOfWordsEmbedder, projects: list[str]
) -> None:
    exact = ExactIndex(matrix)
    approximate = ApproximateIndex(matrix)
    rng = np.random.default_rng(0)
    picked = rng.choice(len(projects), size=min(300, len(projects)), replace=False)
    queries = [*drafts, *embedder.embed([projects[i][:600] for i in picked])]
    recalls = []
    for query in queries:
        truth = set(exact.search(query, 10)[0].tolist())
        found = set(approximate.search(query, 10)[0].tolist())
        recalls.append(len(truth & found) / 10)
    recall = statistics.fmean(recalls)
    print(f"  ANN recall@10 against exact: {recall:.3f} over {len(queries)} queries (target >= 0.98)")


def neo4j_run(people: int, texts: list[str], rounds: int) -> None:
    from bench.server import benchmark_neo4j
    from graph.model import NodeKind
    from graph.neo4j_store import Neo4jStore, connect

    with benchmark_neo4j() as uri:
        store = Neo4jStore(connect(uri, "neo4j", ""), vector_dimensions=384)
        store.ensure_schema()
        loaded = load(store, people)
        embedder = BagOfWordsEmbedder()
        matcher = Matcher(store, embedder, dense="store")
        stats = matcher.refresh()
        print(f"  Neo4j: loaded in {loaded:.1f} s; {stats}")
        vectors = {t: embedder.embed([t])[0] for t in texts}
        matcher.embed_query = lambda text: vectors[text]  # type: ignore[method-assign]
        pool = matcher.options.pool

        def search(text: str) -> Callable[[], object]:
            return lambda: store.vector_search(
                embedder.model_id, vectors[text], k=pool, owner_kinds=[NodeKind.PERSON]
            )

        for text in texts[:3]:
            matcher.suggest(text)
        searches, suggestions = timed_together(
            [[search(t) for t in texts], [suggest_call(matcher, t) for t in texts]], rounds
        )
        alone = line("Neo4j vector search alone (people)", searches)
        line("suggestion on Neo4j, without the encode", suggestions, alone)
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=2, help="passes over the 28 drafts")
    parser.add_argument("--neo4j", action="store_true", help="also measure on a private Neo4j")
    args = parser.parse_args()
    texts = drafts()
    real = SentenceTransformerEmbedder()
    real.embed(["chauffe"])
    # One BLAS thread: a matrix-vector product gains nothing from two, and a served worker has one.
    with threadpool_limits(1, user_api="blas"), tempfile.TemporaryDirectory() as tmp:
        for people in args.people:
            print(f"{people} people", flush=True)
            embedded_run(people, texts, real, args.rounds, Path(tmp))
            if args.neo4j:
                neo4j_run(people, texts, args.rounds)


if __name__ == "__main__":
    main()
