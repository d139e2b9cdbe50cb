"""Krackhardt and Stern's E-I index: how much of people's ties cross their group's boundary.

    E-I = (E − I) / (E + I)

where E counts the ties between people of different groups (external) and I the ties within a
group (internal). It runs from -1 (every tie stays inside: a silo) to +1 (every tie goes out).
People without a group are left out of both counts, and so are their ties; self-loops are not
ties. Every function here is O(nodes + edges): one pass over the ties, then ``numpy.bincount``.

Krackhardt, D. and Stern, R. N. (1988), *Informal networks and organizational crises: an
experimental simulation*, Social Psychology Quarterly 51(2), 123–140.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.analytics.ties import edge_arrays

N = TypeVar("N", bound=Hashable)
G = TypeVar("G", bound=Hashable)
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TieCounts:
    """A set of people's external and internal ties, and how many people they are.

    ``people`` lets a report hold back the figures of small groups (fewer than 5 people).

    >>> TieCounts(external=1, internal=3, people=5).ei
    -0.5
    """

    external: int
    internal: int
    people: int

    @property
    def ei(self) -> float | None:
        """(E − I) / (E + I); ``None`` without counted ties."""
        total = self.external + self.internal
        return None if total == 0 else (self.external - self.internal) / total


@dataclass(frozen=True)
class GroupedTies(Generic[N, G]):
    """The ties between people who have a group, as arrays: what every count here reads."""

    people: list[N]
    """The nodes of the ties graph that have a (kept) group, in the graph's order."""
    labels: list[G]
    """The groups; a person's group is ``labels[group[i]]``."""
    group: IntArray
    """Each person's group, as a position in ``labels``."""
    source: IntArray
    """Each counted tie's ends, as positions in ``people``."""
    target: IntArray


@dataclass(frozen=True)
class TieArrays(Generic[N]):
    """A ties graph as arrays, read once: its nodes in the graph's order, and each tie's ends
    as positions in ``nodes`` (self-loops left out), in the graph's edge order. Every function
    here takes it in place of the graph, so a report that counts ties by several groupings reads
    the graph's edges once, not once per count.

    >>> arrays = TieArrays.of(nx.Graph([("a", "b"), ("b", "b"), ("b", "c")]))
    >>> arrays.nodes, arrays.source.tolist(), arrays.target.tolist()
    (['a', 'b', 'c'], [0, 1], [1, 2])
    """

    nodes: list[N]
    source: IntArray
    target: IntArray

    @classmethod
    def of(cls, ties: nx.Graph) -> TieArrays[N]:
        source, target, _ = edge_arrays(ties)
        kept = source != target
        return cls(nodes=list(ties), source=source[kept], target=target[kept])


Ties: TypeAlias = "nx.Graph | TieArrays[N]"
"""What the counts read: the ties graph, or its :class:`TieArrays`."""


def grouped_ties(
    ties: Ties[N], groups: Mapping[N, G], *, labels: Sequence[G] | None = None
) -> GroupedTies[N, G]:
    """Code the ties between grouped people as integer arrays, in one pass over the edges.

    Args:
        ties: the undirected graph of people's ties.
        groups: each person's group; people absent from it are left out, with their ties.
        labels: the groups to keep, in order (default: every group of a node of ``ties``, sorted
            by their text); people of other groups are left out too.

    >>> t = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> coded = grouped_ties(t, {"a": "X", "b": "X", "c": "Y"})
    >>> coded.people, coded.labels, coded.group.tolist(), coded.source.tolist(), coded.target.tolist()
    (['a', 'b', 'c'], ['X', 'Y'], [0, 0, 1], [0, 1], [1, 2])
    """
    arrays: TieArrays[N] = ties if isinstance(ties, TieArrays) else TieArrays.of(ties)
    if labels is None:
        labels = sorted({groups[n] for n in arrays.nodes if n in groups}, key=str)
    index = {label: i for i, label in enumerate(labels)}
    code = np.fromiter(
        (index.get(groups[n], -1) if n in groups else -1 for n in arrays.nodes),
        dtype=np.int64,
        count=len(arrays.nodes),
    )
    kept = code >= 0
    position = np.cumsum(kept) - 1  # a kept node's place among the kept ones
    counted = kept[arrays.source] & kept[arrays.target]
    return GroupedTies(
        people=[n for n, k in zip(arrays.nodes, kept.tolist(), strict=True) if k],
        labels=list(labels),
        group=code[kept],
        source=position[arrays.source[counted]].astype(np.int64),
        target=position[arrays.target[counted]].astype(np.int64),
    )


