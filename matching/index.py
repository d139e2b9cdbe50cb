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

import functools
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TypeAlias

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.model import EdgeKind, NodeKind, OrgKind
from graph.store import Vector
from graph.tables import GraphTables
from matching.chunks import chunk_words, text_hash
from matching.lexical import TermCounts, TfIdf, fit_tfidf
from matching.profiles import Profile, build_profiles, project_text
from matching.skills import SkillVocabulary
from matching.text import PlaceNames

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


Network: TypeAlias = "nx.MultiDiGraph | GraphTables"
"""A graph as a store's snapshot gives it, or as plain tables (``GraphStore.tables``)."""


def as_tables(network: Network) -> GraphTables:
    return network if isinstance(network, GraphTables) else GraphTables.from_graph(network)


def hide_projects(graph: Network, projects: Collection[str]) -> Network:
    """The graph as if these projects had never been recorded.

    The projects go with every edge that touches them, and so does every ``INTRODUCED`` edge
    made for one of them (its ``project`` attribute names it). What remains is a copy, of the
    same type as the input.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("project:a", node_kind="Project"); g.add_node("person:x", node_kind="Person")
    >>> g.add_edge("person:x", "project:a", key="CONTRIBUTES_TO")
    'CONTRIBUTES_TO'
    >>> sorted(hide_projects(g, {"project:a"}).nodes)
    ['person:x']
    """
    hidden = set(projects)
    if isinstance(graph, GraphTables):
        introductions = [
            (EdgeKind.INTRODUCED, e.source, e.target)
            for e in graph.edges.get(EdgeKind.INTRODUCED, [])
            if e.attributes.get("project") in hidden
        ]
        return graph.without(hidden, introductions)
    kept = graph.copy()
    kept.remove_nodes_from(hidden)
    made_for_them = [
        (s, t, k)
        for s, t, k, d in kept.edges(keys=True, data=True)
        if k == EdgeKind.INTRODUCED.value and d.get("project") in hidden
    ]
    kept.remove_edges_from(made_for_them)
    return kept


