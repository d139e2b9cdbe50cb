"""Builds the store and the matcher from settings; shared by the API, the CLI and the seed loader."""

from __future__ import annotations

from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput, Problem
from graph.store import GraphStore
from matching.embedder import Embedder, SentenceTransformerEmbedder
from matching.matcher import Matcher
from matching.ranking import Weights
from service.settings import Settings

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def build_store(settings: Settings) -> GraphStore:
    """The configured store, schema not yet ensured (call ``ensure_schema``).

    Raises:
        StoreUnavailable: Neo4j is configured and cannot be reached; the message names the URI.
    """
    if settings.store.backend == "neo4j":
        return store_from_uri(settings.neo4j.uri, settings)
    return EmbeddedStore(settings.store.sqlite_path)


def store_from_uri(uri: str, settings: Settings) -> GraphStore:
    """A store named by a URI: ``sqlite:PATH`` or a Neo4j URI (credentials from settings).

    Raises:
        InvalidInput: the URI names no known store.
        StoreUnavailable: Neo4j cannot be reached.
    """
    if uri.startswith("sqlite:"):
        path = uri.removeprefix("sqlite:").removeprefix("//")
        if not path:
            raise InvalidInput(
                [Problem(uri, "uri", "sqlite: needs a file path, as in sqlite:var/passerelle.db")]
            )
        return EmbeddedStore(Path(path))
    if uri.startswith(NEO4J_SCHEMES):
        from graph.neo4j_store import Neo4jStore, connect

        driver = connect(uri, settings.neo4j.user, settings.neo4j.password.get_secret_value())
        return Neo4jStore(
            driver, database=settings.neo4j.database, vector_dimensions=settings.embedding.dimensions
        )
    raise InvalidInput([Problem(uri, "uri", f"use sqlite:PATH or a Neo4j URI ({', '.join(NEO4J_SCHEMES)})")])


def build_embedder(settings: Settings) -> Embedder:
    return SentenceTransformerEmbedder(settings.embedding.model, batch_size=settings.embedding.batch_size)


def build_matcher(settings: Settings, store: GraphStore, embedder: Embedder | None = None) -> Matcher:
    weights = Weights(**settings.ranking.model_dump())
    return Matcher(store, embedder or build_embedder(settings), weights=weights)


def seed_folder() -> Path:
    """The fictional Normandy network shipped with Passerelle."""
    import seed_data

    return Path(seed_data.__file__).parent / "network"
