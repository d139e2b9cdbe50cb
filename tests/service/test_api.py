"""HTTP API through TestClient on a real SQLite file; bad input never gets a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from matching.matcher import Matcher
from service.api import create_app
from service.settings import Settings
from tests.fakes import HashingEmbedder
from tests.world import tiny_world


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path / "api.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    settings = Settings(store={"sqlite_path": tmp_path / "api.db"})
    app = create_app(settings, store=store, matcher=Matcher(store, HashingEmbedder(64)))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    store.close()


def fields(response_json: dict[str, object]) -> set[str]:
    detail = response_json["detail"]
    assert isinstance(detail, list)
    return {str(item["loc"][-1]) for item in detail}


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "store": "sqlite", "nodes": 11}


def test_suggestions_rank_and_explain(client: TestClient) -> None:
    text = "Nous voulons transformer la médiathèque en tiers-lieu ouvert aux associations du quartier."
    response = client.post("/v1/suggestions", json={"text": text, "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "test/hashing-64"
    assert [e["id"] for e in body["experts"]] == ["person:bruno-lefevre"]
    expert = body["experts"][0]
    assert set(expert["signals"]) == {"semantic", "lexical", "skills"}
    assert sum(expert["contributions"].values()) == pytest.approx(expert["score"], abs=1e-5)
    assert expert["evidence"]["shared_skills"] == ["Tiers-lieux"]
    assert "project:mediatheque-alencon" in expert["evidence"]["closest_project"]
    assert body["organisations"][0]["id"] == "org:ville-alencon"


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/v1/suggestions" in client.get("/openapi.json").json()["paths"]


def test_malformed_json(client: TestClient) -> None:
    response = client.post(
        "/v1/suggestions", content=b'{"text": "bonjour", ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "json" in str(response.json()["detail"]).lower()


def test_missing_text(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json={"k": 3})
    assert response.status_code == 422
    assert fields(response.json()) == {"text"}


def test_empty_text(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json={"text": ""})
    assert response.status_code == 422
    assert fields(response.json()) == {"text"}


def test_blank_text(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json={"text": "   \n\t "})
    assert response.status_code == 422
    assert fields(response.json()) == {"text"}
    assert "empty" in str(response.json()["detail"])


def test_one_megabyte_text(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json={"text": "tiers-lieu " * 100_000})
    assert response.status_code == 422
    assert fields(response.json()) == {"text"}


def test_non_utf8_bytes(client: TestClient) -> None:
    response = client.post(
        "/v1/suggestions", content=b'{"text": "caf\xe9 \xff"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert "body" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x", "k": 0}, "k"),
        ({"text": "x", "k": "dix"}, "k"),
        ({"text": 42}, "text"),
        ({"text": "x", "y": 1}, "y"),
    ],
)
def test_bad_fields_are_named(client: TestClient, body: dict[str, object], field: str) -> None:
    response = client.post("/v1/suggestions", json=body)
    assert response.status_code == 422
    assert field in fields(response.json())


def test_json_that_is_not_an_object(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json=["texte"])
    assert response.status_code == 422
