"""The matching index: everything the matcher precomputes from one revision of the graph.

A query only multiplies what is here: sparse incidence matrices (candidate x project), TF-IDF
vectors of projects and of candidates' own texts, the distinct text windows with their vectors,
the collaboration graph as a sparse adjacency matrix, and per-candidate facts (organisations,
administration, sector, territory, opt-out, conflicts, introductions received).

An index is built from a graph and never changes; a new revision of the graph gets a new
index. Evaluation builds one from a graph whose hidden projects were removed first
(:func:`hide_projects`), so nothing of a hidden project can reach any signal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from graph.model import EdgeKind, NodeKind, OrgKind
from graph.store import Vector
from matching.chunks import chunk_words, text_hash
from matching.profiles import Profile, build_profiles, project_text
from matching.skills import SkillVocabulary
from matching.text import PlaceNames, SurfaceForms

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
Analyzer = Callable[[str], list[str]]

CANDIDATE_KINDS = (NodeKind.PERSON, NodeKind.ORGANISATION)

OWN_TEXT_WEIGHT = 0.3
"""Weight of a candidate's own text beside the sum of its projects in its lexical vector
(the word TF-IDF recipe of ``../shared/FACTS.md``)."""

DF_CUTOFFS_FROM = 200
"""From this many texts, terms of a single text and terms of more than half of them are dropped
(as in the baseline recipe): one is noise, the other is vocabulary every profile shares."""

COLLABORATION_EDGES = frozenset(
    {
        EdgeKind.WORKS_AT,
        EdgeKind.PART_OF,
        EdgeKind.CONTRIBUTES_TO,
        EdgeKind.SUBMITTED,
        EdgeKind.PARTNER_IN,
        EdgeKind.SUPPORTED_BY,
        EdgeKind.INTRODUCED,
    }
)
"""Edges that mean people or organisations worked together or belong together. Skills and
territories are hubs that say nothing about who knows whom; ``MEMBER_OF_NETWORK`` joins every
lab to the DITP; a conflict of interest is not a tie."""

CIVIL_SOCIETY = frozenset({OrgKind.ASSOCIATION, OrgKind.COMPANY, OrgKind.UNIVERSITY})


def day_number(value: object) -> float:
    """Days since 1970-01-01 of an ISO date (or ``date``); NaN when unknown.

    >>> day_number("1970-01-11"), math.isnan(day_number(None))
    (10.0, True)
    """
    if isinstance(value, date):
        return float(value.toordinal() - _EPOCH)
    if isinstance(value, str) and value:
        try:
            return float(date.fromisoformat(value[:10]).toordinal() - _EPOCH)
        except ValueError:
            return math.nan
    return math.nan


_EPOCH = date(1970, 1, 1).toordinal()


def hide_projects(graph: nx.MultiDiGraph, projects: Collection[str]) -> nx.MultiDiGraph:
    """The graph as if these projects had never been recorded.

    The projects go with every edge that touches them, and so does every ``INTRODUCED`` edge
    made for one of them (its ``project`` attribute names it). What remains is a copy.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("project:a", node_kind="Project"); g.add_node("person:x", node_kind="Person")
    >>> g.add_edge("person:x", "project:a", key="CONTRIBUTES_TO")
    'CONTRIBUTES_TO'
    >>> sorted(hide_projects(g, {"project:a"}).nodes)
    ['person:x']
    """
    hidden = set(projects)
    kept = graph.copy()
    kept.remove_nodes_from(hidden)
    introductions = [
        (s, t, k)
        for s, t, k, d in kept.edges(keys=True, data=True)
        if k == EdgeKind.INTRODUCED.value and d.get("project") in hidden
    ]
    kept.remove_edges_from(introductions)
    return kept


def projects_after(graph: nx.MultiDiGraph, day: date) -> set[str]:
    """Projects that started on or after a date: what a date split hides."""
    cut = day_number(day)
    return {
        n
        for n, d in graph.nodes(data=True)
        if d.get("node_kind") == NodeKind.PROJECT.value and day_number(d.get("start_date")) >= cut
    }


@dataclass(frozen=True)
class Windows:
    """Distinct text windows, one row each, with their vectors (when known).

    A window is the unit the embedding model reads (about 110 French words); a project's windows
    are shared by every member, so each distinct window is stored and scored once.
    """

    hashes: list[str]
    texts: list[str]
    matrix: Vector
    """(windows x dimensions), L2-normalised; zero rows for windows without a vector."""

    @cached_property
    def row(self) -> dict[str, int]:
        return {h: i for i, h in enumerate(self.hashes)}


@dataclass(frozen=True)
class Projects:
    """The projects of the index, in id order, with what signals read of them."""

    ids: list[str]
    titles: list[str]
    texts: list[str]
    start: FloatArray
    """Start day (``day_number``), NaN when unknown."""
    end: FloatArray
    """End day; the start day when only that is known; NaN when neither is."""
    labs: list[frozenset[str]]
    partners: list[frozenset[str]]
    members: list[frozenset[str]]
    """Everyone on the project (contributors and submitter), agents included."""
    windows: sp.csr_matrix
    """(projects x windows) incidence."""
    by_lab: dict[str, IntArray]
    by_partner: dict[str, IntArray]

    @cached_property
    def row(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.ids)}


@dataclass(frozen=True)
class Candidates:
    """The candidates of one kind (experts, or organisations), in id order."""

    kind: NodeKind
    ids: list[str]
    names: list[str]
    profiles: list[Profile]
    projects: sp.csr_matrix
    """(candidates x projects) incidence, 1.0 per link."""
    evidence_start: FloatArray
    """Start day of each link of ``projects`` (aligned with ``projects.data``): the membership's
    ``since``, else the project's start; NaN when neither is known."""
    evidence_end: FloatArray
    """End day of each link: ``until``, else the project's end, else the start."""
    own_windows: sp.csr_matrix
    """(candidates x windows): the windows of the candidate's own text."""
    all_windows: sp.csr_matrix
    """(candidates x windows): own windows and the windows of every project of the candidate."""
    skills: list[frozenset[str]]
    organisations: list[tuple[str, ...]]
    """People: their employers (organisations and labs); organisations: themselves."""
    administrations: list[frozenset[str]]
    """The top of the ``PART_OF`` chain of each of ``organisations``."""
    sectors: list[frozenset[OrgKind]]
    territories: list[frozenset[str]]
    """The candidate's territory with every territory it lies in."""
    home_territory: list[str | None]
    opted_out: npt.NDArray[np.bool_]
    conflicts: list[frozenset[str]]
    introduced_on: list[FloatArray]
    """Days of the ``INTRODUCED`` edges that reached this candidate (people)."""
    lab_staff_of: list[frozenset[str]]
    """Labs the candidate works at (people)."""
    experience: FloatArray
    """Number of projects."""
    link_rows: IntArray
    """The candidate (row) of each link of ``projects``, aligned with ``projects.data``."""

    @cached_property
    def row(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Lexical:
    """TF-IDF vectors of projects and own texts, and the norms that make a candidate's lexical
    vector ``normalise(normalise(sum of its projects) + 0.3 * own)`` without storing it."""

    vectorizer: TfidfVectorizer
    projects: sp.csr_matrix
    own: dict[NodeKind, sp.csr_matrix]
    sum_norm: dict[NodeKind, FloatArray]
    """||sum of the candidate's project vectors||."""
    total_norm: dict[NodeKind, FloatArray]
    """||sum / sum_norm + 0.3 * own||."""
    terms: npt.NDArray[np.str_]


@dataclass(frozen=True)
class Collaboration:
    """The collaboration graph (people, organisations, labs, projects) as a sparse adjacency."""

    nodes: list[str]
    adjacency: sp.csr_matrix

    @cached_property
    def row(self) -> dict[str, int]:
        return {n: i for i, n in enumerate(self.nodes)}


@dataclass(frozen=True)
class MatchingIndex:
    """Everything a query needs, for one revision of the graph."""

    graph: nx.MultiDiGraph
    revision: int | None
    windows: Windows
    projects: Projects
    candidates: dict[NodeKind, Candidates]
    lexical: Lexical
    collaboration: Collaboration
    vocabulary: SkillVocabulary
    surface: SurfaceForms
    places: PlaceNames
    without_text: list[str]
    labels: dict[str, str]
    """Display name of every node of the collaboration graph and of territories."""
    cache: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """Per-revision memo of query-independent work (graph distances from a set of sources)."""


# -- building ------------------------------------------------------------------------------------


def index_windows(
    graph: nx.MultiDiGraph, *, max_words: int
) -> tuple[dict[str, Profile], dict[str, str], dict[str, list[tuple[str, str]]]]:
    """Profiles, project texts, and each embedded owner's windows as (hash, text) in order.

    Owners are the candidates (own windows, then each project's) and the projects themselves,
    so a project's windows are cached even when no candidate worked on it.
    """
    profiles = build_profiles(graph)
    project_texts = {
        n: project_text(graph, n)
        for n, d in graph.nodes(data=True)
        if d["node_kind"] == NodeKind.PROJECT.value
    }
    project_windows = {p: _windows(t, max_words) for p, t in project_texts.items()}
    owners: dict[str, list[tuple[str, str]]] = {}
    for owner, profile in profiles.items():
        if not profile.has_text:
            continue
        owners[owner] = [*_windows(profile.own_text, max_words)]
        for project in profile.projects:
            owners[owner].extend(project_windows[project])
    owners.update((p, ws) for p, ws in project_windows.items() if ws)
    return profiles, project_texts, owners


def _windows(text: str, max_words: int) -> list[tuple[str, str]]:
    return [(text_hash(w), w) for w in chunk_words(text, max_words=max_words)]


def build_index(
    graph: nx.MultiDiGraph,
    vectors: Mapping[str, Vector],
    *,
    analyzer: Analyzer,
    max_words: int,
    dimensions: int,
    revision: int | None = None,
) -> MatchingIndex:
    """Build the index of a graph.

    Args:
        graph: the network (a store's snapshot, or one with hidden projects removed).
        vectors: text hash -> vector for the windows (missing ones count as zero vectors).
        analyzer: text -> lexical features (``matching.text.analyze``, memoised by the caller).
        max_words: window size in words.
        dimensions: vector size, for an index with no vector yet.
        revision: the store revision the graph was read at.
    """
    profiles, project_texts, _ = index_windows(graph, max_words=max_words)
    window_row: dict[str, int] = {}
    window_texts: list[str] = []

    def rows_of(text: str) -> list[int]:
        out = []
        for h, w in _windows(text, max_words):
            if h not in window_row:
                window_row[h] = len(window_texts)
                window_texts.append(w)
            out.append(window_row[h])
        return out

    project_ids = sorted(project_texts)
    project_rows = [rows_of(project_texts[p]) for p in project_ids]
    chosen = {
        kind: [profiles[o] for o in sorted(profiles) if profiles[o].kind is kind and profiles[o].has_text]
        for kind in CANDIDATE_KINDS
    }
    own_rows = {kind: [rows_of(p.own_text) for p in chosen[kind]] for kind in CANDIDATE_KINDS}
    hashes = list(window_row)
    matrix = np.zeros((len(hashes), dimensions), dtype=np.float32)
    for h, i in window_row.items():
        vector = vectors.get(h)
        if vector is not None:
            matrix[i] = vector
    projects = _projects(graph, project_ids, project_texts, _incidence(project_rows, len(hashes)))
    candidates = {
        kind: _candidates(graph, kind, chosen[kind], _incidence(own_rows[kind], len(hashes)), projects)
        for kind in CANDIDATE_KINDS
    }
    lexical = _lexical(projects, candidates, analyzer)
    labels = {
        n: str(d.get("name") or d.get("title") or d.get("label") or n) for n, d in graph.nodes(data=True)
    }
    territory_names = [
        str(d["name"]) for _, d in graph.nodes(data=True) if d.get("node_kind") == NodeKind.TERRITORY.value
    ]
    own_texts = [p.own_text for c in candidates.values() for p in c.profiles]
    return MatchingIndex(
        graph=graph,
        revision=revision,
        windows=Windows(hashes, window_texts, matrix),
        projects=projects,
        candidates=candidates,
        lexical=lexical,
        collaboration=_collaboration(graph),
        vocabulary=SkillVocabulary(graph),
        surface=SurfaceForms([*projects.texts, *own_texts]),
        places=PlaceNames(territory_names),
        without_text=sorted(o for o, p in profiles.items() if not p.has_text),
        labels=labels,
    )


def _edges(
    graph: nx.MultiDiGraph, node: str, kind: EdgeKind, *, incoming: bool = False
) -> list[tuple[str, dict[str, object]]]:
    if incoming:
        return sorted((s, d) for s, _, k, d in graph.in_edges(node, keys=True, data=True) if k == kind.value)
    return sorted((t, d) for _, t, k, d in graph.out_edges(node, keys=True, data=True) if k == kind.value)


def _projects(
    graph: nx.MultiDiGraph, ids: list[str], texts: Mapping[str, str], windows: sp.csr_matrix
) -> Projects:
    start = np.array([day_number(graph.nodes[p].get("start_date")) for p in ids])
    end = np.array([day_number(graph.nodes[p].get("end_date")) for p in ids])
    labs = [frozenset(t for t, _ in _edges(graph, p, EdgeKind.SUPPORTED_BY)) for p in ids]
    partners = [frozenset(s for s, _ in _edges(graph, p, EdgeKind.PARTNER_IN, incoming=True)) for p in ids]
    members = [
        frozenset(
            s
            for kind in (EdgeKind.CONTRIBUTES_TO, EdgeKind.SUBMITTED)
            for s, _ in _edges(graph, p, kind, incoming=True)
        )
        for p in ids
    ]
    by_lab: dict[str, list[int]] = {}
    by_partner: dict[str, list[int]] = {}
    for i in range(len(ids)):
        for lab in labs[i]:
            by_lab.setdefault(lab, []).append(i)
        for org in partners[i]:
            by_partner.setdefault(org, []).append(i)
    return Projects(
        ids=ids,
        titles=[str(graph.nodes[p]["title"]) for p in ids],
        texts=[texts[p] for p in ids],
        start=start,
        end=np.where(np.isnan(end), start, end),
        labs=labs,
        partners=partners,
        members=members,
        windows=windows,
        by_lab={k: np.array(v, dtype=np.intp) for k, v in by_lab.items()},
        by_partner={k: np.array(v, dtype=np.intp) for k, v in by_partner.items()},
    )


def _incidence(rows: Sequence[Sequence[int]], n_columns: int) -> sp.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float64)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(len(rows), n_columns))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(matrix)
    out.sum_duplicates()
    out.data[:] = 1.0
    return out


