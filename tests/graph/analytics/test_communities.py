"""Communities, modularity, NMI against organisations, and silos.

Tiny worlds are computed by hand (the reasoning is in the comments); planted partitions check
that the communities recover known blocks; networkx is the reference for modularity.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable

import networkx as nx
import pytest

from graph.analytics.communities import Method, Silo, communities, modularity, nmi, silos

METHODS: list[Method] = ["louvain", "leiden"]


def two_triangles() -> nx.Graph:
    # a–b–c and d–e–f, joined by the one tie c–d.
    return nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])


def planted(seed: int = 4) -> tuple[nx.Graph, dict[Hashable, int]]:
    """Five blocks of 20 people, tied with probability 0.5 inside a block and 0.01 across."""
    graph = nx.planted_partition_graph(5, 20, 0.5, 0.01, seed=seed)
    blocks = {v: b for b, members in enumerate(graph.graph["partition"]) for v in members}
    return graph, blocks


def assert_partition(parts: list[frozenset[Hashable]], graph: nx.Graph) -> None:
    assert sum(len(p) for p in parts) == len(graph)
    assert set().union(*parts) == set(graph)


# --- communities --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_communities_two_triangles_and_a_hermit(method: Method) -> None:
    ties = two_triangles()
    ties.add_node("hermit")
    parts = communities(ties, method=method)
    assert parts == [frozenset("abc"), frozenset("def"), frozenset({"hermit"})]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("seed", [0, 1])
def test_communities_recover_planted_blocks(method: Method, seed: int) -> None:
    graph, blocks = planted()
    parts = communities(graph, method=method, seed=seed)
    assert_partition(parts, graph)
    assert nmi(parts, blocks) > 0.9


@pytest.mark.parametrize("method", METHODS)
def test_communities_same_seed_same_result(method: Method) -> None:
    graph = nx.powerlaw_cluster_graph(500, 3, 0.1, seed=1)
    first = communities(graph, method=method, seed=11)
    assert first == communities(graph, method=method, seed=11)
    assert_partition(first, graph)


def test_communities_leave_the_global_random_stream_alone() -> None:
    # igraph's generator is swapped for a seeded one during the run, then Python's ``random``
    # module is put back: the caller's stream is not consumed.
    random.seed(3)
    expected = random.random()
    random.seed(3)
    communities(nx.powerlaw_cluster_graph(200, 3, 0.1, seed=2), seed=5)
    assert random.random() == expected


def test_communities_resolution_splits_further() -> None:
    # Higher resolution penalises large communities more: never fewer communities here.
    graph, _ = planted()
    assert len(communities(graph, resolution=4.0)) >= len(communities(graph, resolution=1.0))


def test_communities_use_tie_strength() -> None:
    # A square a–b–c–d–a: with strong a–b and c–d ties, they are the two communities.
    ties = nx.cycle_graph("abcd")
    ties["a"]["b"]["weight"] = ties["c"]["d"]["weight"] = 10
    assert communities(ties) == [frozenset("ab"), frozenset("cd")]
    ties["a"]["b"]["weight"] = ties["c"]["d"]["weight"] = 1
    ties["b"]["c"]["weight"] = ties["d"]["a"]["weight"] = 10
    assert set(communities(ties)) == {frozenset("bc"), frozenset("ad")}


@pytest.mark.parametrize("method", METHODS)
def test_communities_of_empty_and_edgeless_graphs(method: Method) -> None:
    assert communities(nx.Graph(), method=method) == []
    assert communities(nx.empty_graph(3), method=method) == [frozenset({0}), frozenset({1}), frozenset({2})]


# --- modularity ---------------------------------------------------------------------------------


def test_modularity_two_triangles_by_hand() -> None:
    # m = 7 ties; each triangle has L = 3 inside and degree sum d = 2 + 2 + 3 = 7:
    # Q = 2 · (3/7 - (7/14)²) = 5/14. All in one community: 7/7 - 1 = 0.
    ties = two_triangles()
    assert modularity(ties, [set("abc"), set("def")]) == pytest.approx(5 / 14)
    assert modularity(ties, [set("abcdef")]) == pytest.approx(0.0)
    # With resolution 2: 2 · (3/7 - 2 · 1/4) = -1/7.
    assert modularity(ties, [set("abc"), set("def")], resolution=2.0) == pytest.approx(-1 / 7)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("weight", ["weight", None])
@pytest.mark.parametrize("resolution", [1.0, 0.5])
def test_modularity_equals_networkx(seed: int, weight: str | None, resolution: float) -> None:
    graph = nx.gnp_random_graph(80, 0.1, seed=seed)
    graph.add_edge(0, 0)  # a self-loop, counted as networkx counts it
    rng = random.Random(seed)
    for u, v in graph.edges():
        graph[u][v]["weight"] = rng.uniform(0.5, 3.0)
    parts: list[set[int]] = [set() for _ in range(6)]
    for v in graph:
        parts[rng.randrange(6)].add(v)
    parts = [p for p in parts if p]
    expected = nx.community.modularity(graph, parts, weight=weight, resolution=resolution)
    assert modularity(graph, parts, weight=weight, resolution=resolution) == pytest.approx(
        expected, abs=1e-12
    )


@pytest.mark.parametrize("method", METHODS)
def test_modularity_of_found_communities_equals_networkx(method: Method) -> None:
    graph, _ = planted()
    parts = communities(graph, method=method)
    assert modularity(graph, parts) == pytest.approx(nx.community.modularity(graph, parts), abs=1e-12)


def test_modularity_people_in_no_community_are_singletons() -> None:
    ties = two_triangles()
    given = modularity(ties, [set("abc"), set("de")])
    assert given == pytest.approx(nx.community.modularity(ties, [set("abc"), set("de"), {"f"}]))


def test_modularity_refuses_overlapping_communities() -> None:
    with pytest.raises(ValueError, match="not a partition"):
        modularity(two_triangles(), [set("abc"), set("cdef")])


def test_modularity_without_ties_is_zero() -> None:
    assert modularity(nx.Graph(), []) == 0.0
    assert modularity(nx.empty_graph(3), [{0, 1}, {2}]) == 0.0


# --- NMI ----------------------------------------------------------------------------------------


def test_nmi_by_hand() -> None:
    # Communities {a,b}, {c,d}; organisations a, b, c in X and d in Y.
    # H(C) = ln 2; H(G) = -(3/4 ln 3/4 + 1/4 ln 1/4).
    # Joint: (C0,X) = 1/2, (C1,X) = 1/4, (C1,Y) = 1/4, so
    # I = 1/2 ln(1/2 / (1/2·3/4)) + 1/4 ln(1/4 / (1/2·3/4)) + 1/4 ln(1/4 / (1/2·1/4)).
    # NMI = I / ((H(C) + H(G)) / 2), about 0.344. "e" has no group and "f" no community.
    h_c = math.log(2)
    h_g = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    mutual = 0.5 * math.log(4 / 3) + 0.25 * math.log(2 / 3) + 0.25 * math.log(2)
    groups = {"a": "X", "b": "X", "c": "X", "d": "Y", "f": "Y"}
    assert nmi([{"a", "b"}, {"c", "d", "e"}], groups) == pytest.approx(mutual / ((h_c + h_g) / 2))


def test_nmi_identical_and_independent_partitions() -> None:
    parts = [{"a", "b"}, {"c", "d"}]
    assert nmi(parts, {"a": 1, "b": 1, "c": 2, "d": 2}) == pytest.approx(1.0)
    assert nmi(parts, {"a": 1, "b": 2, "c": 1, "d": 2}) == pytest.approx(0.0)


def test_nmi_without_groups_or_communities_is_zero() -> None:
    assert nmi([{"a", "b"}], {}) == 0.0
    assert nmi([], {"a": "X"}) == 0.0
    assert nmi([{"a"}], {"a": None}) == 0.0


# --- silos --------------------------------------------------------------------------------------


def test_silos_find_the_planted_organisation_without_outside_ties() -> None:
    # Block 0 becomes the DDTM and loses every tie to the other blocks; the other blocks mix
    # four organisations (a quarter each), so none of them is a silo.
    graph, blocks = planted(seed=5)
    graph.remove_edges_from([(u, v) for u, v in graph.edges() if (blocks[u] == 0) != (blocks[v] == 0)])
    orgs = {v: "DDTM" if blocks[v] == 0 else f"org{v % 4}" for v in graph}
    parts = communities(graph, seed=0)
    assert nmi(parts, blocks) > 0.9
    found = silos(graph, parts, orgs)
    assert len(found) == 1
    silo = found[0]
    assert (silo.group, silo.members, silo.share, silo.external_share) == ("DDTM", 20, 1.0, 0.0)
    assert parts[silo.community] == frozenset(v for v in graph if blocks[v] == 0)


def silo_world() -> tuple[nx.Graph, list[set[str]], dict[str, str]]:
    # Community 0: {a, b, c, d} all A; ties a–b, b–c, c–d, a–c inside, d–e outside:
    #   share 4/4, external 1/5 = 0.2 (a silo at the default 0.2).
    # Community 1: {e, f, g} B, B, C; share 2/3 < 0.8: not a silo.
    # Community 2: {h, i, j, k, l} all D in a 5-cycle (5 inside), no tie out: share 1, external 0.
    # Community 3: {m, n} both A, tied: too small (2 < 3).
    ties = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "c"), ("d", "e")])
    ties.add_edges_from([("e", "f"), ("f", "g"), ("e", "g")])
    nx.add_cycle(ties, "hijkl")
    ties.add_edge("m", "n")
    parts = [set("abcd"), set("efg"), set("hijkl"), set("mn")]
    orgs = dict.fromkeys("abcdmn", "A") | {"e": "B", "f": "B", "g": "C"} | dict.fromkeys("hijkl", "D")
    return ties, parts, orgs


def test_silos_by_hand_sorted_most_closed_first() -> None:
    ties, parts, orgs = silo_world()
    assert silos(ties, parts, orgs) == [
        Silo(group="D", members=5, share=1.0, external_share=0.0, community=2),
        Silo(group="A", members=4, share=1.0, external_share=0.2, community=0),
    ]


def test_silos_thresholds() -> None:
    ties, parts, orgs = silo_world()
    assert [s.community for s in silos(ties, parts, orgs, max_external=0.1)] == [2]
    # Community 1: share 2/3, external 1/(3 + 1) = 0.25.
    assert [s.community for s in silos(ties, parts, orgs, min_share=0.6)] == [2, 0]
    assert [s.community for s in silos(ties, parts, orgs, min_share=0.6, max_external=0.25)] == [2, 0, 1]
    assert [s.community for s in silos(ties, parts, orgs, min_size=2)] == [2, 3, 0]


def test_silos_people_without_group_count_against_the_share() -> None:
    # {h..l} with "l" ungrouped: 4/5 = 0.8 is still a silo; with "k" ungrouped too, 3/5 is not.
    ties, parts, orgs = silo_world()
    del orgs["l"]
    assert 2 in [s.community for s in silos(ties, parts, orgs)]
    del orgs["k"]
    assert 2 not in [s.community for s in silos(ties, parts, orgs)]


def test_silos_equal_external_share_larger_first() -> None:
    ties = nx.complete_graph(["a", "b", "c"])
    nx.add_path(ties, ["d", "e", "f", "g"])
    orgs = dict.fromkeys("abc", "X") | dict.fromkeys("defg", "Y")
    found = silos(ties, [set("abc"), set("defg")], orgs)
    assert [(s.group, s.members) for s in found] == [("Y", 4), ("X", 3)]


def test_silos_skip_communities_without_ties() -> None:
    assert silos(nx.empty_graph(["a", "b", "c"]), [set("abc")], dict.fromkeys("abc", "X")) == []


def test_silos_without_groups_or_graph_are_empty() -> None:
    ties, parts, _ = silo_world()
    assert silos(ties, parts, {}) == []
    assert silos(nx.Graph(), [], {"a": "X"}) == []
    assert silos(nx.Graph(), [set("abc")], dict.fromkeys("abc", "X")) == []
