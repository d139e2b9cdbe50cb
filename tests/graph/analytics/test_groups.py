"""Who belongs where: employers, administrations, sectors and territories."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.analytics.groups import (
    GROUPINGS,
    SECTOR_OF_KIND,
    SECTORS,
    Employments,
    administration_of,
    organisation_of,
    person_groups,
    sector_of,
    territory_of,
)
from graph.model import (
    Edge,
    EdgeKind,
    Lab,
    Node,
    Organisation,
    OrgKind,
    Person,
    Project,
    Record,
    Role,
    Territory,
    TerritoryKind,
)
from graph.snapshot import build_graph
from tests.world import tiny_world


def snapshot_of(records: list[Record]) -> nx.MultiDiGraph:
    return build_graph(
        [r for r in records if isinstance(r, Node)], [r for r in records if isinstance(r, Edge)]
    )


def person(slug: str) -> Person:
    return Person(id=f"person:{slug}", name=slug.upper(), roles=(Role.AGENT,))


def org(slug: str, kind: OrgKind = OrgKind.STATE_DECONCENTRATED) -> Organisation:
    return Organisation(id=f"org:{slug}", name=slug.upper(), kind=kind)


def edge(kind: EdgeKind, source: str, target: str, **attributes: object) -> Edge:
    return Edge.model_validate({"kind": kind, "source": source, "target": target, **attributes})


def territory(code: str) -> Territory:
    return Territory(id=f"territory:dep-{code}", kind=TerritoryKind.DEPARTEMENT, name=code, code=code)


def test_most_recent_employer_wins_and_until_goes_back() -> None:
    network = snapshot_of(
        [
            person("a"),
            org("old"),
            org("new"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:old", since="2015-01-01"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:new", since="2021-06-01"),
        ]
    )
    assert organisation_of(network) == {"person:a": "org:new"}
    assert organisation_of(network, until=date(2021, 5, 31)) == {"person:a": "org:old"}
    assert organisation_of(network, until=date(2014, 1, 1)) == {}


def test_same_since_breaks_ties_by_id_and_undated_counts_as_oldest() -> None:
    network = snapshot_of(
        [
            person("a"),
            person("b"),
            org("x"),
            org("y"),
            org("z"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:y", since="2020-01-01"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:x", since="2020-01-01"),
            edge(EdgeKind.WORKS_AT, "person:b", "org:x"),
            edge(EdgeKind.WORKS_AT, "person:b", "org:z", since="2000-01-01"),
        ]
    )
    assert organisation_of(network) == {"person:a": "org:x", "person:b": "org:z"}


def test_ongoing_employment_beats_an_ended_one_and_the_last_stays_when_all_ended() -> None:
    network = snapshot_of(
        [
            person("a"),
            person("b"),
            org("x"),
            org("y"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:x", since="2022-01-01", until="2023-01-01"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:y", since="2010-01-01"),
            edge(EdgeKind.WORKS_AT, "person:b", "org:x", since="2022-01-01", until="2023-01-01"),
        ]
    )
    assert organisation_of(network) == {"person:a": "org:y", "person:b": "org:x"}
    # On 2022-06-01, a's job at x had not ended yet, and it is the more recent.
    assert organisation_of(network, until=date(2022, 6, 1))["person:a"] == "org:x"


def test_employments_read_once_answer_as_organisation_of_on_every_day() -> None:
    network = snapshot_of(
        [
            person("a"),
            person("b"),
            person("c"),
            org("x"),
            org("y"),
            org("z"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:x", since="2022-01-01", until="2023-01-01"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:y", since="2010-01-01"),
            edge(EdgeKind.WORKS_AT, "person:b", "org:x"),
            edge(EdgeKind.WORKS_AT, "person:b", "org:z", since="2022-01-01"),
            edge(EdgeKind.WORKS_AT, "person:c", "org:y", since="2022-01-01", until="2022-06-30"),
            territory("27"),
            territory("61"),
            edge(EdgeKind.LOCATED_IN, "org:x", "territory:dep-27"),
            edge(EdgeKind.LOCATED_IN, "org:z", "territory:dep-61"),
        ]
    )
    employments = Employments.of(network)
    days = [None, date(2009, 12, 31), date(2021, 12, 31), date(2022, 1, 1), date(2022, 6, 30)]
    days += [date(2022, 7, 1), date(2023, 1, 1), date(2023, 1, 2)]
    for day in days:
        assert employments.as_of(day) == organisation_of(network, until=day), day
    for day in (date(2021, 12, 31), date(2022, 3, 1)):
        on_day = territory_of(network, until=day, employments=employments)
        assert on_day == territory_of(network, until=day)
    assert on_day == {"person:a": "territory:dep-27", "person:b": "territory:dep-61"}


def test_a_lab_is_its_own_group() -> None:
    network = snapshot_of(
        [
            person("a"),
            org("sgar"),
            Lab(id="lab:l", name="L"),
            edge(EdgeKind.PART_OF, "lab:l", "org:sgar"),
            edge(EdgeKind.WORKS_AT, "person:a", "lab:l"),
        ]
    )
    assert organisation_of(network) == {"person:a": "lab:l"}
    assert person_groups(network, by="administration") == {"person:a": "org:sgar"}
    assert person_groups(network, by="sector") == {"person:a": "État"}


def test_administration_follows_part_of_to_the_root() -> None:
    network = snapshot_of(
        [
            org("prefecture"),
            org("ddt"),
            org("service"),
            org("alone"),
            Lab(id="lab:l", name="L"),
            edge(EdgeKind.PART_OF, "org:service", "org:ddt"),
            edge(EdgeKind.PART_OF, "org:ddt", "org:prefecture"),
            edge(EdgeKind.PART_OF, "lab:l", "org:service"),
        ]
    )
    assert administration_of(network) == {
        "lab:l": "org:prefecture",
        "org:alone": "org:alone",
        "org:ddt": "org:prefecture",
        "org:prefecture": "org:prefecture",
        "org:service": "org:prefecture",
    }


def test_administration_is_cycle_safe() -> None:
    # y -> z -> x -> y is a cycle; w hangs below it. The cycle's smallest id stands for it.
    network = snapshot_of(
        [
            org("w"),
            org("x"),
            org("y"),
            org("z"),
            edge(EdgeKind.PART_OF, "org:y", "org:z"),
            edge(EdgeKind.PART_OF, "org:z", "org:x"),
            edge(EdgeKind.PART_OF, "org:x", "org:y"),
            edge(EdgeKind.PART_OF, "org:w", "org:z"),
        ]
    )
    assert administration_of(network) == dict.fromkeys(["org:w", "org:x", "org:y", "org:z"], "org:x")


def test_every_org_kind_has_a_sector() -> None:
    assert set(SECTOR_OF_KIND) == set(OrgKind)
    assert set(SECTOR_OF_KIND.values()) == set(SECTORS)


def test_sector_table() -> None:
    network = snapshot_of([org(kind.value.replace("_", "-"), kind) for kind in OrgKind])
    assert sector_of(network) == {
        "org:association": "société civile",
        "org:company": "entreprise",
        "org:local-authority": "collectivité",
        "org:public-operator": "État",
        "org:state-central": "État",
        "org:state-deconcentrated": "État",
        "org:university": "recherche",
    }


def test_territory_is_the_persons_else_their_organisations() -> None:
    network = snapshot_of(
        [
            person("a"),
            person("b"),
            person("c"),
            org("x"),
            org("y"),
            territory("27"),
            territory("61"),
            edge(EdgeKind.LOCATED_IN, "person:a", "territory:dep-61"),
            edge(EdgeKind.WORKS_AT, "person:a", "org:x"),
            edge(EdgeKind.WORKS_AT, "person:b", "org:x"),
            edge(EdgeKind.WORKS_AT, "person:c", "org:y"),
            edge(EdgeKind.LOCATED_IN, "org:x", "territory:dep-27"),
        ]
    )
    # c's organisation has no territory: c is absent.
    assert territory_of(network) == {"person:a": "territory:dep-61", "person:b": "territory:dep-27"}
    assert person_groups(network, by="territory") == territory_of(network)


def test_person_groups_on_the_tiny_world() -> None:
    network = snapshot_of(tiny_world())
    alice, bruno = "person:alice-martin", "person:bruno-lefevre"
    assert person_groups(network, by="organisation") == {alice: "org:ddtm-eure", bruno: "org:ville-alencon"}
    assert person_groups(network, by="administration") == person_groups(network, by="organisation")
    assert person_groups(network, by="sector") == {alice: "État", bruno: "collectivité"}
    # Alice is in the Eure; neither Bruno nor the Ville d'Alençon has a territory.
    assert person_groups(network, by="territory") == {alice: "territory:dep-27"}


def test_unknown_grouping_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=r"'department'.*organisation, administration, sector, territory"):
        person_groups(snapshot_of(tiny_world()), by="department")  # type: ignore[arg-type]


@pytest.mark.parametrize("by", GROUPINGS)
def test_network_without_organisations_gives_no_groups(by: str) -> None:
    network = snapshot_of(
        [
            person("a"),
            person("b"),
            Project(id="project:p", title="P"),
            edge(EdgeKind.CONTRIBUTES_TO, "person:a", "project:p"),
            edge(EdgeKind.CONTRIBUTES_TO, "person:b", "project:p"),
        ]
    )
    assert person_groups(network, by=by) == {}  # type: ignore[arg-type]
    assert organisation_of(network) == administration_of(network) == sector_of(network) == {}


def test_empty_network() -> None:
    empty = nx.MultiDiGraph()
    assert organisation_of(empty) == administration_of(empty) == sector_of(empty) == territory_of(empty) == {}
