"""Ranking: a draft's signals for a pool of candidates, fused into one score per candidate.

For each kind of candidate, a pool is nominated without labels: the best few by each signal
that can be computed for everyone at once (lexical, similar projects, skills, naming, and the
context signals), plus the nearest by dense search. Every signal is then computed for the pool,
and the fusion turns them into a score (the sum of the contributions) and a probability.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.model import NodeKind
from graph.store import Vector
from matching import signals
from matching.context import DraftContext
from matching.fusion import FusionModel, Setting, Who
from matching.index import OWN_TEXT_WEIGHT, Candidates, FloatArray, IntArray, MatchingIndex, day_number
from matching.signals import SignalName
from matching.text import SurfaceForms, fold, tokenize

KIND_OF: dict[Who, NodeKind] = {"people": NodeKind.PERSON, "organisations": NodeKind.ORGANISATION}

EVIDENCE_SIGNALS: tuple[SignalName, ...] = (
    "semantic",
    "lexical",
    "own_text",
    "similar_projects",
    "skills",
    "named",
    "proximity",
    "sponsors",
    "lab",
    "lab_similarity",
)
"""Signals that are a reason to suggest someone; a candidate needs one of them above zero."""
EVIDENCE_FLOOR: dict[str, float] = {"semantic": 0.2}
"""Dense similarity counts as a reason from this cosine (unrelated French texts score about 0.1)."""

Nominate = Callable[[NodeKind, int], Sequence[str]]
"""Dense nominees: ``nominate(kind, n)`` returns up to ``n`` candidate ids nearest the draft."""


@dataclass(frozen=True)
class Options:
    """The knobs of ranking and of the shortlist (from settings)."""

    pool: int = 100
    """Candidates each signal nominates before the exact fusion."""
    half_life_days: float = 365.0
    """Evidence weighs half as much this long after it ended."""
    load_window_days: float = 90.0
    load_cap: int = 3
    """At most this many introductions to one person within the window; past it, they rest."""
    silo_threshold: float = 0.2
    """A candidate outside the submitter's administration is "good enough" to be brought into
    the top 5 from this probability of relevance."""
    exclude_team: bool = True
    """Leave out the people who work where the submitter works."""
    alternates: int = 3


@dataclass(frozen=True)
class Query:
    """A draft, analysed once for every kind of candidate."""

    text: str
    vector: Vector
    lexical: sp.csr_matrix
    project_similarity: FloatArray
    mentioned_skills: frozenset[str]
    context: DraftContext
    day: float | None
    today: float
    """The day the load cap is read on: the draft's date, else today; a past project playing a
    draft passes its own date in both settings, so that fitting does not depend on the day it
    runs."""
    sources: tuple[str, ...]
    """Where graph proximity starts: the submitter and their organisations."""
    distances: FloatArray
    predecessors: IntArray
    named: Mapping[NodeKind, frozenset[int]] = field(default_factory=dict)
    surface: SurfaceForms = field(default_factory=lambda: SurfaceForms([]))
    """The draft's own words for each of its features: explanations show terms as written."""

    @property
    def setting(self) -> Setting:
        return "text" if self.context.is_empty else "context"


def prepare_query(
    index: MatchingIndex,
    text: str,
    vector: Vector,
    context: DraftContext,
    *,
    sources: Sequence[str],
    today: date | None = None,
) -> Query:
    """Analyse a draft against an index: its TF-IDF vector, its similarity to every project, the
    skills and candidates it names, and the graph distances from its sources."""
    lexical = index.lexical.transform([text])
    project_similarity = index.lexical.cosines(index.lexical.projects_by_term, lexical)
    key = ("hops", tuple(sorted(sources)))
    cached = index.cache.get(key)
    if not isinstance(cached, tuple):
        cached = signals.hops_from(index.collaboration, sorted(sources))
        index.cache[key] = cached
    distances: FloatArray = cached[0]
    predecessors: IntArray = cached[1]
    return Query(
        text=text,
        vector=vector,
        lexical=lexical,
        project_similarity=project_similarity,
        mentioned_skills=frozenset(index.vocabulary.mentioned(text)),
        context=context,
        day=day_number(context.date) if context.date else None,
        today=day_number(today or context.date or date.today()),
        sources=tuple(sources),
        distances=distances,
        predecessors=predecessors,
        named=names_in(index, text),
        surface=SurfaceForms([text]),
    )


