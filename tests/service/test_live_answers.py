"""Answers while the network changes under a running app, on a real SQLite file: ``/health``
during a rebuild, an agent looking for peers, a demoted expert, and vectors stored at import."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Literal

import numpy as np
import pytest
from fastapi.testclient import TestClient

from graph.bundle import write_bundle
from graph.embedded import EmbeddedStore
from graph.model import Edge, EdgeKind, Person, Project, Role
from matching.embedder import Embedder
from matching.embedding_cache import EMBED_BATCH
from matching.matcher import Matcher
from service.accounts import AccessRole, Accounts
from service.api import create_app
from service.settings import Settings
from tests.fakes import HashingEmbedder
from tests.service.conftest import cli_env, passerelle, warm_app
from tests.world import tiny_world

ALICE = "person:alice-martin"
BRUNO = "person:bruno-lefevre"
TIERS_LIEU = "Nous voulons transformer la médiathèque en tiers-lieu ouvert aux associations du quartier."
OPEN_DATA_EURE = "Publier sur une plateforme les données ouvertes des administrations de l'Eure."
ANSWER_WITHIN = 10.0
"""Seconds a request may take before the test calls it hung (no timing is asserted)."""


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def ids(rows: Sequence[dict[str, object]]) -> list[object]:
    return [row["id"] for row in rows]


@pytest.fixture
def tiny_store(api_settings: Settings) -> Iterator[EmbeddedStore]:
    """The tiny world in the very file the app's settings name."""
    store = EmbeddedStore(api_settings.store.sqlite_path)
    store.ensure_schema()
    store.upsert(tiny_world())
    yield store
    store.close()


# -- /health during a rebuild -----------------------------------------------------------------


class GatedEmbedder(HashingEmbedder):
    """The hashing embedder, which can be told to embed ``free`` more batches and then wait for
    ``release`` (``held`` is set once it waits)."""

    def __init__(self) -> None:
        super().__init__(64)
        self.free: int | None = None
        self.held = threading.Event()
        self.release = threading.Event()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.free is not None:
            if self.free == 0:
                self.held.set()
                assert self.release.wait(60), "the test never released the embedder"
            else:
                self.free -= 1
        return super().embed(texts)


def test_health_answers_during_a_rebuild_with_its_progress_and_drafts_wait_for_it(
    tiny_store: EmbeddedStore, accounts: Accounts, api_settings: Settings, staff_headers: dict[str, str]
) -> None:
    embedder = GatedEmbedder()
    matcher = Matcher(tiny_store, embedder)
    app = create_app(
        api_settings, store=tiny_store, matcher=matcher, accounts=accounts, background_warm_up=False
    )
    new = EMBED_BATCH + 44
    with TestClient(app, raise_server_exceptions=False) as client, ThreadPoolExecutor(2) as asking:
        assert client.get("/health").json()["phase"] == "ready"  # the first index, before serving
        # More new project texts than one batch: the rebuild embeds one batch, then is held.
        tiny_store.upsert(
            [
                Project(id=f"project:atelier-{i:03d}", title=f"Atelier {i}", description=f"mot{i} thème{i}")
                for i in range(new)
            ]
        )
        embedder.free = 1
        rebuild = threading.Thread(target=matcher.refresh, name="rebuild", daemon=True)
        try:
            rebuild.start()
            assert embedder.held.wait(ANSWER_WITHIN), "the rebuild never reached the embedding"
            pending = asking.submit(client.get, "/health")
            try:
                during = pending.result(timeout=ANSWER_WITHIN)
            except FutureTimeout:
                pytest.fail("/health waited for the rebuild instead of answering at once")
            # A draft arriving now waits for the new index rather than being turned away.
            drafted = asking.submit(
                client.post, "/v1/suggestions", json={"text": TIERS_LIEU}, headers=staff_headers
            )
        finally:
            embedder.release.set()
            rebuild.join(ANSWER_WITHIN)
        assert not rebuild.is_alive()
        assert during.status_code == 200
        body = during.json()
        assert (body["status"], body["phase"]) == ("ok", "embedding")  # serving while it rebuilds
        assert (body["done"], body["total"]) == (EMBED_BATCH, new)  # one batch embedded, one held
        assert 0 < body["done"] < body["total"]
        after = client.get("/health").json()
        assert (after["status"], after["phase"], after["done"], after["total"]) == ("ok", "ready", new, new)
        answer = drafted.result(timeout=ANSWER_WITHIN)
        assert answer.status_code == 200, answer.text
        assert BRUNO in ids(answer.json()["experts"])


# -- an agent looking for peers ---------------------------------------------------------------


def test_an_agent_is_never_their_own_peer_while_staff_see_them(
    tiny_store: EmbeddedStore, accounts: Accounts, api_settings: Settings, staff_headers: dict[str, str]
) -> None:
    _, alice_key = accounts.create_key("Alice", AccessRole.AGENT, person_id=ALICE)
    with TestClient(warm_app(api_settings, tiny_store, accounts), raise_server_exceptions=False) as client:
        seen_by_staff = client.post("/v1/peers", json={"text": OPEN_DATA_EURE}, headers=staff_headers)
        seen_by_alice = client.post("/v1/peers", json={"text": OPEN_DATA_EURE}, headers=bearer(alice_key))
    assert seen_by_staff.status_code == 200, seen_by_staff.text
    assert seen_by_alice.status_code == 200, seen_by_alice.text
    staff, alice = seen_by_staff.json(), seen_by_alice.json()
    # Her own project is what the text matches: staff see her on it and among the peers.
    assert staff["projects"][0]["id"] == "project:opendata-eure"
    assert ALICE in staff["projects"][0]["people"]
    assert ALICE in ids(staff["people"])
    # She still finds the project, but never herself, on it or among the peers.
    assert alice["projects"][0]["id"] == "project:opendata-eure"
    assert ALICE not in alice["projects"][0]["people"]
    assert ALICE not in ids(alice["people"])
    assert ALICE not in str(alice)


