"""The ranking signals: each named, each a value in [0, 1] per candidate.

Every function reads one :class:`~matching.index.Candidates` table (experts, or organisations)
and returns an array aligned with it (``candidates.ids``), in the networkx algorithm style: the
table first, the knobs as keyword arguments, the formula in the docstring. Hand-computed values
on a tiny world are in ``tests/matching/test_signals.py``.

Time enters through :func:`evidence_weights`: in the time-aware signals (similar projects, the
lab, shared sponsors, similar work at the lab, activity), a link to a project counts fully while
it runs at the draft's date and fades with a half-life as it lies further from that date: ended
long before, or starting long after (work already planned; in an evaluation on past drafts, the
work that came next); without a date every link weighs 1. The text signals (semantic, lexical)
and experience describe a candidate by all the work the network records, as the TF-IDF baseline
does: in a live network that is the past and what is already planned.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Literal, get_args

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from matching.index import Candidates, Collaboration, FloatArray, IntArray, Projects

SignalName = Literal[
    "semantic",
    "lexical",
    "own_text",
    "similar_projects",
    "continuity",
    "skills",
    "named",
    "experience",
    "related_labs",
    "related_partners",
    "proximity",
    "sponsors",
    "lab",
    "lab_similarity",
    "territory",
    "activity",
    "availability",
]
SIGNALS: tuple[SignalName, ...] = get_args(SignalName)

TEXT_SIGNALS: tuple[SignalName, ...] = (
    "semantic",
    "lexical",
    "own_text",
    "similar_projects",
    "continuity",
    "skills",
    "named",
    "experience",
    "related_labs",
    "related_partners",
    "availability",
)
"""Signals that need nothing but the draft's text and the network."""

CONTEXT_SIGNALS: tuple[SignalName, ...] = tuple(s for s in SIGNALS if s not in TEXT_SIGNALS)
"""Signals that need the draft's context (lab, date, submitter, organisations, territory)."""

UNDATED_WEIGHT = 0.5
"""Weight of a link whose dates are unknown while the draft has a date: neither recent nor old."""

RELATED_PROJECTS = 10
"""The related-labs and related-partners signals read the context of this many closest projects."""

PROXIMITY_HOPS = 4
"""Graph proximity looks this many steps away from the submitter and their organisations."""


def saturate(x: FloatArray, scale: float = 1.0) -> FloatArray:
    """Map counts in [0, inf) onto [0, 1): ``x / (x + scale)``.

    >>> saturate(np.array([0.0, 1.0, 3.0])).tolist()
    [0.0, 0.5, 0.75]
    """
    return x / (x + scale)


def evidence_weights(candidates: Candidates, day: float | None, *, half_life_days: float) -> FloatArray:
    """Weight of each candidate-project link at the draft's date (aligned with the links).

    ``w = 0.5 ** (gap / half_life)`` where ``gap`` is the link's distance in days from ``day``:
    0 while it runs (start <= day <= end), ``day - end`` once it has ended, ``start - day`` when
    it starts later; :data:`UNDATED_WEIGHT` when its dates are unknown; 1 for every link when
    there is no date.

    Work that starts after the draft counts as the work that ended before it: someone who joins
    the lab's next project is as much at hand as someone who just left its last one. Zeroing it
    measured worse on beta.gouv.fr (``bench/README.md``).
    """
    start, end = candidates.evidence_start, candidates.evidence_end
    if day is None:
        return np.ones(len(start))
    return np.where(
        np.isnan(start), UNDATED_WEIGHT, time_weights(start, end, day, half_life_days=half_life_days)
    )


def time_weights(start: FloatArray, end: FloatArray, day: float, *, half_life_days: float) -> FloatArray:
    """``0.5 ** (gap / half_life)`` for spans from ``start`` to ``end``, ``gap`` being the days
    between ``day`` and the span (0 inside it); an open side is an infinite bound, a NaN gap 0.

    >>> start, end = np.array([0.0, 0.0, 20.0]), np.array([10.0, np.inf, 30.0])
    >>> time_weights(start, end, 15.0, half_life_days=5).tolist()
    [0.5, 1.0, 0.5]
    """
    with np.errstate(invalid="ignore"):
        gap = np.maximum(np.maximum(day - end, start - day), 0.0)
        return np.power(0.5, np.nan_to_num(gap, nan=0.0) / half_life_days)


