"""The group-to-group tie matrix: which groups' people are tied, and how often.

Where :mod:`graph.analytics.ei` sums a group's ties into E and I, the matrix keeps them apart by
group: a report reads in it which administrations, sectors or territories never meet.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Generic, NamedTuple, TypeVar

import networkx as nx  # noqa: F401  (the doctests use it)
import numpy as np

from graph.analytics.ei import IntArray, Ties, grouped_ties

N = TypeVar("N", bound=Hashable)
G = TypeVar("G", bound=Hashable)


class TieMatrix(NamedTuple, Generic[G]):
    """Group labels, and the symmetric matrix of tie counts between their people."""

    labels: list[G]
    counts: IntArray
    """``counts[i, j]``: ties between people of ``labels[i]`` and ``labels[j]``; the diagonal
    holds each group's internal ties, each tie counted once."""


def tie_matrix(ties: Ties[N], groups: Mapping[N, G], *, order: Sequence[G] | None = None) -> TieMatrix[G]:
    """The number of ties between the people of each pair of groups.

    ``counts[i, j] = counts[j, i]`` is the number of ties between a person of group ``i`` and
    one of group ``j``, and ``counts[i, i]`` the number of ties within group ``i``: every tie is
    counted in one cell of the upper triangle, so the trace is the network's I and the sum above
    the diagonal its E (:func:`graph.analytics.ei.ei_counts`). People without a group are left
    out, with their ties.

    ``nx.attribute_mixing_matrix(..., normalized=False)`` on the same undirected graph counts
    each tie from both ends: it equals ``counts`` off the diagonal and twice ``counts`` on it.

    Args:
        ties: the undirected graph of people's ties.
        groups: each person's group.
        order: the groups to show, in order (default: every group of a node of ``ties``, sorted
            by their text). Ties of people whose group is not listed are left out; a listed group
            without people has a row of zeros.

    Raises:
        ValueError: a group listed twice in ``order``.

    Example: groups A = {a1, a2, a3} and B = {b1, b2}; ties a1–a2, a2–a3 and b1–b2 inside, a3–b1
    and a1–b2 across.

    >>> t = nx.Graph([("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1"), ("a1", "b2")])
    >>> labels, counts = tie_matrix(t, {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"})
    >>> labels, counts.tolist()
    (['A', 'B'], [[2, 2], [2, 1]])
    """
    if order is not None and len(set(order)) != len(order):
        repeated = sorted({str(g) for g in order if list(order).count(g) > 1})
        raise ValueError(f"order: groups listed more than once: {', '.join(repeated)}")
    coded = grouped_ties(ties, groups, labels=order)
    k = len(coded.labels)
    start, end = coded.group[coded.source], coded.group[coded.target]
    once = np.bincount(start * k + end, minlength=k * k).reshape(k, k).astype(np.int64)
    counts = once + once.T - np.diag(np.diag(once))
    return TieMatrix(coded.labels, counts)
