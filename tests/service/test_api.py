"""HTTP API through TestClient on a real SQLite file; bad input never gets a 500."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from graph.bundle import read_bundle
from graph.embedded import EmbeddedStore
from graph.model import Node, Person, Role
from matching.matcher import Matcher
from service.accounts import Accounts
from service.api import create_app
from service.schemas import DecisionIn, DraftIn, PeersQuery, SuggestionQuery
from service.settings import Settings
from service.wiring import seed_folder
from tests.fakes import HashingEmbedder
from tests.service.conftest import warm_app
from tests.world import tiny_world

TIERS_LIEU = "Nous voulons transformer la médiathèque en tiers-lieu ouvert aux associations du quartier."


def wait_ready(client: TestClient, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while client.get("/health").json()["status"] != "ok":
        assert time.monotonic() < deadline, "the matcher never got ready"
        time.sleep(0.05)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "api.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    yield store
    store.close()


@pytest.fixture
def client(
    store: EmbeddedStore, accounts: Accounts, staff_headers: dict[str, str], api_settings: Settings
) -> Iterator[TestClient]:
    # Warmed up in the background, as served.
    app = create_app(
        api_settings, store=store, matcher=Matcher(store, HashingEmbedder(64)), accounts=accounts
    )
    with TestClient(app, raise_server_exceptions=False, headers=staff_headers) as test_client:
        wait_ready(test_client)
        yield test_client


def fields(response_json: dict[str, object]) -> set[str]:
    detail = response_json["detail"]
    assert isinstance(detail, list)
    return {str(item["loc"][-1]) for item in detail}


def test_health_is_cheap_and_says_ready(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body == {"status": "ok", "store": "sqlite", "phase": "ready", "done": 5, "total": 5, "message": ""}


def test_suggestions_rank_and_explain(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json={"text": TIERS_LIEU, "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "test/hashing-64"
    assert body["setting"] == "text" and body["matched"] is True
    assert [e["id"] for e in body["experts"]] == ["person:bruno-lefevre"]
    expert = body["experts"][0]
    assert sum(expert["contributions"].values()) == pytest.approx(expert["score"], abs=1e-5)
    assert 0 < expert["probability"] < 1
    assert expert["evidence"]["shared_skills"] == ["Tiers-lieux"]
    assert expert["evidence"]["project"] == "project:mediatheque-alencon"
    assert body["organisations"][0]["id"] == "org:ville-alencon"
    assert set(body["alternates"]) == {"experts", "organisations"}
    assert set(body["silo_bridging"]) == {"experts", "organisations"}


def test_context_is_used_and_checked(client: TestClient) -> None:
    context = {
        "lab": "lab:innovmandie",
        "date": "2026-11-18",
        "submitter": "person:alice-martin",
        "organisations": ["org:ddtm-eure"],
        "territory": "territory:dep-27",
    }
    response = client.post("/v1/suggestions", json={"text": TIERS_LIEU, "k": 5, "context": context})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["setting"] == "context"
    assert "org:ddtm-eure" not in [o["id"] for o in body["organisations"]]
    assert body["experts"][0]["evidence"]["path"] == ["vous", "Bruno Lefèvre"]
    assert "proximity" in body["experts"][0]["signals"]


@pytest.mark.parametrize(
    ("context", "field", "named"),
    [
        ({"lab": "lab:nulle-part"}, "lab", "lab:nulle-part"),
        ({"submitter": "person:inconnu"}, "submitter", "person:inconnu"),
        ({"organisations": ["org:ddtm-eure", "org:fantome"]}, "organisations", "org:fantome"),
        ({"territory": "territory:dep-99"}, "territory", "territory:dep-99"),
    ],
)
def test_unknown_context_id_is_422_naming_field_and_id(
    client: TestClient, context: dict[str, object], field: str, named: str
) -> None:
    response = client.post("/v1/suggestions", json={"text": TIERS_LIEU, "context": context})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "context", field]
    assert named in detail[0]["msg"]
    assert detail[0]["type"] == "invalid_input"


@pytest.mark.parametrize("bad", ["18/11/2026", "2026-13-01", "2026-11-18T10:00:00", 20261118, "demain"])
def test_malformed_date_is_422(client: TestClient, bad: object) -> None:
    response = client.post("/v1/suggestions", json={"text": TIERS_LIEU, "context": {"date": bad}})
    assert response.status_code == 422
    assert fields(response.json()) == {"date"}


def test_openapi_docs(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/suggestions", "/v1/peers", "/health"} <= set(paths)
    for route in ("/v1/suggestions", "/v1/peers"):
        # 400 is what a body that is not UTF-8 gets; 413 an oversized one.
        assert {"400", "413", "422", "503"} <= set(paths[route]["post"]["responses"])


@pytest.mark.parametrize("model", [SuggestionQuery, PeersQuery, DraftIn, DecisionIn])
def test_the_documented_examples_name_records_of_the_seed(model: type[BaseModel]) -> None:
    """Trying an example of /docs on the seed network must not answer 422 for an unknown id."""
    seed = {r.id for r in read_bundle(seed_folder()) if isinstance(r, Node)}
    schema = json.dumps(model.model_json_schema(), ensure_ascii=False)
    named = set(re.findall(r'"((?:lab|org|person|project|territory|skill):[^"]+)"', schema))
    assert named
    assert named <= seed, sorted(named - seed)


def test_api_docs_load_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/assets/swagger-ui/") for s in sources), sources
    assert "https://" not in page.text
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN


def test_a_forged_host_is_refused_and_never_reflected(client: TestClient) -> None:
    forged = client.get("/health", headers={"host": "evil.example"})
    assert forged.status_code == 400
    assert "evil.example" not in forged.text
    # No trailing-slash redirect, whose Location would carry the Host: a plain 404.
    slash = client.post("/v1/suggestions/", json={"text": "x"}, follow_redirects=False)
    assert slash.status_code == 404
    assert "location" not in slash.headers


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


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_or_blank_text(client: TestClient, text: str) -> None:
    response = client.post("/v1/suggestions", json={"text": text})
    assert response.status_code == 422
    assert fields(response.json()) == {"text"}
    assert all("type" in item for item in response.json()["detail"])


def test_long_text_says_the_limit_without_echoing_it(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json={"text": "tiers-lieu " * 2_100})
    assert response.status_code == 422
    assert fields(response.json()) == {"text"}
    assert "tiers-lieu tiers-lieu" not in response.text
    assert "20000" in response.text


def test_oversized_body_is_413(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json={"text": "tiers-lieu " * 200_000})
    assert response.status_code == 413
    assert "detail" in response.json()


def test_an_oversized_body_without_length_is_413_while_read(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield b'{"text": "'
        for _ in range(300):
            yield b"tiers-lieu " * 1_000
        yield b'"}'

    response = client.post("/v1/suggestions", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "1000000 bytes" in response.json()["detail"]
    assert "tiers-lieu" not in response.text
    small = client.post(
        "/v1/suggestions",
        content=iter([b'{"text": "tiers-lieu"}']),
        headers={"content-type": "application/json"},
    )
    assert small.status_code == 200


def test_non_utf8_bytes(client: TestClient) -> None:
    response = client.post(
        "/v1/suggestions", content=b'{"text": "caf\xe9 \xff"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert fields(response.json()) == {"body"}
    assert "UTF-8" in response.json()["detail"][0]["msg"]


def test_json_nested_past_the_parser_names_the_body(client: TestClient) -> None:
    response = client.post(
        "/v1/suggestions",
        content=b"[" * 100_000 + b"]" * 100_000,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert fields(response.json()) == {"body"}


@pytest.mark.parametrize("text", ["\u0000", "\u200b\u200b", " \u200d\n\ufeff "])
def test_a_text_of_invisible_characters_is_empty(client: TestClient, text: str) -> None:
    raw = json.dumps({"text": text}).encode()
    for route in ("/v1/suggestions", "/v1/peers"):
        response = client.post(route, content=raw, headers={"content-type": "application/json"})
        assert response.status_code == 422, (route, response.text)
        assert fields(response.json()) == {"text"}
        assert "empty" in response.json()["detail"][0]["msg"]


def test_a_lab_is_not_an_organisation_of_the_context(client: TestClient) -> None:
    response = client.post(
        "/v1/suggestions", json={"text": TIERS_LIEU, "context": {"organisations": ["lab:innovmandie"]}}
    )
    assert response.status_code == 422
    assert fields(response.json()) == {"organisations"}
    assert "lab:innovmandie" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"text": "x", "k": NaN}', "k"),
        (b'{"text": "x", "k": Infinity}', "k"),
        (b'{"text": "\\ud800 tiers-lieu"}', "text"),
        (b'{"text": "x", "context": {"lab": "\\udfff"}}', "lab"),
    ],
)
def test_nan_and_lone_surrogates_are_422_not_500(client: TestClient, raw: bytes, field: str) -> None:
    response = client.post("/v1/suggestions", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert field in fields(response.json())


def test_a_whole_float_is_an_integer_as_json_schema_says(client: TestClient) -> None:
    assert client.post("/v1/suggestions", json={"text": TIERS_LIEU, "k": 5.0}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x", "k": 0}, "k"),
        ({"text": "x", "k": 101}, "k"),
        ({"text": "x", "k": "5"}, "k"),
        ({"text": "x", "k": True}, "k"),
        ({"text": "x", "k": 5.5}, "k"),
        ({"text": "x", "k": "dix"}, "k"),
        ({"text": 42}, "text"),
        ({"text": "x", "y": 1}, "y"),
        ({"text": "x", "context": {"lab": 3}}, "lab"),
        ({"text": "x", "context": {"organisations": "org:ddtm-eure"}}, "organisations"),
        ({"text": "x", "context": {"inconnu": 1}}, "inconnu"),
    ],
)
def test_bad_fields_are_named_with_strict_types(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    response = client.post("/v1/suggestions", json=body)
    assert response.status_code == 422
    assert field in fields(response.json())


def test_json_that_is_not_an_object(client: TestClient) -> None:
    response = client.post("/v1/suggestions", json=["texte"])
    assert response.status_code == 422


def test_nothing_matched_is_said(client: TestClient) -> None:
    body = client.post("/v1/suggestions", json={"text": "🙂🚀🎉"}).json()
    assert body["matched"] is False
    assert body["experts"] == [] and body["organisations"] == []
    assert "nothing_matched" in [n["code"] for n in body["notices"]]


def test_erasure_and_consent_take_effect_at_once(client: TestClient, store: EmbeddedStore) -> None:
    def experts() -> list[str]:
        response = client.post("/v1/suggestions", json={"text": TIERS_LIEU})
        assert response.status_code == 200
        return [e["id"] for e in response.json()["experts"]]

    assert experts() == ["person:bruno-lefevre"]
    bruno = store.get("person:bruno-lefevre")
    assert isinstance(bruno, Person)
    store.upsert([bruno.model_copy(update={"suggestion_opt_out": True})])
    assert experts() == []
    store.upsert([bruno])
    assert experts() == ["person:bruno-lefevre"]
    store.erase_person("person:bruno-lefevre")
    assert experts() == []


def test_a_person_imported_while_serving_is_suggested(client: TestClient, store: EmbeddedStore) -> None:
    store.upsert(
        [
            Person(
                id="person:nadia-roux",
                name="Nadia Roux",
                roles=(Role.EXPERT,),
                bio="Tiers-lieu et médiathèque.",
            )
        ]
    )
    response = client.post("/v1/suggestions", json={"text": TIERS_LIEU})
    assert response.status_code == 200
    assert "person:nadia-roux" in [e["id"] for e in response.json()["experts"]]


def test_peers(client: TestClient) -> None:
    response = client.post("/v1/peers", json={"person": "person:bruno-lefevre"})
    assert response.status_code == 200
    assert "person:bruno-lefevre" not in [p["id"] for p in response.json()["people"]]
    by_text = client.post("/v1/peers", json={"text": TIERS_LIEU, "k": 2}).json()
    assert by_text["projects"][0]["id"] == "project:mediatheque-alencon"
    assert client.post("/v1/peers", json={}).status_code == 422
    unknown = client.post("/v1/peers", json={"project": "project:nulle-part"})
    assert unknown.status_code == 422
    assert "project:nulle-part" in unknown.text


def test_suggestions_wait_for_the_warm_up_with_503(
    store: EmbeddedStore, accounts: Accounts, staff_headers: dict[str, str], api_settings: Settings
) -> None:
    settings = api_settings
    with TestClient(warm_app(settings, store, accounts), raise_server_exceptions=False) as test_client:
        assert test_client.get("/health").json()["status"] == "ok"  # warmed up before serving
    # A matcher whose first index is not built yet: health answers, suggestions wait.
    cold = Matcher(store, HashingEmbedder(64))
    app = create_app(settings, store=store, matcher=cold, accounts=accounts)
    app.router.lifespan_context = _no_warm_up(app, settings, store, cold, accounts)
    with TestClient(app, raise_server_exceptions=False, headers=staff_headers) as test_client:
        health = test_client.get("/health").json()
        assert health["status"] == "warming_up"
        response = test_client.post("/v1/suggestions", json={"text": TIERS_LIEU})
        assert response.status_code == 503
        assert response.headers["retry-after"]


def _no_warm_up(
    app: object, settings: Settings, store: EmbeddedStore, matcher: Matcher, accounts: Accounts
) -> object:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app_: object) -> object:
        app_.state.settings = settings  # type: ignore[attr-defined]
        app_.state.store = store  # type: ignore[attr-defined]
        app_.state.matcher = matcher  # type: ignore[attr-defined]
        app_.state.accounts = accounts  # type: ignore[attr-defined]
        yield

    return lifespan


def test_every_route_with_a_body_documents_its_errors(client: TestClient) -> None:
    """A body that is not UTF-8 gets 400, one too long 413, a bad field 422: each documented."""
    paths = client.get("/openapi.json").json()["paths"]
    with_body = [
        (method, path, op) for path, ops in paths.items() for method, op in ops.items() if "requestBody" in op
    ]
    assert len(with_body) >= 9
    for method, path, op in with_body:
        assert {"400", "413", "422"} <= set(op["responses"]), (method, path)
