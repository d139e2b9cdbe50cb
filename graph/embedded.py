"""The embedded store: SQLite (WAL, foreign keys) as the store of record, networkx as the
working copy. It serves one lab with no server."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph import snapshot
from graph.errors import InvalidInput, NotFound, Problem, StoreUnavailable
from graph.model import (
    Direction,
    Edge,
    EdgeKind,
    Node,
    NodeKind,
    Record,
    display_label,
    kind_of,
    matches,
    node_from_dict,
)
from graph.store import Counts, ErasureReport, Neighbour, ProfileChunk, Progress, Vector
from graph.tables import EdgeRow, GraphTables

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id   TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes(kind);
CREATE TABLE IF NOT EXISTS edges (
    kind   TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    target TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    data   TEXT NOT NULL,
    PRIMARY KEY (kind, source, target)
);
CREATE INDEX IF NOT EXISTS edges_source ON edges(source);
CREATE INDEX IF NOT EXISTS edges_target ON edges(target);
CREATE TABLE IF NOT EXISTS vectors (
    owner_id  TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    model_id  TEXT NOT NULL,
    chunk     INTEGER NOT NULL,
    text_hash TEXT NOT NULL,
    vector    BLOB NOT NULL,
    PRIMARY KEY (owner_id, model_id, chunk)
);
CREATE INDEX IF NOT EXISTS vectors_hash ON vectors(model_id, text_hash);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
-- A random start: a file created anew never repeats the revisions of the one it replaced.
INSERT OR IGNORE INTO meta(key, value) VALUES ('graph', abs(random()) % 1000000000000);
"""

# Advances the graph revision; run inside the transaction of every write to nodes or edges.
_BUMP_REVISION = (
    "INSERT INTO meta(key, value) VALUES ('graph', 1) ON CONFLICT(key) DO UPDATE SET value = value + 1"
)

_WRITE_CHUNK = 5000
_EDGE_KINDS = {kind.value: kind for kind in EdgeKind}


