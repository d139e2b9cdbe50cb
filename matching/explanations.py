"""Explanations: why a candidate is on the list, in terms a lab staffer can check in ten seconds.

Each suggestion carries each signal's contribution (they sum to its score), the evidence that
matched best (a past project or a passage of the profile, with its similarity), the shared
skills and key terms as written in the texts, the shortest path from the submitter in the
collaboration graph, and the candidate's organisations and territory.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from graph.model import NodeKind
from matching.index import Candidates, FloatArray, IntArray, MatchingIndex
from matching.ranking import Query, Ranked
from matching.signals import path_from

KEY_TERMS = 5
PROJECT_EVIDENCE_FLOOR = 0.03
"""A past project is shown as evidence only from this lexical similarity to the draft (or a
dense similarity of 0.5): an unrelated project is no reason."""
DENSE_EVIDENCE_FLOOR = 0.5


@dataclass(frozen=True)
class Evidence:
    """What matched best, and the facts a staffer checks."""

    source: Literal["project", "profile"] | None = None
    project: str | None = None
    title: str | None = None
    excerpt: str | None = None
    similarity: float | None = None
    """Dense (cosine) similarity of the matching passage with the draft."""
    lexical_similarity: float | None = None
    shared_skills: tuple[str, ...] = ()
    key_terms: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    """Readable steps from the submitter to the candidate (« vous → … → Camille Lefort »)."""
    path_ids: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    territory: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """One candidate on the list: score, probability, each signal's value and contribution."""

    id: str
    kind: str
    name: str
    score: float
    probability: float
    signals: Mapping[str, float]
    contributions: Mapping[str, float]
    evidence: Evidence = field(default_factory=Evidence)
    alternate: bool = False


def explain(
    index: MatchingIndex,
    query: Query,
    ranked: Ranked,
    positions: Sequence[int],
    alternates: Sequence[int] = (),
) -> tuple[list[Suggestion], list[Suggestion]]:
    """The suggestions at these positions of a ranking, and the alternates at those, with their
    explanations (one pass over both: the key terms are gathered once)."""
    kind = NodeKind.PERSON if ranked.who == "people" else NodeKind.ORGANISATION
    candidates = index.candidates[kind]
    every = [*positions, *alternates]
    rows = [int(ranked.rows[p]) for p in every]
    terms = key_terms(index, query, candidates, rows)
    suggestions = [
        Suggestion(
            id=candidates.ids[row],
            kind=kind.value,
            name=candidates.names[row],
            score=float(ranked.scores[p]),
            probability=float(ranked.probabilities[p]),
            signals={name: float(v[p]) for name, v in ranked.values.items()},
            contributions={name: float(v[p]) for name, v in ranked.contributions.items()},
            evidence=_evidence(index, query, candidates, row, ranked.window_scores, t),
            alternate=n >= len(positions),
        )
        for n, (p, row, t) in enumerate(zip(every, rows, terms, strict=True))
    ]
    return suggestions[: len(positions)], suggestions[len(positions) :]


def _evidence(
    index: MatchingIndex,
    query: Query,
    candidates: Candidates,
    row: int,
    window_scores: FloatArray,
    terms: tuple[str, ...],
) -> Evidence:
    profile = candidates.profiles[row]
    best = _best_passage(index, query, candidates, row, window_scores)
    path_ids = path_to(index, query, candidates.ids[row])
    return replace(
        best,
        key_terms=terms,
        shared_skills=tuple(
            sorted(index.vocabulary.labels[s] for s in query.mentioned_skills.intersection(profile.skills))
        ),
        path=readable_path(index, query, path_ids),
        path_ids=tuple(path_ids),
        organisations=tuple(
            index.labels.get(o, o) for o in candidates.organisations[row] if o != candidates.ids[row]
        ),
        territory=index.labels.get(candidates.home_territory[row] or "", None),
    )


def _best_passage(
    index: MatchingIndex, query: Query, candidates: Candidates, row: int, window_scores: FloatArray
) -> Evidence:
    projects = index.projects
    links = candidates.projects.indices[candidates.projects.indptr[row] : candidates.projects.indptr[row + 1]]
    best_project: tuple[float, float, int] | None = None
    for p in links:
        windows = projects.windows.indices[projects.windows.indptr[p] : projects.windows.indptr[p + 1]]
        dense = float(window_scores[windows].max()) if len(windows) else 0.0
        lexical = float(query.project_similarity[p]) if len(query.project_similarity) else 0.0
        if lexical < PROJECT_EVIDENCE_FLOOR and dense < DENSE_EVIDENCE_FLOOR:
            continue
        key = (lexical, dense, -int(p))
        if best_project is None or key > (best_project[0], best_project[1], -best_project[2]):
            best_project = (lexical, dense, int(p))
    own = candidates.own_windows
    own_rows = own.indices[own.indptr[row] : own.indptr[row + 1]]
    own_best = max(((float(window_scores[w]), int(w)) for w in own_rows), default=None)
    if best_project is not None:
        lexical, dense, p = best_project
        return Evidence(
            source="project",
            project=projects.ids[p],
            title=projects.titles[p],
            similarity=round(dense, 4),
            lexical_similarity=round(lexical, 4),
        )
    if own_best is not None and own_best[0] > 0:
        return Evidence(
            source="profile",
            excerpt=_excerpt(index.windows.texts[own_best[1]]),
            similarity=round(own_best[0], 4),
        )
    return Evidence()


