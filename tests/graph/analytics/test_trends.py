"""Monthly series: months, a tiny world by hand, and the seed network against the reference
functions (``person_ties(until=…)``, ``ei_index``, ``cross_organisation_ties``) month by month."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.analytics.ei import ei_index
from graph.analytics.groups import Employments, administration_of, person_groups
from graph.analytics.impact import cross_organisation_ties
from graph.analytics.ties import person_ties
from graph.analytics.trends import Change, Month, changes, monthly_figures
from tests.world import random_dated_network, seed_network


def test_months_move_across_years_and_know_their_last_day() -> None:
    assert str(Month(2026, 1).previous()) == "2025-12"
    assert str(Month(2025, 11).shifted(14)) == "2027-01"
    assert Month(2028, 2).last_day == date(2028, 2, 29)
    assert Month(2026, 12).last_day == date(2026, 12, 31)
    assert Month.of(date(2026, 10, 14)) == Month(2026, 10) < Month(2026, 11)
    with pytest.raises(ValueError, match="month"):
        Month(2026, 13)


def small_world() -> nx.MultiDiGraph:
    """A1, A2 at org:a (under org:top), B1 at org:b (its own administration), C1 at org:c (under
    org:top too). A1–B1 share a project from 2026-09-10; the lab introduces A1 to A2 on 2026-10-03
    and A2 to C1 on 2026-10-20; B1 and C1 share an undated project (a tie every month)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(["org:a", "org:b", "org:c", "org:top"], node_kind="Organisation")
    g.add_edge("org:a", "org:top", key="PART_OF")
    g.add_edge("org:c", "org:top", key="PART_OF")
    for person, org in (("a1", "a"), ("a2", "a"), ("b1", "b"), ("c1", "c")):
        g.add_node(f"person:{person}", node_kind="Person")
        g.add_edge(f"person:{person}", f"org:{org}", key="WORKS_AT")
    g.add_node("project:p", node_kind="Project", start_date="2026-09-10")
    g.add_node("project:q", node_kind="Project")
    for person, project in (("a1", "p"), ("b1", "p"), ("b1", "q"), ("c1", "q")):
        g.add_edge(f"person:{person}", f"project:{project}", key="CONTRIBUTES_TO")
    for u, v, day in (("a1", "a2", "2026-10-03"), ("a2", "c1", "2026-10-20")):
        g.add_edge(f"person:{u}", f"person:{v}", key="INTRODUCED", since=day, provenance="lab:x")
    return g


def test_the_callers_employments_and_administrations_give_the_same_figures() -> None:
    g = small_world()
    given = monthly_figures(
        g,
        last=Month(2026, 10),
        months=3,
        employments=Employments.of(g),
        administration=administration_of(g),
    )
    assert given == monthly_figures(g, last=Month(2026, 10), months=3)


def test_small_world_month_by_month() -> None:
    rows = [
        (f.period, f.people, f.ties, f.ei_administration, f.cross_ties, f.lab_introductions)
        for f in monthly_figures(small_world(), last=Month(2026, 10), months=3)
    ]
    # August: B1–C1 only (top vs b: external). September: + A1–B1 (external). October: + A1–A2
    # (internal: both at A) and A2–C1 (internal by administration, external by organisation).
    assert rows == [
        ("2026-08", 2, 1, 1.0, 1, 0),
        ("2026-09", 3, 2, 1.0, 2, 0),
        ("2026-10", 4, 4, 0.0, 3, 2),
    ]


def test_a_later_employer_counts_from_its_first_day() -> None:
    g = small_world()
    g.remove_edge("person:a2", "org:a", key="WORKS_AT")
    g.add_edge("person:a2", "org:b", key="WORKS_AT", since="2026-10-15")
    (october,) = monthly_figures(g, last=Month(2026, 10), months=1)
    # A2 is at B in October: A1–A2 and A2–C1 both cross organisations and administrations.
    assert (october.cross_ties, october.ei_administration) == (4, 1.0)


def test_a_single_month_and_no_month() -> None:
    assert len(monthly_figures(small_world(), last=Month(2026, 10), months=1)) == 1
    with pytest.raises(ValueError, match="months"):
        monthly_figures(small_world(), last=Month(2026, 10), months=0)


def test_changes_give_previous_current_and_delta() -> None:
    assert changes({"ties": 12, "ei": -0.1, "new": 3}, {"ties": 10, "ei": -0.3}) == [
        Change("ties", 10, 12, 2),
        Change("ei", -0.3, -0.1, 0.2),
        Change("new", None, 3, None),
    ]


def test_seed_network_series_matches_the_reference_functions_every_month() -> None:
    network = seed_network()
    series = monthly_figures(network, last=Month(2025, 3), months=40)
    assert series[0].ties == 0 < series[-1].ties  # from before the first tie to the last one
    for figures in series:
        day = Month(*map(int, figures.period.split("-"))).last_day
        ties = person_ties(network, until=day)
        administration = person_groups(network, by="administration", until=day)
        organisation = person_groups(network, by="organisation", until=day)
        assert figures.ties == ties.number_of_edges(), figures.period
        assert figures.people == sum(1 for p in ties if ties.degree(p) > 0)
        assert figures.ei_administration == pytest.approx(ei_index(ties, administration))
        assert figures.cross_ties == len(cross_organisation_ties(ties, organisation))
    assert sum(f.lab_introductions for f in series) > 0


@pytest.mark.parametrize("seed", range(6))
def test_random_networks_match_the_reference_functions_every_month(seed: int) -> None:
    """Every dating case, among them members dated before their project's start."""
    network = random_dated_network(seed)
    for figures in monthly_figures(network, last=Month(2026, 12), months=13):
        day = Month(*map(int, figures.period.split("-"))).last_day
        ties = person_ties(network, until=day)
        organisation = person_groups(network, by="organisation", until=day)
        administration = person_groups(network, by="administration", until=day)
        assert figures.ties == ties.number_of_edges(), figures.period
        assert figures.people == sum(1 for p in ties if ties.degree(p) > 0), figures.period
        assert figures.ei_administration == pytest.approx(ei_index(ties, administration))
        assert figures.cross_ties == len(cross_organisation_ties(ties, organisation)), figures.period