def _per_candidate(candidates: Candidates, link_values: FloatArray) -> FloatArray:
    return np.bincount(candidates.link_rows, weights=link_values, minlength=len(candidates)).astype(
        np.float64
    )


def _project_mask(projects: Projects, rows: IntArray | None) -> FloatArray:
    mask = np.zeros(len(projects.ids))
    if rows is not None:
        mask[rows] = 1.0
    return mask


def semantic(window_scores: FloatArray, all_windows: sp.csr_matrix) -> FloatArray:
    """Dense similarity: the best cosine among a candidate's windows (own text and projects),
    clipped to [0, 1].

    Args:
        window_scores: cosine of the draft with each window of the rows' matrix.
        all_windows: (candidates x windows) incidence of the candidates to score.
    """
    n = all_windows.shape[0]
    out = np.zeros(n)
    if n == 0 or len(all_windows.indices) == 0:
        return out
    values = np.clip(window_scores[all_windows.indices], 0.0, 1.0)
    starts = all_windows.indptr[:-1]
    filled = np.diff(all_windows.indptr) > 0
    out[filled] = np.maximum.reduceat(values, starts[filled])
    return out


def lexical(
    candidates: Candidates,
    project_similarity: FloatArray,
    own_similarity: FloatArray,
    *,
    sum_norm: FloatArray,
    total_norm: FloatArray,
    own_weight: float,
) -> FloatArray:
    """Lexical similarity: the cosine between the draft's TF-IDF vector and the candidate's, the
    candidate's being ``normalise(normalise(sum of its projects' vectors) + own_weight * own)``.

    By linearity this is ``(S / sum_norm + own_weight * o) / total_norm`` where ``S`` sums the
    draft's cosines with the candidate's projects and ``o`` is its cosine with the candidate's
    own text, so no candidate vector is ever stored.
    """
    summed = _per_candidate(candidates, project_similarity[candidates.projects.indices])
    with np.errstate(invalid="ignore", divide="ignore"):
        value = (np.where(sum_norm > 0, summed / sum_norm, 0.0) + own_weight * own_similarity) / total_norm
    return np.clip(np.nan_to_num(value, nan=0.0, posinf=0.0), 0.0, 1.0)


def own_text(own_similarity: FloatArray) -> FloatArray:
    """The candidate's own text alone (a person's bio and skills; an organisation's name, acronym,
    description and skills): its TF-IDF cosine with the draft, which a draft naming an
    administration or a trade meets even when no project does."""
    return np.clip(own_similarity, 0.0, 1.0)


def similar_projects(
    candidates: Candidates, project_similarity: FloatArray, weights: FloatArray
) -> FloatArray:
    """Similar past projects: ``saturate(sum over the candidate's projects p of w_p * sim(draft, p) ** 2)``.

    Squaring lets a few close projects count more than many loosely related ones; ``w_p`` is the
    link's :func:`evidence_weights`.
    """
    values = weights * project_similarity[candidates.projects.indices] ** 2
    return saturate(_per_candidate(candidates, values), 0.25)


def continuity(
    candidates: Candidates, project_similarity: FloatArray, *, half_life_days: float
) -> FloatArray:
    """Who carried a similar project to its end: ``max over the candidate's projects p of
    sim(draft, p) * 0.5 ** (gap / half_life)``, ``gap`` being the days from the end of the
    candidate's link to ``p`` to the latest end among ``p``'s links (0 for those still on it at
    its last; :data:`UNDATED_WEIGHT` for a link without a date).

    It needs no date of the draft: of a similar project's many members, it prefers those who
    stayed with the work over those who passed through it early. On beta.gouv.fr it is those who
    stayed that the next project of the same kind finds again; having been there at the start
    tells nothing (``bench/README.md``).
    """
    gap = candidates.link_gap
    weight = np.where(
        np.isnan(gap), UNDATED_WEIGHT, np.power(0.5, np.nan_to_num(gap, nan=0.0) / half_life_days)
    )
    values = weight * np.clip(project_similarity[candidates.projects.indices], 0.0, 1.0)
    out = np.zeros(len(candidates))
    np.maximum.at(out, candidates.link_rows, values)
    return out