def names_in(index: MatchingIndex, text: str) -> dict[NodeKind, frozenset[int]]:
    """Rows of the candidates a draft names: full name, or an acronym written in capitals."""
    cached = index.cache.get("names")
    if not isinstance(cached, tuple):
        tables = {kind: _name_table(c) for kind, c in index.candidates.items()}
        # Every start of a full name, so that a run of the draft's words stops growing as soon
        # as no name begins with it.
        starts = frozenset(
            " ".join(words[:n])
            for names in tables.values()
            for form, key in names
            if form == "name"
            for words in [key.split(" ")]
            for n in range(1, len(words))
        )
        cached = (tables, starts)
        index.cache["names"] = cached
    table: dict[NodeKind, dict[tuple[str, str], list[int]]] = cached[0]
    starts = cached[1]
    surfaces = [t.surface for t in tokenize(text)]
    folded = [fold(w) for w in surfaces]
    found: dict[NodeKind, set[int]] = {kind: set() for kind in table}

    def add(key: tuple[str, str]) -> None:
        for kind, names in table.items():
            rows = names.get(key)
            if rows:
                found[kind].update(rows)

    for start, surface in enumerate(surfaces):
        add(("acronym", surface))
        key = folded[start]
        for end in range(start + 1, len(surfaces)):
            if key not in starts:
                break
            key = f"{key} {folded[end]}"
            add(("name", key))
    return {kind: frozenset(rows) for kind, rows in found.items()}


def _name_table(candidates: Candidates) -> dict[tuple[str, str], list[int]]:
    """Full names (folded, two words or more) and acronyms (as written, in capitals)."""
    table: dict[tuple[str, str], list[int]] = {}
    for row, profile in enumerate(candidates.profiles):
        words = [fold(t.surface) for t in tokenize(profile.name)]
        if len(words) >= 2:
            table.setdefault(("name", " ".join(words)), []).append(row)
        acronym = _acronym(candidates, row)
        if acronym:
            table.setdefault(("acronym", acronym), []).append(row)
    return table


def _acronym(candidates: Candidates, row: int) -> str | None:
    text = candidates.profiles[row].own_text
    if candidates.kind is not NodeKind.ORGANISATION or "(" not in text.split(".")[0]:
        return None
    inside = text.split("(", 1)[1].split(")", 1)[0].strip()
    return inside if len(inside) >= 3 and inside.isupper() else None


@dataclass(frozen=True)
class Pool:
    """The candidates of one kind nominated for a draft, with every signal's value."""

    who: Who
    rows: IntArray
    values: Mapping[SignalName, FloatArray]
    window_scores: FloatArray
    """Cosine of the draft with each window (0 for windows of no pooled candidate)."""


