"""Isolation: people without ties, people whose ties never leave their group, and reach.

Sorted lists of people are what a report shows (names resolved later); ``reach_within`` measures
how far each person's network carries within a few introductions.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analytics.ei import person_ei
from graph.analytics.ties import edge_arrays

N = TypeVar("N", bound=Hashable)
G = TypeVar("G", bound=Hashable)

_BLOCK = 2048
"""Rows of the reach computed at once: bounds the memory of the sparse products."""


def isolates(ties: nx.Graph) -> list[Any]:
    """People without any tie (a self-loop is not a tie), sorted.

    >>> t = nx.Graph([("a", "b")])
    >>> t.add_nodes_from(["d", "c"])
    >>> isolates(t)
    ['c', 'd']
    """
    return sorted((n for n in ties if all(v == n for v in ties[n])), key=str)


def without_outside_ties(ties: nx.Graph, groups: Mapping[N, G]) -> list[N]:
    """People with ties, none of which leaves their group: their own E-I index is -1.

    As in :mod:`graph.analytics.ei`, people without a group are left out, and so are ties to
    them: someone tied only to people without a group is not listed.

    >>> t = nx.Graph([("a1", "a2"), ("a2", "b1"), ("a1", "x")])
    >>> t.add_node("a3")
    >>> without_outside_ties(t, {"a1": "A", "a2": "A", "a3": "A", "b1": "B"})
    ['a1']
    """
    return sorted((p for p, ei in person_ei(ties, groups).items() if ei == -1.0), key=str)


def reach_within(ties: nx.Graph, *, steps: int = 2) -> dict[Any, int]:
    """How many other people each person reaches in at most ``steps`` ties.

    The count of nodes ``v ≠ u`` with a path of length ≤ ``steps`` from ``u``, computed as the
    non-zero pattern of ``I + A + … + Aᵏ`` row by row (``A`` the adjacency matrix, sparse), in
    blocks of rows so that memory stays bounded. With ``steps=2`` the cost is about the sum of
    the neighbourhoods' sizes, Σ deg(v)² over the people ``v``.

    Raises:
        ValueError: ``steps`` is negative.

    Example: the path a–b–c–d, and e alone.

    >>> t = nx.path_graph(["a", "b", "c", "d"])
    >>> t.add_node("e")
    >>> reach_within(t)
    {'a': 2, 'b': 3, 'c': 3, 'd': 2, 'e': 0}
    >>> reach_within(t, steps=1)
    {'a': 1, 'b': 2, 'c': 2, 'd': 1, 'e': 0}
    """
    if steps < 0:
        raise ValueError(f"steps: must be 0 or more, not {steps}")
    nodes = list(ties)
    n = len(nodes)
    if n == 0:
        return {}
    adjacency = _adjacency(ties, nodes)
    reach = np.empty(n, dtype=np.int64)
    for first in range(0, n, _BLOCK):
        rows = np.arange(first, min(first + _BLOCK, n))
        block = sp.csr_array(
            (np.ones(len(rows), dtype=np.float32), (np.arange(len(rows)), rows)), shape=(len(rows), n)
        )
        for _ in range(steps):
            block = (block + block @ adjacency).tocsr()
            block.data[:] = 1.0  # only the pattern matters: keep the values small
        reach[rows] = np.diff(block.indptr) - 1
    return {node: int(reach[i]) for i, node in enumerate(nodes)}


def _adjacency(ties: nx.Graph, nodes: list[Any]) -> sp.csr_array:
    """The symmetric 0/1 adjacency matrix, rows in the order of ``nodes``.

    Read edge by edge: three times faster than ``nx.to_scipy_sparse_array``, which reads every
    edge's attributes.
    """
    source, target, _ = edge_arrays(ties)  # ``nodes`` is ``list(ties)``
    rows = np.concatenate([source, target])
    columns = np.concatenate([target, source])
    adjacency = sp.csr_array(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(nodes), len(nodes))
    )
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    return adjacency
