"""schemathesis against the OpenAPI, as each role: no 5xx and no answer that breaks the schema.

Bounded: a fixed number of generated cases per operation and role, derandomised, so that the
run is repeatable and its size known (it prints how many requests it sent). The app runs in
process over a real SQLite file holding the tiny world, with the hashing embedder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from graph.embedded import EmbeddedStore
from service.accounts import AccessRole, Accounts
from service.settings import Settings
from tests.service.conftest import warm_app
from tests.world import tiny_world

# Every check of schemathesis runs (server errors, status codes, content types, headers and
# bodies against the schema, invalid data rejected, authentication not ignored) but one:
# ``positive_data_acceptance`` wants an unknown id in a valid body to get 404, and Passerelle
# answers 422 naming the field and the id (a context naming a lab that does not exist is a bad
# field, not a missing resource).
EXAMPLES = 25
"""Generated cases per operation and role."""
MIN_REQUESTS = 1000


class Tally:
    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []


def fuzz(operation: object, role: str, headers: dict[str, str], tally: Tally) -> None:
    """``EXAMPLES`` generated cases of one operation as one role, validated by every check."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())  # type: ignore[attr-defined]
    def run(case: schemathesis.Case) -> None:
        case.headers = {**(case.headers or {}), **headers}
        try:
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        except Exception as failure:  # every failure is collected and shown at the end
            tally.failures.append(f"{case.method} {case.path} as {role}: {str(failure)[:800]}")
            return
        tally.sent[role] += 1
        tally.statuses[response.status_code] += 1

    run()


@pytest.mark.slow
def test_fuzzing_finds_no_server_error_and_no_answer_off_schema(
    tmp_path: Path, accounts: Accounts, api_settings: Settings
) -> None:
    store = EmbeddedStore(tmp_path / "fuzz.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    app = warm_app(api_settings, store, accounts)
    keys: dict[str, str | None] = {"none": None}
    for role in (AccessRole.ADMIN, AccessRole.LAB_STAFF, AccessRole.READER):
        keys[role.value] = accounts.create_key(role.value, role)[1]
    keys["agent"] = accounts.create_key("Alice", AccessRole.AGENT, person_id="person:alice-martin")[1]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    tally = Tally()
    with TestClient(app):  # the app's start-up (store, matcher, accounts), for the whole run
        for operation in schema.get_all_operations():
            for role, secret in keys.items():
                headers = {"Authorization": f"Bearer {secret}"} if secret else {}
                fuzz(operation.ok(), role, headers, tally)
    total = sum(tally.sent.values())
    print(
        f"fuzzing: {total} requests, by role {dict(tally.sent)}, "
        f"statuses {dict(sorted(tally.statuses.items()))}"
    )
    assert not tally.failures, "\n".join(tally.failures[:10])
    assert total >= MIN_REQUESTS
    assert all(code < 500 for code in tally.statuses)
    store.close()