def ei_counts(ties: Ties[N], groups: Mapping[N, G]) -> TieCounts:
    """The whole network's E, I and number of grouped people (see :func:`ei_index`)."""
    coded = grouped_ties(ties, groups)
    internal = int(np.count_nonzero(coded.group[coded.source] == coded.group[coded.target]))
    return TieCounts(external=len(coded.source) - internal, internal=internal, people=len(coded.people))


def ei_index(ties: Ties[N], groups: Mapping[N, G]) -> float | None:
    """The E-I index of the whole network: (E − I) / (E + I), over every counted tie.

    E counts the ties between people of different groups, I the ties within a group; people
    without a group are left out of both. ``None`` when no tie is counted.

    Example: groups A = {a1, a2, a3} and B = {b1, b2}; ties a1–a2, a2–a3, b1–b2 inside and a3–b1
    across, so E = 1, I = 3 and E-I = (1 − 3) / 4 = -0.5. The tie to ``x``, who has no group,
    is left out.

    >>> t = nx.Graph([("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1"), ("b2", "x")])
    >>> groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
    >>> ei_index(t, groups)
    -0.5
    >>> ei_index(nx.Graph([("a", "b")]), {"a": "A"}) is None
    True
    """
    return ei_counts(ties, groups).ei


def group_ei_counts(ties: Ties[N], groups: Mapping[N, G]) -> dict[G, TieCounts]:
    """Each group's E, I and size, from its members' ties.

    A tie between two groups is external for both, so the groups' E sum to twice the network's
    E while their I sum to its I. Groups are those of the nodes of ``ties``, sorted by their text.
    """
    coded = grouped_ties(ties, groups)
    k = len(coded.labels)
    start, end = coded.group[coded.source], coded.group[coded.target]
    inside = start == end
    internal = np.bincount(start[inside], minlength=k)
    external = np.bincount(start[~inside], minlength=k) + np.bincount(end[~inside], minlength=k)
    sizes = np.bincount(coded.group, minlength=k)
    return {
        label: TieCounts(external=int(external[i]), internal=int(internal[i]), people=int(sizes[i]))
        for i, label in enumerate(coded.labels)
    }


def group_ei(ties: Ties[N], groups: Mapping[N, G]) -> dict[G, float | None]:
    """Each group's E-I index: (E − I) / (E + I) over its members' ties.

    E counts the ties from a member to someone of another group, I the ties between two
    members; people without a group are left out. ``None`` for a group without counted ties.
    For the sizes too (to hold back small groups), see :func:`group_ei_counts`.

    Example (as for :func:`ei_index`): A has I = 2 (a1–a2, a2–a3) and E = 1 (a3–b1), so
    (1 − 2) / 3 = -1/3; B has I = 1 (b1–b2) and E = 1 (a3–b1), so 0.

    >>> t = nx.Graph([("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1")])
    >>> groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
    >>> {g: round(v, 3) for g, v in group_ei(t, groups).items()}
    {'A': -0.333, 'B': 0.0}
    """
    return {label: counts.ei for label, counts in group_ei_counts(ties, groups).items()}


def person_ei(ties: Ties[N], groups: Mapping[N, G]) -> dict[N, float | None]:
    """Each grouped person's E-I index: (E − I) / (E + I) over their own ties.

    E counts their ties to people of other groups, I to people of their own group; ties to
    people without a group are left out, and so are people without a group. ``None`` for a
    person without counted ties.

    Example (as for :func:`ei_index`): a3 has one tie inside (a2) and one across (b1): 0;
    a1 has one tie, inside: -1.

    >>> t = nx.Graph([("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1")])
    >>> t.add_node("b3")
    >>> groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "b3": "B"}
    >>> person_ei(t, groups)
    {'a1': -1.0, 'a2': -1.0, 'a3': 0.0, 'b1': 0.0, 'b2': -1.0, 'b3': None}
    """
    coded = grouped_ties(ties, groups)
    n = len(coded.people)
    inside = coded.group[coded.source] == coded.group[coded.target]
    internal = np.bincount(coded.source[inside], minlength=n) + np.bincount(coded.target[inside], minlength=n)
    external = np.bincount(coded.source[~inside], minlength=n) + np.bincount(
        coded.target[~inside], minlength=n
    )
    return {
        person: TieCounts(external=int(external[i]), internal=int(internal[i]), people=1).ei
        for i, person in enumerate(coded.people)
    }
