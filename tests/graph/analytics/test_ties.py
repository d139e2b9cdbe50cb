"""People's ties from the network: hand-made worlds, the `until` cut, and networkx's projection."""

from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest

from graph.analytics.ties import as_day, person_ties
from graph.embedded import EmbeddedStore
from graph.model import Edge, EdgeKind, Lab, Node, Organisation, OrgKind, Person, Project, Record, Role
from graph.snapshot import build_graph
from tests.world import random_dated_network, tiny_world


def snapshot_of(records: list[Record]) -> nx.MultiDiGraph:
    """The graph a store's ``snapshot()`` gives for these records (dates as ISO strings)."""
    return build_graph(
        [r for r in records if isinstance(r, Node)], [r for r in records if isinstance(r, Edge)]
    )


def person(slug: str) -> Person:
    return Person(id=f"person:{slug}", name=slug.upper(), roles=(Role.AGENT,))


def edge(kind: EdgeKind, source: str, target: str, **attributes: object) -> Edge:
    return Edge.model_validate({"kind": kind, "source": source, "target": target, **attributes})


def five_people() -> nx.MultiDiGraph:
    """a, b, c on project p (2022); a, b on project q (2024); c introduced d; e alone.

    a and b work at org:x, c at org:y, d at lab:l.
    """
    return snapshot_of(
        [
            *(person(s) for s in "abcde"),
            Organisation(id="org:x", name="X", kind=OrgKind.STATE_DECONCENTRATED),
            Organisation(id="org:y", name="Y", kind=OrgKind.LOCAL_AUTHORITY),
            Lab(id="lab:l", name="L"),
            Project(id="project:p", title="P", start_date="2022-01-01"),
            Project(id="project:q", title="Q", start_date="2024-06-01"),
            edge(EdgeKind.CONTRIBUTES_TO, "person:a", "project:p", since="2022-03-01"),
            edge(EdgeKind.CONTRIBUTES_TO, "person:b", "project:p"),
            edge(EdgeKind.SUBMITTED, "person:c", "project:p", since="2021-12-01"),
            edge(EdgeKind.CONTRIBUTES_TO, "person:a", "project:q"),
            edge(EdgeKind.CONTRIBUTES_TO, "person:b", "project:q"),
            edge(
                EdgeKind.INTRODUCED,
                "person:c",
                "person:d",
                since="2023-05-10",
                provenance="lab:l",
                project="project:p",
            ),
            edge(EdgeKind.WORKS_AT, "person:a", "org:x", since="2019-01-01"),
            edge(EdgeKind.WORKS_AT, "person:b", "org:x", since="2020-09-01"),
            edge(EdgeKind.WORKS_AT, "person:c", "org:y"),
            edge(EdgeKind.WORKS_AT, "person:d", "lab:l"),
        ]
    )


def pairs(ties: nx.Graph) -> list[tuple[str, str]]:
    return sorted(tuple(sorted((u[7:], v[7:]))) for u, v in ties.edges())


def test_every_person_is_a_node_with_a_name_even_alone() -> None:
    ties = person_ties(five_people())
    assert sorted(ties.nodes) == [f"person:{s}" for s in "abcde"]
    assert ties.nodes["person:e"] == {"name": "E"}
    assert ties.degree("person:e") == 0