def skills(candidates: Candidates, mentioned: Collection[str]) -> FloatArray:
    """Skill overlap: the share of the skills the draft mentions that the candidate holds."""
    if not mentioned:
        return np.zeros(len(candidates))
    columns = candidates.skill_columns
    held = [columns[s] for s in mentioned if s in columns]
    if not held:
        return np.zeros(len(candidates))
    wanted = np.zeros(len(columns))
    wanted[held] = 1.0
    return np.asarray(candidates.skill_matrix @ wanted, dtype=np.float64) / len(set(mentioned))


def named(candidates: Candidates, mentions: Collection[int]) -> FloatArray:
    """Named in the draft: 1 for the candidates (rows) the draft names, else 0."""
    out = np.zeros(len(candidates))
    out[list(mentions)] = 1.0
    return out


def experience(candidates: Candidates) -> FloatArray:
    """Experience: ``saturate(number of projects, 3)``; a candidate of three projects gets 0.5."""
    return saturate(candidates.experience, 3.0)


def related(
    candidates: Candidates,
    groups: sp.csr_matrix,
    project_similarity: FloatArray,
    weights: FloatArray,
    *,
    top: int = RELATED_PROJECTS,
) -> FloatArray:
    """Work in the groups (labs, or partner organisations) of the projects closest to the draft:
    what the draft's context probably is, read from its text through the graph.

    The ``top`` projects most similar to the draft share their similarity mass among their
    groups: ``a_g = sum over those projects p in g of sim(draft, p) ** 2 / sum over those
    projects of sim(draft, p) ** 2``. A project then weighs the affinity of its groups,
    ``b_p = sum over g of p of a_g``, and a candidate ``saturate(sum over its projects p of
    w_p * b_p)``.

    Args:
        groups: (projects x groups) incidence, :attr:`Projects.lab_matrix` or
            :attr:`Projects.partner_matrix`.
        weights: each link's :func:`evidence_weights`.
    """
    mass = np.zeros_like(project_similarity)
    closest = top_positive(project_similarity, top)
    mass[closest] = project_similarity[closest] ** 2
    total = mass.sum()
    if total <= 0 or groups.shape[1] == 0:
        return np.zeros(len(candidates))
    affinity = np.asarray(groups.T @ mass, dtype=np.float64) / total
    per_project = np.asarray(groups @ affinity, dtype=np.float64)
    return saturate(_per_candidate(candidates, weights * per_project[candidates.projects.indices]))


def top_positive(values: FloatArray, n: int) -> IntArray:
    """Indices of the ``n`` largest values, leaving out those that are not positive (unordered)."""
    if len(values) <= n:
        return np.flatnonzero(values > 0)
    part = np.argpartition(-values, n)[:n]
    return part[values[part] > 0]


def proximity(candidates: Candidates, collaboration: Collaboration, distances: FloatArray) -> FloatArray:
    """Graph proximity to the submitter and their organisations: ``1 / d`` for a candidate ``d``
    steps away in the collaboration graph (``d <= PROXIMITY_HOPS``), else 0.

    Args:
        distances: hops from the sources to every node of ``collaboration`` (inf when beyond).
    """
    rows = candidates.collaboration_rows
    d = np.where(rows >= 0, distances[np.maximum(rows, 0)], np.inf)
    with np.errstate(divide="ignore"):
        return np.where((d >= 1) & np.isfinite(d), 1.0 / np.maximum(d, 1.0), 0.0)


def hops_from(
    collaboration: Collaboration, sources: Sequence[str], *, limit: int = PROXIMITY_HOPS
) -> tuple[FloatArray, IntArray]:
    """Hop distances and predecessors from the nearest source to every node (scipy's Dijkstra on
    the unweighted collaboration graph, stopped at ``limit``)."""
    indices = [collaboration.row[s] for s in sources if s in collaboration.row]
    n = len(collaboration.nodes)
    if not indices:
        return np.full(n, np.inf), np.full(n, -9999, dtype=np.intp)
    distances, predecessors, _ = dijkstra(
        collaboration.adjacency,
        directed=False,
        indices=indices,
        unweighted=True,
        limit=limit + 0.5,
        min_only=True,
        return_predecessors=True,
    )
    return np.asarray(distances, dtype=np.float64), np.asarray(predecessors, dtype=np.intp)


