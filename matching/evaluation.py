"""Quality, measured on the network's own history: metrics, and leave-projects-out evaluation.

Every past project is a draft whose members and partner organisations are the answers. A
project plays the draft only while it is hidden: :func:`matching.index.hide_projects` removes it,
its edges and the introductions made for it before the index is built, so its text, its edges
and its vectors are out of every profile, index and graph signal.

Two protocols:

* **folds** (default 10): the projects are dealt into folds with a fixed seed; each fold is hidden
  in turn and its projects are the drafts. Every project is hidden exactly once, for the price of
  ``folds`` rebuilds of the index; ``folds`` = the number of projects is leave-one-out, exact and
  ``n`` times dearer. The fusion is cross-fitted: a fold's drafts are ranked by a model fitted on
  the other folds only.
* **date split**: projects that started on or after the date are hidden at once, with every edge
  dated after it (one rebuild); the fusion is fitted by folds on the projects before the date.

Each draft is ranked in two settings: the text alone, and the text with the context a lab has
when a draft arrives (its lab, its date, its submitter and the submitter's organisations; in a
network without submitters, the partner recorded with role « porteur » stands for them). The
word TF-IDF baseline of ``../shared/FACTS.md`` is ranked on the same history in the same run.

The lab's own decisions are labels too (:class:`Judged`): a draft whose suggestions the staff
accepted or declined is scored as the matcher scores it, against the network without the project
the draft became, and joins the examples every fusion is fitted on. It is never a test draft:
the figures stay those of the history.
"""

from __future__ import annotations

import logging
import math
import statistics
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import brier_score_loss

from graph.model import EdgeKind, NodeKind
from graph.store import Vector
from graph.tables import GraphTables
from matching.baseline import TfidfBaseline
from matching.chunks import chunk_words, text_hash
from matching.context import DraftContext
from matching.dense import MemoryNominator
from matching.fusion import (
    HYPERPARAMETERS,
    MIN_POSITIVES,
    MIN_PROJECTS,
    SETTINGS,
    WHO,
    Examples,
    Fusion,
    FusionModel,
    Setting,
    Who,
    fingerprint,
    fit_model,
    signals_for,
)
from matching.index import (
    FloatArray,
    MatchingIndex,
    Network,
    as_tables,
    build_index,
    day_number,
    hide_projects,
    projects_after,
)
from matching.lexical import TermCounts
from matching.profiles import project_text
from matching.ranking import KIND_OF, Options, Pool, fuse, prepare_query, score_pool, values_matrix
from matching.signals import SignalName

logger = logging.getLogger(__name__)

K = 10
LEAD_ROLES = frozenset({"porteur", "porteuse", "lead"})


# -- metrics --------------------------------------------------------------------------------------


