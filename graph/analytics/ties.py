"""People's ties, derived from the network: who has worked with, or been introduced to, whom.

The network-health metrics (:mod:`graph.analytics.ei`, :mod:`graph.analytics.mixing`,
:mod:`graph.analytics.isolation`) read a plain undirected graph of people. This module builds
that graph from a store's snapshot (``GraphStore.snapshot``): an ``nx.MultiDiGraph`` whose nodes
carry ``node_kind`` and whose edges are keyed by edge kind, dates being ISO strings.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal, get_args

import networkx as nx

from graph.collector import collector_paused
from graph.model import ID_PREFIX, EdgeKind, NodeKind

TieReason = Literal["project", "introduction", "organisation"]
TIE_REASONS: tuple[TieReason, ...] = get_args(TieReason)
"""What may tie two people, in the order of :func:`person_ties`' docstring."""

_LAB_PREFIX = ID_PREFIX[NodeKind.LAB] + ":"
_PERSON = NodeKind.PERSON.value
_TARGET_KINDS: dict[EdgeKind, frozenset[str]] = {
    EdgeKind.CONTRIBUTES_TO: frozenset({NodeKind.PROJECT.value}),
    EdgeKind.SUBMITTED: frozenset({NodeKind.PROJECT.value}),
    EdgeKind.INTRODUCED: frozenset({_PERSON}),
    EdgeKind.WORKS_AT: frozenset({NodeKind.ORGANISATION.value, NodeKind.LAB.value}),
}
"""The edges that may tie people, with the kinds of node they must reach."""
_UNWANTED: tuple[list[Any], frozenset[str]] = ([], frozenset())
"""Any other edge: no target kind is allowed, so nothing is ever added to its list."""


