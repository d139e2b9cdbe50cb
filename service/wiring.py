"""Builds the store and the matcher from settings; shared by the API, the CLI and the seed loader."""

from __future__ import annotations

from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from matching.embedder import Embedder, SentenceTransformerEmbedder
from matching.matcher import Matcher
from matching.ranking import Weights
from service.settings import Settings


def build_store(settings: Settings) -> GraphStore:
    """The configured store, schema not yet ensured (call ``ensure_schema``)."""
    if settings.store.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore, connect

        driver = connect(
            settings.neo4j.uri,
            settings.neo4j.user,
            settings.neo4j.password.get_secret_value(),
        )
        return Neo4jStore(driver, database=settings.neo4j.database)
    return EmbeddedStore(settings.store.sqlite_path)


def build_embedder(settings: Settings) -> Embedder:
    return SentenceTransformerEmbedder(settings.embedding.model, batch_size=settings.embedding.batch_size)


def build_matcher(settings: Settings, store: GraphStore, embedder: Embedder | None = None) -> Matcher:
    weights = Weights(**settings.ranking.model_dump())
    return Matcher(store, embedder or build_embedder(settings), weights=weights)


def seed_folder() -> Path:
    """The fictional Normandy network shipped with Passerelle."""
    import seed_data

    return Path(seed_data.__file__).parent / "network"
