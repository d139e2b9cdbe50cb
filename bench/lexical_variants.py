"""Lexical similarity for French: BM25 weighting and stemming against TF-IDF, text only.

    .venv/bin/python -m bench.lexical_variants --db var/betagouv.db

Each variant ranks every candidate by one lexical similarity with a draft, nothing else. The
texts are the matcher's own: ``matching.profiles.project_text`` for projects (and drafts), and
the own text of ``matching.profiles.build_profiles`` (bio and skills; name, acronym, description
and skills) for candidates.

Protocol (``matching.evaluation``'s, text only): the projects, sorted by id, are dealt into 10
folds by ``np.random.RandomState(0).randint(0, 10, n)``. Each fold is hidden in turn
(``matching.index.hide_projects``): its texts are out of the fitted vocabulary and out of every
profile. Each hidden project's text is a draft; its answers are its people (``CONTRIBUTES_TO``)
and organisations (``PARTNER_IN``) that have at least one visible project. Every candidate is
ranked, ties by id; nDCG@10, recall@10 and MRR are averaged over the drafts with answers.

Variants (vocabulary fitted on the visible project texts and every candidate's own text):

1. ``tf-idf words (baseline)``: the word TF-IDF of ``../shared/FACTS.md``
   (``matching.baseline.TfidfBaseline``).
2. ``tf-idf words, today's matcher``: the previous Passerelle analyzer: folded words of two
   characters or more (digits kept), ``matching.text.FUNCTION_WORDS`` left out, unigrams and
   bigrams, no document-frequency cut-off.
3. ``tf-idf stems``: ``matching.text.analyze`` (lemma then Snowball French stem through
   PyStemmer, compounds, bigrams), as ``matching/index.py`` does now.
4. ``bm25 stems``: Okapi BM25 document vectors over the features of 3, L2-normalised; and
   ``bm25 stems, max over projects``: a candidate scores the best BM25 score among its visible
   projects and its own text.
5. ``bm25 words`` and ``bm25 words, max over projects``: the same over the features of 1.

TF-IDF and aggregated BM25 variants score a candidate by the cosine of the draft with
``normalise(normalise(sum of its projects' vectors) + 0.3 * normalise(own vector))``. TF-IDF is
scikit-learn's (``sublinear_tf``, smoothed idf). The document-frequency cut-offs (``min_df=2,
max_df=0.5``) apply from ``matching.index.DF_CUTOFFS_FROM`` texts on, as in the index, so a tiny
test network keeps a vocabulary; on real data they always apply.

BM25 is computed here with scipy on the count matrix, as Lucene and ``bm25s`` (method
``"lucene"``) do: ``w(t, d) = idf(t) * tf / (tf + k1 * (1 - b + b * |d| / avgdl))`` with
``idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))``, ``k1 = 1.2``, ``b = 0.75``; ``|d|`` counts the
document's kept features; a draft's score against a document is ``sum over t of qtf(t) * w(t, d)``.
``tests/bench/test_lexical_variants.py`` checks these scores against ``bm25s`` when it is installed.
``bm25s`` itself is not used: it builds its own vocabulary (no document-frequency cut-offs) and
keeps its weights in an internal dict, while the aggregation needs the weight matrix.
"""

from __future__ import annotations

import argparse
import functools
import logging
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from graph.embedded import EmbeddedStore
from graph.model import EdgeKind, NodeKind
from matching.baseline import FRENCH_STOP_WORDS
from matching.evaluation import K, Scores, mrr, ndcg_at_k, recall_at_k
from matching.fusion import WHO, Who
from matching.index import DF_CUTOFFS_FROM, OWN_TEXT_WEIGHT, hide_projects
from matching.profiles import build_profiles, project_text
from matching.ranking import KIND_OF
from matching.text import FUNCTION_WORDS, analyze, fold

logger = logging.getLogger("bench.lexical_variants")

FloatArray = npt.NDArray[np.float64]
LINK_OF: Mapping[Who, EdgeKind] = {"people": EdgeKind.CONTRIBUTES_TO, "organisations": EdgeKind.PARTNER_IN}

FOLDS = 10
K1 = 1.2
B = 0.75
BOOTSTRAP_ROUNDS = 2000

