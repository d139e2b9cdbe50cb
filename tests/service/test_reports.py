"""The network-health report: its figures on a small world, the public audience's privacy, bad
data, who may read which version (use case and API), and ``passerelle report`` on the seed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

import seed_data
from graph.embedded import EmbeddedStore
from graph.errors import Forbidden, InvalidInput
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
)
from graph.snapshot import build_graph
from service.accounts import AccessRole, Accounts, Principal
from service.desk import Desk
from service.introductions import Event, Introduction, IntroductionState
from service.reports import Audience, accepted_in, for_principal, health_report, parse_period
from service.settings import Settings
from tests.service.conftest import passerelle, warm_app

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(seed_data.__file__).parent / "network"
TODAY = date(2026, 12, 1)
GRANDE = [f"person:grande-{i}" for i in range(1, 7)]
PETITE = [f"person:petite-{i}" for i in range(1, 4)]
NAMES = {
    **{p: f"Gaspard Grandin{i}" for i, p in enumerate(GRANDE, start=1)},
    **{p: f"Philippine Petitpas{i}" for i, p in enumerate(PETITE, start=1)},
}
SCHEMA_KEYS = {
    "period",
    "previous_period",
    "audience",
    "generated_at",
    "min_group",
    "empty",
    "notices",
    "network",
    "ei_by_administration",
    "ei_by_sector",
    "matrix_sector",
    "matrix_administration",
    "brokers",
    "betweenness_sample",
    "silos",
    "isolation",
    "impact",
    "trend",
    "changes",
    "node_attributes",
}


def contribution(person: str, project: str, **extra: object) -> Edge:
    return Edge(kind=EdgeKind.CONTRIBUTES_TO, source=person, target=project, **extra)


def two_towns(*, organisations: bool = True) -> list[Record]:
    """Six people at the Ville de Grandeville (a project together since January 2026), three at
    the DDT de Petiteville (one since February), Grandin1 and Petitpas1 on a shared project since
    March; in October the lab introduces Grandin2 to Petitpas2, who then joins Grandeville's
    project (real work, the lab as provenance)."""
    records: list[Record] = [
        Lab(id="lab:x", name="Lab X"),
        *(Person(id=p, name=name, roles=(Role.AGENT,)) for p, name in NAMES.items()),
        Project(id="project:grande", title="Grande", start_date=date(2026, 1, 10)),
        Project(id="project:petite", title="Petite", start_date=date(2026, 2, 1)),
        Project(id="project:pont", title="Pont", start_date=date(2026, 3, 1)),
        *(contribution(p, "project:grande") for p in GRANDE),
        *(contribution(p, "project:petite") for p in PETITE),
        contribution(GRANDE[0], "project:pont"),
        contribution(PETITE[0], "project:pont"),
        Edge(
            kind=EdgeKind.INTRODUCED,
            source=GRANDE[1],
            target=PETITE[1],
            since=date(2026, 10, 12),
            provenance="lab:x",
            project="project:grande",
        ),
        contribution(PETITE[1], "project:grande", since=date(2026, 10, 20), provenance="lab:x"),
    ]
    if organisations:
        records += [
            Organisation(id="org:grande", name="Ville de Grandeville", kind=OrgKind.LOCAL_AUTHORITY),
            Organisation(id="org:petite", name="DDT de Petiteville", kind=OrgKind.STATE_DECONCENTRATED),
            *(Edge(kind=EdgeKind.WORKS_AT, source=p, target="org:grande") for p in GRANDE),
            *(Edge(kind=EdgeKind.WORKS_AT, source=p, target="org:petite") for p in PETITE),
        ]
    return records


def network_of(records: list[Record]) -> nx.MultiDiGraph:
    return build_graph(
        [r for r in records if isinstance(r, Node)], [r for r in records if isinstance(r, Edge)]
    )


def report(audience: Audience = "staff", period: str = "2026-10", **kwargs: Any) -> Any:
    """The report's JSON (``Any``: the tests read into it freely)."""
    network = kwargs.pop("network", None) or network_of(two_towns())
    return health_report(
        network,
        period=period,
        audience=audience,
        today=TODAY,
        generated_at=datetime(2026, 11, 1, 6, 5, tzinfo=UTC),
        **kwargs,
    ).to_json()


