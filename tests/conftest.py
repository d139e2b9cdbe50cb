"""Shared fixtures: stores (SQLite always, Neo4j when the test server runs), embedders, seed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from tests.fakes import HashingEmbedder

NEO4J_URI = os.environ.get("PASSERELLE_TEST_NEO4J_URI")
IN_CI = os.environ.get("CI", "").lower() == "true"


def neo4j_unavailable() -> None:
    """Skip (or, under CI=true, fail) a test that needs the test Neo4j."""
    reason = os.environ.get(
        "PASSERELLE_TEST_NEO4J_SKIP",
        "PASSERELLE_TEST_NEO4J_URI is not set: run the suite with `make test`",
    )
    if IN_CI:
        pytest.fail(f"Neo4j is required under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[object]:
    if not NEO4J_URI:
        neo4j_unavailable()
    from graph.neo4j_store import connect

    driver = connect(NEO4J_URI or "", "neo4j", "")
    yield driver
    driver.close()


def _wipe(driver: object) -> None:
    from graph.neo4j_store import wipe_database

    wipe_database(driver)  # type: ignore[arg-type]


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "store.db")
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture
def neo4j_store(neo4j_driver: object) -> Iterator[GraphStore]:
    from graph.neo4j_store import Neo4jStore

    _wipe(neo4j_driver)
    store = Neo4jStore(neo4j_driver, vector_dimensions=64)  # type: ignore[arg-type]
    store.ensure_schema()
    yield store
    _wipe(neo4j_driver)


@pytest.fixture(params=["sqlite", "neo4j"])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Every contract test runs unchanged against each store."""
    name = "sqlite_store" if request.param == "sqlite" else "neo4j_store"
    result: GraphStore = request.getfixturevalue(name)
    return result


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder(64)


@pytest.fixture(scope="session")
def real_embedder() -> object:
    """The real bundled all-MiniLM-L6-v2, loaded once per session."""
    from matching.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.embed(["chargement du modèle"])
    return embedder


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, real_embedder: object) -> Iterator[EmbeddedStore]:
    """The seed network in a real SQLite file, profiles embedded by the real model (once)."""
    from graph.bundle import read_bundle
    from matching.matcher import Matcher
    from service.wiring import seed_folder

    store = EmbeddedStore(tmp_path_factory.mktemp("seed") / "seed.db")
    store.ensure_schema()
    store.upsert(read_bundle(seed_folder()))
    Matcher(store, real_embedder).refresh()  # type: ignore[arg-type]
    yield store
    store.close()


@pytest.fixture(scope="session")
def labelled_drafts() -> list[dict[str, object]]:
    """The labelled query set of seed_data/, written before any tuning."""
    import json

    from service.wiring import seed_folder

    path = seed_folder().parent / "queries.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