def test_project_and_introduction_ties_by_default() -> None:
    ties = person_ties(five_people())
    assert pairs(ties) == [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")]


def test_project_tie_is_dated_by_the_later_member_and_counts_each_project() -> None:
    ab = person_ties(five_people()).edges["person:a", "person:b"]
    # On p: a since 2022-03-01, b undated -> p's start 2022-01-01; the later: 2022-03-01.
    # On q: both undated -> q's start 2024-06-01. The tie's since: the earlier, 2022-03-01.
    assert ab == {
        "kinds": frozenset({"project"}),
        "since": date(2022, 3, 1),
        "provenance": frozenset(),
        "weight": 2,
    }


def test_member_dated_before_the_start_is_on_the_project_from_its_start() -> None:
    ties = person_ties(five_people())
    # b: p's start 2022-01-01; c: 2021-12-01 (submitted before the start), so 2022-01-01 too.
    assert ties.edges["person:b", "person:c"]["since"] == date(2022, 1, 1)
    # a: 2022-03-01; c: 2022-01-01: the later, 2022-03-01.
    assert ties.edges["person:a", "person:c"]["since"] == date(2022, 3, 1)
    # Cut between c's edge and p's start: p is not there yet, nor the tie.
    assert pairs(person_ties(five_people(), until=date(2021, 12, 31))) == []


def test_an_undated_reason_makes_the_tie_hold_whatever_the_day() -> None:
    network = five_people()
    # a also has an undated edge to p: a is on p from its start, and a–c holds from 2022-01-01.
    network.add_edge("person:a", "project:p", key=EdgeKind.SUBMITTED.value)
    assert person_ties(network).edges["person:a", "person:c"]["since"] == date(2022, 1, 1)
    # An undated introduction of c to a: the tie a–c exists at any cut, so its since is None.
    network.add_edge("person:c", "person:a", key=EdgeKind.INTRODUCED.value, provenance="lab:l")
    assert person_ties(network).edges["person:a", "person:c"]["since"] is None
    assert ("a", "c") in pairs(person_ties(network, until=date(2000, 1, 1)))


@pytest.mark.parametrize("seed", range(8))
def test_the_ties_of_an_earlier_day_are_those_dated_no_later(seed: int) -> None:
    network = random_dated_network(seed)
    reasons = ("project", "introduction", "organisation")
    whole = person_ties(network, through=reasons)
    for cut in (date(2025, 12, 31), date(2026, 3, 15), date(2026, 7, 1), date(2026, 12, 31)):
        expected = {frozenset(e): day for *e, day in whole.edges(data="since") if day is None or day <= cut}
        then = person_ties(network, through=reasons, until=cut)
        assert {frozenset(e): day for *e, day in then.edges(data="since")} == expected, cut


def test_introduction_tie_carries_its_day_and_its_lab() -> None:
    cd = person_ties(five_people()).edges["person:c", "person:d"]
    assert cd == {
        "kinds": frozenset({"introduction"}),
        "since": date(2023, 5, 10),
        "provenance": frozenset({"lab:l"}),
        "weight": 1,
    }


def test_until_drops_later_projects_and_introductions() -> None:
    ties = person_ties(five_people(), until=date(2023, 1, 1))
    # q starts 2024-06-01 and the introduction is 2023-05-10: both after the cut.
    assert pairs(ties) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert ties.edges["person:a", "person:b"]["weight"] == 1
    assert ties.number_of_nodes() == 5


def test_until_drops_a_member_who_joined_later() -> None:
    # a joined p on 2022-03-01, after the cut; b (undated) and c (2021-12-01) stay.
    ties = person_ties(five_people(), until=date(2022, 2, 1))
    assert pairs(ties) == [("b", "c")]


def test_until_on_the_day_itself_keeps_the_edge() -> None:
    ties = person_ties(five_people(), through=("introduction",), until=date(2023, 5, 10))
    assert pairs(ties) == [("c", "d")]


def test_organisation_ties_only_when_asked() -> None:
    ties = person_ties(five_people(), through=("organisation",))
    # a and b at org:x; c alone at org:y; d alone at lab:l.
    assert pairs(ties) == [("a", "b")]
    assert ties.edges["person:a", "person:b"]["since"] == date(2020, 9, 1)  # the later of the two


def test_all_reasons_add_up_in_kinds_and_weight() -> None:
    ab = person_ties(five_people(), through=("project", "introduction", "organisation")).edges[
        "person:a", "person:b"
    ]
    # Two shared projects and one shared organisation: weight 3. Earliest since: 2020-09-01.
    assert ab["kinds"] == frozenset({"project", "organisation"})
    assert ab["weight"] == 3
    assert ab["since"] == date(2020, 9, 1)


def test_through_a_single_string_is_one_reason() -> None:
    assert pairs(person_ties(five_people(), through="introduction")) == [("c", "d")]


def test_through_nothing_gives_people_without_ties() -> None:
    ties = person_ties(five_people(), through=())
    assert ties.number_of_nodes() == 5
    assert ties.number_of_edges() == 0


def test_unknown_through_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=r"'colleagues'.*introduction, organisation"):
        person_ties(five_people(), through=("project", "colleagues"))