def administration_of(graph: nx.MultiDiGraph, org: str) -> str:
    """The top of an organisation's ``PART_OF`` chain (a lab's host chain too)."""
    seen = {org}
    current = org
    while True:
        parents = [t for t, _ in _edges(graph, current, EdgeKind.PART_OF)]
        if not parents or parents[0] in seen:
            return current
        current = parents[0]
        seen.add(current)


def _territory_chain(graph: nx.MultiDiGraph, node: str) -> tuple[str | None, frozenset[str]]:
    located = [t for t, _ in _edges(graph, node, EdgeKind.LOCATED_IN)]
    if not located:
        return None, frozenset()
    chain = {located[0]}
    current = located[0]
    while True:
        up = [t for t, _ in _edges(graph, current, EdgeKind.LOCATED_IN) if t not in chain]
        if not up:
            return located[0], frozenset(chain)
        current = up[0]
        chain.add(current)


def _candidates(
    graph: nx.MultiDiGraph,
    kind: NodeKind,
    profiles: list[Profile],
    own_windows: sp.csr_matrix,
    projects: Projects,
) -> Candidates:
    link_kind = EdgeKind.CONTRIBUTES_TO if kind is NodeKind.PERSON else EdgeKind.PARTNER_IN
    project_rows: list[list[int]] = []
    starts: list[float] = []
    ends: list[float] = []
    for profile in profiles:
        links = sorted(
            (projects.row[p], d) for p, d in _edges(graph, profile.owner_id, link_kind) if p in projects.row
        )
        project_rows.append([r for r, _ in links])
        for r, d in links:
            since, until = day_number(d.get("since")), day_number(d.get("until"))
            start = since if not math.isnan(since) else projects.start[r]
            end = until if not math.isnan(until) else projects.end[r]
            starts.append(float(start))
            ends.append(float(start if math.isnan(end) else end))
    incidence = _incidence(project_rows, len(projects.ids))
    organisations: list[tuple[str, ...]] = []
    administrations: list[frozenset[str]] = []
    sectors: list[frozenset[OrgKind]] = []
    territories: list[frozenset[str]] = []
    homes: list[str | None] = []
    conflicts: list[frozenset[str]] = []
    introduced: list[FloatArray] = []
    staff_of: list[frozenset[str]] = []
    for profile in profiles:
        node = profile.owner_id
        if kind is NodeKind.PERSON:
            orgs = tuple(t for t, _ in _edges(graph, node, EdgeKind.WORKS_AT))
        else:
            orgs = (node,)
        organisations.append(orgs)
        administrations.append(frozenset(administration_of(graph, o) for o in orgs))
        sectors.append(
            frozenset(
                OrgKind(graph.nodes[o]["kind"])
                for o in orgs
                if graph.nodes[o].get("node_kind") == NodeKind.ORGANISATION.value
            )
        )
        home, chain = _territory_chain(graph, node)
        if home is None:
            for o in orgs:
                home, chain = _territory_chain(graph, o)
                if home is not None:
                    break
        homes.append(home)
        territories.append(chain)
        # A conflict declared by either side keeps the two apart.
        conflicts.append(
            frozenset(t for t, _ in _edges(graph, node, EdgeKind.CONFLICT_OF_INTEREST))
            | frozenset(s for s, _ in _edges(graph, node, EdgeKind.CONFLICT_OF_INTEREST, incoming=True))
        )
        introduced.append(
            np.array(
                [
                    day_number(d.get("since"))
                    for _, d in _edges(graph, node, EdgeKind.INTRODUCED, incoming=True)
                ]
            )
        )
        staff_of.append(frozenset(o for o in orgs if o.startswith("lab:")))
    return Candidates(
        kind=kind,
        ids=[p.owner_id for p in profiles],
        names=[p.name for p in profiles],
        profiles=profiles,
        projects=incidence,
        evidence_start=np.array(starts, dtype=np.float64),
        evidence_end=np.array(ends, dtype=np.float64),
        own_windows=own_windows,
        all_windows=_binary(own_windows + incidence @ projects.windows),
        link_rows=np.repeat(np.arange(len(profiles), dtype=np.intp), np.diff(incidence.indptr)),
        skills=[frozenset(p.skills) for p in profiles],
        organisations=organisations,
        administrations=administrations,
        sectors=sectors,
        territories=territories,
        home_territory=homes,
        opted_out=np.array(
            [bool(graph.nodes[p.owner_id].get("suggestion_opt_out")) for p in profiles], dtype=bool
        ),
        conflicts=conflicts,
        introduced_on=introduced,
        lab_staff_of=staff_of,
        experience=np.asarray(incidence.sum(axis=1), dtype=np.float64).ravel(),
    )


