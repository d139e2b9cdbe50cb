"""Decisions, introductions and follow-ups through the API, on real SQLite files: a staffer
records a draft, declines and accepts suggestions, follows the introduction to done, and the
network gets the lab's edges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from graph.model import EdgeKind, Project, ProjectStatus
from service import introductions as use_cases
from service.accounts import AccessRole, Accounts
from service.introductions import Introductions, IntroductionState
from service.people import CLI
from service.settings import Settings
from tests.service.conftest import cli_env, warm_app
from tests.world import tiny_world

TIERS_LIEU = "Nous voulons transformer la médiathèque en tiers-lieu ouvert aux associations du quartier."
ALICE, BRUNO = "person:alice-martin", "person:bruno-lefevre"
Desk = tuple[TestClient, EmbeddedStore, dict[str, dict[str, str]]]


@pytest.fixture
def desk(tmp_path: Path, accounts: Accounts, api_settings: Settings) -> Iterator[Desk]:
    store = EmbeddedStore(tmp_path / "intro-store.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    keys = {
        "staff": accounts.create_key("guichet", AccessRole.LAB_STAFF, lab_id="lab:innovmandie")[1],
        "other_lab": accounts.create_key("autre", AccessRole.LAB_STAFF, lab_id="lab:ailleurs")[1],
        "alice": accounts.create_key("Alice", AccessRole.AGENT, person_id=ALICE)[1],
    }
    headers = {name: {"Authorization": f"Bearer {secret}"} for name, secret in keys.items()}
    with TestClient(warm_app(api_settings, store, accounts), raise_server_exceptions=False) as client:
        yield client, store, headers
    store.close()


def new_draft(client: TestClient, headers: dict[str, str], **changes: object) -> int:
    body = {"title": "Tiers-lieu", "text": TIERS_LIEU, "lab": "lab:innovmandie", "submitter": ALICE}
    body.update(changes)
    response = client.post("/v1/drafts", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def suggested(client: TestClient, draft_id: int, headers: dict[str, str]) -> tuple[list[str], list[str]]:
    body = client.post(f"/v1/drafts/{draft_id}/suggestions", headers=headers).json()
    return [e["id"] for e in body["experts"]], [o["id"] for o in body["organisations"]]


def test_from_draft_to_done_through_the_api(desk: Desk) -> None:
    client, store, h = desk
    draft_id = new_draft(client, h["staff"])
    experts, organisations = suggested(client, draft_id, h["staff"])
    assert BRUNO in experts and "org:ville-alencon" in organisations
    # Declined: never suggested again for this draft; the same decision twice changes nothing.
    decline = {"candidate": "org:ville-alencon", "verdict": "declined", "reason": "already_in_contact"}
    assert (
        client.post(f"/v1/drafts/{draft_id}/decisions", json=decline, headers=h["staff"]).status_code == 201
    )
    assert (
        client.post(f"/v1/drafts/{draft_id}/decisions", json=decline, headers=h["staff"]).status_code == 200
    )
    assert "org:ville-alencon" not in suggested(client, draft_id, h["staff"])[1]
    other = new_draft(client, h["staff"], title="Autre")
    assert "org:ville-alencon" in suggested(client, other, h["staff"])[1]  # only for that draft
    # Accepted: an introduction, and the lab's edge in the network.
    accept = {"candidate": BRUNO, "verdict": "accepted"}
    accepted = client.post(f"/v1/drafts/{draft_id}/decisions", json=accept, headers=h["staff"])
    assert accepted.status_code == 201, accepted.text
    introduction = accepted.json()["introduction"]
    assert (introduction["person"], introduction["submitter"], introduction["state"]) == (
        BRUNO,
        ALICE,
        "proposed",
    )
    # Alice and Bruno were introduced before (tiny world): that edge, its date and project stay.
    edge = next(e for e in store.edges(EdgeKind.INTRODUCED) if e.source == ALICE and e.target == BRUNO)
    assert (edge.provenance, edge.project) == ("lab:innovmandie", "project:opendata-eure")
    project = store.get(introduction["project"])
    assert isinstance(project, Project) and project.status is ProjectStatus.DRAFT
    assert client.post(f"/v1/drafts/{draft_id}/decisions", json=accept, headers=h["staff"]).status_code == 200
    contrary = {"candidate": BRUNO, "verdict": "declined", "reason": "unavailable"}
    assert (
        client.post(f"/v1/drafts/{draft_id}/decisions", json=contrary, headers=h["staff"]).status_code == 409
    )
    decided = client.get(f"/v1/drafts/{draft_id}/decisions", headers=h["staff"]).json()
    assert {d["candidate"] for d in decided} == {BRUNO, "org:ville-alencon"}
    # Follow-up: each step recorded with who and when; no skipping, nothing after the end.
    url = f"/v1/introductions/{introduction['id']}"
    assert client.patch(url, json={"state": "done"}, headers=h["staff"]).status_code == 409
    for state in ("contacted", "taken_in_hand"):
        assert client.patch(url, json={"state": state}, headers=h["staff"]).json()["state"] == state
    done = client.patch(url, json={"state": "done", "real_work": True}, headers=h["staff"]).json()
    assert [e["state"] for e in done["history"]] == ["proposed", "contacted", "taken_in_hand", "done"]
    assert all("guichet" in e["changed_by"] for e in done["history"])
    assert any(
        e.source == BRUNO and e.target == introduction["project"]
        for e in store.edges(EdgeKind.CONTRIBUTES_TO)
    )
    assert client.patch(url, json={"state": "contacted"}, headers=h["staff"]).status_code == 409
    assert client.get(url, headers=h["other_lab"]).status_code == 404
    assert client.get(url, headers=h["alice"]).status_code == 403
    assert [i["id"] for i in client.get("/v1/introductions", headers=h["staff"]).json()] == [
        introduction["id"]
    ]
    assert client.get("/v1/introductions", headers=h["other_lab"]).json() == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"candidate": BRUNO, "verdict": "declined"}, 422),  # a decline needs its reason
        ({"candidate": BRUNO, "verdict": "accepted", "reason": "unavailable"}, 422),
        ({"candidate": "person:personne", "verdict": "accepted"}, 422),
        ({"candidate": "lab:innovmandie", "verdict": "accepted"}, 422),
        ({"candidate": ALICE, "verdict": "accepted"}, 422),  # the submitter herself
        ({"candidate": BRUNO, "verdict": "peut-être"}, 422),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(
    desk: Desk, body: dict[str, object], status: int
) -> None:
    client, store, h = desk
    draft_id = new_draft(client, h["staff"])
    before = (list(store.edges()), list(store.nodes()))
    response = client.post(f"/v1/drafts/{draft_id}/decisions", json=body, headers=h["staff"])
    assert response.status_code == status
    assert client.get(f"/v1/drafts/{draft_id}/decisions", headers=h["staff"]).json() == []
    assert (list(store.edges()), list(store.nodes())) == before


def test_an_introduction_adds_the_labs_edge_to_the_network(desk: Desk) -> None:
    client, store, h = desk
    store.delete_edge(EdgeKind.INTRODUCED, ALICE, BRUNO)
    draft_id = new_draft(client, h["staff"], territory="territory:dep-61")
    accepted = client.post(
        f"/v1/drafts/{draft_id}/decisions",
        json={"candidate": BRUNO, "verdict": "accepted"},
        headers=h["staff"],
    ).json()
    project = accepted["introduction"]["project"]
    edge = next(e for e in store.edges(EdgeKind.INTRODUCED) if e.source == ALICE and e.target == BRUNO)
    assert (edge.provenance, edge.project, edge.since) == (
        "lab:innovmandie",
        project,
        datetime.now(UTC).date(),
    )
    kinds = {(n.edge.kind, n.node.id) for n in store.neighbours(project)}
    assert {(EdgeKind.SUBMITTED, ALICE), (EdgeKind.SUPPORTED_BY, "lab:innovmandie")} <= kinds
    assert (EdgeKind.LOCATED_IN, "territory:dep-61") in kinds


def test_a_draft_without_submitter_cannot_introduce(desk: Desk) -> None:
    client, _, h = desk
    draft_id = new_draft(client, h["staff"], submitter=None)
    response = client.post(
        f"/v1/drafts/{draft_id}/decisions",
        json={"candidate": BRUNO, "verdict": "accepted"},
        headers=h["staff"],
    )
    assert response.status_code == 422 and "submitter" in response.text


def test_the_desk_is_in_a_persons_export_and_gone_with_their_erasure(desk: Desk, tmp_path: Path) -> None:
    client, store, h = desk
    first = new_draft(client, h["staff"])
    second = new_draft(client, h["staff"], title="Second tiers-lieu")
    decide = f"/v1/drafts/{first}/decisions"
    introduction = client.post(decide, json={"candidate": BRUNO, "verdict": "accepted"}, headers=h["staff"])
    project = introduction.json()["introduction"]["project"]
    not_relevant = {"candidate": "org:ville-alencon", "verdict": "declined", "reason": "not_relevant"}
    assert client.post(decide, json=not_relevant, headers=h["staff"]).status_code == 201
    # Right of access: Alice sees her drafts, the decisions on them and her introduction...
    mine = client.get(f"/v1/people/{ALICE}/export", headers=h["alice"]).json()["desk"]
    assert sorted(d["id"] for d in mine["drafts"]) == [first, second]
    assert {d["candidate"] for d in mine["decisions"]} == {BRUNO, "org:ville-alencon"}
    assert [i["person"] for i in mine["introductions"]] == [BRUNO]
    # ...and Bruno, the decision naming him and the introduction made to him, not Alice's drafts.
    his = client.get(f"/v1/people/{BRUNO}/export", headers=h["staff"]).json()["desk"]
    assert his["drafts"] == []
    assert [d["candidate"] for d in his["decisions"]] == [BRUNO]
    assert [i["submitter"] for i in his["introductions"]] == [ALICE]
    # Right to erasure: her drafts, their decisions and introductions, and the project her draft
    # became (no one else works on it) are gone, from the files too.
    asked = client.post(f"/v1/people/{ALICE}/erasure-request", headers=h["alice"]).json()
    erased = client.post(f"/v1/erasure-requests/{asked['id']}/process", headers=h["staff"])
    assert erased.status_code == 200, erased.text
    assert {k: erased.json()[k] for k in ("drafts", "decisions", "introductions")} == {
        "drafts": 2,
        "decisions": 2,
        "introductions": 1,
    }
    for draft_id in (first, second):
        assert client.get(f"/v1/drafts/{draft_id}", headers=h["staff"]).status_code == 404
    assert client.get("/v1/introductions", headers=h["staff"]).json() == []
    assert not store.existing([project, ALICE])
    assert client.get(f"/v1/people/{BRUNO}/export", headers=h["staff"]).json()["desk"] == {
        "drafts": [],
        "decisions": [],
        "introductions": [],
    }
    for written in (tmp_path / "desk.db", tmp_path / "intro-store.db"):
        assert b"tiers-lieu ouvert aux associations" not in written.read_bytes()


def test_reminders_list_what_is_late_by_the_longest_delay_passed(tmp_path: Path) -> None:
    introductions = Introductions(tmp_path / "desk.db")
    first = introductions.add(1, BRUNO, ALICE, "lab:innovmandie", "project:brouillon-1", "key:1")
    second = introductions.add(2, "person:claire", ALICE, "lab:innovmandie", "project:brouillon-2", "key:1")
    ended = introductions.add(3, "person:denis", ALICE, "lab:innovmandie", "project:brouillon-3", "key:1")
    introductions.move(ended.id, IntroductionState.UNREACHABLE, "key:1")
    today = datetime.now(UTC).date()
    # News on the second ten days ago: its clock restarts then.
    introductions.move(
        second.id,
        IntroductionState.CONTACTED,
        "key:1",
        at=(datetime.now(UTC) + timedelta(days=12)).isoformat(),
    )

    def late(days: int) -> list[tuple[int, int]]:
        found = use_cases.reminders(
            introductions, CLI, delays=[9, 21, 45], today=today + timedelta(days=days)
        )
        return [(r.introduction.id, r.delay) for r in found]

    assert late(8) == []
    assert late(9) == [(first.id, 9)]
    assert late(22) == [(first.id, 21), (second.id, 9)]
    assert late(50) == [(first.id, 45), (second.id, 21)]
    assert (
        use_cases.reminders(introductions, CLI, delays=[30], today=today + timedelta(days=31))[0].delay == 30
    )
    introductions.close()


def test_reminders_route(desk: Desk) -> None:
    client, _, h = desk
    draft_id = new_draft(client, h["staff"])
    client.post(
        f"/v1/drafts/{draft_id}/decisions",
        json={"candidate": BRUNO, "verdict": "accepted"},
        headers=h["staff"],
    )
    assert client.get("/v1/introductions/reminders", headers=h["staff"]).json() == []  # news today
    assert client.get("/v1/introductions/reminders", headers=h["alice"]).status_code == 403


def test_the_labs_day_from_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    env = cli_env(tmp_path, without_introduction=True)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.stdout

    draft_id = run(
        "draft", "add", TIERS_LIEU, "--title", "Tiers-lieu", "--lab", "lab:innovmandie", "--submitter", ALICE
    )
    assert "enregistrée" in run(
        "draft", "decide", draft_id.strip(), "org:ville-alencon", "--decline", "not_relevant"
    )
    decided = run("draft", "decide", draft_id.strip(), BRUNO)
    assert "mise en relation 1 (proposed)" in decided
    for state in ("contacted", "taken_in_hand"):
        assert state in run("intro", "move", "1", state)
    assert "done" in run("intro", "move", "1", "done", "--real-work")
    assert "done" in run("intro", "list")
    assert run("intro", "reminders") == ""
    skipped = runner.invoke(app, ["intro", "move", "1", "contacted"], env=env)
    assert skipped.exit_code == 2 and "done" in skipped.output
    reopened = EmbeddedStore(tmp_path / "cli.db")
    assert any(
        e.source == BRUNO
        for e in reopened.edges(EdgeKind.CONTRIBUTES_TO)
        if e.provenance == "lab:innovmandie"
    )
    assert any(e.target == BRUNO for e in reopened.edges(EdgeKind.INTRODUCED))
    reopened.close()
