"""Crash safety, round trips and erasure on a real SQLite file and a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph.embedded import EmbeddedStore
from matching.matcher import Matcher
from service.cli import app
from service.wiring import seed_folder
from tests.fakes import HashingEmbedder
from tests.world import tiny_world

ROOT = Path(__file__).resolve().parents[2]


def open_store(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    store.ensure_schema()
    return store


def state(path: Path) -> tuple[dict[str, int], dict[str, int], list[tuple[str, str]]]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        nodes = dict(conn.execute("SELECT kind, count(*) FROM nodes GROUP BY kind").fetchall())
        edges = dict(conn.execute("SELECT kind, count(*) FROM edges GROUP BY kind").fetchall())
        rows = conn.execute("SELECT id, data FROM nodes ORDER BY id").fetchall()
    finally:
        conn.close()
    return nodes, edges, rows


def large_bundle(folder: Path, people: int) -> int:
    """A bundle of ``people`` agents, each with a WORKS_AT and a LOCATED_IN edge."""
    folder.mkdir()
    with (folder / "persons.jsonl").open("w", encoding="utf-8") as out:
        for i in range(people):
            record = {
                "id": f"person:agent-{i}",
                "name": f"Agent {i}",
                "roles": ["agent"],
                "bio": "Agent de l'État",
            }
            out.write(json.dumps(record) + "\n")
    with (folder / "edges.jsonl").open("w", encoding="utf-8") as out:
        for i in range(people):
            out.write(
                json.dumps({"kind": "WORKS_AT", "source": f"person:agent-{i}", "target": "org:ddtm-eure"})
                + "\n"
            )
            out.write(
                json.dumps(
                    {"kind": "LOCATED_IN", "source": f"person:agent-{i}", "target": "territory:dep-27"}
                )
                + "\n"
            )
    return people * 3


@pytest.mark.slow
def test_sigkill_during_import_keeps_previous_state_and_import_can_rerun(tmp_path: Path) -> None:
    db = tmp_path / "passerelle.db"
    store = open_store(db)
    store.upsert(tiny_world())
    store.close()
    before = state(db)
    total = large_bundle(tmp_path / "bundle", 60_000)
    env = {**os.environ, "PASSERELLE_STORE__SQLITE_PATH": str(db)}
    command = [sys.executable, "-m", "service.cli", "import", str(tmp_path / "bundle")]

    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = bytearray()

    def read_stderr() -> None:
        assert process.stderr is not None
        while chunk := process.stderr.read1(4096):
            seen.extend(chunk)

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    deadline = time.monotonic() + 300
    # The progress bar appears once the first chunk is written inside the open transaction.
    while "écriture".encode() not in seen and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    reader.join(timeout=10)
    assert process.returncode == -signal.SIGKILL, seen.decode(errors="replace")
    assert "écriture".encode() in seen, "the import was killed before it began writing"

    assert state(db) == before

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    nodes, edges, _ = state(db)
    assert nodes["Person"] == before[0]["Person"] + 60_000
    assert sum(edges.values()) == sum(before[1].values()) + total - 60_000


def test_round_trip_import_export_import_gives_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(first))
    assert runner.invoke(app, ["import", str(seed_folder())]).exit_code == 0
    for fmt in ("jsonl", "csv"):
        exported = tmp_path / f"export-{fmt}"
        result = runner.invoke(app, ["export", "--format", fmt, str(exported)])
        assert result.exit_code == 0, result.output
        monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(second))
        result = runner.invoke(app, ["import", str(exported)])
        assert result.exit_code == 0, result.output
        monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(first))
        one, two = open_store(first).snapshot(), open_store(second).snapshot()
        assert nx.utils.graphs_equal(one, two)
        assert one.number_of_nodes() > 300
        second.unlink()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_exports_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    db = tmp_path / "passerelle.db"
    open_store(db).upsert(tiny_world())
    monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(db))
    target = tmp_path / f"reseau.{fmt}"
    result = CliRunner().invoke(app, ["export", "--format", fmt, str(target)])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    assert graph.number_of_nodes() == 11
    assert graph.number_of_edges() == 12
    assert graph.nodes["person:bruno-lefevre"]["label"] == "Bruno Lefèvre"
    assert graph.nodes["person:bruno-lefevre"]["roles"] == "expert|agent"


def test_erase_person_leaves_nothing_in_the_database_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "passerelle.db"
    store = open_store(db)
    store.upsert(tiny_world())
    embedder = HashingEmbedder(64)
    Matcher(store, embedder).refresh()
    assert store.profile_hashes(embedder.model_id)["person:bruno-lefevre"]
    store.close()
    secrets = ["person:bruno-lefevre", "Bruno Lefèvre", "tiers-lieux et de la lecture publique"]
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("passerelle.db*"))
    assert all(s.encode() in raw for s in secrets)

    monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(db))
    result = CliRunner().invoke(app, ["erase-person", "person:bruno-lefevre"])
    assert result.exit_code == 0, result.output
    assert "4 lien(s), 2 vecteur(s)" in result.output  # his bio and his project

    raw = b"".join(p.read_bytes() for p in tmp_path.glob("passerelle.db*"))
    for secret in secrets:
        assert secret.encode() not in raw, secret
    assert open_store(db).get("person:alice-martin").id == "person:alice-martin"


@pytest.mark.parametrize("person_id", ["person:personne", "personne"])
def test_erase_unknown_person_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, person_id: str
) -> None:
    monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(tmp_path / "p.db"))
    result = CliRunner().invoke(app, ["erase-person", person_id])
    assert result.exit_code == 2
    assert f"'{person_id}'" in result.output


def test_a_full_disk_ends_an_import_with_code_2_and_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    import typer

    from service.cli import domain_errors, import_records

    path = tmp_path / "full.db"
    store = open_store(path)
    store.upsert(tiny_world())
    before = state(path)
    db = store._db()
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own "database or disk is full" (SQLITE_FULL), as on a full disk: the file may not grow.
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(typer.Exit) as ended, domain_errors():
        import_records(store, seed_folder())
    assert ended.value.exit_code == 2
    store.close()
    assert state(path) == before


def test_a_damaged_store_file_ends_a_command_with_code_2(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    result = CliRunner().invoke(
        app, ["suggest", "ouvrir les données"], env={"PASSERELLE_STORE__SQLITE_PATH": str(path)}
    )
    assert result.exit_code == 2
    assert "erreur" in result.output
    assert "Traceback" not in result.output