def projects_after(graph: Network, day: date) -> set[str]:
    """Projects that started on or after a date: what a date split hides."""
    cut = day_number(day)
    nodes = graph.nodes.items() if isinstance(graph, GraphTables) else graph.nodes(data=True)
    return {
        n
        for n, d in nodes
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

    @cached_property
    def lab_matrix(self) -> sp.csr_matrix:
        """(projects x labs) incidence, 1.0 where the lab supported the project."""
        return _incidence(list(self.by_lab.values()), len(self.ids)).T.tocsr()

    @cached_property
    def partner_matrix(self) -> sp.csr_matrix:
        """(projects x organisations) incidence, 1.0 where the organisation took part."""
        return _incidence(list(self.by_partner.values()), len(self.ids)).T.tocsr()


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
    lab_staff: Mapping[str, tuple[IntArray, FloatArray, FloatArray]]
    """Each lab's staff among the candidates (people): their rows, and the first and last day of
    their ``WORKS_AT`` edge (-inf when it has no ``since``, +inf when it has no ``until``)."""
    experience: FloatArray
    """Number of projects."""
    collaboration_rows: IntArray
    """Each candidate's node in the collaboration graph (-1 when absent)."""
    link_rows: IntArray
    """The candidate (row) of each link of ``projects``, aligned with ``projects.data``."""

    @cached_property
    def row(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def skill_columns(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(sorted({s for held in self.skills for s in held}))}

    @cached_property
    def skill_matrix(self) -> sp.csr_matrix:
        """(candidates x skills) incidence, columns as in ``skill_columns``."""
        columns = self.skill_columns
        return _incidence([[columns[s] for s in sorted(held)] for held in self.skills], len(columns))

    @cached_property
    def territory_columns(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(sorted({t for chain in self.territories for t in chain}))}

    @cached_property
    def link_gap(self) -> FloatArray:
        """Days from each link's end to the latest end among the links of its project in this
        table (0 for those who stayed to the last; NaN when the link has no date), aligned with
        ``projects.data``."""
        columns = self.projects.indices
        latest = np.full(self.projects.shape[1], -np.inf)
        np.fmax.at(latest, columns, self.evidence_end)
        with np.errstate(invalid="ignore"):
            gap: FloatArray = latest[columns] - self.evidence_end
        return gap

    @cached_property
    def territory_matrix(self) -> sp.csr_matrix:
        """(candidates x territories): each candidate's territory chain."""
        columns = self.territory_columns
        return _incidence([[columns[t] for t in sorted(chain)] for chain in self.territories], len(columns))

    @cached_property
    def introductions(self) -> tuple[IntArray, FloatArray]:
        """Every introduction received, flat: the candidate's row and the day."""
        rows = np.repeat(np.arange(len(self.ids), dtype=np.intp), [len(d) for d in self.introduced_on])
        days = np.concatenate(self.introduced_on) if self.introduced_on else np.zeros(0)
        return rows, days.astype(np.float64)


@dataclass(frozen=True)
class Lexical:
    """TF-IDF vectors of projects and own texts, and the norms that make a candidate's lexical
    vector ``normalise(normalise(sum of its projects) + 0.3 * own)`` without storing it."""

    model: TfIdf
    projects: sp.csr_matrix
    own: dict[NodeKind, sp.csr_matrix]
    sum_norm: dict[NodeKind, FloatArray]
    """||sum of the candidate's project vectors||."""
    total_norm: dict[NodeKind, FloatArray]
    """||sum / sum_norm + 0.3 * own||."""

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows of texts (a draft), in the index's feature space."""
        return self.model.transform(texts)

    @cached_property
    def terms(self) -> npt.NDArray[np.str_]:
        return np.array(self.model.terms, dtype=str)

    @cached_property
    def projects_by_term(self) -> sp.csc_matrix:
        """The project vectors by column, for slicing out a draft's terms."""
        return sp.csc_matrix(self.projects)

    @cached_property
    def own_by_term(self) -> dict[NodeKind, sp.csc_matrix]:
        return {kind: sp.csc_matrix(matrix) for kind, matrix in self.own.items()}

    def cosines(self, matrix: sp.csc_matrix, query: sp.csr_matrix) -> npt.NDArray[np.float64]:
        """Each row's dot product with a one-row query, reading only the query's columns."""
        if matrix.shape[0] == 0 or not len(query.indices):
            return np.zeros(matrix.shape[0])
        return np.asarray(matrix[:, query.indices] @ query.data, dtype=np.float64).ravel()


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

    tables: GraphTables
    revision: int | None
    windows: Windows
    projects: Projects
    candidates: dict[NodeKind, Candidates]
    lexical: Lexical
    collaboration: Collaboration
    vocabulary: SkillVocabulary
    places: PlaceNames
    without_text: list[str]
    labels: dict[str, str]
    """Display name of every node of the collaboration graph and of territories."""
    employers: dict[str, tuple[str, ...]]
    """Where each person works (organisations and labs)."""
    administrations: dict[str, str]
    """The top of each organisation's ``PART_OF`` chain."""
    superiors: dict[str, tuple[str, ...]]
    """The organisations above each organisation in its ``PART_OF`` chain, nearest first."""
    territory_chains: dict[str, frozenset[str]]
    """Each territory with every territory it lies in."""
    cache: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """Per-revision memo of query-independent work (graph distances from a set of sources)."""


# -- building ------------------------------------------------------------------------------------


IndexWindows: TypeAlias = "tuple[dict[str, Profile], dict[str, str], dict[str, list[tuple[str, str]]]]"


def index_windows(graph: Network, *, max_words: int) -> IndexWindows:
    """Profiles, project texts, and each embedded owner's windows as (hash, text) in order.

    Owners are the candidates (own windows, then each project's) and the projects themselves,
    so a project's windows are cached even when no candidate worked on it.
    """
    tables = as_tables(graph)
    profiles = build_profiles(tables)
    project_texts = {p: project_text(tables.nodes[p]) for p in tables.ids(NodeKind.PROJECT)}
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


@functools.lru_cache(maxsize=200_000)
def _windows_cached(text: str, max_words: int) -> tuple[tuple[str, str], ...]:
    return tuple((text_hash(w), w) for w in chunk_words(text, max_words=max_words))


def _windows(text: str, max_words: int) -> list[tuple[str, str]]:
    return list(_windows_cached(text, max_words))


def build_index(
    graph: Network,
    vectors: Mapping[str, Vector],
    *,
    analyzer: Analyzer,
    max_words: int,
    dimensions: int,
    revision: int | None = None,
    windows: IndexWindows | None = None,
    counts: TermCounts | None = None,
) -> MatchingIndex:
    """Build the index of a graph.

    Args:
        graph: the network (a store's tables or snapshot, or one with hidden projects removed).
        vectors: text hash -> vector for the windows (missing ones count as zero vectors).
        analyzer: text -> lexical features (``matching.text.analyze``, memoised by the caller).
        max_words: window size in words.
        dimensions: vector size, for an index with no vector yet.
        revision: the store revision the graph was read at.
        windows: what :func:`index_windows` already returned for this graph.
        counts: feature counts kept from earlier builds (only new texts are analysed).
    """
    tables = as_tables(graph)
    profiles, project_texts, _ = windows or index_windows(tables, max_words=max_words)
    window_row: dict[str, int] = {}
    window_texts: list[str] = []

    def rows_of(text: str) -> list[int]:
        out = []
        for h, w in _windows(text, max_words):
            row = window_row.get(h)
            if row is None:
                row = window_row[h] = len(window_texts)
                window_texts.append(w)
            out.append(row)
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
    found = [(i, vectors[h]) for h, i in window_row.items() if h in vectors]
    if found:
        rows, vecs = zip(*found, strict=True)
        matrix[list(rows)] = np.vstack(vecs)
    facts = _Facts.of(tables)
    collaboration = _collaboration(tables)
    projects = _projects(tables, project_ids, project_texts, _incidence(project_rows, len(hashes)))
    candidates = {
        kind: _candidates(
            tables,
            facts,
            kind,
            chosen[kind],
            _incidence(own_rows[kind], len(hashes)),
            projects,
            collaboration,
        )
        for kind in CANDIDATE_KINDS
    }
    lexical = _lexical(projects, candidates, counts or TermCounts(analyzer))
    labels = {n: str(d.get("name") or d.get("title") or d.get("label") or n) for n, d in tables.nodes.items()}
    territory_names = [str(tables.nodes[t]["name"]) for t in tables.ids(NodeKind.TERRITORY)]
    skills = tables.ids(NodeKind.SKILL)
    return MatchingIndex(
        tables=tables,
        revision=revision,
        windows=Windows(hashes, window_texts, matrix),
        projects=projects,
        candidates=candidates,
        lexical=lexical,
        collaboration=collaboration,
        vocabulary=SkillVocabulary.from_labels(
            {s: str(tables.nodes[s]["label"]) for s in skills},
            {s: [str(x) for x in tables.nodes[s].get("synonyms") or []] for s in skills},  # type: ignore[attr-defined]
        ),
        places=PlaceNames(territory_names),
        without_text=sorted(o for o, p in profiles.items() if not p.has_text),
        labels=labels,
        employers=facts.employers,
        administrations=facts.administrations,
        superiors=facts.superiors,
        territory_chains=facts.chains,
    )


@dataclass(frozen=True)
class _Facts:
    """What every candidate table reads of the graph, gathered in one pass over the edges."""

    employers: dict[str, tuple[str, ...]]
    administrations: dict[str, str]
    superiors: dict[str, tuple[str, ...]]
    chains: dict[str, frozenset[str]]
    located: dict[str, str]
    conflicts: dict[str, set[str]]
    introduced: dict[str, list[float]]
    staff: dict[str, list[tuple[str, float, float]]]
    """Person -> (lab, since, until) of each of their ``WORKS_AT`` edges to a lab."""

    @classmethod
    def of(cls, tables: GraphTables) -> _Facts:
        employers: dict[str, list[str]] = {}
        staff: dict[str, list[tuple[str, float, float]]] = {}
        for e in tables.edges.get(EdgeKind.WORKS_AT, []):
            employers.setdefault(e.source, []).append(e.target)
            if tables.kind_of(e.target) == NodeKind.LAB.value:
                since, until = day_number(e.attributes.get("since")), day_number(e.attributes.get("until"))
                span = (-math.inf if math.isnan(since) else since, math.inf if math.isnan(until) else until)
                staff.setdefault(e.source, []).append((e.target, *span))
        parent: dict[str, str] = {}
        for e in tables.edges.get(EdgeKind.PART_OF, []):
            parent.setdefault(e.source, e.target)
        located: dict[str, str] = {}
        for e in tables.edges.get(EdgeKind.LOCATED_IN, []):
            located.setdefault(e.source, e.target)
        conflicts: dict[str, set[str]] = {}
        # A conflict declared by either side keeps the two apart.
        for e in tables.edges.get(EdgeKind.CONFLICT_OF_INTEREST, []):
            conflicts.setdefault(e.source, set()).add(e.target)
            conflicts.setdefault(e.target, set()).add(e.source)
        introduced: dict[str, list[float]] = {}
        for e in tables.edges.get(EdgeKind.INTRODUCED, []):
            introduced.setdefault(e.target, []).append(day_number(e.attributes.get("since")))
        organisations = (
            set(parent)
            | {t for ts in employers.values() for t in ts}
            | set(tables.ids(NodeKind.ORGANISATION))
        )
        superiors = {o: _above(o, parent) for o in organisations}
        return cls(
            employers={p: tuple(sorted(ts)) for p, ts in employers.items()},
            administrations={o: above[-1] if above else o for o, above in superiors.items()},
            superiors=superiors,
            chains={t: _chain(t, located) for t in tables.ids(NodeKind.TERRITORY)},
            located=located,
            conflicts=conflicts,
            introduced=introduced,
            staff=staff,
        )


def _above(node: str, parent: Mapping[str, str]) -> tuple[str, ...]:
    chain = [node]
    while chain[-1] in parent and parent[chain[-1]] not in chain:
        chain.append(parent[chain[-1]])
    return tuple(chain[1:])


def _chain(territory: str, located: Mapping[str, str]) -> frozenset[str]:
    chain = [territory]
    while chain[-1] in located and located[chain[-1]] not in chain:
        chain.append(located[chain[-1]])
    return frozenset(chain)


def _projects(
    tables: GraphTables, ids: list[str], texts: Mapping[str, str], windows: sp.csr_matrix
) -> Projects:
    start = np.array([day_number(tables.nodes[p].get("start_date")) for p in ids])
    end = np.array([day_number(tables.nodes[p].get("end_date")) for p in ids])
    supported = tables.out(EdgeKind.SUPPORTED_BY)
    partners = tables.into(EdgeKind.PARTNER_IN)
    contributors = tables.into(EdgeKind.CONTRIBUTES_TO)
    submitters = tables.into(EdgeKind.SUBMITTED)
    labs = [frozenset(e.target for e in supported.get(p, [])) for p in ids]
    partner_sets = [frozenset(e.source for e in partners.get(p, [])) for p in ids]
    members = [
        frozenset(e.source for e in contributors.get(p, []))
        | frozenset(e.source for e in submitters.get(p, []))
        for p in ids
    ]
    by_lab: dict[str, list[int]] = {}
    by_partner: dict[str, list[int]] = {}
    for i in range(len(ids)):  # sorted: the groups' order must not follow the string hash seed
        for lab in sorted(labs[i]):
            by_lab.setdefault(lab, []).append(i)
        for org in sorted(partner_sets[i]):
            by_partner.setdefault(org, []).append(i)
    return Projects(
        ids=ids,
        titles=[str(tables.nodes[p]["title"]) for p in ids],
        texts=[texts[p] for p in ids],
        start=start,
        end=np.where(np.isnan(end), start, end),
        labs=labs,
        partners=partner_sets,
        members=members,
        windows=windows,
        by_lab={k: np.array(v, dtype=np.intp) for k, v in by_lab.items()},
        by_partner={k: np.array(v, dtype=np.intp) for k, v in by_partner.items()},
    )


def _incidence(rows: Sequence[Sequence[int] | IntArray], n_columns: int) -> sp.csr_matrix:
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


def administration_of(index: MatchingIndex, org: str) -> str:
    """The top of an organisation's ``PART_OF`` chain (its administration)."""
    return index.administrations.get(org, org)


def with_superiors(index: MatchingIndex, organisations: Iterable[str]) -> frozenset[str]:
    """The organisations and every organisation above them in their ``PART_OF`` chains."""
    return frozenset(o for org in organisations for o in (org, *index.superiors.get(org, ())))


def _candidates(
    tables: GraphTables,
    facts: _Facts,
    kind: NodeKind,
    profiles: list[Profile],
    own_windows: sp.csr_matrix,
    projects: Projects,
    collaboration: Collaboration,
) -> Candidates:
    link_kind = EdgeKind.CONTRIBUTES_TO if kind is NodeKind.PERSON else EdgeKind.PARTNER_IN
    links_of = tables.out(link_kind)
    project_rows: list[list[int]] = []
    starts: list[float] = []
    ends: list[float] = []
    for profile in profiles:
        links = sorted(
            (projects.row[e.target], e.attributes)
            for e in links_of.get(profile.owner_id, [])
            if e.target in projects.row
        )
        project_rows.append([r for r, _ in links])
        for r, attributes in links:
            since, until = day_number(attributes.get("since")), day_number(attributes.get("until"))
            start = since if not math.isnan(since) else projects.start[r]
            end = until if not math.isnan(until) else projects.end[r]
            starts.append(float(start))
            ends.append(float(start if math.isnan(end) else end))
    incidence = _incidence(project_rows, len(projects.ids))
    organisations: list[tuple[str, ...]] = []
    territories: list[frozenset[str]] = []
    homes: list[str | None] = []
    for profile in profiles:
        node = profile.owner_id
        orgs = facts.employers.get(node, ()) if kind is NodeKind.PERSON else (node,)
        organisations.append(orgs)
        home = facts.located.get(node) or next((facts.located[o] for o in orgs if o in facts.located), None)
        homes.append(home)
        territories.append(facts.chains.get(home, frozenset()) if home else frozenset())
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
        administrations=[frozenset(facts.administrations.get(o, o) for o in orgs) for orgs in organisations],
        sectors=[
            frozenset(
                OrgKind(str(tables.nodes[o]["kind"]))
                for o in orgs
                if tables.kind_of(o) == NodeKind.ORGANISATION.value
            )
            for orgs in organisations
        ],
        territories=territories,
        home_territory=homes,
        opted_out=np.array(
            [bool(tables.nodes[p.owner_id].get("suggestion_opt_out")) for p in profiles], dtype=bool
        ),
        conflicts=[frozenset(facts.conflicts.get(p.owner_id, ())) for p in profiles],
        introduced_on=[np.array(facts.introduced.get(p.owner_id, []), dtype=np.float64) for p in profiles],
        lab_staff=_lab_staff(profiles, facts.staff),
        experience=np.asarray(incidence.sum(axis=1), dtype=np.float64).ravel(),
        collaboration_rows=np.array([collaboration.row.get(p.owner_id, -1) for p in profiles], dtype=np.intp),
    )


def _lab_staff(
    profiles: Sequence[Profile], staff: Mapping[str, list[tuple[str, float, float]]]
) -> dict[str, tuple[IntArray, FloatArray, FloatArray]]:
    spans: dict[str, list[tuple[int, float, float]]] = {}
    for row, profile in enumerate(profiles):
        for lab, since, until in staff.get(profile.owner_id, ()):
            spans.setdefault(lab, []).append((row, since, until))
    return {
        lab: (
            np.array([r for r, _, _ in rows], dtype=np.intp),
            np.array([a for _, a, _ in rows], dtype=np.float64),
            np.array([b for _, _, b in rows], dtype=np.float64),
        )
        for lab, rows in sorted(spans.items())
    }


def _lexical(projects: Projects, candidates: Mapping[NodeKind, Candidates], counts: TermCounts) -> Lexical:
    own_texts = {k: [p.own_text for p in c.profiles] for k, c in candidates.items()}
    corpus = [*projects.texts, *(t for texts in own_texts.values() for t in texts)]
    raw = counts.matrix(corpus)
    # Document-frequency cut-offs need a corpus: below it, every term of a tiny network counts.
    large = len(corpus) >= DF_CUTOFFS_FROM
    model = fit_tfidf(counts, raw, min_df=2 if large else 1, max_df=0.5 if large else 1.0)
    weighted = model.weigh(raw)
    project_vectors = sp.csr_matrix(weighted[: len(projects.texts)])
    own: dict[NodeKind, sp.csr_matrix] = {}
    sum_norm: dict[NodeKind, FloatArray] = {}
    total_norm: dict[NodeKind, FloatArray] = {}
    start = len(projects.texts)
    for kind, c in candidates.items():
        own[kind] = sp.csr_matrix(weighted[start : start + len(c)])
        start += len(c)
        summed = sp.csr_matrix(c.projects @ project_vectors)
        n1 = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
        has_own = np.asarray(own[kind].multiply(own[kind]).sum(axis=1)).ravel() > 0
        cross = np.asarray(summed.multiply(own[kind]).sum(axis=1)).ravel()
        safe = np.where(n1 > 0, n1, 1.0)
        squared = (n1 > 0) + OWN_TEXT_WEIGHT**2 * has_own + 2 * OWN_TEXT_WEIGHT * cross / safe
        sum_norm[kind] = n1
        total_norm[kind] = np.sqrt(np.maximum(squared, 0.0))
    return Lexical(model=model, projects=project_vectors, own=own, sum_norm=sum_norm, total_norm=total_norm)


def _collaboration(tables: GraphTables) -> Collaboration:
    kinds = {NodeKind.PERSON.value, NodeKind.ORGANISATION.value, NodeKind.LAB.value, NodeKind.PROJECT.value}
    nodes = sorted(n for n, d in tables.nodes.items() if d.get("node_kind") in kinds)
    row = {n: i for i, n in enumerate(nodes)}
    pairs = [
        (row[e.source], row[e.target])
        for kind in COLLABORATION_EDGES
        for e in tables.edges.get(kind, [])
        if e.source in row and e.target in row and e.source != e.target
    ]
    if pairs:
        a, b = np.array(pairs, dtype=np.int64).T
        data = np.ones(2 * len(pairs))
        adjacency = sp.csr_matrix(
            (data, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(len(nodes), len(nodes))
        )
        adjacency.data[:] = 1.0
    else:
        adjacency = sp.csr_matrix((len(nodes), len(nodes)))
    return Collaboration(nodes, adjacency)