def recall_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant items found in the first k.

    >>> recall_at_k(["a", "b", "c"], {"a", "c", "d"}, 2)
    0.3333333333333333
    """
    if not relevant:
        raise ValueError("recall needs at least one relevant item")
    return len(set(ranked[:k]).intersection(relevant)) / len(relevant)


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Binary-relevance nDCG: DCG of the first k over the ideal DCG.

    >>> round(ndcg_at_k(["x", "a"], {"a"}, 2), 4)
    0.6309
    """
    if not relevant:
        raise ValueError("nDCG needs at least one relevant item")
    dcg = sum(1 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


def mrr(ranked: Sequence[str], relevant: Collection[str]) -> float:
    """Reciprocal rank of the first relevant item (0 when none is ranked).

    >>> mrr(["x", "a", "b"], {"a", "b"})
    0.5
    """
    for i, item in enumerate(ranked):
        if item in relevant:
            return 1 / (i + 1)
    return 0.0


@dataclass(frozen=True)
class Scores:
    """Mean recall@10, nDCG@10 and MRR over the drafts that had answers (``n``)."""

    recall: float
    ndcg: float
    mrr: float
    n: int

    @classmethod
    def of(cls, rankings: Iterable[tuple[Sequence[str], Collection[str]]]) -> Scores:
        rows = [(recall_at_k(r, rel, K), ndcg_at_k(r, rel, K), mrr(r, rel)) for r, rel in rankings]
        if not rows:
            return cls(0.0, 0.0, 0.0, 0)
        recall, ndcg, reciprocal = (statistics.fmean(column) for column in zip(*rows, strict=True))
        return cls(recall, ndcg, reciprocal, len(rows))


@dataclass(frozen=True)
class Calibration:
    """Whether the fused probability means what it says across drafts: the suggestions of every
    draft pooled, sorted by probability and cut into bins of equal size, each with its mean
    probability, the share of them that were right answers, and its size; and the Brier score.

    >>> Calibration.of([0.1, 0.9, 0.1, 0.9], [False, True, False, False], bins=2)
    Calibration(bins=((0.1, 0.0, 2), (0.9, 0.5, 2)), brier=0.21, n=4)
    """

    bins: tuple[tuple[float, float, int], ...]
    brier: float
    n: int

    @classmethod
    def of(cls, probabilities: Sequence[float], right: Sequence[bool], *, bins: int = 5) -> Calibration:
        if not probabilities:
            return cls((), 0.0, 0)
        p, y = np.asarray(probabilities, dtype=np.float64), np.asarray(right, dtype=np.float64)
        order = np.argsort(p, kind="stable")
        cut = np.array_split(order, min(bins, len(p)))
        rows = tuple((round(float(p[c].mean()), 4), round(float(y[c].mean()), 4), len(c)) for c in cut)
        return cls(rows, round(float(brier_score_loss(y, p)), 4), len(p))


# -- drafts from history --------------------------------------------------------------------------


def as_of(graph: Network, day: date) -> GraphTables:
    """The network as a lab knew it on a day: later projects and later-dated edges removed."""
    tables = as_tables(graph)
    kept = hide_projects(tables, projects_after(tables, day))
    assert isinstance(kept, GraphTables)
    cut = day_number(day)
    later = [
        (e.kind, e.source, e.target) for e in kept.all_edges() if day_number(e.attributes.get("since")) >= cut
    ]
    return kept.without((), later)


def _in(tables: GraphTables, node: str, kind: EdgeKind) -> list[tuple[str, Mapping[str, object]]]:
    return sorted((e.source, e.attributes) for e in tables.edges.get(kind, []) if e.target == node)


def _out(tables: GraphTables, node: str, kind: EdgeKind) -> list[str]:
    return sorted(e.target for e in tables.edges.get(kind, []) if e.source == node)


def context_of(graph: Network, project: str) -> DraftContext:
    """What a lab knew when this project arrived as a draft: its lab, its start date, its
    submitter and the submitter's organisations (or, without a submitter, its lead partner)."""
    tables = as_tables(graph)
    data = tables.nodes[project]
    submitters = [s for s, _ in _in(tables, project, EdgeKind.SUBMITTED)]
    submitter = submitters[0] if submitters else None
    organisations = _out(tables, submitter, EdgeKind.WORKS_AT) if submitter else []
    organisations = [o for o in organisations if o.startswith("org:")]
    if not organisations:
        organisations = [
            s for s, d in _in(tables, project, EdgeKind.PARTNER_IN) if d.get("role") in LEAD_ROLES
        ]
    labs = _out(tables, project, EdgeKind.SUPPORTED_BY)
    territories = _out(tables, project, EdgeKind.LOCATED_IN)
    start = data.get("start_date")
    return DraftContext(
        lab=labs[0] if labs else None,
        date=date.fromisoformat(str(start)) if start else None,
        submitter=submitter,
        organisations=tuple(organisations),
        territory=territories[0] if territories else None,
    )


@dataclass(frozen=True)
class Draft:
    """A past project playing a draft: its text, vector, context and the answers to find."""

    project: str
    text: str
    vector: Vector
    context: DraftContext
    answers: Mapping[Who, frozenset[str]]
    """Members (people) and partners (organisations) the index knows from other work."""


def draft_of(
    graph: Network,
    index: MatchingIndex,
    project: str,
    vectors: Mapping[str, Vector],
    *,
    max_words: int,
) -> Draft:
    """The draft a hidden project makes, against an index built without it."""
    tables = as_tables(graph)
    text = project_text(tables.nodes[project])
    windows = [vectors.get(text_hash(w)) for w in chunk_words(text, max_words=max_words)[:6]]
    found = [v for v in windows if v is not None]
    mean = np.mean(found, axis=0) if found else np.zeros(index.windows.matrix.shape[1], dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    vector = (mean / norm if norm > 0 else mean).astype(np.float32)
    known: dict[Who, set[str]] = {}
    links: tuple[tuple[Who, NodeKind, EdgeKind], ...] = (
        ("people", NodeKind.PERSON, EdgeKind.CONTRIBUTES_TO),
        ("organisations", NodeKind.ORGANISATION, EdgeKind.PARTNER_IN),
    )
    for who, kind, link in links:
        candidates = index.candidates[kind]
        with_history = {c for c, n in zip(candidates.ids, candidates.experience, strict=True) if n > 0}
        known[who] = {s for s, _ in _in(tables, project, link)} & with_history
    return Draft(
        project=project,
        text=text,
        vector=vector,
        context=context_of(tables, project),
        answers={who: frozenset(v) for who, v in known.items()},
    )


def answer_day(graph: GraphTables) -> date:
    """The day a past draft without a date is answered on: the network's latest date, so that
    the load cap, and with it a fit, does not depend on the day the fit runs."""
    days = [
        value
        for values in (
            (d.get(key) for d in graph.nodes.values() for key in ("start_date", "end_date")),
            (e.attributes.get(key) for es in graph.edges.values() for e in es for key in ("since", "until")),
        )
        for value in values
        if value
    ]
    return max((date.fromisoformat(str(v)[:10]) for v in days), default=date(1970, 1, 1))


def answers_in(draft: Draft, who: Who, setting: Setting) -> frozenset[str]:
    """The answers of one setting: with a context, the submitter and their organisations are
    given, so they are not answers to find."""
    if setting == "text":
        return draft.answers[who]
    return draft.answers[who] - set(draft.context.organisations) - {draft.context.submitter or ""}


@dataclass(frozen=True)
class Judged:
    """A draft the lab's staff judged: the candidates they found relevant (accepted, or declined
    as already in contact) and those they declined as not relevant.

    Its rows are the pool the matcher draws for it, as for a past project: a relevant candidate
    is a positive, every other pooled candidate a negative, except those in ``unknown`` (declined
    for a reason that says nothing of relevance: unavailable, conflict of interest), which are
    left out.
    """

    key: str
    text: str
    vector: Vector
    context: DraftContext
    relevant: frozenset[str]
    not_relevant: frozenset[str] = frozenset()
    unknown: frozenset[str] = frozenset()
    hides: frozenset[str] = frozenset()
    """The projects the draft itself became in the network (hidden while it is scored)."""


JUDGED_FOLD = -1
"""The fold of the judged drafts: in every training set, in no test."""


def _judged_cases(
    graph: GraphTables, judged: Sequence[Judged], *, build: BuildIndex, options: Options
) -> tuple[list[_Case], dict[str, int]]:
    """Score each judged draft as the matcher does, against one index without their projects."""
    hidden = set().union(*(j.hides for j in judged)) & set(graph.ids(NodeKind.PROJECT))
    index = build(hide_projects(graph, hidden))
    nominator = MemoryNominator(index)
    cases: list[_Case] = []
    counts = {"drafts": len(judged), "relevant": 0, "not_relevant": 0, "outside_pool": 0}
    undated = answer_day(graph)
    for j in judged:
        sources = [s for s in [j.context.submitter, *j.context.organisations] if s]
        query = prepare_query(
            index, j.text, j.vector, j.context, sources=sources, today=j.context.date or undated
        )
        for who in WHO:
            ids = index.candidates[KIND_OF[who]].ids
            known = set(ids)
            decided = (j.relevant | j.not_relevant) & known
            if not decided:
                continue
            pool = score_pool(index, query, who, options=options, nominate=_nominate(nominator, j.vector))
            keep = np.array([ids[r] not in j.unknown for r in pool.rows], dtype=bool)
            pool = Pool(
                who, pool.rows[keep], {n: v[keep] for n, v in pool.values.items()}, pool.window_scores
            )
            pooled = {ids[r] for r in pool.rows}
            counts["relevant"] += len(j.relevant & pooled)
            counts["not_relevant"] += len(j.not_relevant & pooled)
            counts["outside_pool"] += len(decided - pooled)
            answers = frozenset(j.relevant & pooled)
            cases.append(_Case(JUDGED_FOLD, j.key, who, query.setting, pool, ids, answers, []))
    return cases, counts


# -- the protocol ---------------------------------------------------------------------------------


@dataclass
class _Case:
    fold: int
    draft: str
    who: Who
    setting: Setting
    pool: Pool
    ids: list[str]
    answers: frozenset[str]
    baseline: list[str]
    given: frozenset[str] = frozenset()
    """The submitter and their organisations: given by the context, never an answer to find."""
    semantic_mean: FloatArray | None = None
    """The dense signal aggregated as the mean of the best few windows instead of the best one
    (measured beside it, not fused)."""


def mean_of_best(window_scores: FloatArray, windows: sp.csr_matrix, *, few: int = 3) -> FloatArray:
    """Each row's mean cosine over its ``few`` best windows (fewer when it has fewer), clipped.

    >>> m = sp.csr_matrix(np.array([[1, 1, 1, 0], [0, 0, 0, 1]]))
    >>> mean_of_best(np.array([0.9, 0.5, 0.1, 0.4]), m, few=2).tolist()
    [0.7, 0.4]
    """
    out = np.zeros(windows.shape[0])
    clipped = np.clip(window_scores, 0.0, 1.0)
    for row in range(windows.shape[0]):
        values = np.sort(clipped[windows.indices[windows.indptr[row] : windows.indptr[row + 1]]])[::-1]
        if len(values):
            out[row] = float(values[:few].mean())
    return out


@dataclass(frozen=True)
class Report:
    """What an evaluation measured, for each kind, setting and ranking."""

    protocol: str
    drafts: int
    scores: Mapping[str, Mapping[str, Mapping[str, Scores]]]
    """``scores[who][setting][ranking]``: rankings are "fusion", "tf-idf baseline", each signal
    alone, and "default weights"."""
    fusion: Fusion
    """Fitted on every example (the model ``passerelle fit`` stores)."""
    calibration: Mapping[str, Mapping[str, Calibration]] = field(default_factory=dict)
    """``calibration[who][setting]``: the cross-fitted fusion's probabilities of the first 10
    suggestions of each draft against whether they were right."""
    examples: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    judged: Mapping[str, int] = field(default_factory=dict)
    """How many judged drafts and decisions the fusion learned from (``relevant`` and
    ``not_relevant`` in the pool, ``outside_pool`` not drawn by the matcher and unused)."""


BuildIndex = Callable[[Network], MatchingIndex]


def evaluate(
    graph: Network,
    vectors: Mapping[str, Vector],
    *,
    build: BuildIndex,
    max_words: int,
    options: Options,
    folds: int = 10,
    split: date | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    judged: Sequence[Judged] = (),
) -> Report:
    """Leave projects out, rank each as a draft in both settings, fit and cross-fit the fusion.

    Args:
        graph: the whole network (a store's snapshot).
        vectors: text hash -> vector for every window of the network.
        build: graph -> index (the matcher's own builder, so evaluation ranks as serving does).
        folds: number of folds (the protocol without ``split``; also how the fusion is fitted
            before a date split).
        split: hide the projects that started on or after this date, and evaluate on them.
        judged: drafts the lab's staff decided on, added to every training set.
    """
    say = progress or (lambda message: logger.info("%s", message))
    graph = as_tables(graph)
    undated = answer_day(graph)
    projects = graph.ids(NodeKind.PROJECT)
    if split is None:
        assignment = deal(len(projects), folds, seed)
        plan = [
            (f, {p for p, a in zip(projects, assignment, strict=True) if a == f}, graph) for f in range(folds)
        ]
        test_plan = plan
    else:
        history = as_of(graph, split)
        earlier = history.ids(NodeKind.PROJECT)
        assignment = deal(len(earlier), folds, seed)
        plan = [
            (f, {p for p, a in zip(earlier, assignment, strict=True) if a == f}, history)
            for f in range(folds)
        ]
        test_plan = [(folds, projects_after(graph, split), graph)]
    cases: list[_Case] = []
    for fold, hidden, source in plan if split is None else [*plan, *test_plan]:
        visible = (
            as_of(graph, split) if (split is not None and fold == folds) else hide_projects(source, hidden)
        )
        index = build(visible)
        baseline = TfidfBaseline(index)
        nominator = MemoryNominator(index)
        say(f"fold {fold + 1}: {len(hidden)} drafts hidden, index of {len(index.projects.ids)} projects")
        for project in sorted(hidden):
            draft = draft_of(graph, index, project, vectors, max_words=max_words)
            for setting in SETTINGS:
                context = draft.context if setting == "context" else DraftContext()
                sources = [s for s in [context.submitter, *context.organisations] if s]
                query = prepare_query(
                    index,
                    draft.text,
                    draft.vector,
                    context,
                    sources=sources,
                    today=draft.context.date or undated,
                )
                for who in WHO:
                    answers = answers_in(draft, who, setting)
                    if not answers:
                        continue
                    kind = KIND_OF[who]
                    ids = index.candidates[kind].ids
                    pool = score_pool(
                        index, query, who, options=options, nominate=_nominate(nominator, draft.vector)
                    )
                    given = frozenset(context.organisations) | {context.submitter or ""}
                    scores = baseline.scores(draft.text, kind)
                    order = np.lexsort((np.array(ids), -scores))
                    top = [ids[i] for i in order if ids[i] not in given][: 3 * K]
                    windows = index.candidates[kind].all_windows[pool.rows]
                    mean = mean_of_best(pool.window_scores, windows)
                    cases.append(_Case(fold, project, who, setting, pool, ids, answers, top, given, mean))
    judged_counts: dict[str, int] = {}
    if judged:
        extra, judged_counts = _judged_cases(graph, judged, build=build, options=options)
        cases.extend(extra)
        say(f"{judged_counts['drafts']} drafts judged by the lab's staff added to the examples")
    report = _score(cases, folds=folds, split=split, graph=graph, seed=seed)
    return replace(report, judged=judged_counts)


def deal(n: int, folds: int, seed: int) -> list[int]:
    """Deal ``n`` projects into ``folds`` folds of sizes differing by at most one, in an order
    shuffled with the seed: each project is hidden exactly once, and ``folds = n`` is
    leave-one-out.

    >>> sorted(deal(5, 5, seed=0))
    [0, 1, 2, 3, 4]
    """
    order = np.random.RandomState(seed).permutation(n)
    assignment = [0] * n
    for position, project in enumerate(order):
        assignment[int(project)] = position % folds
    return assignment


def _nominate(nominator: MemoryNominator, vector: Vector) -> Callable[[NodeKind, int], list[str]]:
    def nominate(kind: NodeKind, n: int) -> list[str]:
        return nominator.nominate(vector, kind, n)

    return nominate


def _examples(cases: Iterable[_Case], who: Who, setting: Setting) -> Examples:
    names = signals_for(setting)
    examples = Examples(names)
    for case in cases:
        if case.who != who or case.setting != setting or len(case.pool.rows) == 0:
            continue
        labels = np.array([int(case.ids[r] in case.answers) for r in case.pool.rows], dtype=np.int_)
        examples.add(case.draft, values_matrix(case.pool, names), labels)
    return examples


def _ranking(case: _Case, model: FusionModel) -> list[str]:
    return [candidate for candidate, _ in _fused(case, model)]


def _fused(case: _Case, model: FusionModel) -> list[tuple[str, float]]:
    """The fused ranking with each candidate's probability, the draft's given ids left out."""
    ranked = fuse(case.pool, model, case.ids)
    shown = [(case.ids[r], float(p)) for r, p in zip(ranked.rows, ranked.probabilities, strict=True)]
    return [(candidate, p) for candidate, p in shown if candidate not in case.given]


def _alone(case: _Case, signal: SignalName) -> list[str]:
    return _alone_values(case, case.pool.values.get(signal))


def _alone_values(case: _Case, values: FloatArray | None) -> list[str]:
    if values is None:
        return []
    order = sorted(range(len(case.pool.rows)), key=lambda i: (-values[i], case.ids[case.pool.rows[i]]))
    return [
        case.ids[case.pool.rows[i]]
        for i in order
        if values[i] > 0 and case.ids[case.pool.rows[i]] not in case.given
    ]


def _score(cases: list[_Case], *, folds: int, split: date | None, graph: GraphTables, seed: int) -> Report:
    from matching.fusion import DEFAULT_MODELS

    test_folds = [folds] if split is not None else list(range(folds))
    scores: dict[str, dict[str, dict[str, Scores]]] = {}
    calibration: dict[str, dict[str, Calibration]] = {}
    models: dict[str, FusionModel] = {}
    counts: dict[str, dict[str, int]] = {}
    notes: list[str] = []
    for who in WHO:
        scores[who], calibration[who] = {}, {}
        for setting in SETTINGS:
            mine = [c for c in cases if c.who == who and c.setting == setting]
            tests = [c for c in mine if c.fold in test_folds]
            fused: list[tuple[list[str], frozenset[str]]] = []
            probabilities: list[float] = []
            right: list[bool] = []
            for fold in test_folds:
                training = [c for c in mine if c.fold != fold and c.fold < folds]
                model = fit_model(_examples(training, who, setting), seed=seed) or DEFAULT_MODELS[setting]
                for c in tests:
                    if c.fold != fold:
                        continue
                    ranking = _fused(c, model)
                    fused.append(([candidate for candidate, _ in ranking], c.answers))
                    probabilities.extend(p for _, p in ranking[:K])
                    right.extend(candidate in c.answers for candidate, _ in ranking[:K])
            calibration[who][setting] = Calibration.of(probabilities, right)
            table = {
                "fusion": Scores.of(fused),
                "tf-idf baseline": Scores.of((c.baseline, c.answers) for c in tests),
                "default weights": Scores.of(
                    (_ranking(c, DEFAULT_MODELS[setting]), c.answers) for c in tests
                ),
            }
            for signal in signals_for(setting):
                table[signal] = Scores.of((_alone(c, signal), c.answers) for c in tests)
            table["semantic, mean of best 3"] = Scores.of(
                (_alone_values(c, c.semantic_mean), c.answers) for c in tests
            )
            scores[who][setting] = table
            all_examples = _examples([c for c in mine if c.fold < folds], who, setting)
            judged_examples = _examples([c for c in mine if c.fold == JUDGED_FOLD], who, setting)
            counts[f"{who}/{setting}"] = {
                "judged_drafts": judged_examples.projects,
                "projects": all_examples.projects,
                "positives": all_examples.positives,
                "rows": int(sum(len(r) for r in all_examples.rows)),
            }
            final = fit_model(all_examples, seed=seed)
            if final is None:
                notes.append(
                    f"{who}/{setting}: {all_examples.projects} projects, {all_examples.positives} answers, "
                    f"below {MIN_PROJECTS} and {MIN_POSITIVES}: default weights kept"
                )
            else:
                models[f"{who}/{setting}"] = final
    protocol = f"date split at {split.isoformat()}" if split else f"{folds} folds (seed {seed})"
    evaluation = {
        f"{who}/{setting}/{ranking}": {"ndcg@10": s.ndcg, "recall@10": s.recall, "mrr": s.mrr, "n": s.n}
        for who, by_setting in scores.items()
        for setting, table in by_setting.items()
        for ranking, s in table.items()
        if ranking in ("fusion", "tf-idf baseline")
    }
    fusion = Fusion(
        models=models,
        trained_at=date.today().isoformat(),
        fingerprint=network_fingerprint(graph),
        hyperparameters={**HYPERPARAMETERS, "seed": seed, "protocol": protocol},
        evaluation=evaluation,
        examples=counts,
        notes=tuple(notes),
    )
    drafts = len({c.draft for c in cases if c.fold in test_folds})
    return Report(
        protocol=protocol,
        drafts=drafts,
        scores=scores,
        fusion=fusion,
        examples=counts,
        calibration=calibration,
    )


def network_fingerprint(graph: Network) -> str:
    """A digest of the nodes and edges a fusion was fitted on."""
    tables = as_tables(graph)
    parts = [f"{n}\x1f{sorted(d.items())}" for n, d in tables.nodes.items()]
    parts.extend(
        f"{e.source}\x1f{e.kind.value}\x1f{e.target}\x1f{sorted(e.attributes.items())}"
        for e in tables.all_edges()
    )
    return fingerprint(parts)


def build_with(
    vectors: Mapping[str, Vector], *, analyzer: Callable[[str], list[str]], max_words: int, dimensions: int
) -> BuildIndex:
    """The index builder evaluation uses: the matcher's, with the vectors already computed."""

    counts = TermCounts(analyzer)  # every fold counts each text once

    def build(graph: Network) -> MatchingIndex:
        return build_index(
            graph, vectors, analyzer=analyzer, max_words=max_words, dimensions=dimensions, counts=counts
        )

    return build