def as_day(value: object) -> date | None:
    """A day from an attribute: a ``date``, an ISO string (what a snapshot holds), else ``None``.

    >>> as_day("2023-05-10"), as_day(datetime(2020, 1, 2, 9, 30)), as_day(None), as_day("soon")
    (datetime.date(2023, 5, 10), datetime.date(2020, 1, 2), None, None)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return _iso_day(value)
    return None


@lru_cache(maxsize=1 << 16)
def _iso_day(text: str) -> date | None:
    # A network holds few distinct days and many edges: parse each day once.
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


_ALWAYS = date.min
"""The day of an undated reason: it holds at every cut, so it counts from the first day."""


def _day(value: date | None) -> date:
    return _ALWAYS if value is None else value


_BIT: dict[TieReason, int] = {reason: 1 << i for i, reason in enumerate(TIE_REASONS)}
_KINDS: list[frozenset[str]] = [
    frozenset(r for r in TIE_REASONS if mask & _BIT[r]) for mask in range(1 << len(TIE_REASONS))
]
"""The ``kinds`` attribute of each set of reasons (as a bit mask), shared by the ties."""
_NO_LAB: frozenset[str] = frozenset()


class _Ties:
    """Ties being gathered: ``(u, v)`` with ``u < v`` -> ``[reasons mask, since, weight]``.

    ``since`` is a day, :data:`_ALWAYS` for a tie that holds at every cut. Plain lists and one
    dictionary: a big network has a million project ties, and an object or a call per tie would
    cost more than the rest of :func:`person_ties`.
    """

    def __init__(self) -> None:
        self.pairs: dict[tuple[str, str], list[Any]] = {}
        self.labs: dict[tuple[str, str], set[str]] = {}

    def add(self, u: str, v: str, reason: TieReason, since: date, lab: str | None = None) -> None:
        """One more reason to tie u and v (a person is not tied to themselves)."""
        if u == v:
            return
        key = (u, v) if u < v else (v, u)
        tie = self.pairs.get(key)
        if tie is None:
            self.pairs[key] = [_BIT[reason], since, 1]
        else:
            tie[0] |= _BIT[reason]
            tie[2] += 1
            if since < tie[1]:
                tie[1] = since
        if lab is not None:
            self.labs.setdefault(key, set()).add(lab)

    def add_cliques(self, members: Mapping[str, Mapping[str, date]], reason: TieReason) -> None:
        """Tie every pair of each group's members, from the later of their two days.

        Groups and members are taken in order of id, so that the ties come in an order that
        depends on the network's content only. The loop repeats :meth:`add` inline: it runs
        once per pair, Σ members² times.
        """
        bit = _BIT[reason]
        pairs = self.pairs
        for group in sorted(members):
            ordered = sorted(members[group].items())
            for i, (u, u_day) in enumerate(ordered):
                for v, v_day in ordered[i + 1 :]:
                    since = u_day if u_day > v_day else v_day
                    tie = pairs.get((u, v))
                    if tie is None:
                        pairs[(u, v)] = [bit, since, 1]
                        continue
                    tie[0] |= bit
                    tie[2] += 1
                    if since < tie[1]:
                        tie[1] = since

    def to_graph(self, people: Iterable[tuple[str, object]]) -> nx.Graph:
        """The graph of these people (id, name) and of the ties gathered."""
        graph = nx.Graph()
        graph.add_nodes_from((person, {"name": name}) for person, name in people)
        labs = self.labs
        graph.add_edges_from(
            (
                u,
                v,
                {
                    "kinds": _KINDS[mask],
                    "since": None if since == _ALWAYS else since,
                    "provenance": frozenset(labs[(u, v)]) if (u, v) in labs else _NO_LAB,
                    "weight": weight,
                },
            )
            for (u, v), (mask, since, weight) in self.pairs.items()
        )
        return graph


def person_ties(
    network: nx.MultiDiGraph,
    *,
    through: Collection[str] = ("project", "introduction"),
    until: date | None = None,
) -> nx.Graph:
    """The undirected graph of people's ties, for the network-health metrics.

    Every ``Person`` is a node (isolated people too), with its ``name``. Two people are tied
    through:

    * ``"project"``: both ``CONTRIBUTES_TO`` or ``SUBMITTED`` the same project. A person is on
      a project from the earliest ``since`` of their edges to it (an undated edge: always), but
      not before the project's ``start_date``; the tie's day is the later of the two people's.
    * ``"introduction"``: an ``INTRODUCED`` edge, either way; its day is the edge's ``since``, and
      the lab named by its ``provenance`` joins the tie's ``provenance``.
    * ``"organisation"``: both ``WORKS_AT`` the same organisation or lab, from the later of the
      two ``since``. Off by default: it makes every organisation a clique, so the E-I index
      tends to -1 by construction and the silos it should reveal disappear.

    Each edge carries ``kinds`` (the frozenset of reasons), ``since`` (the earliest day of its
    reasons: the first day the tie exists; ``None`` when it exists whatever the day, a reason
    being undated), ``provenance`` (the frozenset of lab ids whose introductions made it) and
    ``weight`` (the number of reasons: one per shared project, per ``INTRODUCED`` edge, per
    shared organisation). Periods are not intersected: two people who worked on one project
    years apart are still tied through it.

    ``until`` gives the ties as of a day, for trends: edges whose ``since`` is after it, and
    projects whose ``start_date`` is after it, are ignored. Undated edges are kept. So
    ``person_ties(network, until=D)`` ties exactly the pairs of ``person_ties(network)`` whose
    ``since`` is ``None`` or ``≤ D``, with the same ``since`` (``kinds``, ``provenance`` and
    ``weight`` count the reasons of ``D`` only): a report reads every earlier day's ties from
    one graph (see :func:`tie_days`).

    Cost: O(edges of people + Σ members²) over projects (and organisations): a project with
    ``m`` members makes ``m(m-1)/2`` ties, so a 200-member project makes about 20,000.

    Args:
        network: a snapshot, as ``GraphStore.snapshot`` makes it.
        through: reasons to tie people, among ``"project"``, ``"introduction"`` and
            ``"organisation"``.
        until: the last day counted.

    Raises:
        ValueError: an unknown reason in ``through``.

    Example: A and B on one project, B introduced to C by ``lab:x``.

    >>> g = nx.MultiDiGraph()
    >>> for p in ("person:a", "person:b", "person:c"):
    ...     g.add_node(p, node_kind="Person", name=p[7:].upper())
    >>> g.add_node("project:p", node_kind="Project", start_date="2023-01-01")
    >>> _ = g.add_edge("person:a", "project:p", key="CONTRIBUTES_TO", since="2023-02-01")
    >>> _ = g.add_edge("person:b", "project:p", key="SUBMITTED")  # day: the start, 2023-01-01
    >>> _ = g.add_edge("person:b", "person:c", key="INTRODUCED", since="2024-03-05", provenance="lab:x")
    >>> ties = person_ties(g)
    >>> ab = ties.edges["person:a", "person:b"]
    >>> sorted(ab["kinds"]), ab["since"], ab["weight"]  # since: the later of 2023-02-01, 2023-01-01
    (['project'], datetime.date(2023, 2, 1), 1)
    >>> bc = ties.edges["person:b", "person:c"]
    >>> sorted(bc["kinds"]), bc["since"], sorted(bc["provenance"])
    (['introduction'], datetime.date(2024, 3, 5), ['lab:x'])
    >>> sorted(person_ties(g, until=date(2023, 12, 31)).edges)
    [('person:a', 'person:b')]
    """
    reasons = _reasons(through)
    nodes = network.nodes
    people = sorted(n for n, kind in nodes(data="node_kind") if kind == _PERSON)
    # Measured at 100k people and 830k ties: 7.8 s with the cyclic collector running, 3.2 s paused.
    with collector_paused():
        edges = _edges_of_people(network, until)
        ties = _Ties()
        if "project" in reasons:
            ties.add_cliques(_project_members(network, edges, until), "project")
        if "introduction" in reasons:
            for person, other, since, data in sorted(edges[EdgeKind.INTRODUCED], key=lambda e: e[:2]):
                lab = data.get("provenance")
                named = lab if isinstance(lab, str) and lab.startswith(_LAB_PREFIX) else None
                ties.add(person, other, "introduction", _day(since), named)
        if "organisation" in reasons:
            colleagues: dict[str, dict[str, date]] = {}
            for person, unit, since, _ in edges[EdgeKind.WORKS_AT]:
                at_unit = colleagues.setdefault(unit, {})
                at_unit[person] = min(at_unit.get(person, date.max), _day(since))
            ties.add_cliques(colleagues, "organisation")
        return ties.to_graph((p, nodes[p].get("name", p)) for p in people)


_DatedEdge = tuple[str, str, date | None, Mapping[str, object]]


def _edges_of_people(network: nx.MultiDiGraph, until: date | None) -> dict[EdgeKind, list[_DatedEdge]]:
    """People's edges that may tie them, to targets of the right kind, not after the cut; one pass."""
    kind_of = dict(network.nodes(data="node_kind"))
    edges: dict[EdgeKind, list[_DatedEdge]] = {kind: [] for kind in _TARGET_KINDS}
    # By the key's text: hashing an enum member calls Python code, once per edge.
    wanted = {kind.value: (edges[kind], targets) for kind, targets in _TARGET_KINDS.items()}
    # ``adjacency()`` is several times faster than ``out_edges(nbunch, keys=True, data=True)``.
    for person, targets in network.adjacency():
        if kind_of.get(person) != _PERSON:
            continue
        for target, keyed in targets.items():
            target_kind = kind_of.get(target)
            for key, data in keyed.items():
                bucket, target_kinds = wanted.get(key, _UNWANTED)
                if target_kind not in target_kinds:
                    continue
                since = as_day(data.get("since"))
                if until is None or since is None or since <= until:
                    bucket.append((person, target, since, data))
    return edges