def score_pool(index: MatchingIndex, query: Query, who: Who, *, options: Options, nominate: Nominate) -> Pool:
    """Nominate a pool of candidates and compute every signal for it."""
    kind = KIND_OF[who]
    candidates = index.candidates[kind]
    n = len(candidates)
    if n == 0:
        return Pool(who, np.zeros(0, dtype=np.intp), {}, np.zeros(0))
    weights = signals.evidence_weights(candidates, query.day, half_life_days=options.half_life_days)
    own_similarity = index.lexical.cosines(index.lexical.own_by_term[kind], query.lexical)
    full: dict[SignalName, FloatArray] = {
        "lexical": signals.lexical(
            candidates,
            query.project_similarity,
            own_similarity,
            sum_norm=index.lexical.sum_norm[kind],
            total_norm=index.lexical.total_norm[kind],
            own_weight=OWN_TEXT_WEIGHT,
        ),
        "own_text": signals.own_text(own_similarity),
        "similar_projects": signals.similar_projects(candidates, query.project_similarity, weights),
        "continuity": signals.continuity(
            candidates, query.project_similarity, half_life_days=options.half_life_days
        ),
        "skills": signals.skills(candidates, query.mentioned_skills),
        "named": signals.named(candidates, query.named.get(kind, frozenset())),
        "experience": signals.experience(candidates),
        "related_labs": signals.related(
            candidates, index.projects.lab_matrix, query.project_similarity, weights
        ),
        "related_partners": signals.related(
            candidates, index.projects.partner_matrix, query.project_similarity, weights
        ),
        "availability": signals.availability(
            candidates,
            query.today,
            window_days=options.load_window_days,
            cap=options.load_cap,
        ),
    }
    context = query.context
    if not context.is_empty:
        full["proximity"] = signals.proximity(candidates, index.collaboration, query.distances)
        full["sponsors"] = signals.sponsors(candidates, index.projects, context.organisations, weights)
        full["lab"] = (
            signals.lab(
                candidates,
                index.projects,
                context.lab,
                weights,
                day=query.day,
                half_life_days=options.half_life_days,
            )
            if context.lab
            else np.zeros(n)
        )
        full["lab_similarity"] = (
            signals.lab_similarity(candidates, index.projects, context.lab, query.project_similarity, weights)
            if context.lab
            else np.zeros(n)
        )
        territories = _territory_chain(index, context.territory)
        full["territory"] = signals.territory(candidates, territories)
        full["activity"] = signals.activity(candidates, weights, dated=query.day is not None)
    nominated: set[int] = set()
    for nominator in EVIDENCE_SIGNALS:  # the dense nominees come from ``nominate``
        if nominator in full:
            nominated.update(int(r) for r in signals.top_positive(full[nominator], options.pool))
    rows_of = candidates.row
    nominated.update(rows_of[c] for c in nominate(kind, options.pool) if c in rows_of)
    rows = np.array(sorted(nominated), dtype=np.intp)
    sub = candidates.all_windows[rows]
    needed = np.unique(sub.indices)
    window_scores = np.zeros(candidates.all_windows.shape[1], dtype=np.float64)
    if len(needed) and np.any(query.vector):
        window_scores[needed] = index.windows.matrix[needed] @ query.vector
    values: dict[SignalName, FloatArray] = {"semantic": signals.semantic(window_scores, sub)}
    values.update((name, v[rows]) for name, v in full.items())
    # Experience, availability, activity or a shared territory alone is no reason to suggest.
    evidence = np.zeros(len(rows), dtype=bool)
    for name in EVIDENCE_SIGNALS:
        if name in values:
            evidence |= values[name] > EVIDENCE_FLOOR.get(name, 0.0)
    keep = np.flatnonzero(evidence)
    return Pool(
        who,
        rows[keep],
        {name: v[keep] for name, v in values.items()},
        window_scores,
    )


def _territory_chain(index: MatchingIndex, territory: str | None) -> frozenset[str]:
    if not territory:
        return frozenset()
    return index.territory_chains.get(territory, frozenset({territory}))


@dataclass(frozen=True)
class Ranked:
    """A fused pool, best first: rows, scores, probabilities and each signal's contribution."""

    who: Who
    rows: IntArray
    scores: FloatArray
    probabilities: FloatArray
    values: Mapping[SignalName, FloatArray]
    contributions: Mapping[str, FloatArray]
    window_scores: FloatArray


def fuse(pool: Pool, model: FusionModel, ids: Sequence[str]) -> Ranked:
    """Score a pool with a fusion model and order it (score descending, then id)."""
    contributions = model.contributions(pool.values)
    scores = np.zeros(len(pool.rows))
    for part in contributions.values():
        scores = scores + part
    index = np.lexsort((np.array([ids[r] for r in pool.rows], dtype=str), -scores))
    return Ranked(
        who=pool.who,
        rows=pool.rows[index],
        scores=scores[index],
        probabilities=model.probability(scores[index]),
        values={k: v[index] for k, v in pool.values.items()},
        contributions={k: v[index] for k, v in contributions.items()},
        window_scores=pool.window_scores,
    )


def ranked_ids(ranked: Ranked, ids: Sequence[str], exclude: frozenset[str] = frozenset()) -> list[str]:
    """The ranking as candidate ids (evaluation)."""
    return [ids[r] for r in ranked.rows if ids[r] not in exclude]


def values_matrix(pool: Pool, names: Sequence[SignalName]) -> npt.NDArray[np.float64]:
    """The pool's signals as a (candidates x signals) matrix, zeros for absent signals."""
    n = len(pool.rows)
    return (
        np.column_stack([pool.values.get(name, np.zeros(n)) for name in names]) if names else np.zeros((n, 0))
    )