def test_introductions_both_ways_weigh_two() -> None:
    network = snapshot_of(
        [
            person("a"),
            person("b"),
            Project(id="project:p", title="P"),
            edge(EdgeKind.INTRODUCED, "person:a", "person:b", provenance="lab:one", project="project:p"),
            edge(EdgeKind.INTRODUCED, "person:b", "person:a", provenance="lab:two", project="project:p"),
        ]
    )
    ab = person_ties(network).edges["person:a", "person:b"]
    assert ab["weight"] == 2
    assert ab["provenance"] == frozenset({"lab:one", "lab:two"})
    assert ab["since"] is None  # nothing dated


def test_network_without_people_gives_an_empty_graph() -> None:
    network = snapshot_of([Organisation(id="org:x", name="X", kind=OrgKind.COMPANY)])
    ties = person_ties(network, through=("project", "introduction", "organisation"))
    assert ties.number_of_nodes() == 0


def test_through_the_real_store_snapshot(sqlite_store: EmbeddedStore) -> None:
    sqlite_store.upsert(tiny_world())
    ties = person_ties(sqlite_store.snapshot())
    # Alice and Bruno share no project; Innov'mandie introduced them on 2023-05-10.
    assert sorted(ties.nodes) == ["person:alice-martin", "person:bruno-lefevre"]
    assert ties.edges["person:alice-martin", "person:bruno-lefevre"] == {
        "kinds": frozenset({"introduction"}),
        "since": date(2023, 5, 10),
        "provenance": frozenset({"lab:innovmandie"}),
        "weight": 1,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_project_ties_are_networkx_weighted_projection(seed: int) -> None:
    rng = random.Random(seed)
    people = [f"person:p{i}" for i in range(40)]
    projects = [f"project:j{i}" for i in range(15)]
    network = nx.MultiDiGraph()
    network.add_nodes_from(people, node_kind="Person")
    network.add_nodes_from(projects, node_kind="Project")
    bipartite = nx.Graph()
    bipartite.add_nodes_from(people + projects)
    for project in projects:
        for member in rng.sample(people, rng.randint(0, 8)):
            kind = rng.choice([EdgeKind.CONTRIBUTES_TO, EdgeKind.SUBMITTED])
            network.add_edge(member, project, key=kind.value)
            if rng.random() < 0.3:  # both edges to one project: still one shared project
                network.add_edge(member, project, key=EdgeKind.CONTRIBUTES_TO.value)
                network.add_edge(member, project, key=EdgeKind.SUBMITTED.value)
            bipartite.add_edge(member, project)
    expected = nx.bipartite.weighted_projected_graph(bipartite, people)
    ties = person_ties(network, through=("project",))
    assert sorted(ties.nodes) == sorted(people)
    assert {frozenset(e): w for *e, w in ties.edges(data="weight")} == {
        frozenset(e): w for *e, w in expected.edges(data="weight")
    }


def test_as_day_reads_snapshot_strings_and_dates() -> None:
    assert as_day("2023-05-10") == date(2023, 5, 10)
    assert as_day(date(2020, 1, 1)) == date(2020, 1, 1)
    assert as_day("") is None
    assert as_day(None) is None


def test_edge_arrays_are_read_again_when_the_graph_grows_and_weights_always() -> None:
    from graph.analytics.ties import edge_arrays

    ties = nx.Graph([("a", "b"), ("b", "c")])
    u, v, w = edge_arrays(ties)
    assert (u.tolist(), v.tolist(), w.tolist()) == ([0, 1], [1, 2], [1.0, 1.0])
    ties.add_edge("c", "d", weight=3)
    u, v, w = edge_arrays(ties, "weight")
    assert (u.tolist(), v.tolist(), w.tolist()) == ([0, 1, 2], [1, 2, 3], [1.0, 1.0, 3.0])
    ties.edges["a", "b"]["weight"] = 5  # same counts, new weight: read again
    assert edge_arrays(ties, "weight")[2].tolist() == [5.0, 1.0, 3.0]
