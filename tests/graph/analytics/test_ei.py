"""The E-I index: tiny worlds computed by hand, brute force on random graphs, the seed network."""

from __future__ import annotations

import json
import random
from collections.abc import Hashable, Mapping

import networkx as nx
import pytest

from graph.analytics.ei import (
    TieCounts,
    ei_counts,
    ei_index,
    group_ei,
    group_ei_counts,
    grouped_ties,
    person_ei,
)
from graph.analytics.groups import GROUPINGS, person_groups
from graph.analytics.ties import person_ties
from service.wiring import seed_folder
from tests.world import seed_network


def two_groups() -> tuple[nx.Graph, dict[str, str]]:
    """A = {a1, a2, a3}, B = {b1, b2}, x without a group.

    Inside: a1–a2, a2–a3, b1–b2. Across: a3–b1. To x: b2–x.
    """
    ties = nx.Graph([("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1"), ("b2", "x")])
    return ties, {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}


def test_ei_index_all_internal_is_minus_one() -> None:
    ties = nx.Graph([("a1", "a2"), ("b1", "b2")])
    # E = 0, I = 2: (0 - 2) / 2 = -1.
    assert ei_index(ties, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}) == -1.0


def test_ei_index_all_external_is_plus_one() -> None:
    ties = nx.Graph([("a1", "b1"), ("a2", "b1"), ("a2", "c1")])
    # E = 3, I = 0: (3 - 0) / 3 = 1.
    assert ei_index(ties, {"a1": "A", "a2": "A", "b1": "B", "c1": "C"}) == 1.0


def test_ei_index_mixed_leaves_people_without_a_group_out() -> None:
    ties, groups = two_groups()
    # E = 1 (a3–b1), I = 3 (a1–a2, a2–a3, b1–b2); b2–x is left out: (1 - 3) / 4 = -0.5.
    assert ei_counts(ties, groups) == TieCounts(external=1, internal=3, people=5)
    assert ei_index(ties, groups) == -0.5


def test_ei_index_without_counted_ties_is_none() -> None:
    assert ei_index(nx.Graph([("a", "x")]), {"a": "A"}) is None
    assert ei_index(nx.Graph(), {}) is None
    lonely = nx.Graph()
    lonely.add_nodes_from(["a", "b"])
    assert ei_counts(lonely, {"a": "A", "b": "B"}) == TieCounts(external=0, internal=0, people=2)


def test_self_loop_is_not_a_tie() -> None:
    ties = nx.Graph([("a1", "a1"), ("a1", "b1")])
    # Only a1–b1 counts: E = 1, I = 0.
    assert ei_index(ties, {"a1": "A", "b1": "B"}) == 1.0


def test_group_ei_counts_a_crossing_tie_for_both_groups() -> None:
    ties, groups = two_groups()
    counts = group_ei_counts(ties, groups)
    # A: I = 2 (a1–a2, a2–a3), E = 1 (a3–b1): (1 - 2) / 3 = -1/3.
    # B: I = 1 (b1–b2), E = 1 (a3–b1); b2–x left out: (1 - 1) / 2 = 0.
    assert counts == {
        "A": TieCounts(external=1, internal=2, people=3),
        "B": TieCounts(external=1, internal=1, people=2),
    }
    assert group_ei(ties, groups) == {"A": pytest.approx(-1 / 3), "B": 0.0}


def test_group_without_counted_ties_is_none_and_keeps_its_size() -> None:
    ties = nx.Graph([("a1", "a2")])
    ties.add_nodes_from(["c1", "c2"])
    groups = {"a1": "A", "a2": "A", "c1": "C", "c2": "C"}
    assert group_ei(ties, groups) == {"A": -1.0, "C": None}
    assert group_ei_counts(ties, groups)["C"].people == 2


def test_people_in_groups_but_not_in_the_ties_are_not_counted() -> None:
    ties = nx.Graph([("a1", "b1")])
    counts = group_ei_counts(ties, {"a1": "A", "b1": "B", "ghost": "A"})
    assert counts["A"].people == 1


def test_person_ei_by_hand() -> None:
    ties, groups = two_groups()
    ties.add_node("b3")
    groups["b3"] = "B"
    # a1: I = 1 -> -1.  a2: I = 2 -> -1.  a3: I = 1, E = 1 -> 0.  b1: I = 1, E = 1 -> 0.
    # b2: I = 1 (b1), x left out -> -1.  b3: no tie -> None.  x: no group -> absent.
    assert person_ei(ties, groups) == {
        "a1": -1.0,
        "a2": -1.0,
        "a3": 0.0,
        "b1": 0.0,
        "b2": -1.0,
        "b3": None,
    }


