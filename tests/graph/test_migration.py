"""Migration between stores: complete, resumable and verified, in both directions."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph.embedded import EmbeddedStore
from graph.migration import Checkpoint, checksum, migrate
from graph.store import GraphStore
from matching.matcher import Matcher
from service.cli import app
from tests.fakes import HashingEmbedder
from tests.world import tiny_world


@pytest.fixture
def source(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "source.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    Matcher(store, HashingEmbedder(64)).refresh()
    return store


def test_migration_copies_everything_and_verifies(source: EmbeddedStore, store: GraphStore) -> None:
    report = migrate(source, store, batch_size=3)
    assert report.verification.ok
    assert report.copied["nodes:Person"] == 2
    assert report.copied["edges:INTRODUCED"] == 1
    # One expert, two organisations and the two projects, whose windows are cached for peers.
    assert report.copied["vectors:test/hashing-64"] == 5
    assert nx.utils.graphs_equal(source.snapshot(), store.snapshot())
    assert checksum(source) == checksum(store)
    assert store.profile_hashes("test/hashing-64") == source.profile_hashes("test/hashing-64")


def test_migration_back_gives_the_same_checksum(
    source: EmbeddedStore, store: GraphStore, tmp_path: Path
) -> None:
    migrate(source, store)
    back = EmbeddedStore(tmp_path / "back.db")
    back.ensure_schema()
    report = migrate(store, back)
    assert report.verification.ok
    assert checksum(back) == checksum(source)


def test_checksum_sees_a_changed_attribute(source: EmbeddedStore, tmp_path: Path) -> None:
    copy = EmbeddedStore(tmp_path / "copy.db")
    copy.ensure_schema()
    migrate(source, copy)
    person = copy.get("person:alice-martin").model_copy(update={"bio": "Autre bio."})
    copy.upsert([person])
    assert checksum(copy) != checksum(source)


def test_interrupted_migration_resumes(source: EmbeddedStore, store: GraphStore, tmp_path: Path) -> None:
    checkpoint_file = tmp_path / "checkpoint.json"
    calls = 0

    def crash_after_four_batches(step: str, done: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        migrate(
            source,
            store,
            batch_size=2,
            checkpoint=Checkpoint(checkpoint_file),
            progress=crash_after_four_batches,
        )
    assert checkpoint_file.exists()
    report = migrate(source, store, batch_size=2, checkpoint=Checkpoint(checkpoint_file))
    # Four batches were written before the crash: 2 people, 2 organisations, 1 lab, 2 projects.
    assert sum(report.skipped.values()) == 7
    assert report.copied["nodes:Person"] == 0
    assert report.verification.ok
    assert not checkpoint_file.exists()


def test_cli_migrate_between_sqlite_files(
    source: EmbeddedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["migrate", "--from", f"sqlite:{tmp_path / 'source.db'}", "--to", "sqlite:out.db"]
    )
    assert result.exit_code == 0, result.output
    assert "vérification réussie" in result.output
    assert "Person: 2 -> 2" in result.output


@pytest.mark.parametrize("uri", ["postgres://x", "sqlite:"])
def test_cli_migrate_rejects_unknown_uris(tmp_path: Path, uri: str) -> None:
    result = CliRunner().invoke(app, ["migrate", "--from", uri, "--to", f"sqlite:{tmp_path / 'b.db'}"])
    assert result.exit_code == 2
    assert "uri" in result.output


@pytest.mark.neo4j
def test_cli_migrate_to_neo4j_and_back(
    source: EmbeddedStore, neo4j_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = os.environ["PASSERELLE_TEST_NEO4J_URI"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PASSERELLE_EMBEDDING__DIMENSIONS", "64")
    runner = CliRunner()
    there = runner.invoke(app, ["migrate", "--from", f"sqlite:{tmp_path / 'source.db'}", "--to", uri])
    assert there.exit_code == 0, there.output
    back = runner.invoke(app, ["migrate", "--from", uri, "--to", "sqlite:back.db"])
    assert back.exit_code == 0, back.output
    assert "vérification réussie" in back.output
    assert checksum(EmbeddedStore(tmp_path / "back.db")) == checksum(source)
