"""Brokers: betweenness, Burt's structural holes and Gould–Fernandez roles.

Tiny worlds are computed by hand from the formulas (the reasoning is in the comments); random
graphs with fixed seeds are checked against networkx, the reference implementation.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping

import networkx as nx
import pytest
from scipy.stats import spearmanr

from graph.analytics.brokers import (
    DEFAULT_SAMPLE,
    ROLES,
    Role,
    betweenness,
    brokerage_roles,
    constraint,
    effective_size,
)


def assert_same(
    ours: Mapping[Hashable, float], reference: Mapping[Hashable, float], tol: float = 1e-9
) -> None:
    assert ours.keys() == reference.keys()
    for node, expected in reference.items():
        got = ours[node]
        if math.isnan(expected):
            assert math.isnan(got), node
        else:
            assert got == pytest.approx(expected, abs=tol), node


def random_graphs() -> list[nx.Graph]:
    """Sparse, clustered, disconnected (with isolated people) and weighted (integer weights,
    so that networkx and igraph agree on which weighted paths tie)."""
    graphs: list[nx.Graph] = [
        nx.gnp_random_graph(60, 0.08, seed=1),
        nx.powerlaw_cluster_graph(80, 3, 0.3, seed=2),
        nx.disjoint_union(nx.gnp_random_graph(30, 0.15, seed=3), nx.path_graph(6)),
    ]
    graphs[2].add_nodes_from(["hermit", "recluse"])
    rng = random.Random(4)
    for graph in graphs:
        for u, v in graph.edges():
            graph[u][v]["strength"] = rng.randint(1, 3)
    return graphs


# --- betweenness ------------------------------------------------------------------------------


def test_betweenness_path_by_hand() -> None:
    # Path a–b–c–d–e: b lies on the paths of {a,c}, {a,d}, {a,e} (3); c on {a,d}, {a,e}, {b,d},
    # {b,e} (4). Pairs that exclude a node: (n-1)(n-2)/2 = 6, so b = 3/6, c = 4/6.
    result = betweenness(nx.path_graph("abcde"))
    assert result.scores == pytest.approx({"a": 0.0, "b": 0.5, "c": 4 / 6, "d": 0.5, "e": 0.0})
    assert result.sampled_sources is None
    assert result.exact
    assert result.nodes == 5


def test_betweenness_star_centre_is_on_every_path() -> None:
    # Star with 4 leaves: the centre is on the one shortest path of each of the C(4,2) = 6 leaf
    # pairs, which are all the pairs that exclude it: normalised 1, raw 6.
    star = nx.star_graph(4)
    assert betweenness(star).scores[0] == pytest.approx(1.0)
    assert betweenness(star, normalized=False).scores[0] == pytest.approx(6.0)


@pytest.mark.parametrize("graph", random_graphs())
@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("weight", [None, "strength"])
def test_betweenness_exact_equals_networkx(graph: nx.Graph, normalized: bool, weight: str | None) -> None:
    ours = betweenness(graph, normalized=normalized, weight=weight)
    assert ours.exact
    assert_same(ours.scores, nx.betweenness_centrality(graph, normalized=normalized, weight=weight))


@pytest.mark.parametrize("graph", random_graphs())
@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("weight", [None, "strength"])
def test_betweenness_sampled_equals_networkx_with_same_seed(
    graph: nx.Graph, normalized: bool, weight: str | None
) -> None:
    # Same sources (random.Random(seed).sample over the node list) and same n/k scaling.
    ours = betweenness(graph, sample=12, seed=7, exact_up_to=0, normalized=normalized, weight=weight)
    assert ours.sampled_sources == 12
    reference = nx.betweenness_centrality(graph, k=12, seed=7, normalized=normalized, weight=weight)
    assert_same(ours.scores, reference)


def test_betweenness_sampled_ranks_top_brokers_like_exact() -> None:
    # The acceptance test: 500 sampled sources on 2,000 people rank the exact top 50 with a
    # Spearman correlation of at least 0.9 (measured: 0.977). igraph's exact values are the
    # reference here; the tests above establish that they equal networkx's.
    graph = nx.powerlaw_cluster_graph(2000, 3, 0.1, seed=1)
    exact = betweenness(graph)
    sampled = betweenness(graph, sample=500, seed=0, exact_up_to=1000)
    assert exact.exact and exact.nodes == 2000
    assert sampled.sampled_sources == 500 and sampled.nodes == 2000
    top = sorted(graph, key=lambda v: exact.scores[v], reverse=True)[:50]
    rho = spearmanr([exact.scores[v] for v in top], [sampled.scores[v] for v in top]).statistic
    assert rho >= 0.9


def test_betweenness_samples_by_default_above_exact_up_to() -> None:
    graph = nx.gnp_random_graph(DEFAULT_SAMPLE + 50, 0.01, seed=5)
    assert betweenness(graph, exact_up_to=100).sampled_sources == DEFAULT_SAMPLE
    assert betweenness(graph, exact_up_to=100, sample=40).sampled_sources == 40


def test_betweenness_sample_covering_every_node_is_exact() -> None:
    graph = nx.gnp_random_graph(30, 0.2, seed=6)
    result = betweenness(graph, sample=30, exact_up_to=0)
    assert result.exact
    assert_same(result.scores, nx.betweenness_centrality(graph))


def test_betweenness_same_seed_same_estimate() -> None:
    graph = nx.gnp_random_graph(200, 0.03, seed=8)
    first = betweenness(graph, sample=20, seed=3, exact_up_to=0)
    assert first == betweenness(graph, sample=20, seed=3, exact_up_to=0)


@pytest.mark.parametrize("graph", [nx.Graph(), nx.empty_graph(1), nx.path_graph(2), nx.empty_graph(5)])
def test_betweenness_degenerate_graphs_are_zero(graph: nx.Graph) -> None:
    result = betweenness(graph)
    assert result.scores == dict.fromkeys(graph, 0.0)
    assert result.nodes == len(graph)


def test_betweenness_refuses_a_single_source() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        betweenness(nx.path_graph(5), sample=1)


# --- constraint and effective size ------------------------------------------------------------


def test_constraint_by_hand() -> None:
    # Star 0–{1,2,3}: the centre gives p = 1/3 to each leaf with no indirect path:
    # 3 · (1/3)² = 1/3. A leaf has one contact: 1² = 1.
    # Triangle: p = 1/2 to each contact plus 1/2 · 1/2 through the other: 2 · (3/4)² = 9/8.
    assert constraint(nx.star_graph(3)) == pytest.approx({0: 1 / 3, 1: 1.0, 2: 1.0, 3: 1.0})
    assert constraint(nx.complete_graph(3)) == pytest.approx(dict.fromkeys(range(3), 9 / 8))


def test_constraint_weighted_by_hand() -> None:
    # a–b weight 3, a–c weight 1, no b–c tie: p_ab = 3/4, p_ac = 1/4, so c(a) = 9/16 + 1/16.
    ties = nx.Graph()
    ties.add_edge("a", "b", strength=3)
    ties.add_edge("a", "c", strength=1)
    assert constraint(ties, weight="strength")["a"] == pytest.approx(10 / 16)


def test_effective_size_by_hand() -> None:
    # Borgatti: e = n - 2t/n. Star centre: 3 contacts, no tie among them: 3. A leaf: 1.
    # Triangle: 2 contacts tied to each other: 2 - 2/2 = 1.
    assert effective_size(nx.star_graph(3)) == pytest.approx({0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0})
    assert effective_size(nx.complete_graph(3)) == pytest.approx(dict.fromkeys(range(3), 1.0))


@pytest.mark.parametrize("graph", random_graphs())
@pytest.mark.parametrize("weight", [None, "strength"])
def test_constraint_equals_networkx(graph: nx.Graph, weight: str | None) -> None:
    ours = constraint(graph, weight=weight)
    assert_same(ours, nx.constraint(graph, weight=weight))  # networkx's matrix path
    assert_same(ours, nx.constraint(graph, nodes=list(graph), weight=weight))  # its per-node path


@pytest.mark.parametrize("graph", random_graphs())
@pytest.mark.parametrize("weight", [None, "strength"])
def test_effective_size_equals_networkx(graph: nx.Graph, weight: str | None) -> None:
    ours = effective_size(graph, weight=weight)
    # The per-node path follows the formula. networkx 3.6's matrix path divides by the wrong
    # row's maximum when weighted (networkx PR #8906), so it is the reference only unweighted.
    assert_same(ours, nx.effective_size(graph, nodes=list(graph), weight=weight))
    if weight is None:
        assert_same(ours, nx.effective_size(graph))


def test_structural_holes_of_isolated_people_are_nan() -> None:
    ties = nx.Graph([("a", "b")])
    ties.add_node("hermit")
    assert math.isnan(constraint(ties)["hermit"])
    assert math.isnan(effective_size(ties)["hermit"])


def test_structural_holes_ignore_self_loops() -> None:
    looped = nx.star_graph(3)
    looped.add_edge(0, 0)
    assert constraint(looped) == pytest.approx(constraint(nx.star_graph(3)))
    assert effective_size(looped) == pytest.approx(effective_size(nx.star_graph(3)))


def test_structural_holes_of_empty_graph_are_empty() -> None:
    assert constraint(nx.Graph()) == {}
    assert effective_size(nx.Graph()) == {}


# --- brokerage roles ----------------------------------------------------------------------------


def zeros() -> dict[Role, int]:
    return dict.fromkeys(ROLES, 0)


@pytest.mark.parametrize(
    ("group_a", "group_b", "group_c", "role"),
    [
        ("X", "X", "X", "coordinator"),  # all three in one group
        ("Y", "X", "X", "gatekeeper_representative"),  # b shares its group with one end only
        ("X", "X", "Y", "gatekeeper_representative"),  # the same, seen from the other end
        ("X", "Y", "X", "consultant"),  # an outsider between two people of one group
        ("X", "Y", "Z", "liaison"),  # three groups
    ],
)
def test_brokerage_roles_on_one_two_path(group_a: str, group_b: str, group_c: str, role: Role) -> None:
    # Path a–b–c: b brokers the one untied pair {a, c}; the ends broker nothing.
    roles = brokerage_roles(nx.path_graph("abc"), {"a": group_a, "b": group_b, "c": group_c})
    assert roles["b"] == zeros() | {role: 1}
    assert roles["a"] == roles["c"] == zeros()


def test_brokerage_roles_closed_triangle_brokers_nothing() -> None:
    roles = brokerage_roles(nx.complete_graph("abc"), {"a": "X", "b": "Y", "c": "Z"})
    assert roles == {v: zeros() for v in "abc"}


def test_brokerage_roles_small_world_by_hand() -> None:
    # b (X) is tied to a1, a2 (X), c1, c2 (Y), d (Z) and to u, who has no group; a1–c1 are tied.
    # b's ten pairs among its five grouped contacts:
    #   {a1,a2} both X like b                                  → coordinator      1
    #   {a1,c1} tied                                           → not brokered
    #   {a1,c2} {a1,d} {a2,c1} {a2,c2} {a2,d} one end in X     → gatekeeper/rep   5
    #   {c1,c2} both Y, not b's group                          → consultant       1
    #   {c1,d} {c2,d} Y and Z, neither b's group               → liaison          2
    # Pairs with u are skipped (no group). a1's contacts b and c1 are tied to each other, and so
    # are c1's (b and a1): neither brokers. Everyone else has one grouped contact.
    ties = nx.star_graph(["b", "a1", "a2", "c1", "c2", "d", "u"])
    ties.add_edge("a1", "c1")
    groups = {"b": "X", "a1": "X", "a2": "X", "c1": "Y", "c2": "Y", "d": "Z", "outsider": "X"}
    roles = brokerage_roles(ties, groups)
    assert roles["b"] == {"coordinator": 1, "gatekeeper_representative": 5, "consultant": 1, "liaison": 2}
    assert all(roles[v] == zeros() for v in ("a1", "a2", "c1", "c2", "d"))
    # u has no group; "outsider" has a group but is not in the graph.
    assert set(roles) == {"b", "a1", "a2", "c1", "c2", "d"}


def test_brokerage_roles_ungrouped_broker_is_skipped() -> None:
    # b has no group: the a–b–c path is nobody's brokerage.
    roles = brokerage_roles(nx.path_graph("abc"), {"a": "X", "c": "Y"})
    assert roles == {"a": zeros(), "c": zeros()}


def brute_force_roles(ties: nx.Graph, groups: Mapping[Hashable, str]) -> dict[Hashable, dict[Role, int]]:
    """Every two-path listed, straight from the definition."""
    roles = {v: zeros() for v in ties if v in groups}
    for b in roles:
        contacts = [v for v in ties[b] if v != b and v in groups]
        for i, a in enumerate(contacts):
            for c in contacts[i + 1 :]:
                if ties.has_edge(a, c):
                    continue
                ga, gb, gc = groups[a], groups[b], groups[c]
                role: Role
                if ga == gb == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "consultant"
                elif gb in (ga, gc):
                    role = "gatekeeper_representative"
                else:
                    role = "liaison"
                roles[b][role] += 1
    return roles


@pytest.mark.parametrize("seed", range(4))
def test_brokerage_roles_equal_brute_force(seed: int) -> None:
    ties = nx.powerlaw_cluster_graph(300, 4, 0.3, seed=seed)
    rng = random.Random(seed)
    groups = {v: rng.choice("ABCDE") for v in ties if rng.random() < 0.9}
    assert brokerage_roles(ties, groups) == brute_force_roles(ties, groups)


def test_brokerage_roles_without_groups_or_ties_are_empty() -> None:
    assert brokerage_roles(nx.Graph(), {"a": "X"}) == {}
    assert brokerage_roles(nx.path_graph(4), {}) == {}
    assert brokerage_roles(nx.path_graph(2), {0: None, 1: None}) == {}
    assert brokerage_roles(nx.empty_graph(2), {0: "X", 1: "Y"}) == {0: zeros(), 1: zeros()}
