"""The group-to-group tie matrix, by hand and against networkx's mixing matrix."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from graph.analytics.ei import ei_counts
from graph.analytics.mixing import tie_matrix


def two_groups() -> tuple[nx.Graph, dict[str, str]]:
    """A = {a1, a2, a3}, B = {b1, b2}, C = {c1}; x without a group.

    Inside A: a1–a2, a2–a3. Inside B: b1–b2. A–B: a3–b1, a1–b2. B–C: b2–c1. To x: c1–x.
    """
    ties = nx.Graph(
        [("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1"), ("a1", "b2"), ("b2", "c1"), ("c1", "x")]
    )
    groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
    return ties, groups


def test_tie_matrix_by_hand() -> None:
    labels, counts = tie_matrix(*two_groups())
    assert labels == ["A", "B", "C"]
    # Diagonal: A 2, B 1, C 0. A–B: 2, B–C: 1, A–C: 0. c1–x is left out.
    assert counts.tolist() == [[2, 2, 0], [2, 1, 1], [0, 1, 0]]
    assert counts.dtype == np.int64


def test_trace_is_i_and_upper_triangle_is_e() -> None:
    ties, groups = two_groups()
    _, counts = tie_matrix(ties, groups)
    whole = ei_counts(ties, groups)
    # I = 2 + 1 + 0 = 3; E = 2 + 0 + 1 = 3.
    assert int(np.trace(counts)) == whole.internal == 3
    assert int(np.triu(counts, k=1).sum()) == whole.external == 3


def test_order_chooses_and_orders_the_groups() -> None:
    ties, groups = two_groups()
    labels, counts = tie_matrix(ties, groups, order=["C", "A", "Z"])
    # B is not listed: its people and their ties are left out. Z has nobody: zeros.
    assert labels == ["C", "A", "Z"]
    assert counts.tolist() == [[0, 0, 0], [0, 2, 0], [0, 0, 0]]


def test_order_with_a_repeated_group_is_refused() -> None:
    with pytest.raises(ValueError, match="more than once: A"):
        tie_matrix(*two_groups(), order=["A", "B", "A"])


def test_no_groups_gives_an_empty_matrix() -> None:
    labels, counts = tie_matrix(nx.Graph([("a", "b")]), {})
    assert labels == []
    assert counts.shape == (0, 0)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_matches_networkx_mixing_matrix_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    ties = nx.gnm_random_graph(80, 240, seed=seed)
    groups = {n: f"g{rng.randrange(6)}" for n in ties if rng.random() < 0.9}
    labels, counts = tie_matrix(ties, groups)
    grouped = ties.subgraph(groups).copy()
    nx.set_node_attributes(grouped, groups, "group")
    expected = nx.attribute_mixing_matrix(
        grouped, "group", mapping={g: i for i, g in enumerate(labels)}, normalized=False
    )
    # networkx counts each undirected tie from both ends: the same off the diagonal, twice on it.
    assert np.array_equal(counts + np.diag(np.diag(counts)), expected)
    assert np.array_equal(counts, counts.T)