def _lexical(projects: Projects, candidates: Mapping[NodeKind, Candidates], analyzer: Analyzer) -> Lexical:
    own_texts = {k: [p.own_text for p in c.profiles] for k, c in candidates.items()}
    corpus = [*projects.texts, *(t for texts in own_texts.values() for t in texts)]
    # Document-frequency cut-offs need a corpus: below it, every term of a tiny network counts.
    large = len(corpus) >= DF_CUTOFFS_FROM
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        sublinear_tf=True,
        min_df=2 if large else 1,
        max_df=0.5 if large else 1.0,
        dtype=np.float64,
    )
    try:
        vectorizer.fit(corpus)
    except ValueError:  # no feature at all (an empty network, or nothing but stop words)
        vectorizer.fit(["vide"])
    project_vectors = (
        sp.csr_matrix(vectorizer.transform(projects.texts)) if projects.texts else _empty(vectorizer)
    )
    own: dict[NodeKind, sp.csr_matrix] = {}
    sum_norm: dict[NodeKind, FloatArray] = {}
    total_norm: dict[NodeKind, FloatArray] = {}
    for kind, c in candidates.items():
        own[kind] = sp.csr_matrix(vectorizer.transform(own_texts[kind])) if len(c) else _empty(vectorizer)
        summed = sp.csr_matrix(c.projects @ project_vectors)
        n1 = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
        has_own = np.asarray(own[kind].multiply(own[kind]).sum(axis=1)).ravel() > 0
        cross = np.asarray(summed.multiply(own[kind]).sum(axis=1)).ravel()
        safe = np.where(n1 > 0, n1, 1.0)
        squared = (n1 > 0) + OWN_TEXT_WEIGHT**2 * has_own + 2 * OWN_TEXT_WEIGHT * cross / safe
        sum_norm[kind] = n1
        total_norm[kind] = np.sqrt(np.maximum(squared, 0.0))
    return Lexical(
        vectorizer=vectorizer,
        projects=project_vectors,
        own=own,
        sum_norm=sum_norm,
        total_norm=total_norm,
        terms=vectorizer.get_feature_names_out(),
    )