Tokenisation = Literal["words", "previous words", "stems"]
Weighting = Literal["tf-idf", "bm25", "bm25 max"]
Outcome = Literal["better", "worse", "tied", "mixed"]


@dataclass(frozen=True)
class Variant:
    """One way to rank candidates lexically: features, then weighting and candidate scoring."""

    name: str
    tokenisation: Tokenisation
    weighting: Weighting


BASELINE = "tf-idf words (baseline)"
CURRENT = "tf-idf stems"
VARIANTS: tuple[Variant, ...] = (
    Variant(BASELINE, "words", "tf-idf"),
    Variant("tf-idf words, today's matcher", "previous words", "tf-idf"),
    Variant(CURRENT, "stems", "tf-idf"),
    Variant("bm25 stems", "stems", "bm25"),
    Variant("bm25 stems, max over projects", "stems", "bm25 max"),
    Variant("bm25 words", "words", "bm25"),
    Variant("bm25 words, max over projects", "words", "bm25 max"),
)


@functools.cache
def analyzed(text: str) -> tuple[str, ...]:
    """``matching.text.analyze``, memoised: every fold refits on nearly the same texts."""
    return tuple(analyze(text))


def counter(tokenisation: Tokenisation, *, cutoffs: bool) -> CountVectorizer:
    """The term counter of a tokenisation (TF-IDF is these counts through ``TfidfTransformer``)."""
    min_df, max_df = (2, 0.5) if cutoffs else (1, 1.0)
    if tokenisation == "words":
        return CountVectorizer(
            strip_accents="unicode",
            token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
            ngram_range=(1, 2),
            stop_words=FRENCH_STOP_WORDS,
            min_df=min_df,
            max_df=max_df,
        )
    if tokenisation == "previous words":
        return CountVectorizer(
            preprocessor=fold,
            token_pattern=r"(?u)\b[a-z0-9][a-z0-9]+\b",
            stop_words=sorted(FUNCTION_WORDS),
            ngram_range=(1, 2),
            min_df=1,
        )
    return CountVectorizer(analyzer=analyzed, min_df=min_df, max_df=max_df)


# -- BM25 and candidate scores --------------------------------------------------------------------


def bm25_weights(counts: sp.spmatrix, *, k1: float = K1, b: float = B) -> sp.csr_matrix:
    """Okapi BM25 weight of each (document, term) of a count matrix, Lucene's idf.

    ``w = idf * tf / (tf + k1 * (1 - b + b * |d| / avgdl))``, ``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``.

    >>> w = bm25_weights(sp.csr_matrix(np.array([[2, 0], [1, 1]])))
    >>> round(float(w[0, 0]), 4)  # df 2 of 2, |d| = avgdl: ln(1 + 0.5 / 2.5) * 2 / (2 + 1.2)
    0.114
    """
    matrix = sp.csr_matrix(counts, dtype=np.float64)
    matrix.sum_duplicates()
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log1p((n - df + 0.5) / (df + 0.5))
    lengths = np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
    average = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
    saturation = k1 * (1.0 - b + b * lengths / average)
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    tf = matrix.data
    data = idf[matrix.indices] * tf / (tf + saturation[rows])
    return sp.csr_matrix((data, matrix.indices.copy(), matrix.indptr.copy()), shape=matrix.shape)


def aggregated(
    projects: sp.csr_matrix, own: sp.csr_matrix, incidence: sp.csr_matrix, queries: sp.csr_matrix
) -> FloatArray:
    """Cosine of each query with ``normalise(normalise(sum of projects) + 0.3 * normalise(own))``.

    Returns a (candidates x queries) array; ``projects`` and ``own`` rows need not be normalised.
    """
    summed = normalize(sp.csr_matrix(incidence @ normalize(projects)))
    vectors = normalize(summed + OWN_TEXT_WEIGHT * normalize(own))
    return np.asarray((vectors @ normalize(queries).T).toarray(), dtype=np.float64)