def path_from(
    collaboration: Collaboration, distances: FloatArray, predecessors: IntArray, node: str
) -> list[str]:
    """The shortest path from the nearest source to a node (node ids, source first), or [] when the
    node is beyond :data:`PROXIMITY_HOPS`."""
    target = collaboration.row.get(node)
    if target is None or not np.isfinite(distances[target]):
        return []
    steps = [target]
    while predecessors[steps[-1]] >= 0:
        steps.append(int(predecessors[steps[-1]]))
    return [collaboration.nodes[i] for i in reversed(steps)]


def sponsors(
    candidates: Candidates, projects: Projects, organisations: Sequence[str], weights: FloatArray
) -> FloatArray:
    """Shared sponsors: ``saturate(sum of w_p over the candidate's projects p that one of the
    submitter's organisations took part in)``."""
    rows = [projects.by_partner[o] for o in organisations if o in projects.by_partner]
    if not rows:
        return np.zeros(len(candidates))
    mask = _project_mask(projects, np.concatenate(rows))
    return saturate(_per_candidate(candidates, weights * mask[candidates.projects.indices]))


def lab(
    candidates: Candidates,
    projects: Projects,
    lab_id: str,
    weights: FloatArray,
    *,
    day: float | None = None,
    half_life_days: float = 365.0,
) -> FloatArray:
    """The receiving lab: ``saturate(sum of w_p over the candidate's projects the lab supported,
    plus s)``, where ``s`` is the candidate's time in the lab's team: 1 while they work there at
    ``day`` (or without a date), halving every half-life before they join or after they left
    (:func:`time_weights`), 0 for someone who never did."""
    mask = _project_mask(projects, projects.by_lab.get(lab_id))
    counts = _per_candidate(candidates, weights * mask[candidates.projects.indices])
    staff = np.zeros(len(candidates))
    if lab_id in candidates.lab_staff:
        rows, since, until = candidates.lab_staff[lab_id]
        spans = (
            np.ones(len(rows))
            if day is None
            else time_weights(since, until, day, half_life_days=half_life_days)
        )
        np.maximum.at(staff, rows, spans)
    return saturate(counts + staff)


def lab_similarity(
    candidates: Candidates,
    projects: Projects,
    lab_id: str,
    project_similarity: FloatArray,
    weights: FloatArray,
) -> FloatArray:
    """Similar work at the receiving lab: ``saturate(sum of w_p * sim(draft, p) over the
    candidate's projects p that the lab supported, 0.25)``."""
    mask = _project_mask(projects, projects.by_lab.get(lab_id))
    values = weights * mask[candidates.projects.indices] * project_similarity[candidates.projects.indices]
    return saturate(_per_candidate(candidates, values), 0.25)


def territory(candidates: Candidates, draft_territories: frozenset[str]) -> FloatArray:
    """Territory: the share of the draft's territory chain (commune, département, région) that the
    candidate's chain shares; same commune 1, same département 2/3, same région 1/3."""
    if not draft_territories:
        return np.zeros(len(candidates))
    columns = candidates.territory_columns
    wanted = np.zeros(len(columns))
    wanted[[columns[t] for t in draft_territories if t in columns]] = 1.0
    return np.asarray(candidates.territory_matrix @ wanted, dtype=np.float64) / len(draft_territories)


def activity(candidates: Candidates, weights: FloatArray, *, dated: bool) -> FloatArray:
    """Activity at the draft's date: the largest :func:`evidence_weights` among the candidate's
    links (1 while a project runs, halving every half-life after it ended); 0 without a date."""
    if not dated or len(weights) == 0:
        return np.zeros(len(candidates))
    out = np.zeros(len(candidates))
    np.maximum.at(out, candidates.link_rows, weights)
    return out


def availability(candidates: Candidates, day: float, *, window_days: float, cap: int) -> FloatArray:
    """Availability: ``1 - min(1, n / cap)`` where ``n`` counts the introductions the lab made to
    the candidate in the ``window_days`` before the draft's date."""
    return 1.0 - np.minimum(1.0, recent_introductions(candidates, day, window_days=window_days) / max(cap, 1))


def recent_introductions(candidates: Candidates, day: float, *, window_days: float) -> FloatArray:
    """How many introductions each candidate received in the ``window_days`` before ``day``."""
    rows, days = candidates.introductions
    recent = (days <= day) & (days > day - window_days)
    return np.bincount(rows[recent], minlength=len(candidates)).astype(np.float64)


def is_finite_day(day: float | None) -> bool:
    return day is not None and math.isfinite(day)