def _empty(vectorizer: TfidfVectorizer) -> sp.csr_matrix:
    return sp.csr_matrix((0, len(vectorizer.vocabulary_)))


def _collaboration(graph: nx.MultiDiGraph) -> Collaboration:
    kinds = {NodeKind.PERSON.value, NodeKind.ORGANISATION.value, NodeKind.LAB.value, NodeKind.PROJECT.value}
    nodes = sorted(n for n, d in graph.nodes(data=True) if d.get("node_kind") in kinds)
    row = {n: i for i, n in enumerate(nodes)}
    pairs = [
        (row[s], row[t])
        for s, t, k in graph.edges(keys=True)
        if k in COLLABORATION_EDGES and s in row and t in row and s != t
    ]
    if pairs:
        a, b = np.array(pairs, dtype=np.int64).T
        data = np.ones(2 * len(pairs))
        adjacency = sp.csr_matrix(
            (data, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(len(nodes),) * 2
        )
        adjacency.data[:] = 1.0
    else:
        adjacency = sp.csr_matrix((len(nodes), len(nodes)))
    return Collaboration(nodes, adjacency)


def all_project_ids(graph: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("node_kind") == NodeKind.PROJECT.value)


def ids_of(graph: nx.MultiDiGraph, kind: NodeKind) -> Iterable[str]:
    return (n for n, d in graph.nodes(data=True) if d.get("node_kind") == kind.value)