def test_person_ei_of_a_broker() -> None:
    ties = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("hub", "h2")])
    # hub (group H): E = 3 (a, b, c in A, B, C), I = 1 (h2): (3 - 1) / 4 = 0.5.
    groups = {"hub": "H", "h2": "H", "a": "A", "b": "B", "c": "C"}
    assert person_ei(ties, groups)["hub"] == 0.5


def test_groups_may_be_any_hashable() -> None:
    ties = nx.Graph([(1, 2), (2, 3)])
    # Groups 10 and (0, "x"): 1–2 inside group 10, 2–3 across.
    groups: dict[int, Hashable] = {1: 10, 2: 10, 3: (0, "x")}
    assert ei_index(ties, groups) == 0.0
    assert group_ei(ties, groups) == {10: 0.0, (0, "x"): 1.0}


def test_empty_ties_give_empty_results() -> None:
    assert group_ei(nx.Graph(), {}) == {}
    assert person_ei(nx.Graph(), {"a": "A"}) == {}
    nobody: dict[str, str] = {}
    coded = grouped_ties(nx.Graph(), nobody)
    assert coded.people == [] and coded.labels == [] and len(coded.source) == 0


def brute_force(ties: nx.Graph, groups: Mapping[int, int]) -> dict[int, tuple[int, int, int]]:
    """Each group's (E, I, people), the slow way: every member looks at every neighbour."""
    result: dict[int, tuple[int, int, int]] = {}
    for group in {groups[n] for n in ties if n in groups}:
        members = [n for n in ties if groups.get(n) == group]
        external = internal_ends = 0
        for member in members:
            for other in ties[member]:
                if other == member or other not in groups:
                    continue
                if groups[other] == group:
                    internal_ends += 1  # seen from both ends
                else:
                    external += 1
        result[group] = (external, internal_ends // 2, len(members))
    return result


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_group_ei_matches_brute_force_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    ties = nx.gnm_random_graph(60, 150, seed=seed)
    ties.add_edges_from((n, n) for n in rng.sample(range(60), 3))  # self-loops are not ties
    groups = {n: rng.randrange(5) for n in ties if rng.random() < 0.85}
    counts = group_ei_counts(ties, groups)
    assert {g: (c.external, c.internal, c.people) for g, c in counts.items()} == brute_force(ties, groups)
    for group, (external, internal, _) in brute_force(ties, groups).items():
        expected = None if external + internal == 0 else (external - internal) / (external + internal)
        assert group_ei(ties, groups)[group] == pytest.approx(expected)
    # The groups' E count each crossing tie twice; their I add up to the network's I.
    whole = ei_counts(ties, groups)
    assert sum(c.external for c in counts.values()) == 2 * whole.external
    assert sum(c.internal for c in counts.values()) == whole.internal


@pytest.mark.parametrize("seed", [5, 6])
def test_person_ei_matches_brute_force_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    ties = nx.gnm_random_graph(50, 120, seed=seed)
    groups = {n: rng.randrange(4) for n in ties if rng.random() < 0.8}
    for person, value in person_ei(ties, groups).items():
        others = [groups[v] for v in ties[person] if v in groups and v != person]
        external = sum(g != groups[person] for g in others)
        internal = len(others) - external
        assert value == (None if not others else pytest.approx((external - internal) / len(others)))
    assert set(person_ei(ties, groups)) == set(groups)


SEED = seed_folder()


def test_seed_network_ties_and_silos() -> None:
    network = seed_network()
    people_in_seed = sum(1 for line in (SEED / "persons.jsonl").open(encoding="utf-8") if line.strip())
    introductions = sum(
        1
        for line in (SEED / "edges.jsonl").open(encoding="utf-8")
        if json.loads(line)["kind"] == "INTRODUCED"
    )
    ties = person_ties(network)
    assert ties.number_of_nodes() == people_in_seed
    assert sum("introduction" in kinds for *_, kinds in ties.edges(data="kinds")) <= introductions
    assert ties.number_of_edges() > people_in_seed  # projects tie the network together
    for by in GROUPINGS:
        groups = person_groups(network, by=by)
        value = ei_index(ties, groups)
        assert value is not None and -1.0 <= value <= 1.0
        counts = group_ei_counts(ties, groups)
        assert sum(c.people for c in counts.values()) == len(groups)
    # Every seed person works somewhere, so every one of them has an organisation.
    assert len(person_groups(network, by="organisation")) == people_in_seed
    # Sectors are coarser than organisations: more of the ties stay inside a group.
    by_sector = ei_index(ties, person_groups(network, by="sector"))
    by_organisation = ei_index(ties, person_groups(network, by="organisation"))
    assert by_sector is not None and by_organisation is not None
    assert by_sector < by_organisation
