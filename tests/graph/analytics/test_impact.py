"""The lab's impact: tiny worlds computed by hand."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.analytics.groups import Employments, organisation_of
from graph.analytics.impact import Impact, cross_organisation_ties, impact, lab_edge_days
from graph.analytics.ties import person_ties
from graph.model import EdgeKind
from tests.world import random_dated_network


def in_october(g: nx.MultiDiGraph, *, lab: str | None = None) -> Impact:
    return impact(g, start=date(2026, 10, 1), end=date(2026, 10, 31), lab=lab)


def two_organisations() -> nx.MultiDiGraph:
    """A1, A2 at org:a; B1, B2 at org:b. A1–A2 and B1–B2 work together since January 2026, and
    A1–B2 since March (the one cross tie before October)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(["org:a", "org:b", "org:c"], node_kind="Organisation")
    for person, org in (("a1", "a"), ("a2", "a"), ("b1", "b"), ("b2", "b")):
        g.add_node(f"person:{person}", node_kind="Person", name=person.upper())
        g.add_edge(f"person:{person}", f"org:{org}", key="WORKS_AT", since="2015-01-01")
    projects = {
        "pa": ("a1", "a2", "2026-01-05"),
        "pb": ("b1", "b2", "2026-01-05"),
        "pab": ("a1", "b2", "2026-03-02"),
    }
    for project, (u, v, start) in projects.items():
        g.add_node(f"project:{project}", node_kind="Project", start_date=start)
        g.add_edge(f"person:{u}", f"project:{project}", key="CONTRIBUTES_TO")
        g.add_edge(f"person:{v}", f"project:{project}", key="CONTRIBUTES_TO")
    return g


def introduce(g: nx.MultiDiGraph, u: str, v: str, day: str, lab: str = "lab:x") -> None:
    g.add_edge(
        f"person:{u}", f"person:{v}", key="INTRODUCED", since=day, provenance=lab, project="project:pa"
    )


def test_the_only_new_cross_tie_made_by_a_lab_introduction_is_the_whole_change() -> None:
    g = two_organisations()
    introduce(g, "a2", "b1", "2026-10-14")
    assert in_october(g) == Impact(
        introductions=1, real_work=0, cross_ties_before=1, cross_ties_after=2, from_lab_introductions=1
    )
    assert in_october(g).cross_ties_change == 1
    assert in_october(g).share_from_lab == 1.0


def test_a_new_cross_tie_through_a_project_is_not_the_labs() -> None:
    g = two_organisations()
    g.add_node("project:new", node_kind="Project", start_date="2026-10-20")
    g.add_edge("person:a2", "project:new", key="CONTRIBUTES_TO")
    g.add_edge("person:b1", "project:new", key="CONTRIBUTES_TO")
    result = in_october(g)
    assert (result.introductions, result.cross_ties_change, result.from_lab_introductions) == (0, 1, 0)
    assert result.share_from_lab == 0.0


def test_half_of_the_new_cross_ties_from_the_lab() -> None:
    g = two_organisations()
    introduce(g, "a2", "b1", "2026-10-14")
    g.add_node("project:new", node_kind="Project", start_date="2026-10-20")
    g.add_edge("person:a2", "project:new", key="CONTRIBUTES_TO")
    g.add_edge("person:b2", "project:new", key="CONTRIBUTES_TO")
    assert in_october(g).share_from_lab == 0.5


def test_an_introduction_inside_one_organisation_adds_no_cross_tie() -> None:
    g = two_organisations()
    introduce(g, "b1", "b2", "2026-10-03")  # already tied through pb: no new tie at all
    result = in_october(g)
    assert (result.introductions, result.cross_ties_change, result.from_lab_introductions) == (1, 0, 0)
    assert result.share_from_lab is None  # no change: no share of it


def test_introductions_and_work_outside_the_period_or_not_from_a_lab_are_not_counted() -> None:
    g = two_organisations()
    introduce(g, "a2", "b1", "2026-09-30")  # the day before: already there at the start
    g.add_edge("person:a2", "project:pb", key="CONTRIBUTES_TO", since="2026-10-05", provenance="lab:x")
    g.add_edge("person:b1", "project:pa", key="CONTRIBUTES_TO", since="2026-10-06", provenance="import")
    result = in_october(g)
    assert (result.introductions, result.real_work, result.from_lab_introductions) == (0, 1, 0)
    assert lab_edge_days(g, EdgeKind.CONTRIBUTES_TO) == [date(2026, 10, 5)]