def strings(value: object) -> Iterator[str]:
    """Every string of a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def by_label(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["label"]: row for row in rows}


# --- Figures -----------------------------------------------------------------------------------


def test_staff_report_follows_the_schema_with_hand_computed_figures() -> None:
    data = report()
    assert set(data) >= SCHEMA_KEYS
    assert (data["period"], data["previous_period"], data["audience"], data["empty"]) == (
        "2026-10",
        "2026-09",
        "staff",
        False,
    )
    assert data["generated_at"] == "2026-11-01T06:05:00+00:00"
    network = data["network"]
    assert isinstance(network, dict)
    # Ties: 15 in Grandeville's project, 3 in Petiteville's, Grandin1–Petitpas1, and Petitpas2
    # with each of the six (one of them also the introduction).
    assert (network["people"], network["ties"]) == (9, 25)
    # By organisation: E = 7 (Grandin1–Petitpas1, Petitpas2 with the six), I = 18.
    assert network["ei_organisation"] == round((7 - 18) / 25, 4)
    rows = by_label(data["ei_by_administration"])
    assert rows["DDT de Petiteville"] == {
        "group": "org:petite",
        "label": "DDT de Petiteville",
        "people": 3,
        "external": 7,
        "internal": 3,
        "ei": 0.4,
    }
    assert rows["Ville de Grandeville"]["ei"] == round((7 - 15) / 22, 4)
    assert [r["label"] for r in data["ei_by_administration"]] == [
        "Ville de Grandeville",  # the most closed first
        "DDT de Petiteville",
    ]
    assert data["impact"] == {
        "introductions": 1,
        "accepted": None,
        "real_work": 1,
        "cross_ties_before": 1,
        "cross_ties_after": 7,
        "cross_ties_change": 6,
        "from_lab_introductions": 1,
        "share_from_lab": round(1 / 6, 4),
    }
    trend = data["trend"]
    assert isinstance(trend, list) and len(trend) == 12 and trend[-1]["period"] == "2026-10"
    assert trend[-1]["ties"] == 25 and trend[-2]["ties"] == 19 and trend[0]["ties"] == 0
    changes = {c["metric"]: c for c in data["changes"]}
    assert changes["cross_ties"] == {
        "metric": "cross_ties",
        "label": "Liens entre organisations différentes",
        "previous": 1,
        "current": 7,
        "delta": 6,
    }
    assert set(data["node_attributes"]) == set(NAMES)
    brokers = data["brokers"]
    assert isinstance(brokers, list) and brokers
    assert {b["person"] for b in brokers} <= set(NAMES)
    assert {b["name"] for b in brokers} <= set(NAMES.values())


def test_accepted_introductions_count_once_in_the_month_they_were_first_taken_in_hand() -> None:
    def made(number: int, *steps: tuple[IntroductionState, str]) -> Introduction:
        history = tuple(Event(state, "key:1", f"{day}T10:00:00+00:00") for state, day in steps)
        return Introduction(number, 1, "person:a", "person:b", "lab:x", "project:p", steps[-1][0], history)

    s = IntroductionState
    introductions = [
        made(1, (s.PROPOSED, "2026-09-28"), (s.CONTACTED, "2026-10-01"), (s.TAKEN_IN_HAND, "2026-10-05")),
        made(2, (s.TAKEN_IN_HAND, "2026-09-15"), (s.DONE, "2026-10-02")),  # September's
        made(3, (s.PROPOSED, "2026-10-03"), (s.DECLINED_BY_PERSON, "2026-10-04")),
    ]
    assert accepted_in(introductions, parse_period("2026-10", today=TODAY)) == 1
    assert report(introductions=introductions)["impact"]["accepted"] == 1


# --- Privacy -----------------------------------------------------------------------------------


def test_a_group_of_three_shows_its_figures_to_staff_and_hides_them_from_the_public() -> None:
    staff, public = report("staff"), report("public")
    assert by_label(staff["ei_by_administration"])["DDT de Petiteville"]["people"] == 3
    hidden = by_label(public["ei_by_administration"])["DDT de Petiteville"]
    assert {k: hidden[k] for k in ("people", "external", "internal", "ei")} == dict.fromkeys(
        ("people", "external", "internal", "ei"), "< 5"
    )
    assert by_label(public["ei_by_administration"])["Ville de Grandeville"]["people"] == 6
    assert by_label(public["ei_by_sector"])["État"]["ei"] == "< 5"
    matrix = public["matrix_administration"]
    assert isinstance(matrix, dict)
    grande, petite = (
        matrix["labels"].index("Ville de Grandeville"),
        matrix["labels"].index("DDT de Petiteville"),
    )
    assert matrix["counts"][grande][grande] == 15
    assert matrix["counts"][grande][petite] == matrix["counts"][petite][petite] == "< 5"
    assert staff["matrix_administration"]["counts"][grande][petite] == 7
    assert public["min_group"] == 5 and public["node_attributes"] == {}


def test_the_threshold_is_a_parameter() -> None:
    public = report("public", min_group=3)
    assert by_label(public["ei_by_administration"])["DDT de Petiteville"]["people"] == 3
    strict = report("public", min_group=7)
    assert by_label(strict["ei_by_administration"])["Ville de Grandeville"]["people"] == "< 7"


def test_no_person_is_named_or_identified_anywhere_in_the_public_report() -> None:
    public = report("public")
    for text in strings(public):
        for person, name in NAMES.items():
            assert person not in text and name not in text, text
    brokers = public["brokers"]
    assert isinstance(brokers, list) and brokers
    assert all(b["person"] is None and b["name"] is None for b in brokers)
    # A broker of the small organisation is not placed in it.
    assert {b["organisation"] for b in brokers} <= {"Ville de Grandeville", "< 5"}
    assert "< 5" in {b["organisation"] for b in brokers}


# --- Bad data ----------------------------------------------------------------------------------


def test_a_month_before_any_tie_gives_an_empty_report_not_an_error() -> None:
    data = report(period="2025-12")
    assert data["empty"] is True
    assert any("rapport est vide" in n for n in data["notices"])
    assert data["network"]["ties"] == 0 and data["brokers"] == [] and data["silos"] == []
    assert data["impact"]["share_from_lab"] is None
    assert set(data) >= SCHEMA_KEYS


def test_a_network_without_organisations_leaves_their_figures_out_with_a_notice() -> None:
    data = report(network=network_of(two_towns(organisations=False)))
    network = data["network"]
    assert isinstance(network, dict)
    assert network["ties"] == 25 and network["communities"] >= 1
    for figure in ("ei_organisation", "ei_administration", "ei_sector", "nmi"):
        assert network[figure] is None, figure
    assert any("sans objet : aucune organisation" in n for n in data["notices"])
    assert data["ei_by_administration"] == [] and data["silos"] == []
    assert data["impact"]["cross_ties_after"] == 0
    assert all(b["roles"] is None for b in data["brokers"])


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("2026-13", "AAAA-MM"),
        ("26-10", "AAAA-MM"),
        ("octobre", "AAAA-MM"),
        ("2027-01", "après le mois en cours"),
        ("1999-12", "avant 2000-01"),
    ],
)
def test_a_bad_period_is_refused_naming_the_field(period: str, says: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_period(period, today=TODAY)
    (problem,) = raised.value.problems
    assert problem.field == "period" and says in problem.message
    with pytest.raises(InvalidInput):
        report(period=period)


def test_the_current_month_may_be_reported() -> None:
    assert str(parse_period("2026-12", today=TODAY)) == "2026-12"


# --- Who may read what -------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "towns.db")
    opened.ensure_schema()
    opened.upsert(two_towns())
    yield opened
    opened.close()


def principal(role: AccessRole) -> Principal:
    return Principal(key_id=1, name=role.value, role=role, person_id=GRANDE[0])


def test_roles_choose_the_versions_they_may_read(store: EmbeddedStore, tmp_path: Path) -> None:
    desk = Desk.at(tmp_path / "desk.db")
    try:
        for role in (AccessRole.ADMIN, AccessRole.LAB_STAFF):
            for audience in ("staff", "public"):
                made = for_principal(store, desk, principal(role), "2026-10", audience)
                assert made.audience == audience and made.accepted == 0
        assert (
            for_principal(store, desk, principal(AccessRole.READER), "2026-10", "public").audience == "public"
        )
        with pytest.raises(Forbidden):
            for_principal(store, desk, principal(AccessRole.READER), "2026-10", "staff")
        for audience in ("staff", "public"):
            with pytest.raises(Forbidden):
                for_principal(store, desk, principal(AccessRole.AGENT), "2026-10", audience)
        with pytest.raises(InvalidInput, match="audience"):
            for_principal(store, desk, principal(AccessRole.ADMIN), "2026-10", "everyone")
    finally:
        desk.close()


def test_the_api_serves_each_role_its_version(
    store: EmbeddedStore, accounts: Accounts, api_settings: Settings
) -> None:
    keys: dict[AccessRole, str] = {
        role: accounts.create_key(role.value, role)[1] for role in AccessRole if role is not AccessRole.AGENT
    }
    keys[AccessRole.AGENT] = accounts.create_key("agent", AccessRole.AGENT, person_id=GRANDE[0])[1]

    def get(role: AccessRole, **params: str) -> tuple[int, Any]:
        response = client.get(
            "/v1/reports/health", params=params, headers={"Authorization": f"Bearer {keys[role]}"}
        )
        return response.status_code, response.json()

    with TestClient(warm_app(api_settings, store, accounts)) as client:
        status, public = get(AccessRole.READER, period="2026-10")
        assert status == 200 and public["audience"] == "public"
        assert not any(name in text for text in strings(public) for name in NAMES.values())
        assert get(AccessRole.READER, period="2026-10", audience="staff")[0] == 403
        assert get(AccessRole.AGENT, period="2026-10")[0] == 403
        assert get(AccessRole.AGENT, period="2026-10", audience="staff")[0] == 403
        for role in (AccessRole.LAB_STAFF, AccessRole.ADMIN):
            status, staff = get(role, period="2026-10", audience="staff")
            assert status == 200 and staff["audience"] == "staff"
            assert set(staff["node_attributes"]) == set(NAMES)
            assert get(role, period="2026-10", audience="public")[0] == 200
        for bad in ("2026-13", "2999-01", "octobre", "2026-1"):
            status, body = get(AccessRole.LAB_STAFF, period=bad)
            assert status == 422, bad
            assert any("period" in item["loc"] for item in body["detail"]), body
        assert get(AccessRole.LAB_STAFF, period="2026-10", audience="everyone")[0] == 422
        assert client.get("/v1/reports/health", params={"period": "2026-10"}).status_code == 401


# --- The command line, on the seed network -----------------------------------------------------


def test_the_cli_writes_the_seed_networks_report(
    seeded_without_vectors: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "rapports" / "2022-10"
    done = passerelle(
        seeded_without_vectors, "report", "--period", "2022-10", "--out", str(out), "--audience", "public"
    )
    assert done.returncode == 0, done.stderr
    assert str(out / "report.json") in done.stdout.splitlines()
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(data) >= SCHEMA_KEYS
    assert (data["period"], data["audience"], data["empty"]) == ("2022-10", "public", False)
    edges = [json.loads(line) for line in (SEED / "edges.jsonl").open(encoding="utf-8")]
    made = [
        e
        for e in edges
        if e["kind"] == "INTRODUCED"
        and e["provenance"].startswith("lab:")
        and e["since"].startswith("2022-10")
    ]
    assert data["impact"]["introductions"] == len(made) > 0 and data["impact"]["accepted"] == 0
    assert data["ei_by_administration"] and data["trend"][-1]["period"] == "2022-10"
    names = [json.loads(line)["name"] for line in (SEED / "persons.jsonl").open(encoding="utf-8")]
    texts = list(strings(data))
    assert not [name for name in names if any(name in text for text in texts)]


def test_the_cli_refuses_a_bad_period_naming_the_option(
    seeded_without_vectors: dict[str, str], tmp_path: Path
) -> None:
    done = passerelle(seeded_without_vectors, "report", "--period", "2026-13", "--out", str(tmp_path / "r"))
    assert done.returncode == 2
    assert "--period" in done.stderr and "AAAA-MM" in done.stderr
    assert not (tmp_path / "r").exists()
