"""Imports through the API: all or nothing, each problem named, in effect in the next answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from service.accounts import AccessRole, Accounts
from service.settings import Settings
from tests.service.conftest import warm_app
from tests.world import tiny_world

MOBILITY = "Nous voulons organiser le covoiturage domicile-travail des agents en zone rurale."
NEWCOMER = {
    "id": "person:nadia-roux",
    "name": "Nadia Roux",
    "roles": ["expert"],
    "bio": "Experte du covoiturage domicile-travail et des mobilités en zone rurale.",
}


@pytest.fixture
def api(
    tmp_path: Path, accounts: Accounts, api_settings: Settings
) -> Iterator[tuple[TestClient, EmbeddedStore, dict[str, dict[str, str]]]]:
    store = EmbeddedStore(tmp_path / "imports.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    keys = {
        role.value: accounts.create_key(role.value, role)[1]
        for role in (AccessRole.ADMIN, AccessRole.LAB_STAFF)
    }
    headers = {name: {"Authorization": f"Bearer {secret}"} for name, secret in keys.items()}
    with TestClient(warm_app(api_settings, store, accounts), raise_server_exceptions=False) as client:
        yield client, store, headers
    store.close()


def test_an_import_is_all_or_nothing_and_names_each_problem(
    api: tuple[TestClient, EmbeddedStore, dict[str, dict[str, str]]],
) -> None:
    client, store, h = api
    before = (sorted(n.id for n in store.nodes()), len(list(store.edges())))
    bad = {
        "persons": [NEWCOMER, {"id": "person:sans-nom", "roles": ["expert"]}],
        "edges": [{"kind": "WORKS_AT", "source": "person:nadia-roux", "target": "org:nulle-part"}],
    }
    response = client.post("/v1/imports", json=bad, headers=h["admin"])
    assert response.status_code == 422
    locations = [item["loc"] for item in response.json()["detail"]]
    assert ["body", "persons", 1, "name"] in locations
    assert any(loc[:3] == ["body", "edges", 0] for loc in locations)
    assert "org:nulle-part" in response.text
    assert (sorted(n.id for n in store.nodes()), len(list(store.edges()))) == before
    assert client.post("/v1/imports", json={}, headers=h["admin"]).status_code == 422
    bad_role = client.post(
        "/v1/imports", json={"persons": [{**NEWCOMER, "roles": ["stagiaire"]}]}, headers=h["admin"]
    )
    assert bad_role.status_code == 422
    assert [item["loc"] for item in bad_role.json()["detail"]] == [["body", "persons", 0, "roles.0"]]


def test_an_imported_person_is_suggested_at_once(
    api: tuple[TestClient, EmbeddedStore, dict[str, dict[str, str]]],
) -> None:
    client, _, h = api

    def experts() -> list[str]:
        return [
            e["id"]
            for e in client.post("/v1/suggestions", json={"text": MOBILITY}, headers=h["lab_staff"]).json()[
                "experts"
            ]
        ]

    assert "person:nadia-roux" not in experts()
    batch = {
        "persons": [NEWCOMER],
        "edges": [{"kind": "WORKS_AT", "source": "person:nadia-roux", "target": "org:ddtm-eure"}],
    }
    assert client.post("/v1/imports", json=batch, headers=h["lab_staff"]).status_code == 403
    done = client.post("/v1/imports", json=batch, headers=h["admin"])
    assert done.status_code == 201 and done.json()["counts"] == {"edges": 1, "persons": 1}
    assert "person:nadia-roux" in experts()
    audit = client.get("/v1/audit", headers=h["admin"]).json()
    assert audit[0]["action"] == "import"