def test_only_the_named_labs_introductions_count_when_a_lab_is_given() -> None:
    g = two_organisations()
    introduce(g, "a2", "b1", "2026-10-14", lab="lab:y")
    assert in_october(g).from_lab_introductions == 1
    mine = in_october(g, lab="lab:x")
    assert (mine.introductions, mine.from_lab_introductions, mine.share_from_lab) == (0, 0, 0.0)


def test_a_loss_of_cross_ties_has_no_share() -> None:
    g = two_organisations()
    # B2 joins A in October: the A1–B2 tie no longer crosses.
    g.add_edge("person:b2", "org:b", key="WORKS_AT", since="2015-01-01", until="2026-09-30")
    g.add_edge("person:b2", "org:a", key="WORKS_AT", since="2026-10-01")
    result = in_october(g)
    # Before: A1–B2. After: B1–B2 crosses now (B2 at A), A1–B2 does not.
    assert (result.cross_ties_before, result.cross_ties_after) == (1, 1)
    g.remove_edge("person:b2", "project:pb", key="CONTRIBUTES_TO")
    lost = in_october(g)
    assert (lost.cross_ties_before, lost.cross_ties_after, lost.cross_ties_change) == (1, 0, -1)
    assert lost.share_from_lab is None


def test_the_share_is_at_most_one_when_cross_ties_were_also_lost() -> None:
    g = two_organisations()
    g.add_node("person:c1", node_kind="Person", name="C1")
    g.add_edge("person:c1", "org:c", key="WORKS_AT", since="2015-01-01")
    g.remove_edge("person:b2", "project:pb", key="CONTRIBUTES_TO")
    g.add_edge("person:b2", "org:b", key="WORKS_AT", since="2015-01-01", until="2026-09-30")
    g.add_edge("person:b2", "org:a", key="WORKS_AT", since="2026-10-01")  # A1–B2 stops crossing
    introduce(g, "a1", "c1", "2026-10-02")
    introduce(g, "a2", "c1", "2026-10-02")
    result = in_october(g)
    assert (result.cross_ties_before, result.cross_ties_after, result.from_lab_introductions) == (1, 2, 2)
    assert result.share_from_lab == 1.0  # 2 / 1, capped: the lab made all of the net change


def test_cross_organisation_ties_leave_out_people_without_an_organisation() -> None:
    ties = nx.Graph([("a", "b"), ("a", "x"), ("b", "c")])
    assert cross_organisation_ties(ties, {"a": 1, "b": 1, "c": 2}) == {frozenset(("b", "c"))}


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="end"):
        impact(two_organisations(), start=date(2026, 10, 31), end=date(2026, 10, 1))


def test_the_callers_ties_and_employments_give_the_same_impact() -> None:
    g = two_organisations()
    introduce(g, "a2", "b1", "2026-10-14")
    introduce(g, "a1", "a2", "2026-09-14")
    given = impact(
        g,
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        ties=person_ties(g, until=date(2026, 10, 31)),
        employments=Employments.of(g),
    )
    assert given == in_october(g)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("lab", [None, "lab:x"])
def test_random_networks_match_two_separate_days_of_ties(seed: int, lab: str | None) -> None:
    """impact reads the day before from the ties of the end; the reference builds both days."""
    network = random_dated_network(seed)
    start, end = date(2026, 6, 1), date(2026, 8, 31)
    before_ties = person_ties(network, until=date(2026, 5, 31))
    after_ties = person_ties(network, until=end)
    before = cross_organisation_ties(before_ties, organisation_of(network, until=date(2026, 5, 31)))
    after = cross_organisation_ties(after_ties, organisation_of(network, until=end))
    from_lab = {
        pair
        for pair in after - before
        if "introduction" in after_ties.edges[tuple(pair)]["kinds"]
        and (
            after_ties.edges[tuple(pair)]["provenance"]
            if lab is None
            else lab in after_ties.edges[tuple(pair)]["provenance"]
        )
    }
    found = impact(network, start=start, end=end, lab=lab)
    assert (found.cross_ties_before, found.cross_ties_after) == (len(before), len(after))
    assert found.from_lab_introductions == len(from_lab)
