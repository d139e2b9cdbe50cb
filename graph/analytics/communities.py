"""Communities: who clusters with whom, and whether the clusters are organisations in disguise.

:func:`communities` finds densely tied groups of people with python-igraph's Louvain or Leiden
(about ten times faster than networkx's Louvain at 100k people, ``../shared/FACTS.md``),
deterministic for a given seed. :func:`modularity` scores a partition, :func:`nmi` says how far
the communities follow the organisations, and :func:`silos` names the communities that are one
organisation with few ties outside it: the administrative silos a lab director wants to see.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

import igraph as ig
import networkx as nx
import numpy as np
import numpy.typing as npt
from sklearn.metrics import normalized_mutual_info_score

from graph.analytics.ties import as_igraph, edge_arrays

__all__ = ["Method", "Silo", "communities", "modularity", "nmi", "silos"]

Method = Literal["louvain", "leiden"]

N = TypeVar("N", bound=Hashable)
G = TypeVar("G", bound=Hashable)
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_RNG_LOCK = threading.Lock()
"""igraph has one process-wide random generator; a seeded run holds it for its duration."""


def communities(
    ties: nx.Graph,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    method: Method = "louvain",
    weight: str | None = "weight",
) -> list[frozenset[Hashable]]:
    r"""Communities of the tie graph that maximise modularity, reproducible for a seed.

    Both methods greedily maximise the modularity of :func:`modularity`,

    .. math::

       Q = \sum_c \Big[\frac{L_c}{m} - \gamma \Big(\frac{d_c}{2m}\Big)^2\Big],

    moving nodes between communities and then merging communities into nodes. ``"louvain"``
    is igraph's ``community_multilevel`` (Blondel et al. 2008); ``"leiden"`` is igraph's
    ``community_leiden(objective_function="modularity")`` run until stable (Traag et al.
    2019), which also guarantees that every community is connected.

    Both visit nodes in a random order: the run uses a ``random.Random(seed)`` as igraph's
    generator (igraph's generator is process-wide, so a lock serialises seeded runs and the
    default, Python's ``random`` module, is put back afterwards). The same graph, built in the
    same order, and the same seed give the same communities.

    Args:
        ties: Undirected tie graph.
        seed: Seed of igraph's random generator for this run.
        resolution: :math:`\gamma`; above 1 favours smaller communities, below 1 larger ones.
        method: ``"louvain"`` or ``"leiden"``.
        weight: Edge attribute holding tie strength (missing means 1); ``None`` counts every
            tie as 1.

    Returns:
        A partition of the nodes, largest community first (then by the first member's position
        in the graph). An isolated node is a community of its own; an empty graph has none.

    Example: two triangles joined by one tie are two communities.

    >>> ties = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
    >>> ties.add_edge("c", "d")
    >>> ties.add_node("hermit")
    >>> [sorted(c) for c in communities(ties)]
    [['a', 'b', 'c'], ['d', 'e', 'f'], ['hermit']]
    """
    nodes = list(ties)
    if not nodes:
        return []
    graph, weights = as_igraph(ties, nodes, weight)
    if weights is not None and all(w == 1.0 for w in weights):
        weights = None
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            if method == "louvain":
                clustering = graph.community_multilevel(weights=weights, resolution=resolution)
            else:
                clustering = graph.community_leiden(
                    objective_function="modularity",
                    weights=weights,
                    resolution=resolution,
                    n_iterations=-1,
                )
        finally:
            ig.set_random_number_generator(random)
    return _partition(nodes, [int(c) for c in clustering.membership])


def modularity(
    ties: nx.Graph,
    communities: Sequence[Collection[Hashable]],
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
) -> float:
    r"""Newman's modularity of a partition of the tie graph.

    .. math::

       Q = \sum_c \Big[\frac{L_c}{m} - \gamma \Big(\frac{d_c}{2m}\Big)^2\Big]

    where :math:`m` is the total tie weight, :math:`L_c` the weight of the ties inside
    community :math:`c` and :math:`d_c` the sum of its members' weighted degrees: the share of
    ties inside communities, minus the share expected if ties were drawn at random with the
    same degrees. The value is that of ``nx.community.modularity``.

    A node of the graph that is in no community counts as a community of its own, and a member
    that is not in the graph is ignored. A graph without ties has modularity 0 by convention
    (networkx divides by zero there). O(n + m) with numpy.

    Args:
        ties: Undirected tie graph.
        communities: Disjoint sets of nodes.
        weight: Edge attribute holding tie strength (missing means 1); ``None`` counts every
            tie as 1.
        resolution: :math:`\gamma`.

    Returns:
        The modularity, between -1/2 and 1.

    Raises:
        ValueError: A node is in two communities.

    Example: two triangles joined by one tie have :math:`m = 7`; each triangle has
    :math:`L_c = 3` and :math:`d_c = 2 + 2 + 3 = 7`, so
    :math:`Q = 2\,(3/7 - (7/14)^2) = 5/14`.

    >>> ties = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> round(modularity(ties, [{0, 1, 2}, {3, 4, 5}]), 6), round(5 / 14, 6)
    (0.357143, 0.357143)
    """
    nodes = list(ties)
    membership = _membership(nodes, communities)
    graph_index = {node: i for i, node in enumerate(nodes)}
    u, v, w = _edge_arrays(ties, graph_index, weight)
    total = float(w.sum())
    if len(w) == 0 or total == 0.0:
        return 0.0
    cu, cv = membership[u], membership[v]
    size = int(membership.max()) + 1
    inside = np.bincount(cu[cu == cv], weights=w[cu == cv], minlength=size)
    # Each tie adds its weight to the degree of both ends (twice to a self-loop's one end).
    degree = np.bincount(cu, weights=w, minlength=size) + np.bincount(cv, weights=w, minlength=size)
    return float(np.sum(inside / total - resolution * (degree / (2.0 * total)) ** 2))


def nmi(communities: Sequence[Collection[N]], groups: Mapping[N, G]) -> float:
    r"""Normalised mutual information between the communities and the groups.

    .. math::

       \mathrm{NMI}(C, G) = \frac{I(C; G)}{\tfrac12 \big(H(C) + H(G)\big)}

    over the people who are in a community and have a group (``None`` is no group): 1 when
    the communities are exactly the organisations, near 0 when they ignore them. This is
    ``sklearn.metrics.normalized_mutual_info_score`` with its arithmetic mean. With nobody to
    compare the value is 0 by convention; with one community and one group it is 1.

    Args:
        communities: Disjoint sets of people.
        groups: Group of each person, e.g. person → organisation.

    Returns:
        The NMI, between 0 and 1.

    Example: communities {a, b} and {c, d} against organisations a, c in X and b, d in Y
    share no information (each community holds one person of each organisation); the same
    communities against a, b in X and c, d in Y match exactly.

    >>> parts = [{"a", "b"}, {"c", "d"}]
    >>> nmi(parts, {"a": "X", "b": "Y", "c": "X", "d": "Y"})
    0.0
    >>> nmi(parts, {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Z"})
    1.0
    """
    found: list[int] = []
    truth: list[int] = []
    codes: dict[G, int] = {}
    for index, community in enumerate(communities):
        for person in community:
            group = groups.get(person)
            if group is not None:
                found.append(index)
                truth.append(codes.setdefault(group, len(codes)))
    if not found:
        return 0.0
    return float(normalized_mutual_info_score(truth, found))


@dataclass(frozen=True)
class Silo(Generic[G]):
    """A community that is essentially one group, with few ties outside it."""

    group: G
    """The group (organisation, administration…) most of its members belong to."""
    members: int
    """Number of people in the community."""
    share: float
    """Share of the members who belong to ``group`` (people without a group count against it)."""
    external_share: float
    """Ties with someone outside the community, over all ties of its members."""
    community: int
    """Position of the community in the list given to :func:`silos`."""


def silos(
    ties: nx.Graph,
    communities: Sequence[Collection[N]],
    groups: Mapping[N, G],
    *,
    min_share: float = 0.8,
    max_external: float = 0.2,
    min_size: int = 3,
) -> list[Silo[G]]:
    r"""The communities that are one group turned inward: the administrative silos.

    A community :math:`c` with at least ``min_size`` members is a silo of group :math:`g` when

    .. math::

       \frac{|\{v \in c : g(v) = g\}|}{|c|} \ge \text{min\_share}
       \quad\text{and}\quad
       \frac{E_\text{out}(c)}{E_\text{in}(c) + E_\text{out}(c)} \le \text{max\_external}

    where :math:`E_\text{in}` counts the ties between two members and :math:`E_\text{out}`
    the ties between a member and someone outside (each tie once, weights ignored). A
    community whose members have no tie at all is not a silo (their isolation is another
    measure). O(n + m).

    Args:
        ties: Undirected tie graph.
        communities: Disjoint sets of people, e.g. from :func:`communities`.
        groups: Group of each person, e.g. person → organisation (``None`` is no group).
        min_share: Smallest share of the members in the dominant group.
        max_external: Largest share of the members' ties that leave the community.
        min_size: Smallest community considered.

    Returns:
        The silos, most closed first (by external share, then larger first, then position).

    Example: {a, b, c, d}, all of the DDTM, tied a–b, b–c, c–d, a–c and to the outside by
    d–e: share 4/4 = 1 and external share 1/(4 + 1) = 0.2, a silo. {e, f, g} of DDTM, DREAL
    and DREAL has a share of 2/3 < 0.8, not a silo.

    >>> ties = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "c"), ("d", "e"),
    ...                  ("e", "f"), ("f", "g"), ("e", "g")])
    >>> orgs = {"a": "DDTM", "b": "DDTM", "c": "DDTM", "d": "DDTM", "e": "DDTM",
    ...         "f": "DREAL", "g": "DREAL"}
    >>> silos(ties, [{"a", "b", "c", "d"}, {"e", "f", "g"}], orgs)
    [Silo(group='DDTM', members=4, share=1.0, external_share=0.2, community=0)]
    """
    nodes = list(ties)
    graph_index = {node: i for i, node in enumerate(nodes)}
    membership = _membership(nodes, communities)
    u, v, _ = _edge_arrays(ties, graph_index, None)
    size = max(len(communities), int(membership.max()) + 1 if len(membership) else 0)
    cu, cv = membership[u], membership[v]
    crossing = cu != cv
    internal = np.bincount(cu[~crossing], minlength=size)
    external = np.bincount(cu[crossing], minlength=size) + np.bincount(cv[crossing], minlength=size)

    found: list[Silo[G]] = []
    for index, community in enumerate(communities):
        counted = Counter(g for g in (groups.get(p) for p in community) if g is not None)
        ties_of = int(internal[index] + external[index])
        if len(community) < min_size or not counted or ties_of == 0:
            continue
        group, count = counted.most_common(1)[0]
        share = count / len(community)
        external_share = int(external[index]) / ties_of
        if share >= min_share and external_share <= max_external:
            found.append(Silo(group, len(community), share, external_share, index))
    found.sort(key=lambda s: (s.external_share, -s.members, s.community))
    return found


def _membership(nodes: list[Hashable], communities: Sequence[Collection[Hashable]]) -> IntArray:
    """Community index of each node; nodes in no community get fresh indices after the last."""
    index = {node: i for i, node in enumerate(nodes)}
    membership = np.full(len(nodes), -1, dtype=np.int64)
    for label, community in enumerate(communities):
        for node in community:
            i = index.get(node)
            if i is None:
                continue
            if membership[i] != -1:
                raise ValueError(f"{node!r} is in communities {membership[i]} and {label}: not a partition")
            membership[i] = label
    alone = np.flatnonzero(membership == -1)
    membership[alone] = len(communities) + np.arange(len(alone))
    return membership


def _edge_arrays(
    ties: nx.Graph, index: Mapping[Hashable, int], weight: str | None
) -> tuple[IntArray, IntArray, FloatArray]:
    """Both ends of every tie as positions (``index`` follows ``list(ties)``), and its weight
    (1 without ``weight``)."""
    return edge_arrays(ties, weight)


def _partition(nodes: list[Hashable], membership: list[int]) -> list[frozenset[Hashable]]:
    """Communities from igraph's membership, largest first, then by first member's position."""
    members: dict[int, list[Hashable]] = {}
    for node, label in zip(nodes, membership, strict=True):
        members.setdefault(label, []).append(node)
    # dict order is the order of each community's first member in ``nodes``.
    ordered = sorted(members.values(), key=len, reverse=True)
    return [frozenset(group) for group in ordered]