class EmbeddedStore:
    """``GraphStore`` on one SQLite file.

    Args:
        path: the database file (created on ``ensure_schema``), or ``":memory:"``.

    The networkx working copy is built on first use and kept in step with every write made
    through this object; writes by another process are noticed through ``PRAGMA data_version``
    and trigger a reload. The graph revision is the ``graph`` row of the ``meta`` table, advanced
    inside the transaction of every write to nodes or edges.
    """

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._graph: nx.MultiDiGraph | None = None
        self._matrices: dict[str, _ChunkMatrix] = {}
        self._last_scores: tuple[_ChunkMatrix, Vector, Vector] | None = None
        self._data_version: int | None = None

    # -- connection ----------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                if self._path != ":memory:":
                    Path(self._path).parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA synchronous=NORMAL")
                # Erased data must not linger in free pages of the file.
                conn.execute("PRAGMA secure_delete=ON")
                conn.execute("PRAGMA busy_timeout=10000")
            except (sqlite3.Error, OSError) as e:
                raise StoreUnavailable(f"cannot open SQLite store at {self._path}: {e}") from e
            self._conn = conn
        return self._conn

    def _sync(self) -> None:
        """Drop in-memory copies if another connection changed the file."""
        version = int(self._db().execute("PRAGMA data_version").fetchone()[0])
        if self._data_version is not None and version != self._data_version:
            self._graph = None
            self._matrices.clear()
        self._data_version = version

    def ensure_schema(self) -> None:
        with self._lock:
            self._db().executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- writes --------------------------------------------------------------------------
    def upsert(self, records: Sequence[Record], *, progress: Progress | None = None) -> None:
        nodes = [r for r in records if isinstance(r, Node)]
        edges = [r for r in records if isinstance(r, Edge)]
        if not nodes and not edges:
            return
        total = len(nodes) + len(edges)
        with self._lock:
            self._sync()
            db = self._db()
            with _write_transaction(db):
                done = 0
                for start in range(0, len(nodes), _WRITE_CHUNK):
                    part = nodes[start : start + _WRITE_CHUNK]
                    db.executemany(
                        "INSERT INTO nodes(id, kind, data) VALUES (?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, data = excluded.data",
                        [(n.id, n.node_kind.value, _node_json(n)) for n in part],
                    )
                    done += len(part)
                    if progress:
                        progress(done, total)
                for start in range(0, len(edges), _WRITE_CHUNK):
                    part_e = edges[start : start + _WRITE_CHUNK]
                    self._check_endpoints(db, part_e)
                    db.executemany(
                        "INSERT INTO edges(kind, source, target, data) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(kind, source, target) DO UPDATE SET data = excluded.data",
                        [(e.kind.value, e.source, e.target, _edge_json(e)) for e in part_e],
                    )
                    done += len(part_e)
                    if progress:
                        progress(done, total)
            self._data_version = int(db.execute("PRAGMA data_version").fetchone()[0])
            if self._graph is not None:
                for n in nodes:
                    snapshot.add_node(self._graph, n)
                for e in edges:
                    snapshot.add_edge(self._graph, e)
            if nodes:
                self._matrices.clear()

    @staticmethod
    def _check_endpoints(db: sqlite3.Connection, edges: Sequence[Edge]) -> None:
        wanted = (
            {e.source for e in edges} | {e.target for e in edges} | {e.project for e in edges if e.project}
        )
        found = _existing_ids(db, wanted)
        problems = [
            Problem(
                record=f"{e.kind} {e.source} -> {e.target}", field=name, message=f"{ref!r} does not exist"
            )
            for e in edges
            for name, ref in (("source", e.source), ("target", e.target), ("project", e.project))
            if ref is not None and ref not in found
        ]
        if problems:
            raise InvalidInput(problems)

    def delete(self, node_id: str) -> None:
        with self._lock:
            self._sync()
            db = self._db()
            with _write_transaction(db):
                cur = db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
                if cur.rowcount == 0:
                    raise NotFound(f"no node {node_id!r}")
            self._after_delete(node_id)

    def delete_edge(self, kind: EdgeKind, source: str, target: str) -> None:
        with self._lock:
            self._sync()
            db = self._db()
            with _write_transaction(db):
                cur = db.execute(
                    "DELETE FROM edges WHERE kind = ? AND source = ? AND target = ?",
                    (kind.value, source, target),
                )
                if cur.rowcount == 0:
                    raise NotFound(f"no {kind} edge {source} -> {target}")
            self._data_version = int(db.execute("PRAGMA data_version").fetchone()[0])
            if self._graph is not None and self._graph.has_edge(source, target, key=kind.value):
                self._graph.remove_edge(source, target, key=kind.value)

    def _after_delete(self, node_id: str) -> None:
        db = self._db()
        self._data_version = int(db.execute("PRAGMA data_version").fetchone()[0])
        if self._graph is not None and node_id in self._graph:
            self._graph.remove_node(node_id)
        self._matrices.clear()

    def erase_person(self, person_id: str) -> ErasureReport:
        try:
            is_person = kind_of(person_id) is NodeKind.PERSON
        except ValueError as e:
            raise NotFound(f"no person {person_id!r}: {e}") from e
        if not is_person:
            raise NotFound(f"{person_id!r} is not a person id")
        with self._lock:
            self._sync()
            db = self._db()
            with _write_transaction(db):
                n_edges = db.execute(
                    "SELECT count(*) FROM edges WHERE source = ? OR target = ?",
                    (person_id, person_id),
                ).fetchone()[0]
                n_vectors = db.execute(
                    "SELECT count(*) FROM vectors WHERE owner_id = ?", (person_id,)
                ).fetchone()[0]
                # INTRODUCED edges elsewhere never name a person in their attributes, so the
                # cascade from the node row reaches every edge and vector that holds them.
                cur = db.execute("DELETE FROM nodes WHERE id = ?", (person_id,))
                if cur.rowcount == 0:
                    raise NotFound(f"no person {person_id!r}")
            # Move the erased pages out of the write-ahead log into the (zeroed) main file.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._after_delete(person_id)
        return ErasureReport(person_id=person_id, edges=int(n_edges), vectors=int(n_vectors))

    # -- reads ---------------------------------------------------------------------------
    def get(self, node_id: str) -> Node:
        with self._lock:
            row = self._db().execute("SELECT kind, data FROM nodes WHERE id = ?", (node_id,)).fetchone()
        if row is None:
            raise NotFound(f"no node {node_id!r}")
        return _node_from_row(row[0], row[1])

    def existing(self, ids: Iterable[str]) -> set[str]:
        with self._lock:
            return _existing_ids(self._db(), ids)

    def revision(self) -> int:
        with self._lock:
            row = self._db().execute("SELECT value FROM meta WHERE key = 'graph'").fetchone()
        return 0 if row is None else int(row[0])

    def nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        with self._lock:
            if kind is None:
                rows = self._db().execute("SELECT kind, data FROM nodes ORDER BY id").fetchall()
            else:
                rows = (
                    self._db()
                    .execute("SELECT kind, data FROM nodes WHERE kind = ? ORDER BY id", (kind.value,))
                    .fetchall()
                )
        return (_node_from_row(k, d) for k, d in rows)

    def find(self, node_kind: NodeKind, /, **attributes: object) -> list[Node]:
        return [n for n in self.nodes(node_kind) if matches(n, attributes)]

    def edges(self, kind: EdgeKind | None = None) -> Iterator[Edge]:
        with self._lock:
            sql = "SELECT kind, source, target, data FROM edges"
            args: tuple[str, ...] = ()
            if kind is not None:
                sql += " WHERE kind = ?"
                args = (kind.value,)
            rows = self._db().execute(sql + " ORDER BY kind, source, target", args).fetchall()
        return (_edge_from_row(*row) for row in rows)

    def neighbours(
        self, node_id: str, *, edge_kind: EdgeKind | None = None, direction: Direction = "both"
    ) -> list[Neighbour]:
        self.get(node_id)
        clauses = {"out": "e.source = ?", "in": "e.target = ?", "both": "(e.source = ? OR e.target = ?)"}
        args: list[str] = [node_id] * (2 if direction == "both" else 1)
        sql = (
            "SELECT e.kind, e.source, e.target, e.data, n.kind, n.data FROM edges e "
            "JOIN nodes n ON n.id = CASE WHEN e.source = ? THEN e.target ELSE e.source END "
            f"WHERE {clauses[direction]}"
        )
        if edge_kind is not None:
            sql += " AND e.kind = ?"
            args.append(edge_kind.value)
        with self._lock:
            rows = (
                self._db().execute(sql + " ORDER BY e.kind, e.source, e.target", [node_id, *args]).fetchall()
            )
        return [Neighbour(_edge_from_row(k, s, t, d), _node_from_row(nk, nd)) for k, s, t, d, nk, nd in rows]

    def counts(self) -> Counts:
        with self._lock:
            db = self._db()
            nodes = dict(db.execute("SELECT kind, count(*) FROM nodes GROUP BY kind").fetchall())
            edges = dict(db.execute("SELECT kind, count(*) FROM edges GROUP BY kind").fetchall())
        return Counts(nodes=nodes, edges=edges)

    def snapshot(self) -> nx.MultiDiGraph:
        with self._lock:
            self._sync()
            if self._graph is None:
                self._graph = snapshot.build_graph(self.nodes(), self.edges())
            return self._graph.copy()

    def tables(self) -> GraphTables:
        """The whole graph as plain tables, read straight from the rows (no validation: every row
        was validated when it was written)."""
        with self._lock:
            db = self._db()
            nodes = db.execute("SELECT id, kind, data FROM nodes").fetchall()
            # The primary key's order: no sort needed, in SQLite or here.
            edges = db.execute(
                "SELECT kind, source, target, data FROM edges ORDER BY kind, source, target"
            ).fetchall()
        return GraphTables.build(
            ((node_id, {**json.loads(data), "node_kind": kind}) for node_id, kind, data in nodes),
            (EdgeRow(_EDGE_KINDS[kind], source, target, data) for kind, source, target, data in edges),
            ordered=True,
        )

    def export_person(self, person_id: str) -> dict[str, object]:
        person = self.get(person_id)
        if person.node_kind is not NodeKind.PERSON:
            raise NotFound(f"{person_id!r} is not a person")
        with self._lock:
            vectors = (
                self._db()
                .execute(
                    "SELECT model_id, count(*) FROM vectors WHERE owner_id = ? GROUP BY model_id",
                    (person_id,),
                )
                .fetchall()
            )
        return {
            "person": person.model_dump(mode="json"),
            "edges": [
                {**nb.edge.model_dump(mode="json"), "other_end": display_label(nb.node)}
                for nb in self.neighbours(person_id)
            ],
            "derived": {
                "profile_vectors": {model: int(count) for model, count in vectors},
                "note": "vectors computed from the person's bio, skills and projects",
            },
        }

    # -- vectors -------------------------------------------------------------------------
    def vector_models(self) -> list[str]:
        with self._lock:
            rows = self._db().execute("SELECT DISTINCT model_id FROM vectors ORDER BY model_id").fetchall()
        return [r[0] for r in rows]

    def profile_hashes(self, model_id: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        with self._lock:
            rows = (
                self._db()
                .execute(
                    "SELECT owner_id, text_hash FROM vectors WHERE model_id = ? ORDER BY owner_id, chunk",
                    (model_id,),
                )
                .fetchall()
            )
        for owner, text_hash in rows:
            out.setdefault(owner, []).append(text_hash)
        return out

    def cached_vectors(self, model_id: str, text_hashes: Iterable[str]) -> dict[str, Vector]:
        wanted = list(dict.fromkeys(text_hashes))
        out: dict[str, Vector] = {}
        with self._lock:
            db = self._db()
            for start in range(0, len(wanted), 900):
                part = wanted[start : start + 900]
                marks = ",".join("?" * len(part))
                for text_hash, blob in db.execute(
                    f"SELECT text_hash, vector FROM vectors WHERE model_id = ? AND text_hash IN ({marks})",
                    [model_id, *part],
                ):
                    out[text_hash] = np.frombuffer(blob, dtype=np.float32).copy()
        return out

    def set_profiles(self, model_id: str, profiles: Mapping[str, Sequence[ProfileChunk]]) -> None:
        rows = [
            (owner, model_id, i, c.text_hash, np.asarray(c.vector, dtype=np.float32).tobytes())
            for owner, chunks in profiles.items()
            for i, c in enumerate(chunks)
        ]
        with self._lock:
            self._sync()
            db = self._db()
            try:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(
                    "DELETE FROM vectors WHERE owner_id = ? AND model_id = ?",
                    [(owner, model_id) for owner in profiles],
                )
                db.executemany("INSERT INTO vectors VALUES (?, ?, ?, ?, ?)", rows)
                db.execute("COMMIT")
            except sqlite3.IntegrityError as e:
                db.execute("ROLLBACK")
                missing = [o for o in profiles if not self._exists(o)]
                raise InvalidInput(
                    [Problem(record=o, field="owner_id", message="no such node") for o in missing]
                ) from e
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            self._data_version = int(db.execute("PRAGMA data_version").fetchone()[0])
            self._matrices.pop(model_id, None)

    def _exists(self, node_id: str) -> bool:
        return self._db().execute("SELECT 1 FROM nodes WHERE id = ?", (node_id,)).fetchone() is not None

    def _matrix(self, model_id: str) -> _ChunkMatrix:
        """All chunk vectors of one model, each distinct text once, cached until the next write."""
        self._sync()
        if model_id not in self._matrices:
            rows = (
                self._db()
                .execute(
                    "SELECT v.owner_id, v.text_hash, v.vector, n.kind FROM vectors v "
                    "JOIN nodes n ON n.id = v.owner_id WHERE v.model_id = ? ORDER BY v.owner_id, v.chunk",
                    (model_id,),
                )
                .fetchall()
            )
            owners: list[str] = []
            kinds: list[str] = []
            starts: list[int] = []
            distinct: dict[str, int] = {}
            vectors: list[Vector] = []
            chunk_rows: list[int] = []
            for i, (owner, text_hash, blob, kind) in enumerate(rows):
                if not owners or owners[-1] != owner:
                    owners.append(owner)
                    kinds.append(kind)
                    starts.append(i)
                if text_hash not in distinct:
                    distinct[text_hash] = len(vectors)
                    vectors.append(np.frombuffer(blob, dtype=np.float32))
                chunk_rows.append(distinct[text_hash])
            matrix = np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
            self._matrices[model_id] = _ChunkMatrix(
                owners,
                np.array(kinds),
                np.array(starts, dtype=np.intp),
                np.array(chunk_rows, dtype=np.intp),
                matrix,
            )
        return self._matrices[model_id]

    def _best_per_owner(self, model_id: str, query: Vector) -> tuple[_ChunkMatrix, Vector]:
        query = np.asarray(query, dtype=np.float32)
        with self._lock:
            chunks = self._matrix(model_id)
            last = self._last_scores
            # A suggestion searches, then re-scores, with the same query: compute once.
            if last is not None and last[0] is chunks and np.array_equal(last[1], query):
                return chunks, last[2]
        if not chunks.owners:
            return chunks, np.zeros(0, dtype=np.float32)
        # Each distinct window is scored once: owners sharing one (members of one project) tie
        # exactly and break on id, whatever rounding a row's position in the matrix brings.
        scores = (chunks.matrix @ query)[chunks.chunk_rows]
        best = np.maximum.reduceat(scores, chunks.starts)
        with self._lock:
            self._last_scores = (chunks, query.copy(), best)
        return chunks, best

    def vector_search(
        self, model_id: str, query: Vector, *, k: int, owner_kinds: Sequence[NodeKind]
    ) -> list[tuple[str, float]]:
        chunks, best = self._best_per_owner(model_id, query)
        if not chunks.owners:
            return []
        allowed = np.isin(chunks.kinds, [kind.value for kind in owner_kinds])
        candidates = np.flatnonzero(allowed)
        if len(candidates) > k:
            # Keep every owner tied with the k-th score, then order exactly by (score, id).
            kth = np.partition(best[candidates], len(candidates) - k)[len(candidates) - k]
            candidates = candidates[best[candidates] >= kth]
        ranked = sorted(((chunks.owners[i], float(best[i])) for i in candidates), key=lambda r: (-r[1], r[0]))
        return ranked[:k]

    def vector_scores(self, model_id: str, query: Vector, owner_ids: Sequence[str]) -> dict[str, float]:
        chunks, best = self._best_per_owner(model_id, query)
        wanted = set(owner_ids)
        return {owner: float(best[i]) for i, owner in enumerate(chunks.owners) if owner in wanted}


@contextmanager
def _write_transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One ``BEGIN IMMEDIATE`` transaction that also advances the graph revision; any error
    rolls both back."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute(_BUMP_REVISION)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _existing_ids(db: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    """Which of these ids are stored nodes, 900 per query (under SQLite's bound-variable limit)."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 900):
        part = wanted[start : start + 900]
        marks = ",".join("?" * len(part))
        found.update(row[0] for row in db.execute(f"SELECT id FROM nodes WHERE id IN ({marks})", part))
    return found


@dataclass(frozen=True)
class _ChunkMatrix:
    owners: list[str]
    """Distinct owners, in id order."""
    kinds: npt.NDArray[np.str_]
    """Node kind of each owner."""
    starts: npt.NDArray[np.intp]
    """Position of each owner's first chunk in ``chunk_rows``."""
    chunk_rows: npt.NDArray[np.intp]
    """Row of ``matrix`` holding each chunk, chunks in (owner, chunk) order."""
    matrix: Vector
    """One row per distinct window text."""


def _node_json(node: Node) -> str:
    return json.dumps(node.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


def _edge_json(edge: Edge) -> str:
    return json.dumps(snapshot.edge_attributes(edge), ensure_ascii=False, sort_keys=True)


def _node_from_row(kind: str, data: str) -> Node:
    return node_from_dict(NodeKind(kind), json.loads(data))


def _edge_from_row(kind: str, source: str, target: str, data: str) -> Edge:
    return Edge.model_validate({"kind": kind, "source": source, "target": target, **json.loads(data)})
