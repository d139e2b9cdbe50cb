"""Isolation: isolates, people whose ties stay inside, and reach within a few steps."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analytics.isolation import isolates, reach_within, without_outside_ties


def test_isolates_are_people_without_ties_sorted() -> None:
    ties = nx.Graph([("b", "c"), ("z", "z")])
    ties.add_nodes_from(["d", "a"])
    # z has only a self-loop: no tie to anyone else.
    assert isolates(ties) == ["a", "d", "z"]


def test_without_outside_ties() -> None:
    ties = nx.Graph([("a1", "a2"), ("a2", "b1"), ("b2", "x"), ("b3", "b4"), ("b4", "c1")])
    ties.add_node("a3")
    groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "b3": "B", "b4": "B", "c1": "C"}
    # a1: only a2 (same group) -> listed. a2: b1 is outside. a3: no tie. b2: only x, who has
    # no group -> not counted, not listed. b3: only b4 (same group) -> listed. b4: c1 is outside.
    assert without_outside_ties(ties, groups) == ["a1", "b3"]


def test_without_outside_ties_without_groups_is_empty() -> None:
    assert without_outside_ties(nx.Graph([("a", "b")]), {}) == []


def test_reach_within_by_hand() -> None:
    # a–b–c–d–e, and f–g apart.
    ties = nx.path_graph(["a", "b", "c", "d", "e"])
    ties.add_edge("f", "g")
    # Two steps: a reaches b, c; c reaches a, b, d, e; f reaches g.
    assert reach_within(ties) == {"a": 2, "b": 3, "c": 4, "d": 3, "e": 2, "f": 1, "g": 1}
    assert reach_within(ties, steps=0) == dict.fromkeys("abcdefg", 0)
    assert reach_within(ties, steps=10) == {**dict.fromkeys("abcde", 4), "f": 1, "g": 1}


def test_reach_within_refuses_negative_steps() -> None:
    with pytest.raises(ValueError, match="steps"):
        reach_within(nx.Graph(), steps=-1)


def test_reach_within_of_an_empty_graph() -> None:
    assert reach_within(nx.Graph()) == {}


@pytest.mark.parametrize(("seed", "steps"), [(0, 1), (1, 2), (2, 2), (3, 3)])
def test_reach_within_matches_networkx_bfs_on_random_graphs(seed: int, steps: int) -> None:
    ties = nx.gnm_random_graph(300, 600, seed=seed)
    ties.add_edges_from([(0, 0), (5, 5)])  # a self-loop reaches no one new
    expected = {n: len(nx.single_source_shortest_path_length(ties, n, cutoff=steps)) - 1 for n in ties}
    assert reach_within(ties, steps=steps) == expected


def test_reach_within_spans_several_blocks_of_rows() -> None:
    ties = nx.gnm_random_graph(5000, 8000, seed=7)
    expected = {n: len(nx.single_source_shortest_path_length(ties, n, cutoff=2)) - 1 for n in ties}
    assert reach_within(ties) == expected
