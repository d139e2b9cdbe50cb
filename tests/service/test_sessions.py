"""People log in with a password: an HttpOnly, SameSite session cookie, a CSRF token for every
change, argon2 hashes, and nothing left of them after an erasure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput
from service.accounts import AccessRole, Accounts
from service.settings import Settings
from tests.service.conftest import cli_env, warm_app
from tests.world import tiny_world

ALICE = "person:alice-martin"
PASSWORD = "tiers-lieu à Alençon 2026"


@pytest.fixture
def browser(tmp_path: Path, accounts: Accounts, api_settings: Settings) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path / "sessions.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    accounts.set_password(ALICE, AccessRole.AGENT, PASSWORD)
    with TestClient(warm_app(api_settings, store, accounts), raise_server_exceptions=False) as client:
        yield client
    store.close()


def test_a_person_logs_in_and_acts_with_the_csrf_token(browser: TestClient) -> None:
    assert (
        browser.post("/v1/session", json={"person": ALICE, "password": "pas le bon mot"}).status_code == 401
    )
    assert browser.post("/v1/session", json={"person": "person:x", "password": PASSWORD}).status_code == 401
    logged = browser.post("/v1/session", json={"person": ALICE, "password": PASSWORD})
    assert logged.status_code == 200
    cookie = logged.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    csrf = logged.json()["csrf_token"]
    assert logged.json()["role"] == "agent" and PASSWORD not in logged.text
    # Reading needs only the cookie; changing needs the CSRF token too.
    assert browser.get(f"/v1/people/{ALICE}/export").status_code == 200
    change = {"contact_consent": False}
    assert browser.patch(f"/v1/people/{ALICE}/preferences", json=change).status_code == 403
    wrong = browser.patch(f"/v1/people/{ALICE}/preferences", json=change, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    done = browser.patch(f"/v1/people/{ALICE}/preferences", json=change, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200 and done.json()["contact_consent"] is False
    # An agent's session is an agent: not the staff's tools.
    assert (
        browser.post("/v1/suggestions", json={"text": "x"}, headers={"X-CSRF-Token": csrf}).status_code == 403
    )
    assert browser.delete("/v1/session").status_code == 204
    assert browser.get(f"/v1/people/{ALICE}/export").status_code == 401


def test_passwords_are_argon2_hashes_and_weak_ones_are_refused(accounts: Accounts, tmp_path: Path) -> None:
    accounts.set_password(ALICE, AccessRole.LAB_STAFF, PASSWORD, lab_id="lab:innovmandie")
    accounts.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("accounts"))
    assert PASSWORD.encode() not in stored and b"$argon2id$" in stored
    for password, role, field in (
        ("court", AccessRole.AGENT, "password"),
        (PASSWORD, AccessRole.READER, "role"),
    ):
        with pytest.raises(InvalidInput, match=field):
            accounts.set_password(ALICE, role, password)
    opened = accounts.log_in(ALICE, PASSWORD)
    assert opened is not None
    session = accounts.session(opened[0])
    assert session is not None and session[0].lab_id == "lab:innovmandie" and session[0].is_staff()


def test_a_new_password_ends_the_sessions_and_erasure_removes_the_login(accounts: Accounts) -> None:
    accounts.set_password(ALICE, AccessRole.AGENT, PASSWORD)
    opened = accounts.log_in(ALICE, PASSWORD)
    assert opened is not None
    accounts.set_password(ALICE, AccessRole.AGENT, PASSWORD + "!")
    assert accounts.session(opened[0]) is None
    again = accounts.log_in(ALICE, PASSWORD + "!")
    assert again is not None
    accounts.forget(ALICE)
    assert accounts.session(again[0]) is None
    assert accounts.log_in(ALICE, PASSWORD + "!") is None


def test_a_login_from_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    env = cli_env(tmp_path)
    runner = CliRunner()
    created = runner.invoke(
        app, ["login", "set", ALICE, "--role", "agent"], input=f"{PASSWORD}\n{PASSWORD}\n", env=env
    )
    assert created.exit_code == 0, created.output
    assert PASSWORD not in created.stdout
    weak = runner.invoke(app, ["login", "set", ALICE, "--role", "agent"], input="court\ncourt\n", env=env)
    assert weak.exit_code == 2 and "password" in weak.output
    accounts = Accounts(tmp_path / "accounts.db")
    assert accounts.log_in(ALICE, PASSWORD) is not None
    accounts.close()