def _excerpt(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def key_terms(
    index: MatchingIndex, query: Query, candidates: Candidates, rows: Sequence[int]
) -> list[tuple[str, ...]]:
    """For each candidate, the draft's terms that weigh most in its texts, as the draft writes them.

    A term weighs ``draft weight x (own text weight + sum of its projects' weights)``. Stop words
    and filler never reach the lexical features; place names are left out here, because the
    territory has its own signal and a shared « Eure » is no expertise.
    """
    lexical = index.lexical
    columns = query.lexical.indices
    if not len(rows) or not len(columns):
        return [() for _ in rows]
    # The draft's few terms are gathered from the rows' entries with numpy; slicing the sparse
    # matrices by column cost most of a served request.
    position = np.full(lexical.projects.shape[1], -1, dtype=np.intp)
    position[columns] = np.arange(len(columns))
    selected = np.asarray(rows, dtype=np.intp)
    weights = np.zeros((len(selected), len(columns)))
    link_owner, links = _entries(candidates.projects.indptr, selected)
    project_owner, entries = _entries(lexical.projects.indptr, candidates.projects.indices[links])
    _accumulate(
        weights,
        link_owner[project_owner],
        position[lexical.projects.indices[entries]],
        lexical.projects.data[entries] * candidates.projects.data[links][project_owner],
    )
    own = lexical.own[candidates.kind]
    own_owner, own_entries = _entries(own.indptr, selected)
    _accumulate(weights, own_owner, position[own.indices[own_entries]], own.data[own_entries])
    product = weights * query.lexical.data[None, :]
    names = [str(lexical.terms[c]) for c in columns]
    places = index.places.features
    usable = np.array([not any(part in places for part in name.split(" ")) for name in names], dtype=bool)
    product[:, ~usable] = 0.0
    out: list[tuple[str, ...]] = []
    for line in product:
        shown: list[str] = []
        for i in np.argsort(-line, kind="stable"):
            if line[i] <= 0 or len(shown) == KEY_TERMS:
                break
            form = query.surface.show(names[i])
            if not any(form in s or s in form for s in shown):
                shown.append(form)
        out.append(tuple(shown))
    return out


def _entries(indptr: npt.NDArray[np.integer], rows: npt.NDArray[np.intp]) -> tuple[IntArray, IntArray]:
    """The stored entries of these rows of a CSR matrix: for each, its row's position in ``rows``
    and its index in the matrix's ``indices`` and ``data``."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    owner = np.repeat(np.arange(len(rows), dtype=np.intp), lengths)
    firsts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, np.repeat(starts, lengths) + np.arange(int(lengths.sum())) - firsts


def _accumulate(weights: FloatArray, owner: IntArray, position: IntArray, values: FloatArray) -> None:
    """Add each entry whose term is one of the draft's (``position >= 0``) to its row's weights."""
    kept = position >= 0
    np.add.at(weights, (owner[kept], position[kept]), values[kept])


def path_to(index: MatchingIndex, query: Query, node: str) -> list[str]:
    """The shortest path from the nearest source (submitter or their organisations) to a node."""
    return path_from(index.collaboration, query.distances, query.predecessors, node)


def readable_path(index: MatchingIndex, query: Query, path: Sequence[str]) -> tuple[str, ...]:
    """« vous → DDTM de l'Eure → projet « Open data de l'Eure » → Camille Lefort »."""
    return readable(index, path, you=query.context.submitter, yours=query.context.organisations)


def readable(
    index: MatchingIndex, path: Sequence[str], *, you: str | None, yours: Sequence[str] = ()
) -> tuple[str, ...]:
    """A path of node ids as words: « vous » for the person asking, « projet « … » » for projects."""
    if not path:
        return ()
    steps: list[str] = []
    if you and path[0] != you and path[0] in yours:
        steps.append("vous")
    for node in path:
        if node == you:
            steps.append("vous")
        elif node.startswith("project:"):
            steps.append(f"projet « {index.labels.get(node, node)} »")
        else:
            steps.append(index.labels.get(node, node))
    return tuple(steps)