def best_of(project_scores: FloatArray, own_scores: FloatArray, incidence: sp.csr_matrix) -> FloatArray:
    """Each candidate's best score among its projects and its own text (candidates x queries).

    >>> incidence = sp.csr_matrix(np.array([[1, 1], [0, 0]]))
    >>> best_of(np.array([[0.2], [0.7]]), np.array([[0.5], [0.1]]), incidence).ravel().tolist()
    [0.7, 0.1]
    """
    out = np.array(own_scores, dtype=np.float64, copy=True)
    rows = np.repeat(np.arange(incidence.shape[0]), np.diff(incidence.indptr))
    np.maximum.at(out, rows, project_scores[incidence.indices])
    return out


# -- folds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """The candidates of one kind in one fold, sorted by id."""

    ids: list[str]
    own_texts: list[str]
    incidence: sp.csr_matrix
    """(candidates x visible projects), 1 where the candidate worked on (people) or sponsored
    (organisations) the project."""


@dataclass(frozen=True)
class Fold:
    """What one fold hides and what stays visible, as texts and links."""

    project_texts: list[str]
    sides: Mapping[Who, Side]
    draft_texts: list[str]
    answers: Mapping[Who, list[frozenset[str]]]
    """Per draft (aligned with ``draft_texts``), the candidates to find."""

    @property
    def corpus(self) -> list[str]:
        return [*self.project_texts, *(t for who in WHO for t in self.sides[who].own_texts)]


def project_ids(graph: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("node_kind") == NodeKind.PROJECT.value)


def build_fold(graph: nx.MultiDiGraph, hidden: set[str]) -> Fold:
    """The visible network's texts and links, and the hidden projects as drafts with answers."""
    visible = hide_projects(graph, hidden)
    shown = project_ids(visible)
    row = {p: i for i, p in enumerate(shown)}
    profiles = build_profiles(visible)
    sides: dict[Who, Side] = {}
    for who in WHO:
        chosen = [profiles[o] for o in sorted(profiles) if profiles[o].kind is KIND_OF[who]]
        chosen = [p for p in chosen if p.has_text]
        links = [[row[p] for p in profile.projects] for profile in chosen]
        indptr = np.cumsum([0, *map(len, links)])
        indices = np.array([r for rows in links for r in rows], dtype=np.int64)
        incidence = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(chosen), len(shown)))
        sides[who] = Side([p.owner_id for p in chosen], [p.own_text for p in chosen], incidence)
    drafts = sorted(hidden)
    answers: dict[Who, list[frozenset[str]]] = {}
    for who, side in sides.items():
        with_history = {c for c, n in zip(side.ids, np.diff(side.incidence.indptr), strict=True) if n > 0}
        answers[who] = [
            frozenset(s for s, _, k in graph.in_edges(d, keys=True) if k == LINK_OF[who].value) & with_history
            for d in drafts
        ]
    return Fold(
        project_texts=[project_text(visible.nodes[p]) for p in shown],
        sides=sides,
        draft_texts=[project_text(graph.nodes[d]) for d in drafts],
        answers=answers,
    )


def fold_scores(fold: Fold, variants: Sequence[Variant]) -> dict[str, dict[Who, FloatArray]]:
    """Every variant's (candidates x drafts) scores in one fold."""
    corpus = fold.corpus
    n_projects = len(fold.project_texts)
    out: dict[str, dict[Who, FloatArray]] = {v.name: {} for v in variants}
    for tokenisation in dict.fromkeys(v.tokenisation for v in variants):
        vectorizer = counter(tokenisation, cutoffs=len(corpus) >= DF_CUTOFFS_FROM)
        try:
            with warnings.catch_warnings():
                # FUNCTION_WORDS holds elisions and hyphenated words the token pattern never yields.
                warnings.filterwarnings("ignore", message="Your stop_words may be inconsistent")
                counts = sp.csr_matrix(vectorizer.fit_transform(corpus))
        except ValueError:  # no term survives (a tiny network): nothing to rank by
            counts = sp.csr_matrix((len(corpus), 1))
            drafts = sp.csr_matrix((len(fold.draft_texts), 1))
        else:
            drafts = sp.csr_matrix(vectorizer.transform(fold.draft_texts), dtype=np.float64)
        tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        documents = {
            "tf-idf": (sp.csr_matrix(tfidf.transform(counts)), sp.csr_matrix(tfidf.transform(drafts))),
            "bm25": (bm25_weights(counts), drafts),
        }
        for variant in (v for v in variants if v.tokenisation == tokenisation):
            weights, queries = documents["tf-idf" if variant.weighting == "tf-idf" else "bm25"]
            start = n_projects
            for who in WHO:
                side = fold.sides[who]
                own = weights[start : start + len(side.ids)]
                start += len(side.ids)
                projects = weights[:n_projects]
                if variant.weighting == "bm25 max":
                    own_scores = np.asarray((own @ queries.T).toarray(), dtype=np.float64)
                    project_scores = np.asarray((projects @ queries.T).toarray(), dtype=np.float64)
                    out[variant.name][who] = best_of(project_scores, own_scores, side.incidence)
                else:
                    out[variant.name][who] = aggregated(projects, own, side.incidence, queries)
    return out


