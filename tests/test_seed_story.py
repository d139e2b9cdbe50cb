"""The seed network tells what a network-health report should find (FICTIONAL data, no model).

A dated recent year (2025-11 to 2026-10), the lab's introductions opening up the Eure open-data
group to other administrations, and one silo: read with ``graph.analytics`` as a report would.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Hashable
from datetime import date

import networkx as nx
import pytest

from graph.analytics import communities, person_groups, person_ties, silos
from graph.analytics.ties import as_day
from graph.model import EdgeKind
from tests.world import seed_network

LAB = "lab:innovmandie"
OPEN_DATA = "project:opendata-eure"
"""The Eure open-data group is this project's team."""
SILO = "org:sdcaf-manche"
"""The fictional Service départemental du cadastre et des archives foncières de la Manche."""
YEAR = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
"""The twelve months of reports before 2026-12-01."""
ACTIVITY = {EdgeKind.CONTRIBUTES_TO.value, EdgeKind.SUBMITTED.value, EdgeKind.INTRODUCED.value}


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    return seed_network()


def month_end(month: str) -> date:
    year, number = map(int, month.split("-"))
    return date(year, number, calendar.monthrange(year, number)[1])


def group_at(network: nx.MultiDiGraph, day: date) -> set[str]:
    """The people on the open-data project on that day (undated memberships count)."""
    return {
        person
        for person, _, kind, data in network.in_edges(OPEN_DATA, keys=True, data=True)
        if kind in (EdgeKind.CONTRIBUTES_TO.value, EdgeKind.SUBMITTED.value)
        and ((since := as_day(data.get("since"))) is None or since <= day)
    }


def cross_administration_ties(network: nx.MultiDiGraph, month: str) -> int:
    """Ties, at the end of the month, between a member of the group and someone of another
    administration (each tie once)."""
    day = month_end(month)
    ties = person_ties(network, until=day)
    administration = person_groups(network, by="administration")
    return len(
        {
            frozenset((member, other))
            for member in group_at(network, day)
            for other in ties[member]
            if other in administration and administration[other] != administration.get(member)
        }
    )


def test_every_month_of_the_year_has_dated_participations_and_introductions(
    network: nx.MultiDiGraph,
) -> None:
    per_month: dict[str, Counter[str]] = {month: Counter() for month in YEAR}
    for _, _, kind, data in network.edges(keys=True, data=True):
        since = as_day(data.get("since"))
        if kind in ACTIVITY and since is not None and since.isoformat()[:7] in per_month:
            per_month[since.isoformat()[:7]][kind] += 1
    for month, counts in per_month.items():
        assert sum(counts.values()) >= 3, (month, counts)
        assert counts[EdgeKind.INTRODUCED.value] >= 1, (month, counts)
    started = [
        p
        for p, data in network.nodes(data=True)
        if data.get("node_kind") == "Project" and str(data.get("start_date"))[:7] in per_month
    ]
    assert len(started) >= 4


def test_the_silo_is_the_cadastre_service_and_nothing_else(network: nx.MultiDiGraph) -> None:
    ties = person_ties(network)
    by_organisation: dict[Hashable, str] = {
        person: org for person, org in person_groups(network, by="organisation").items()
    }
    found = silos(ties, communities(ties, seed=0), by_organisation)
    assert [s.group for s in found] == [SILO]
    (silo,) = found
    assert 6 <= silo.members <= 8
    assert silo.share == 1.0
    assert silo.external_share == 0.0
    assert silo.members == sum(1 for org in by_organisation.values() if org == SILO)


def test_the_labs_introductions_widen_the_eure_open_data_group(network: nx.MultiDiGraph) -> None:
    by_month = {month: cross_administration_ties(network, month) for month in YEAR[-6:]}
    assert by_month["2026-10"] > by_month["2026-05"]
    assert by_month["2026-10"] > by_month["2026-09"]
    months = list(by_month.values())
    assert months == sorted(months)  # it grows over the summer, month after month
    lab_work = [
        person
        for person, _, kind, data in network.in_edges(OPEN_DATA, keys=True, data=True)
        if kind == EdgeKind.CONTRIBUTES_TO.value and data.get("provenance") == LAB
    ]
    assert len(lab_work) >= 3  # introductions that led to work on the project


def test_most_new_cross_organisation_ties_of_october_come_from_lab_introductions(
    network: nx.MultiDiGraph,
) -> None:
    ties = person_ties(network)
    organisation = person_groups(network, by="organisation")
    new = [
        data
        for u, v, data in ties.edges(data=True)
        if data["since"] is not None
        and data["since"].isoformat()[:7] == "2026-10"
        and organisation.get(u) != organisation.get(v)
    ]
    from_lab = [data for data in new if "introduction" in data["kinds"] and LAB in data["provenance"]]
    assert new
    assert len(from_lab) >= len(new) / 2