def _project_members(
    network: nx.MultiDiGraph, edges: Mapping[EdgeKind, list[_DatedEdge]], until: date | None
) -> dict[str, dict[str, date]]:
    """Each project's members with their first day on it: the later of their earliest ``since``
    (an undated edge: :data:`_ALWAYS`) and the project's start; projects starting after the cut
    are left out."""
    members: dict[str, dict[str, date]] = {}
    for kind in (EdgeKind.CONTRIBUTES_TO, EdgeKind.SUBMITTED):
        for person, project, since, _ in edges[kind]:
            on_project = members.setdefault(project, {})
            on_project[person] = min(on_project.get(person, date.max), _day(since))
    for project in list(members):
        start = _day(as_day(network.nodes[project].get("start_date")))
        if until is not None and start > until:
            del members[project]
            continue
        on_project = members[project]
        for person, day in on_project.items():
            if day < start:
                on_project[person] = start
    return members


def _reasons(through: Collection[str]) -> frozenset[str]:
    chosen = (through,) if isinstance(through, str) else tuple(through)
    for reason in chosen:
        if reason not in TIE_REASONS:
            known = ", ".join(TIE_REASONS)
            raise ValueError(f"through: unknown tie reason {reason!r}; expected one of {known}")
    return frozenset(chosen)


