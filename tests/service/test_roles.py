"""Every route × every role: the status each gets (the role matrix), and people's rights through
the API, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from graph.model import Person
from service import drafts as drafts_use_case
from service import people
from service.accounts import AccessRole, Accounts, pseudonym
from service.decisions import Decisions, Verdict, decide
from service.drafts import Channel, Drafts
from service.introductions import Introductions
from service.settings import Settings
from tests.service.conftest import warm_app
from tests.world import tiny_world

TIERS_LIEU = "Nous voulons transformer la médiathèque en tiers-lieu ouvert aux associations du quartier."
BRUNO = "person:bruno-lefevre"
ALICE = "person:alice-martin"
ROLES = ("none", "unknown", "admin", "lab_staff", "agent", "reader")
DRAFT = {"title": "Tiers-lieu", "text": TIERS_LIEU, "lab": "lab:innovmandie", "submitter": ALICE}
"""Alice's draft: draft 1 (the fixture files it first), which her agent key may see."""

# (method, path, body) -> expected status for: no key, an unknown key, admin, lab_staff,
# agent (Alice, an agent of the tiny world), reader.
MATRIX: list[tuple[str, str, dict[str, object] | None, tuple[int, ...]]] = [
    ("GET", "/health", None, (200, 200, 200, 200, 200, 200)),
    ("POST", "/v1/suggestions", {"text": TIERS_LIEU}, (401, 401, 200, 200, 403, 403)),
    ("POST", "/v1/peers", {"text": TIERS_LIEU}, (401, 401, 200, 200, 200, 403)),
    ("GET", f"/v1/people/{BRUNO}", None, (401, 401, 200, 200, 200, 403)),
    ("GET", f"/v1/people/{BRUNO}/export", None, (401, 401, 200, 200, 403, 403)),
    ("GET", f"/v1/people/{ALICE}/export", None, (401, 401, 200, 200, 200, 403)),
    ("PATCH", f"/v1/people/{BRUNO}/preferences", {}, (401, 401, 200, 200, 403, 403)),
    ("PATCH", f"/v1/people/{ALICE}/preferences", {}, (401, 401, 200, 200, 200, 403)),
    ("PATCH", f"/v1/people/{BRUNO}/profile", {}, (401, 401, 200, 200, 403, 403)),
    ("PATCH", f"/v1/people/{ALICE}/profile", {}, (401, 401, 200, 200, 200, 403)),
    ("POST", f"/v1/people/{BRUNO}/erasure-request", None, (401, 401, 202, 202, 403, 403)),
    ("GET", "/v1/erasure-requests", None, (401, 401, 200, 200, 403, 403)),
    ("POST", "/v1/erasure-requests/999/process", None, (401, 401, 404, 404, 403, 403)),
    ("GET", "/v1/audit", None, (401, 401, 200, 403, 403, 403)),
    ("POST", "/v1/drafts", DRAFT, (401, 401, 201, 201, 201, 403)),
    ("GET", "/v1/drafts", None, (401, 401, 200, 200, 200, 403)),
    ("GET", "/v1/drafts/1", None, (401, 401, 200, 200, 200, 403)),
    ("PATCH", "/v1/drafts/1", {"status": "in_progress"}, (401, 401, 200, 200, 403, 403)),
    ("POST", "/v1/drafts/1/suggestions", None, (401, 401, 200, 200, 403, 403)),
    (
        "POST",
        "/v1/drafts/1/decisions",
        {"candidate": BRUNO, "verdict": "accepted"},
        (401, 401, 200, 200, 403, 403),
    ),
    ("GET", "/v1/drafts/1/decisions", None, (401, 401, 200, 200, 403, 403)),
    ("GET", "/v1/introductions", None, (401, 401, 200, 200, 403, 403)),
    ("GET", "/v1/introductions/reminders", None, (401, 401, 200, 200, 403, 403)),
    ("GET", "/v1/introductions/1", None, (401, 401, 200, 200, 403, 403)),
    ("PATCH", "/v1/introductions/1", {"state": "proposed"}, (401, 401, 200, 200, 403, 403)),
    ("GET", "/v1/people", None, (401, 401, 200, 200, 200, 403)),
    ("GET", "/v1/reports/health?period=2026-10", None, (401, 401, 200, 200, 403, 200)),
    ("GET", "/v1/reports/health?period=2026-10&audience=staff", None, (401, 401, 200, 200, 403, 403)),
    *[
        (method_path[0], method_path[1], None, (401, 401, 200, 200, 200, 403))
        for method_path in (
            ("GET", "/v1/organisations"),
            ("GET", "/v1/organisations/org:ddtm-eure"),
            ("GET", "/v1/labs"),
            ("GET", "/v1/labs/lab:innovmandie"),
            ("GET", "/v1/projects"),
            ("GET", "/v1/projects/project:opendata-eure"),
            ("GET", "/v1/skills"),
            ("GET", "/v1/skills/skill:tiers-lieux"),
            ("GET", "/v1/territories"),
            ("GET", "/v1/territories/territory:dep-27"),
        )
    ],
    ("POST", "/v1/session", {"person": ALICE, "password": "pas le bon mot"}, (401,) * 6),
    ("DELETE", "/v1/session", None, (204,) * 6),
    (
        "POST",
        "/v1/imports",
        {"skills": [{"id": "skill:matrice", "label": "Matrice"}]},
        (401, 401, 201, 403, 403, 403),
    ),
    ("GET", "/docs", None, (200, 200, 200, 200, 200, 200)),
    ("GET", "/openapi.json", None, (200, 200, 200, 200, 200, 200)),
]


