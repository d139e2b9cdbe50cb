"""Drafts at the front desk, through the API, on real SQLite files: recorded, deduplicated by
their channel reference, filtered and paged, visible only to whom they concern, and suggested
with their context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from service.accounts import AccessRole, Accounts
from service.settings import Settings
from tests.service.conftest import cli_env, warm_app
from tests.world import tiny_world

TIERS_LIEU = "Nous voulons transformer la médiathèque en tiers-lieu ouvert aux associations du quartier."
ALICE = "person:alice-martin"
BRUNO = "person:bruno-lefevre"


@pytest.fixture
def desk(
    tmp_path: Path, accounts: Accounts, api_settings: Settings
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    store = EmbeddedStore(tmp_path / "desk-store.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    keys = {
        "staff": accounts.create_key("guichet", AccessRole.LAB_STAFF, lab_id="lab:innovmandie")[1],
        "other_lab": accounts.create_key("autre labo", AccessRole.LAB_STAFF, lab_id="lab:ailleurs")[1],
        "admin": accounts.create_key("admin", AccessRole.ADMIN)[1],
        "alice": accounts.create_key("Alice", AccessRole.AGENT, person_id=ALICE)[1],
        "bruno": accounts.create_key("Bruno", AccessRole.AGENT, person_id=BRUNO)[1],
        "reader": accounts.create_key("lecteur", AccessRole.READER)[1],
    }
    headers = {name: {"Authorization": f"Bearer {secret}"} for name, secret in keys.items()}
    with TestClient(warm_app(api_settings, store, accounts), raise_server_exceptions=False) as client:
        yield client, headers
    store.close()


def draft(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Tiers-lieu à la médiathèque",
        "text": TIERS_LIEU,
        "lab": "lab:innovmandie",
        "submitter": ALICE,
        "territory": "territory:dep-61",
        "channel": "email",
        "external_ref": "<1@prefecture.example>",
        "date": "2026-11-18",
    }
    body.update(changes)
    return body


def test_a_draft_is_recorded_and_a_second_arrival_updates_it(
    desk: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, h = desk
    first = client.post("/v1/drafts", json=draft(), headers=h["staff"])
    assert first.status_code == 201, first.text
    stored = first.json()
    assert (stored["status"], stored["submitter"], stored["date"]) == ("new", ALICE, "2026-11-18")
    again = client.post("/v1/drafts", json=draft(title="Tiers-lieu (corrigé)"), headers=h["staff"])
    assert again.json()["id"] == stored["id"] and again.json()["title"] == "Tiers-lieu (corrigé)"
    other = client.post("/v1/drafts", json=draft(external_ref="<2@prefecture.example>"), headers=h["staff"])
    assert other.json()["id"] != stored["id"]
    assert client.get("/v1/drafts", headers=h["staff"]).json()["total"] == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lab": "lab:nulle-part"}, "lab"),
        ({"submitter": "person:personne"}, "submitter"),
        ({"territory": "org:ddtm-eure"}, "territory"),
        ({"title": "  "}, "title"),
        ({"text": ""}, "text"),
        ({"date": "18/11/2026"}, "date"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_drafts_are_422_naming_the_field(
    desk: tuple[TestClient, dict[str, dict[str, str]]], changes: dict[str, object], field: str
) -> None:
    client, h = desk
    response = client.post("/v1/drafts", json=draft(**changes), headers=h["staff"])
    assert response.status_code == 422
    assert field in {str(item["loc"][-1]) for item in response.json()["detail"]}
    assert client.get("/v1/drafts", headers=h["staff"]).json()["total"] == 0


def test_each_sees_only_the_drafts_that_concern_them(
    desk: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, h = desk
    assert client.post("/v1/drafts", json=draft(submitter=BRUNO), headers=h["alice"]).status_code == 403
    mine = client.post("/v1/drafts", json=draft(submitter=None), headers=h["alice"]).json()
    assert mine["submitter"] == ALICE  # an agent files their own drafts
    bruno = client.post("/v1/drafts", json=draft(external_ref="b", submitter=None), headers=h["bruno"]).json()
    assert [d["id"] for d in client.get("/v1/drafts", headers=h["alice"]).json()["items"]] == [mine["id"]]
    assert client.get(f"/v1/drafts/{bruno['id']}", headers=h["alice"]).status_code == 404
    assert client.get(f"/v1/drafts/{mine['id']}", headers=h["staff"]).status_code == 200
    assert client.get(f"/v1/drafts/{mine['id']}", headers=h["other_lab"]).status_code == 404
    assert client.get("/v1/drafts", headers=h["other_lab"]).json()["total"] == 0
    assert client.get("/v1/drafts", headers=h["admin"]).json()["total"] == 2
    assert client.get("/v1/drafts", headers=h["reader"]).status_code == 403
    refused = client.post("/v1/drafts", json=draft(external_ref="c"), headers=h["other_lab"])
    assert refused.status_code == 403
    assert client.get("/v1/drafts/999", headers=h["admin"]).status_code == 404


def test_drafts_are_filtered_and_paged_newest_first(
    desk: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, h = desk
    for day in range(1, 8):
        channel = "email" if day % 2 else "form"
        client.post(
            "/v1/drafts",
            json=draft(external_ref=f"ref-{day}", channel=channel, date=f"2026-11-0{day}"),
            headers=h["staff"],
        )
    page = client.get("/v1/drafts", params={"limit": 3, "offset": 0}, headers=h["staff"]).json()
    assert page["total"] == 7 and [d["date"] for d in page["items"]] == [
        "2026-11-07",
        "2026-11-06",
        "2026-11-05",
    ]
    last = client.get("/v1/drafts", params={"limit": 3, "offset": 6}, headers=h["staff"]).json()
    assert [d["date"] for d in last["items"]] == ["2026-11-01"]
    forms = client.get("/v1/drafts", params={"channel": "form"}, headers=h["staff"]).json()
    assert forms["total"] == 3 and {d["channel"] for d in forms["items"]} == {"form"}
    window = client.get(
        "/v1/drafts", params={"since": "2026-11-03", "until": "2026-11-05"}, headers=h["staff"]
    )
    assert [d["date"] for d in window.json()["items"]] == ["2026-11-05", "2026-11-04", "2026-11-03"]
    assert client.get("/v1/drafts", params={"status": "closed"}, headers=h["staff"]).json()["total"] == 0
    assert client.get("/v1/drafts", params={"since": "03/11/2026"}, headers=h["staff"]).status_code == 422
    assert client.get("/v1/drafts", params={"limit": 0}, headers=h["staff"]).status_code == 422


def test_a_drafts_suggestions_use_its_context(desk: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    client, h = desk
    created = client.post("/v1/drafts", json=draft(), headers=h["staff"]).json()
    response = client.post(f"/v1/drafts/{created['id']}/suggestions", params={"k": 3}, headers=h["staff"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["setting"] == "context"
    assert ALICE not in [e["id"] for e in body["experts"]]  # never suggested to herself
    assert BRUNO in [e["id"] for e in body["experts"]]
    assert client.get(f"/v1/drafts/{created['id']}", headers=h["staff"]).json()["status"] == "in_progress"
    assert client.post(f"/v1/drafts/{created['id']}/suggestions", headers=h["alice"]).status_code == 403
    assert client.post(f"/v1/drafts/{created['id']}/suggestions", headers=h["other_lab"]).status_code == 404
    closed = client.patch(f"/v1/drafts/{created['id']}", json={"status": "closed"}, headers=h["staff"])
    assert closed.json()["status"] == "closed"
    assert (
        client.patch(f"/v1/drafts/{created['id']}", json={"status": "fini"}, headers=h["staff"]).status_code
        == 422
    )


def test_drafts_from_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    env = cli_env(tmp_path)
    runner = CliRunner()
    args = [
        "draft",
        "add",
        TIERS_LIEU,
        "--title",
        "Tiers-lieu",
        "--lab",
        "lab:innovmandie",
        "--ref",
        "dossier-1",
    ]
    added = runner.invoke(app, [*args, "--channel", "demarches_simplifiees", "--date", "2026-11-18"], env=env)
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, [*args, "--channel", "demarches_simplifiees"], env=env)
    assert again.stdout.strip() == added.stdout.strip()  # the same dossier, updated
    listed = runner.invoke(app, ["draft", "list"], env=env)
    assert "Tiers-lieu" in listed.stdout and "1 sur 1" in listed.output
    bad = runner.invoke(app, ["draft", "add", TIERS_LIEU, "--title", "x", "--lab", "lab:nulle-part"], env=env)
    assert bad.exit_code == 2 and "lab" in bad.output
    missing = runner.invoke(app, ["draft", "suggest", "42"], env=env)
    assert missing.exit_code == 2 and "42" in missing.output


@pytest.mark.model
def test_a_drafts_suggestions_through_the_real_model(
    seed_store: EmbeddedStore, real_embedder: object, tmp_path: Path
) -> None:
    from matching.matcher import Matcher
    from service import drafts as use_cases
    from service import people
    from service.drafts import Channel, Drafts

    desk = Drafts(tmp_path / "desk.db")
    created = use_cases.submit(
        seed_store,
        desk,
        people.CLI,
        title="Données ouvertes",
        text="Nous voulons ouvrir les données de nos services sur un portail commun avec les communes "
        "de l'Eure.",
        lab="lab:innovmandie",
        channel=Channel.EMAIL,
        territory="territory:dep-27",
    )
    result = use_cases.suggestions_for(Matcher(seed_store, real_embedder), desk, people.CLI, created.id, k=5)  # type: ignore[arg-type]
    assert result.setting == "context"
    assert len(result.experts) == 5
    assert desk.get(created.id).status.value == "in_progress"
    desk.close()


def test_a_reference_never_takes_over_someone_elses_draft(
    desk: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, h = desk
    first = client.post("/v1/drafts", json=draft(), headers=h["staff"])
    assert first.status_code == 201, first.text
    # Bruno guesses the message's reference; another lab reuses it: neither takes the draft over.
    taken = client.post("/v1/drafts", json=draft(submitter=None, title="À moi"), headers=h["bruno"])
    assert taken.status_code == 409, taken.text
    moved = client.post("/v1/drafts", json=draft(lab="lab:ailleurs"), headers=h["admin"])
    assert moved.status_code in (409, 422), moved.text
    kept = client.get(f"/v1/drafts/{first.json()['id']}", headers=h["staff"]).json()
    assert (kept["submitter"], kept["title"], kept["lab"]) == (
        ALICE,
        "Tiers-lieu à la médiathèque",
        "lab:innovmandie",
    )
    # Alice herself, or her lab's staff, still update it.
    again = client.post("/v1/drafts", json=draft(title="Tiers-lieu, version 2"), headers=h["alice"])
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]


def test_a_csrf_header_that_is_not_ascii_is_refused_not_a_500(
    desk: tuple[TestClient, dict[str, dict[str, str]]], accounts: Accounts
) -> None:
    client, _ = desk
    accounts.set_password(ALICE, AccessRole.AGENT, "un mot de passe assez long")
    assert (
        client.post(
            "/v1/session", json={"person": ALICE, "password": "un mot de passe assez long"}
        ).status_code
        == 200
    )
    response = client.post("/v1/drafts", json=draft(), headers={"X-CSRF-Token": "jeton-é".encode()})
    assert response.status_code == 403