_EDGE_ARRAYS = "passerelle.analytics.edge_arrays"


def _kept_arrays(ties: nx.Graph) -> dict[str, Any]:
    """The arrays kept in ``ties.graph`` for these counts of nodes and edges (new if they changed)."""
    size = (ties.number_of_nodes(), ties.number_of_edges())
    kept = ties.graph.get(_EDGE_ARRAYS)
    if not isinstance(kept, dict) or kept.get("size") != size:
        kept = {"size": size}
        ties.graph[_EDGE_ARRAYS] = kept
    return kept


def edge_arrays(ties: nx.Graph, weight: str | None = None) -> tuple[Any, Any, Any]:
    """Every edge's ends as positions in ``list(ties)``, in ``ties.edges()`` order (self-loops
    included), and its weight (ones without ``weight``): numpy arrays.

    The heavy metrics all need the ends; read edge by edge they cost a pass over the graph each,
    so they are read once per graph and kept in ``ties.graph`` beside the graph's node and edge
    counts (the weights, which may change in place, are read every time). The metrics never
    change a ties graph; code that rewires one in place without changing either count must
    ``ties.graph.pop`` them.

    >>> t = nx.Graph([("a", "b"), ("b", "c")]); t.edges["b", "c"]["weight"] = 2
    >>> [a.tolist() for a in edge_arrays(t, "weight")]
    [[0, 1], [1, 2], [1.0, 2.0]]
    """
    import numpy as np

    kept = _kept_arrays(ties)
    size = kept["size"]
    if "ends" not in kept:
        position = {node: i for i, node in enumerate(ties)}
        flat = np.fromiter(
            (position[n] for edge in ties.edges() for n in edge), dtype=np.int64, count=2 * size[1]
        ).reshape(-1, 2)
        kept["ends"] = (flat[:, 0].copy(), flat[:, 1].copy())
    u, v = kept["ends"]
    if weight is None:
        return u, v, np.ones(size[1], dtype=np.float64)
    # Weights are read every time: an attribute may change without changing the counts.
    weights = (float(w) for _, _, w in ties.edges(data=weight, default=1))
    return u, v, np.fromiter(weights, dtype=np.float64, count=size[1])


UNDATED = -(1 << 62)
"""The day, as an ordinal, of a tie that exists whatever the day (:func:`tie_days`)."""


def tie_days(ties: nx.Graph) -> Any:
    """Each edge's ``since`` as an ordinal (``date.toordinal``), in ``ties.edges()`` order: the
    same order as :func:`edge_arrays`; :data:`UNDATED` (before every day) for ``None``.

    With :func:`person_ties`' ties up to a day E, the ties of any earlier day D are the edges
    whose day is ``≤ D.toordinal()``: no second graph to build. Read once per graph and kept
    with the ends (:func:`edge_arrays`), on the same terms: a tie's day is set when the ties are
    built, and no metric changes it.

    >>> t = nx.Graph(); t.add_edge("a", "b", since=date(2026, 10, 1)); t.add_edge("b", "c", since=None)
    >>> tie_days(t).tolist() == [date(2026, 10, 1).toordinal(), UNDATED]
    True
    """
    import numpy as np

    kept = _kept_arrays(ties)
    if "days" not in kept:
        days = (UNDATED if day is None else day.toordinal() for _, _, day in ties.edges(data="since"))
        kept["days"] = np.fromiter(days, dtype=np.int64, count=kept["size"][1])
    return kept["days"]


def as_igraph(ties: nx.Graph, nodes: list[Hashable], weight: str | None) -> tuple[Any, list[float] | None]:
    """The same ties in python-igraph (vertex ``i`` is ``nodes[i]``), and their weights (``None``
    without a ``weight`` attribute name): the fast path of the heavy metrics, networkx staying
    the reference the tests compare with."""
    import igraph as ig

    if nodes == list(ties):
        u, v, w = edge_arrays(ties, weight)
        graph = ig.Graph(n=len(nodes), edges=list(zip(u.tolist(), v.tolist(), strict=True)), directed=False)
        return graph, None if weight is None else w.tolist()
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in ties.edges()], directed=False)
    if weight is None:
        return graph, None
    return graph, [float(w) for _, _, w in ties.edges(data=weight, default=1)]