@pytest.fixture
def world(
    tmp_path: Path, accounts: Accounts, api_settings: Settings
) -> Iterator[tuple[TestClient, EmbeddedStore, dict[str, str]]]:
    store = EmbeddedStore(tmp_path / "roles.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    secrets = {"none": "", "unknown": "pas_" + "x" * 43}
    for role in (AccessRole.ADMIN, AccessRole.LAB_STAFF, AccessRole.READER):
        secrets[role.value] = accounts.create_key(role.value, role)[1]
    secrets["agent"] = accounts.create_key("Alice", AccessRole.AGENT, person_id=ALICE)[1]
    drafts = Drafts(api_settings.desk.path)
    draft_id = drafts_use_case.submit(
        store,
        drafts,
        people.CLI,
        title="Tiers-lieu",
        text=TIERS_LIEU,
        lab="lab:innovmandie",
        channel=Channel.API,
        submitter=ALICE,
    ).id
    assert draft_id == 1
    decided, introduced = Decisions(api_settings.desk.path), Introductions(api_settings.desk.path)
    accepted = decide(store, drafts, decided, introduced, people.CLI, 1, BRUNO, Verdict.ACCEPTED)
    assert accepted.introduction is not None and accepted.introduction.id == 1
    for opened in (drafts, decided, introduced):
        opened.close()
    with TestClient(warm_app(api_settings, store, accounts), raise_server_exceptions=False) as client:
        yield client, store, secrets
    store.close()


def _as(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def test_every_route_is_in_the_role_matrix(world: tuple[TestClient, EmbeddedStore, dict[str, str]]) -> None:
    client, _, _ = world
    routes = {
        (method, route.path)
        for route in client.app.routes  # type: ignore[attr-defined]
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    covered = {
        (
            method,
            path.split("?")[0]
            .replace(BRUNO, "{person_id}")
            .replace(ALICE, "{person_id}")
            .replace("999", "{request_id}"),
        )
        for method, path, _, _ in MATRIX
    }
    assert routes <= covered, routes - covered


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX]
)
def test_role_matrix(
    world: tuple[TestClient, EmbeddedStore, dict[str, str]],
    method: str,
    path: str,
    body: dict[str, object] | None,
    expected: tuple[int, ...],
) -> None:
    client, _, secrets = world
    got = []
    for role in ROLES:
        response = client.request(method, path, json=body, headers=_as(secrets[role]))
        got.append(response.status_code)
        if response.status_code >= 400:
            assert "detail" in response.json()
        if response.status_code == 401:
            assert response.headers["www-authenticate"] == "Bearer"
    assert tuple(got) == expected, dict(zip(ROLES, got, strict=True))


def test_a_person_edits_their_own_profile_and_is_matched_by_it_at_once(
    world: tuple[TestClient, EmbeddedStore, dict[str, str]], accounts: Accounts
) -> None:
    client, _, secrets = world
    _, bruno_key = accounts.create_key("Bruno", AccessRole.AGENT, person_id=BRUNO)
    bruno, staff = _as(bruno_key), _as(secrets["lab_staff"])
    mobility = {"text": "Organiser le covoiturage domicile-travail des agents en zone rurale."}

    def experts() -> list[str]:
        return [
            e["id"] for e in client.post("/v1/suggestions", json=mobility, headers=staff).json()["experts"]
        ]

    assert BRUNO not in experts()
    bio = "Tiers-lieux, lecture publique, et covoiturage domicile-travail en zone rurale."
    edited = client.patch(
        f"/v1/people/{BRUNO}/profile", json={"bio": bio, "phone": "02 33 00 00 00"}, headers=bruno
    )
    assert edited.status_code == 200 and edited.json()["bio"] == bio
    assert BRUNO in experts()
    bad = client.patch(f"/v1/people/{BRUNO}/profile", json={"email": "pas un courriel"}, headers=bruno)
    assert bad.status_code == 422 and "email" in bad.text
    assert client.patch(f"/v1/people/{BRUNO}/profile", json={"name": "X"}, headers=bruno).status_code == 422
    cleared = client.patch(f"/v1/people/{BRUNO}/profile", json={"phone": None}, headers=bruno).json()
    assert cleared["phone"] is None and cleared["bio"] == bio
    log = client.get("/v1/audit", params={"subject": BRUNO}, headers=_as(secrets["admin"])).json()
    assert [e["detail"] for e in log if e["action"] == "change"] == ["phone", "bio, phone"]


def test_contact_details_follow_consent(world: tuple[TestClient, EmbeddedStore, dict[str, str]]) -> None:
    client, store, secrets = world
    bruno = store.get(BRUNO)
    assert isinstance(bruno, Person)
    store.upsert([bruno.model_copy(update={"email": "bruno@alencon.example", "contact_consent": False})])
    seen_by_agent = client.get(f"/v1/people/{BRUNO}", headers=_as(secrets["agent"])).json()
    assert seen_by_agent["email"] is None and seen_by_agent["contact_shown"] is False
    assert "bruno@alencon.example" not in str(seen_by_agent)
    seen_by_staff = client.get(f"/v1/people/{BRUNO}", headers=_as(secrets["lab_staff"])).json()
    assert seen_by_staff["email"] == "bruno@alencon.example"
    alice = client.get(f"/v1/people/{ALICE}", headers=_as(secrets["agent"])).json()
    assert alice["contact_shown"] is True  # she consented (and it is her own entry)
    audit = client.get("/v1/audit", params={"subject": BRUNO}, headers=_as(secrets["admin"])).json()
    assert [(e["action"], e["actor"].split(" ")[1]) for e in audit] == [("view", "(lab_staff,")]


def test_a_person_exercises_their_rights_and_each_takes_effect_at_once(
    world: tuple[TestClient, EmbeddedStore, dict[str, str]], accounts: Accounts
) -> None:
    client, _, secrets = world
    _, bruno_key = accounts.create_key("Bruno", AccessRole.AGENT, person_id=BRUNO)
    bruno, staff = _as(bruno_key), _as(secrets["lab_staff"])

    def experts() -> list[str]:
        response = client.post("/v1/suggestions", json={"text": TIERS_LIEU}, headers=staff)
        assert response.status_code == 200
        return [e["id"] for e in response.json()["experts"]]

    assert experts() == [BRUNO]
    exported = client.get(f"/v1/people/{BRUNO}/export", headers=bruno)
    assert exported.status_code == 200 and BRUNO in exported.text
    # Opting out and back in, through the API: the very next answer follows.
    assert client.patch(
        f"/v1/people/{BRUNO}/preferences", json={"suggestion_opt_out": True}, headers=bruno
    ).json()["suggestion_opt_out"]
    assert experts() == []
    client.patch(f"/v1/people/{BRUNO}/preferences", json={"suggestion_opt_out": False}, headers=bruno)
    assert experts() == [BRUNO]
    bad = client.patch(f"/v1/people/{BRUNO}/preferences", json={"suggestion_opt_out": "yes"}, headers=bruno)
    assert bad.status_code == 422 and "suggestion_opt_out" in bad.text
    # Erasure: asked by Bruno (twice, one request), processed by staff, in effect at once.
    first = client.post(f"/v1/people/{BRUNO}/erasure-request", headers=bruno).json()
    assert client.post(f"/v1/people/{BRUNO}/erasure-request", headers=bruno).json()["id"] == first["id"]
    pending = client.get("/v1/erasure-requests", headers=staff).json()
    assert [r["id"] for r in pending] == [first["id"]]
    done = client.post(f"/v1/erasure-requests/{first['id']}/process", headers=staff)
    assert done.status_code == 200 and done.json()["person_id"] == pseudonym(BRUNO)
    assert experts() == []
    assert client.get(f"/v1/people/{BRUNO}", headers=staff).status_code == 404
    assert client.post(f"/v1/erasure-requests/{first['id']}/process", headers=staff).status_code == 404
    assert client.get("/v1/erasure-requests", headers=staff).json() == []
    assert client.get(f"/v1/people/{ALICE}", headers=bruno).status_code == 401  # his key went with him
    log = client.get("/v1/audit", headers=_as(secrets["admin"])).json()
    assert BRUNO not in str(log)
    assert {"export", "change", "erasure_request", "erase"} <= {e["action"] for e in log}