# -- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """Per-draft metrics of one variant and kind (paired across variants: same drafts, same order)."""

    ndcg: list[float]
    recall: list[float]
    reciprocal: list[float]

    def scores(self) -> Scores:
        if not self.ndcg:
            return Scores(0.0, 0.0, 0.0, 0)
        return Scores(
            float(np.mean(self.recall)),
            float(np.mean(self.ndcg)),
            float(np.mean(self.reciprocal)),
            len(self.ndcg),
        )


@dataclass(frozen=True)
class Table:
    """What the run measured: ``metrics[variant][who]``, variants in :data:`VARIANTS` order."""

    projects: int
    candidates: Mapping[Who, int]
    metrics: Mapping[str, Mapping[Who, Metrics]]

    def scores(self, variant: str, who: Who) -> Scores:
        return self.metrics[variant][who].scores()


def measure(
    graph: nx.MultiDiGraph,
    *,
    folds: int = FOLDS,
    seed: int = 0,
    variants: Sequence[Variant] = VARIANTS,
    progress: Callable[[str], None] | None = None,
) -> Table:
    """Run every variant on the same folds and drafts, and collect per-draft metrics."""
    say = progress or (lambda message: logger.info("%s", message))
    projects = project_ids(graph)
    assignment = np.random.RandomState(seed).randint(0, folds, len(projects))
    metrics = {v.name: {who: Metrics([], [], []) for who in WHO} for v in variants}
    candidates: dict[Who, int] = {}
    for f in range(folds):
        hidden = {p for p, a in zip(projects, assignment, strict=True) if a == f}
        if not hidden:
            continue
        started = time.perf_counter()
        fold = build_fold(graph, hidden)
        scores = fold_scores(fold, variants)
        for who in WHO:
            side = fold.sides[who]
            candidates[who] = len(side.ids)
            for variant in variants:
                table = scores[variant.name][who]
                into = metrics[variant.name][who]
                for j, answers in enumerate(fold.answers[who]):
                    if not answers:
                        continue
                    # ids are sorted, so a stable sort on the score breaks ties by id.
                    order = np.argsort(-table[:, j], kind="stable")
                    ranked = [side.ids[i] for i in order]
                    into.ndcg.append(ndcg_at_k(ranked, answers, K))
                    into.recall.append(recall_at_k(ranked, answers, K))
                    into.reciprocal.append(mrr(ranked, answers))
        say(f"fold {f + 1}/{folds}: {len(hidden)} drafts in {time.perf_counter() - started:.1f} s")
    return Table(projects=len(projects), candidates=candidates, metrics=metrics)


def gain_interval(
    better: Sequence[float], worse: Sequence[float], *, rounds: int = BOOTSTRAP_ROUNDS, seed: int = 0
) -> tuple[float, float]:
    """95% paired-bootstrap interval of ``mean(better - worse)`` over the same drafts.

    >>> gain_interval([1.0, 1.0], [0.0, 0.0])
    (1.0, 1.0)
    """
    differences = np.asarray(better, dtype=np.float64) - np.asarray(worse, dtype=np.float64)
    if len(differences) == 0:
        return 0.0, 0.0
    draws = np.random.RandomState(seed).randint(0, len(differences), (rounds, len(differences)))
    means = differences[draws].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def _ratio(value: float, reference: float) -> float:
    return value / reference if reference > 0 else float("nan")


