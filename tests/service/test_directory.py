"""The directory through the API: every kind of node, searched by name without accents or
case, paged, never showing contact details in a listing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from graph.model import Person
from service.accounts import AccessRole, Accounts
from service.settings import Settings
from tests.service.conftest import warm_app
from tests.world import tiny_world

Directory = tuple[TestClient, dict[str, dict[str, str]]]


@pytest.fixture
def directory(tmp_path: Path, accounts: Accounts, api_settings: Settings) -> Iterator[Directory]:
    store = EmbeddedStore(tmp_path / "directory.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    alice = store.get("person:alice-martin")
    assert isinstance(alice, Person) and alice.email
    keys = {
        "staff": accounts.create_key("guichet", AccessRole.LAB_STAFF)[1],
        "agent": accounts.create_key("Bruno", AccessRole.AGENT, person_id="person:bruno-lefevre")[1],
        "reader": accounts.create_key("lecteur", AccessRole.READER)[1],
    }
    headers = {name: {"Authorization": f"Bearer {secret}"} for name, secret in keys.items()}
    with TestClient(warm_app(api_settings, store, accounts), raise_server_exceptions=False) as client:
        yield client, headers
    store.close()


@pytest.mark.parametrize(
    ("path", "q", "expected"),
    [
        ("organisations", "alencon", ["org:ville-alencon"]),
        ("organisations", "DDTM", ["org:ddtm-eure"]),
        ("organisations", None, ["org:ddtm-eure", "org:ville-alencon"]),
        ("labs", "innov", ["lab:innovmandie"]),
        ("projects", "données ouvertes", ["project:opendata-eure"]),
        ("skills", "open data", ["skill:donnees-ouvertes"]),  # a synonym
        ("territories", "orne", ["territory:dep-61"]),
        ("people", "lefevre", ["person:bruno-lefevre"]),
        ("organisations", "nulle part", []),
    ],
)
def test_search_by_name(directory: Directory, path: str, q: str | None, expected: list[str]) -> None:
    client, h = directory
    response = client.get(f"/v1/{path}", params={"q": q} if q else {}, headers=h["agent"])
    assert response.status_code == 200, response.text
    assert [item["id"] for item in response.json()["items"]] == expected
    assert response.json()["total"] == len(expected)


def test_pages_and_entries(directory: Directory) -> None:
    client, h = directory
    first = client.get("/v1/organisations", params={"limit": 1}, headers=h["staff"]).json()
    second = client.get("/v1/organisations", params={"limit": 1, "offset": 1}, headers=h["staff"]).json()
    assert (first["total"], len(first["items"]), len(second["items"])) == (2, 1, 1)
    assert first["items"][0]["id"] != second["items"][0]["id"]
    lab = client.get("/v1/labs/lab:innovmandie", headers=h["staff"]).json()
    assert lab["name"] == "Innov'mandie" and lab["opened_on"] == "2022-02-24"
    assert client.get("/v1/labs/org:ddtm-eure", headers=h["staff"]).status_code == 404  # wrong kind
    assert client.get("/v1/projects/project:nulle-part", headers=h["staff"]).status_code == 404
    assert client.get("/v1/organisations", params={"limit": 0}, headers=h["staff"]).status_code == 422


def test_a_listing_never_shows_contact_details(directory: Directory) -> None:
    client, h = directory
    for who in ("staff", "agent"):
        listing = client.get("/v1/people", params={"q": "alice"}, headers=h[who]).json()
        assert listing["items"][0]["email"] is None and listing["items"][0]["contact_shown"] is False
        assert "@" not in str(listing)


def test_readers_see_reports_only(directory: Directory) -> None:
    client, h = directory
    for path in ("people", "organisations", "labs", "projects", "skills", "territories"):
        assert client.get(f"/v1/{path}", headers=h["reader"]).status_code == 403
        assert client.get(f"/v1/{path}").status_code == 401
