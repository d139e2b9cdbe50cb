"""Peer discovery: who already did something similar.

From a draft's text, a project or a person, the most similar past projects and the people who
worked on them (agents included), each with its reasons: the shared terms as written, the
projects a peer worked on, their organisations and the path from the person asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from graph.model import EdgeKind, NodeKind
from graph.store import Vector
from matching.explanations import readable
from matching.index import FloatArray, IntArray, MatchingIndex
from matching.signals import hops_from, path_from
from matching.text import SurfaceForms

if TYPE_CHECKING:
    from matching.matcher import Notice

SEMANTIC_FLOOR = 0.3
"""Dense similarity below this says nothing (unrelated French texts score up to about 0.3)."""
PROJECT_FLOOR = 0.02


@dataclass(frozen=True)
class PeerProject:
    id: str
    title: str
    similarity: float
    """``lexical + 0.5 * max(0, semantic - 0.3)``: the lexical cosine leads, the dense one helps."""
    lexical_similarity: float
    semantic_similarity: float
    key_terms: tuple[str, ...]
    people: tuple[str, ...]


@dataclass(frozen=True)
class Peer:
    id: str
    name: str
    score: float
    """The sum of the similarities of their projects among the similar ones."""
    projects: tuple[str, ...]
    organisations: tuple[str, ...]
    path: tuple[str, ...]


@dataclass(frozen=True)
class PeerSet:
    projects: list[PeerProject]
    people: list[Peer]
    notices: list[Notice]


def project_similarities(index: MatchingIndex, text: str, vector: Vector) -> tuple[FloatArray, FloatArray]:
    """Lexical and dense similarity of a text to every project of the index."""
    projects = index.projects
    if not projects.ids:
        return np.zeros(0), np.zeros(0)
    query = index.lexical.transform([text])
    lexical = np.asarray((index.lexical.projects @ query.T).todense(), dtype=np.float64).ravel()
    windows = projects.windows
    scores = np.zeros(windows.shape[1])
    needed = np.unique(windows.indices)
    if len(needed) and np.any(vector):
        scores[needed] = index.windows.matrix[needed] @ vector
    dense = np.asarray(
        windows.multiply(scores[None, :]).tocsr().max(axis=1).todense(), dtype=np.float64
    ).ravel()
    return lexical, np.clip(dense, 0.0, 1.0)


def find_peers(
    index: MatchingIndex,
    text: str,
    vector: Vector,
    *,
    k: int,
    exclude_projects: frozenset[str] = frozenset(),
    exclude_people: frozenset[str] = frozenset(),
    origin: str | None = None,
) -> PeerSet:
    """The ``k`` most similar projects and the people on them, best first.

    Args:
        exclude_projects: never returned (the project asked about, a person's own projects).
        exclude_people: never returned (the person asking is never their own peer).
        origin: a node paths start from (the person asking).
    """
    projects = index.projects
    lexical, dense = project_similarities(index, text, vector)
    similarity = lexical + 0.5 * np.maximum(0.0, dense - SEMANTIC_FLOOR)
    order = sorted(range(len(projects.ids)), key=lambda i: (-similarity[i], projects.ids[i]))
    chosen = [i for i in order if projects.ids[i] not in exclude_projects and similarity[i] >= PROJECT_FLOOR][
        :k
    ]
    query = index.lexical.transform([text])
    surface = SurfaceForms([text])
    opted_out = {
        c
        for c, out in zip(
            index.candidates[NodeKind.PERSON].ids, index.candidates[NodeKind.PERSON].opted_out, strict=True
        )
        if out
    } | {n for n, d in index.tables.nodes.items() if d.get("suggestion_opt_out")}
    found: list[PeerProject] = []
    scores: dict[str, float] = {}
    their: dict[str, list[str]] = {}
    for i in chosen:
        members = sorted(m for m in projects.members[i] if m not in exclude_people and m not in opted_out)
        found.append(
            PeerProject(
                id=projects.ids[i],
                title=projects.titles[i],
                similarity=float(similarity[i]),
                lexical_similarity=float(lexical[i]),
                semantic_similarity=float(dense[i]),
                key_terms=_terms(index, query, surface, i),
                people=tuple(members),
            )
        )
        for m in members:
            scores[m] = scores.get(m, 0.0) + float(similarity[i])
            their.setdefault(m, []).append(projects.ids[i])
    distances, predecessors = hops_from(index.collaboration, [origin] if origin else [])
    people = [
        Peer(
            id=m,
            name=index.labels.get(m, m),
            score=scores[m],
            projects=tuple(their[m]),
            organisations=tuple(index.labels.get(t, t) for t in index.employers.get(m, ())),
            path=_path(index, distances, predecessors, m, origin),
        )
        for m in sorted(scores, key=lambda m: (-scores[m], m))
    ]
    return PeerSet(projects=found, people=people, notices=[])


def _terms(
    index: MatchingIndex, query: sp.csr_matrix, surface: SurfaceForms, project: int, n: int = 5
) -> tuple[str, ...]:
    product = sp.csr_matrix(index.lexical.projects[project]).multiply(query).tocoo()
    out: list[str] = []
    for i in np.argsort(-product.data, kind="stable"):
        feature = str(index.lexical.terms[product.col[i]])
        if any(part in index.places.features for part in feature.split(" ")):
            continue
        shown = surface.show(feature)
        if not any(shown in o or o in shown for o in out):
            out.append(shown)
        if len(out) == n:
            break
    return tuple(out)


def _path(
    index: MatchingIndex, distances: FloatArray, predecessors: IntArray, node: str, origin: str | None
) -> tuple[str, ...]:
    if origin is None:
        return ()
    return readable(index, path_from(index.collaboration, distances, predecessors, node), you=origin)


def person_text(index: MatchingIndex, person: str) -> tuple[str, frozenset[str]]:
    """A person as a query: their bio and the texts of their projects; and those projects."""
    bio = str(index.tables.nodes[person].get("bio", "") or "")
    mine = frozenset(
        e.target
        for kind in (EdgeKind.CONTRIBUTES_TO, EdgeKind.SUBMITTED)
        for e in index.tables.edges.get(kind, [])
        if e.source == person
    )
    rows = [index.projects.row[p] for p in sorted(mine) if p in index.projects.row]
    return " ".join([bio, *(index.projects.texts[r] for r in rows)]).strip(), mine