def render(table: Table) -> str:
    """The table: variant x kind, nDCG@10, recall@10, MRR, n, and nDCG@10 over the baseline's."""
    lines = [
        f"{'variant':<32} {'who':<13} {'nDCG@10':>8} {'R@10':>7} {'MRR':>7} {'n':>5} {'x base':>7}",
    ]
    for variant, by_who in table.metrics.items():
        for who in by_who:
            s = table.scores(variant, who)
            ratio = _ratio(s.ndcg, table.scores(BASELINE, who).ndcg) if BASELINE in table.metrics else 1.0
            lines.append(
                f"{variant:<32} {who:<13} {s.ndcg:8.3f} {s.recall:7.3f} {s.mrr:7.3f} {s.n:5d} {ratio:7.2f}"
            )
    return "\n".join(lines)


def compare(table: Table, a: str, b: str) -> tuple[str, Outcome]:
    """Variant ``a`` against ``b`` on the same drafts: per kind, the nDCG@10 ratio and the 95%
    interval of the nDCG@10 gain; the outcome is "better" or "worse" when an interval excludes 0."""
    parts = []
    up = down = False
    for who in WHO:
        mine, theirs = table.metrics[a][who].ndcg, table.metrics[b][who].ndcg
        low, high = gain_interval(mine, theirs)
        up, down = up or low > 0, down or high < 0
        ratio = _ratio(float(np.mean(mine)) if mine else 0.0, float(np.mean(theirs)) if theirs else 0.0)
        parts.append(f"{who} x{ratio:.2f} [{low:+.3f}, {high:+.3f}]")
    outcome: Outcome = "mixed" if up and down else "better" if up else "worse" if down else "tied"
    return f"{a} vs {b}: {', '.join(parts)}", outcome


def verdict(table: Table) -> str:
    """One line: BM25 against TF-IDF (the best of each), stems against words under TF-IDF, and
    what to keep: today's TF-IDF over stems unless the best variant beats it beyond noise."""

    def mean_ratio(variant: str) -> float:
        return float(
            np.mean([_ratio(table.scores(variant, w).ndcg, table.scores(BASELINE, w).ndcg) for w in WHO])
        )

    weighting = {v.name: v.weighting for v in VARIANTS}
    measured = list(table.metrics)
    best_tfidf = max((v for v in measured if weighting.get(v) == "tf-idf"), key=mean_ratio)
    best_bm25 = max((v for v in measured if weighting.get(v) in ("bm25", "bm25 max")), key=mean_ratio)
    bm25, bm25_outcome = compare(table, best_bm25, best_tfidf)
    stems, stems_outcome = compare(table, CURRENT, BASELINE)
    winner = max(measured, key=mean_ratio)
    if winner != CURRENT and compare(table, winner, CURRENT)[1] == "better":
        advice = f"switch matching/index.py to {winner}"
    else:
        advice = f"keep {CURRENT}, as matching/index.py does"
    return (
        f"verdict: BM25 vs TF-IDF {bm25_outcome} ({bm25}); stems vs words {stems_outcome} ({stems}); "
        f"{advice}. (nDCG@10 ratio [95% paired-bootstrap interval of the nDCG@10 gain])"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=Path("var/betagouv.db"), help="an imported SQLite store")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    if not args.db.exists():
        parser.error(f"no store at {args.db}: import the beta.gouv.fr bundle first (see bench/README.md)")
    store = EmbeddedStore(args.db)
    try:
        graph = store.snapshot()
    finally:
        store.close()
    started = time.perf_counter()
    table = measure(graph, folds=args.folds, seed=args.seed)
    elapsed = time.perf_counter() - started
    people, organisations = (table.candidates.get(who, 0) for who in WHO)
    print(
        f"{table.projects} projects in {args.folds} folds (seed {args.seed}); candidates: {people} people, "
        f"{organisations} organisations; {elapsed:.0f} s"
    )
    print(f"BM25: Okapi, Lucene idf, k1={K1}, b={B}, computed with scipy on the count matrix")
    print()
    print(render(table))
    print()
    print(verdict(table))


if __name__ == "__main__":
    main()