# -- a demoted expert -------------------------------------------------------------------------


def demote_through_the_api(client: TestClient, accounts: Accounts, store_path: Path) -> None:
    _, admin = accounts.create_key("admin", AccessRole.ADMIN)
    demoted = {"id": BRUNO, "name": "Bruno Lefèvre", "roles": ["agent"]}
    answer = client.post("/v1/imports", json={"persons": [demoted]}, headers=bearer(admin))
    assert answer.status_code == 201, answer.text


def demote_from_another_connection(client: TestClient, accounts: Accounts, store_path: Path) -> None:
    """As ``passerelle import`` does while the server serves: its own connection to the file."""
    other = EmbeddedStore(store_path)
    try:
        other.upsert([Person(id=BRUNO, name="Bruno Lefèvre", roles=(Role.AGENT,))])
    finally:
        other.close()


@pytest.mark.parametrize("demote", [demote_through_the_api, demote_from_another_connection])
@pytest.mark.parametrize("others", ["another expert left", "no expert left"])
def test_an_expert_demoted_while_serving_leaves_the_next_suggestions(
    tiny_store: EmbeddedStore,
    accounts: Accounts,
    api_settings: Settings,
    staff_headers: dict[str, str],
    demote: Callable[[TestClient, Accounts, Path], None],
    others: Literal["another expert left", "no expert left"],
) -> None:
    if others == "another expert left":
        tiny_store.upsert(
            [
                Person(
                    id="person:nadia-roux",
                    name="Nadia Roux",
                    roles=(Role.EXPERT,),
                    bio="Tiers-lieu culturel, médiathèque de quartier et associations.",
                )
            ]
        )
    with TestClient(
        warm_app(api_settings, tiny_store, accounts), raise_server_exceptions=False, headers=staff_headers
    ) as client:
        before = client.post("/v1/suggestions", json={"text": TIERS_LIEU, "k": 5})
        assert before.status_code == 200, before.text
        assert BRUNO in ids(before.json()["experts"])
        demote(client, accounts, api_settings.store.sqlite_path)
        after = client.post("/v1/suggestions", json={"text": TIERS_LIEU, "k": 5})
    assert after.status_code == 200, after.text
    body = after.json()
    everyone = [*body["experts"], *(row for rows in body["alternates"].values() for row in rows)]
    assert BRUNO not in ids(everyone)
    assert ids(body["experts"]) == (["person:nadia-roux"] if others == "another expert left" else [])
    # The organisation he worked with is still found through his project.
    assert "org:ville-alencon" in ids(body["organisations"])


# -- vectors stored at import -----------------------------------------------------------------

NEWCOMER = "person:nadia-roux"
NEW_PROJECT = "project:jardins-partages"


def newcomer_bundle(folder: Path) -> Path:
    write_bundle(
        folder,
        [
            Person(
                id=NEWCOMER,
                name="Nadia Roux",
                roles=(Role.EXPERT,),
                bio="Elle a monté des jardins partagés avec les bailleurs sociaux et les habitants.",
            ),
            Project(
                id=NEW_PROJECT,
                title="Des jardins partagés au pied des immeubles",
                description="Les habitants cultivent des parcelles prêtées par le bailleur social.",
            ),
        ],
        [Edge(kind=EdgeKind.CONTRIBUTES_TO, source=NEWCOMER, target=NEW_PROJECT)],
    )
    return folder


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize(("flag", "left_to_embed"), [("--embed", 0), ("--no-embed", 2)])
def test_import_stores_the_vectors_of_new_texts_so_a_later_start_embeds_nothing(
    tmp_path: Path, real_embedder: Embedder, flag: str, left_to_embed: int
) -> None:
    env = {**cli_env(tmp_path), "HF_HUB_OFFLINE": "1"}
    path = Path(env["PASSERELLE_STORE__SQLITE_PATH"])
    store = EmbeddedStore(path)
    try:
        assert Matcher(store, real_embedder).refresh().embedded > 0  # the tiny world, before
    finally:
        store.close()
    done = passerelle(env, "import", str(newcomer_bundle(tmp_path / "bundle")), flag)
    assert done.returncode == 0, done.stderr
    store = EmbeddedStore(path)
    try:
        stored = store.profile_hashes(real_embedder.model_id)
        assert ({NEWCOMER, NEW_PROJECT} <= stored.keys()) is (flag == "--embed")
        started_afterwards = Matcher(store, real_embedder)
        stats = started_afterwards.refresh()
        # The newcomer's bio and the new project's text are the two new texts.
        assert stats.embedded == left_to_embed
        assert {NEWCOMER, NEW_PROJECT} <= store.profile_hashes(real_embedder.model_id).keys()
        found = started_afterwards.suggest("Créer des jardins partagés avec les habitants et le bailleur")
        assert [s.id for s in found.experts][:1] == [NEWCOMER]
    finally:
        store.close()
