"""API keys are kept hashed and checked by their hash; the audit log forgets erased people."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidInput, NotFound
from service.accounts import AccessRole, Accounts, AuditAction, pseudonym


def test_a_key_is_shown_once_and_stored_only_as_its_hash(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "accounts.db")
    key, secret = accounts.create_key("guichet", AccessRole.LAB_STAFF)
    accounts.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert secret.encode() not in stored
    again = Accounts(tmp_path / "accounts.db")
    found = again.authenticate(secret)
    assert found is not None and (found.key_id, found.role, found.name) == (
        key.id,
        AccessRole.LAB_STAFF,
        "guichet",
    )
    assert again.authenticate(secret + "x") is None
    assert again.authenticate("Bearer " + secret) is None
    again.close()


def test_a_revoked_key_is_refused(accounts: Accounts) -> None:
    key, secret = accounts.create_key("outil", AccessRole.READER)
    accounts.revoke_key(key.id)
    assert accounts.authenticate(secret) is None
    with pytest.raises(NotFound):
        accounts.revoke_key(key.id)
    assert accounts.api_keys()[0].revoked_at is not None


def test_an_agent_key_names_its_person_and_only_an_agent_key_does(accounts: Accounts) -> None:
    with pytest.raises(InvalidInput, match="person"):
        accounts.create_key("agent", AccessRole.AGENT)
    with pytest.raises(InvalidInput, match="person"):
        accounts.create_key("staff", AccessRole.LAB_STAFF, person_id="person:alice-martin")
    with pytest.raises(InvalidInput, match="name"):
        accounts.create_key("  ", AccessRole.ADMIN)
    _, secret = accounts.create_key("Alice", AccessRole.AGENT, person_id="person:alice-martin")
    found = accounts.authenticate(secret)
    assert found is not None and found.person_id == "person:alice-martin"


def test_forgetting_a_person_pseudonymises_the_log_and_revokes_their_key(accounts: Accounts) -> None:
    _, secret = accounts.create_key("Alice", AccessRole.AGENT, person_id="person:alice-martin")
    accounts.record("key:1", AuditAction.EXPORT, "person:alice-martin")
    accounts.record("key:1", AuditAction.VIEW, "person:bruno-lefevre")
    accounts.request_erasure("person:alice-martin", "key:1")
    accounts.forget("person:alice-martin")
    subjects = [e.subject for e in accounts.audit()]
    assert "person:alice-martin" not in subjects
    assert pseudonym("person:alice-martin") in subjects
    assert "person:bruno-lefevre" in subjects  # others are untouched
    assert accounts.erasure_requests()[0].person_id == pseudonym("person:alice-martin")
    assert accounts.authenticate(secret) is None


def test_asking_twice_for_erasure_gives_one_pending_request(accounts: Accounts) -> None:
    first = accounts.request_erasure("person:bruno-lefevre", "key:2")
    second = accounts.request_erasure("person:bruno-lefevre", "key:2")
    assert first.id == second.id
    assert len(accounts.erasure_requests(pending=True)) == 1
    accounts.close_erasure_request(first.id, "key:1")
    assert accounts.erasure_requests(pending=True) == []
    assert accounts.erasure_request(first.id).processed_by == "key:1"


def test_keys_from_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app
    from tests.service.conftest import cli_env

    env = cli_env(tmp_path)
    runner = CliRunner()
    created = runner.invoke(app, ["key", "create", "guichet", "--role", "lab_staff"], env=env)
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[0]
    assert secret.startswith("pas_")
    listed = runner.invoke(app, ["key", "list"], env=env)
    assert "guichet" in listed.stdout and secret not in listed.stdout
    unknown = runner.invoke(
        app, ["key", "create", "x", "--role", "agent", "--person", "person:personne"], env=env
    )
    assert unknown.exit_code == 2 and "person:personne" in unknown.output
    no_person = runner.invoke(app, ["key", "create", "x", "--role", "agent"], env=env)
    assert no_person.exit_code == 2 and "person" in no_person.output
    bad_role = runner.invoke(app, ["key", "create", "x", "--role", "chef"], env=env)
    assert bad_role.exit_code == 2
    assert runner.invoke(app, ["key", "revoke", "1"], env=env).exit_code == 0
    assert runner.invoke(app, ["key", "revoke", "1"], env=env).exit_code == 2
    erased = runner.invoke(app, ["erase-person", "person:bruno-lefevre"], env=env)
    assert erased.exit_code == 0, erased.output
    accounts = Accounts(tmp_path / "accounts.db")
    log = accounts.audit()
    assert log[0].action is AuditAction.ERASE and log[0].subject == pseudonym("person:bruno-lefevre")
    assert accounts.authenticate(secret) is None
    accounts.close()
