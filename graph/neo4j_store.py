"""The Neo4j store: the same ``GraphStore`` contract as the embedded store, on a Neo4j 5 server.

Nodes carry their kind as label (``:Person``) and their fields as properties; edges are
relationships typed by their kind. Profile vectors are ``:ProfileChunk`` nodes with an
``embedding`` property covered by the vector index ``profile_chunk_embedding``. Every write is one
managed transaction (``session.execute_write``), which the driver retries on transient errors, so
each transaction function is idempotent (``MERGE``, or delete-then-create). The graph revision is
the ``revision`` property of one ``(:PasserelleMeta {key: 'graph'})`` node, advanced last in the
transaction of every node or edge write; ``wipe_database`` deletes it, so it starts again at 0.
"""

from __future__ import annotations

import functools
import logging
import math
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import neo4j
import networkx as nx
import numpy as np
from neo4j import ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from graph import cypher, snapshot
from graph.errors import Conflict, InvalidInput, NotFound, Problem, StoreUnavailable
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
from graph.store import (
    Counts,
    ErasureReport,
    Neighbour,
    ProfileChunk,
    Progress,
    Vector,
)
from graph.tables import GraphTables

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
_Work = Callable[[ManagedTransaction], _T]
FaultInjector = Callable[[str], None]
"""Test-only hook: called with the operation name at the start of every transaction function."""

_URIS: weakref.WeakKeyDictionary[neo4j.Driver, str] = weakref.WeakKeyDictionary()
"""The URI each driver made by ``connect`` was built from, for error messages."""

_AWAIT_INDEXES_SECONDS = 300
_WIPE_BATCH = 10_000
_MAX_VECTOR_ROWS = 1_000
_LOOKUP_BATCH = 10_000


def connect(
    uri: str,
    user: str,
    password: str,
    *,
    retry_seconds: float = 5.0,
    connection_timeout: float = 5.0,
) -> neo4j.Driver:
    """Create a driver and check that the server answers.

    Args:
        uri: ``bolt://host:port`` or ``neo4j://host:port`` (``+s`` variants for TLS).
        user: the user name, ignored when ``password`` is empty.
        password: empty for a server without authentication.
        retry_seconds: how long a managed transaction is retried after transient errors and lost
            connections before the store gives up with ``StoreUnavailable`` (the driver's default,
            30 s, would keep an HTTP request waiting that long before its 503).
        connection_timeout: how long to wait for one TCP connection to open.

    Raises:
        StoreUnavailable: the server cannot be reached or refused the credentials.
    """
    auth = (user, password) if password else None
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=auth,
            max_transaction_retry_time=retry_seconds,
            connection_timeout=connection_timeout,
        )
    except (DriverError, Neo4jError, ValueError) as e:
        raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {e}") from e
    try:
        driver.verify_connectivity()
    except (DriverError, Neo4jError, OSError) as e:
        driver.close()
        raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {e}") from e
    _URIS[driver] = uri
    return driver


def wipe_database(driver: neo4j.Driver, database: str = "neo4j") -> None:
    """Delete every node and relationship and drop Passerelle's vector index (tests use it).

    Constraints and other indexes stay: ``ensure_schema`` would create them again anyway.
    """

    def wipe_some(tx: ManagedTransaction) -> int:
        return int(tx.run(cypher.WIPE_SOME, limit=_WIPE_BATCH).single(strict=True)["deleted"])

    def drop_index(tx: ManagedTransaction) -> None:
        for query in cypher.DROP_VECTOR_INDEX.values():
            tx.run(query).consume()

    with _unavailable_as_domain_error(_uri_of(driver)), driver.session(database=database) as session:
        while session.execute_write(wipe_some):
            pass
        session.execute_write(drop_index)


class Neo4jStore:
    """``GraphStore`` on a Neo4j 5 server.

    Args:
        driver: a driver made by ``connect``; the store owns it from now on (``close`` closes it).
        database: the Neo4j database to use.
        vector_dimensions: length of every profile vector (the vector index is built for it).
        batch_size: rows sent per ``UNWIND`` query when writing.
        fault_injector: test-only. Called as ``fault_injector(operation)`` at the start of every
            transaction function (``"upsert"``, ``"set_profiles"``, ``"get"``, …), so a test can
            raise e.g. ``neo4j.exceptions.TransientError`` and watch the driver retry.

    The constructor does no I/O; call ``ensure_schema`` once before use.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str = "neo4j",
        vector_dimensions: int = 384,
        batch_size: int = 10_000,
        fault_injector: FaultInjector | None = None,
    ) -> None:
        if vector_dimensions < 1:
            raise ValueError(f"vector_dimensions must be positive, not {vector_dimensions}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, not {batch_size}")
        self._driver = driver
        self._database = database
        self._dimensions = vector_dimensions
        self._batch_size = batch_size
        self._fault_injector = fault_injector
        self._uri = _uri_of(driver)

    # -- transactions --------------------------------------------------------------------------
    def _read(self, operation: str, work: _Work[_T]) -> _T:
        return self._run(operation, work, write=False)

    def _write(self, operation: str, work: _Work[_T]) -> _T:
        return self._run(operation, work, write=True)

    def _run(self, operation: str, work: _Work[_T], *, write: bool) -> _T:
        """Run ``work`` in one managed transaction, retried by the driver on transient errors.

        A fresh session per call: a session broken by a server restart is never reused.
        """

        def transaction(tx: ManagedTransaction) -> _T:
            if self._fault_injector is not None:
                self._fault_injector(operation)
            return work(tx)

        with (
            _unavailable_as_domain_error(self._uri),
            self._driver.session(
                database=self._database,
                # Per-kind queries name labels and types that may not exist yet; that is expected.
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED
                ],
            ) as session,
        ):
            if write:
                return session.execute_write(transaction)
            return session.execute_read(transaction)

    # -- schema --------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create constraints, lookup indexes and the vector index if missing, and wait until
        they are online.

        Raises:
            Conflict: the vector index exists with other dimensions or another similarity.
        """
        statements: list[tuple[str, dict[str, object]]] = [
            *((query, {}) for query in cypher.NODE_ID_CONSTRAINT.values()),
            *((query, {}) for query in cypher.LOOKUP_INDEX.values()),
            (cypher.CHUNK_KEY_CONSTRAINT, {}),
            (cypher.META_KEY_CONSTRAINT, {}),
            (cypher.CHUNK_OWNER_INDEX, {}),
            (cypher.CHUNK_MODEL_INDEX, {}),
            (cypher.CHUNK_HASH_INDEX, {}),
        ]
        sized: dict[str, object] = {"dimensions": self._dimensions}
        statements.extend((query, sized) for query in cypher.CREATE_VECTOR_INDEX.values())
        for query, parameters in statements:
            # Schema commands cannot share a transaction with anything else.
            self._write("ensure_schema", _consume(query, parameters))
        self._write("ensure_schema", _consume(cypher.AWAIT_INDEXES, {"timeout": _AWAIT_INDEXES_SECONDS}))
        for kind, name in cypher.VECTOR_INDEXES.items():
            state = self._read("ensure_schema", functools.partial(_vector_index_state, kind=kind))
            if state is None:
                raise StoreUnavailable(f"vector index {name} was not created at {self._uri}")
            if state.dimensions == self._dimensions and state.similarity == "cosine":
                continue
            raise Conflict(
                f"vector index {name} holds {state.dimensions}-d {state.similarity} "
                f"vectors, but this store is configured for {self._dimensions}-d cosine: drop the index "
                "(and the stored profile vectors) or configure the matching model"
            )

    def close(self) -> None:
        self._driver.close()

    # -- writes --------------------------------------------------------------------------------
    def upsert(self, records: Sequence[Record], *, progress: Progress | None = None) -> None:
        """Insert or replace nodes, then edges, in one transaction (all or nothing).

        ``progress(done, total)`` is called after each batch of ``batch_size`` rows. If the driver
        retries the transaction after a transient error, progress starts again from zero.

        Raises:
            InvalidInput: an edge names a source, target or project that is neither in this batch
                nor stored; nothing is written.
        """
        nodes = [r for r in records if isinstance(r, Node)]
        edges = [r for r in records if isinstance(r, Edge)]
        if not nodes and not edges:
            return
        total = len(nodes) + len(edges)
        node_rows: dict[NodeKind, list[dict[str, object]]] = {}
        for node in nodes:
            node_rows.setdefault(node.node_kind, []).append(_node_row(node))
        edge_rows: dict[cypher.EdgeShape, list[dict[str, object]]] = {}
        for edge in edges:
            shape = (edge.kind, kind_of(edge.source), kind_of(edge.target))
            edge_rows.setdefault(shape, []).append(
                {"source": edge.source, "target": edge.target, "props": _edge_props(edge)}
            )
        in_batch = {n.id for n in nodes}

        def work(tx: ManagedTransaction) -> None:
            _check_endpoints(tx, edges, in_batch)
            done = 0
            for kind, rows in node_rows.items():
                for part in _chunks(rows, self._batch_size):
                    tx.run(cypher.UPSERT_NODES[kind], rows=part).consume()
                    done += len(part)
                    if progress:
                        progress(done, total)
            for shape, rows in edge_rows.items():
                for part in _chunks(rows, self._batch_size):
                    tx.run(cypher.UPSERT_EDGES[shape], rows=part).consume()
                    done += len(part)
                    if progress:
                        progress(done, total)
            _bump_revision(tx)

        self._write("upsert", work)

    def delete(self, node_id: str) -> None:
        kind = _kind_or_none(node_id)
        if kind is None:
            raise NotFound(f"no node {node_id!r}")
        if self._write("delete", _delete_node(kind, node_id)) is None:
            raise NotFound(f"no node {node_id!r}")

    def delete_edge(self, kind: EdgeKind, source: str, target: str) -> None:
        source_kind, target_kind = _kind_or_none(source), _kind_or_none(target)
        query = None
        if source_kind is not None and target_kind is not None:
            query = cypher.DELETE_EDGE.get((kind, source_kind, target_kind))
        if query is None:
            raise NotFound(f"no {kind} edge {source} -> {target}")

        def work(tx: ManagedTransaction) -> int:
            deleted = int(tx.run(query, source=source, target=target).single(strict=True)["deleted"])
            if deleted:
                _bump_revision(tx)
            return deleted

        if self._write("delete_edge", work) == 0:
            raise NotFound(f"no {kind} edge {source} -> {target}")

    def erase_person(self, person_id: str) -> ErasureReport:
        if _kind_or_none(person_id) is not NodeKind.PERSON:
            raise NotFound(f"{person_id!r} is not a person id")
        # INTRODUCED edges elsewhere never name a person in their attributes, so deleting the node
        # with its relationships and its chunks removes every copy of the person's data.
        removed = self._write("erase_person", _delete_node(NodeKind.PERSON, person_id))
        if removed is None:
            raise NotFound(f"no person {person_id!r}")
        edges, vectors = removed
        return ErasureReport(person_id=person_id, edges=edges, vectors=vectors)

    # -- reads ---------------------------------------------------------------------------------
    def get(self, node_id: str) -> Node:
        kind = _kind_or_none(node_id)
        if kind is None:
            raise NotFound(f"no node {node_id!r}")

        def work(tx: ManagedTransaction) -> dict[str, object] | None:
            record = tx.run(cypher.GET_NODE[kind], id=node_id).single()
            return None if record is None else _props(record["props"])

        props = self._read("get", work)
        if props is None:
            raise NotFound(f"no node {node_id!r}")
        return node_from_dict(kind, props)

    def existing(self, ids: Iterable[str]) -> set[str]:
        """Which of these ids are stored nodes: one query per node kind named among them."""
        wanted = list(ids)
        if not wanted:
            return set()
        return self._read("existing", functools.partial(_existing_ids, ids=wanted))

    def revision(self) -> int:
        """The graph revision: one read of the bookkeeping node (0 before the first write)."""

        def work(tx: ManagedTransaction) -> int:
            record = tx.run(cypher.REVISION, key=cypher.GRAPH_META_KEY).single(strict=True)
            return 0 if record["revision"] is None else int(record["revision"])

        return self._read("revision", work)

    def nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        kinds = list(NodeKind) if kind is None else [kind]

        def work(tx: ManagedTransaction) -> list[Node]:
            return [
                node_from_dict(k, _props(record["props"]))
                for k in kinds
                for record in tx.run(cypher.NODES[k])
            ]

        return iter(sorted(self._read("nodes", work), key=lambda n: n.id))

    def find(self, node_kind: NodeKind, /, **attributes: object) -> list[Node]:
        query: str | None = None
        value: str | None = None
        for name, wanted in attributes.items():
            if not isinstance(wanted, str):
                continue
            # Only a string compares the same in Cypher and Python; Python refines the result.
            query = cypher.FIND_EQUALS.get((node_kind, name)) or cypher.FIND_CONTAINS.get((node_kind, name))
            if query is not None:
                value = wanted
                break
        if query is None:
            candidates: Iterable[Node] = self.nodes(node_kind)
        else:
            chosen = query

            def work(tx: ManagedTransaction) -> list[Node]:
                return [node_from_dict(node_kind, _props(r["props"])) for r in tx.run(chosen, value=value)]

            candidates = sorted(self._read("find", work), key=lambda n: n.id)
        return [n for n in candidates if matches(n, attributes)]

    def edges(self, kind: EdgeKind | None = None) -> Iterator[Edge]:
        kinds = list(EdgeKind) if kind is None else [kind]

        def work(tx: ManagedTransaction) -> list[Edge]:
            return [
                _edge(k.value, r["source"], r["target"], r["props"])
                for k in kinds
                for r in tx.run(cypher.EDGES[k])
            ]

        return iter(sorted(self._read("edges", work), key=_edge_order))

    def neighbours(
        self, node_id: str, *, edge_kind: EdgeKind | None = None, direction: Direction = "both"
    ) -> list[Neighbour]:
        kind = _kind_or_none(node_id)
        if kind is None:
            raise NotFound(f"no node {node_id!r}")
        query = cypher.NEIGHBOURS[(kind, direction)]

        def work(tx: ManagedTransaction) -> list[Neighbour] | None:
            rows = list(tx.run(query, id=node_id, edge_kind=None if edge_kind is None else edge_kind.value))
            if not rows:
                return None
            found: dict[tuple[str, str, str], Neighbour] = {}
            for r in rows:
                if r["kind"] is None:
                    continue
                edge = _edge(r["kind"], r["source"], r["target"], r["props"])
                other = str(r["target"] if r["source"] == node_id else r["source"])
                found[_edge_order(edge)] = Neighbour(edge, node_from_dict(kind_of(other), _props(r["other"])))
            return [found[key] for key in sorted(found)]

        result = self._read("neighbours", work)
        if result is None:
            raise NotFound(f"no node {node_id!r}")
        return result

    def counts(self) -> Counts:
        def work(tx: ManagedTransaction) -> Counts:
            nodes = {k.value: _single_int(tx, cypher.COUNT_NODES[k]) for k in NodeKind}
            edges = {k.value: _single_int(tx, cypher.COUNT_EDGES[k]) for k in EdgeKind}
            return Counts(
                nodes={k: n for k, n in sorted(nodes.items()) if n},
                edges={k: n for k, n in sorted(edges.items()) if n},
            )

        return self._read("counts", work)

    def snapshot(self) -> nx.MultiDiGraph:
        return snapshot.build_graph(self.nodes(), self.edges())

    def tables(self) -> GraphTables:
        return GraphTables.from_graph(self.snapshot())

    def export_person(self, person_id: str) -> dict[str, object]:
        person = self.get(person_id)
        if person.node_kind is not NodeKind.PERSON:
            raise NotFound(f"{person_id!r} is not a person")

        def work(tx: ManagedTransaction) -> list[tuple[str, int]]:
            return [
                (str(r["model_id"]), int(r["n"]))
                for r in tx.run(cypher.OWNER_CHUNK_COUNTS, owner_id=person_id)
            ]

        vectors = sorted(self._read("export_person", work))
        return {
            "person": person.model_dump(mode="json"),
            "edges": [
                {**nb.edge.model_dump(mode="json"), "other_end": display_label(nb.node)}
                for nb in self.neighbours(person_id)
            ],
            "derived": {
                "profile_vectors": dict(vectors),
                "note": "vectors computed from the person's bio, skills and projects",
            },
        }

    # -- vectors -------------------------------------------------------------------------------
    def vector_models(self) -> list[str]:
        def work(tx: ManagedTransaction) -> list[str]:
            return [str(r["model_id"]) for r in tx.run(cypher.VECTOR_MODELS)]

        return sorted(self._read("vector_models", work))

    def profile_hashes(self, model_id: str) -> dict[str, list[str]]:
        def work(tx: ManagedTransaction) -> list[tuple[str, int, str]]:
            return [
                (str(r["owner_id"]), int(r["chunk"]), str(r["text_hash"]))
                for r in tx.run(cypher.PROFILE_HASHES, model_id=model_id)
            ]

        out: dict[str, list[str]] = {}
        for owner, _, text_hash in sorted(self._read("profile_hashes", work)):
            out.setdefault(owner, []).append(text_hash)
        return out

    def cached_vectors(self, model_id: str, text_hashes: Iterable[str]) -> dict[str, Vector]:
        wanted = list(dict.fromkeys(text_hashes))
        if not wanted:
            return {}

        def work(tx: ManagedTransaction) -> dict[str, Vector]:
            out: dict[str, Vector] = {}
            for part in _chunks(wanted, self._batch_size):
                for r in tx.run(cypher.CACHED_VECTORS, model_id=model_id, text_hashes=part):
                    out[str(r["text_hash"])] = np.asarray(r["embedding"], dtype=np.float32)
            return out

        return self._read("cached_vectors", work)

    def set_profiles(self, model_id: str, profiles: Mapping[str, Sequence[ProfileChunk]]) -> None:
        if not profiles:
            return
        problems: list[Problem] = []
        rows: list[dict[str, object]] = []
        owner_kinds: dict[str, NodeKind | None] = {}
        for owner, chunks in profiles.items():
            owner_kinds[owner] = _kind_or_none(owner)
            for i, chunk in enumerate(chunks):
                vector = np.asarray(chunk.vector, dtype=np.float32)
                if vector.ndim != 1 or vector.shape[0] != self._dimensions:
                    problems.append(
                        Problem(
                            record=owner,
                            field="vector",
                            message=f"chunk {i} has shape {vector.shape}, the vector index expects "
                            f"({self._dimensions},)",
                        )
                    )
                    continue
                kind = owner_kinds[owner]
                rows.append(
                    {
                        "owner_id": owner,
                        "owner_kind": None if kind is None else kind.value,
                        "model_id": model_id,
                        "chunk": i,
                        "text_hash": chunk.text_hash,
                        "embedding": vector.tolist(),
                    }
                )
        if problems:
            raise InvalidInput(problems)
        rows_by_kind: dict[NodeKind, list[dict[str, object]]] = {}
        for row in rows:
            kind = owner_kinds[str(row["owner_id"])]
            if kind is None:
                raise InvalidInput(
                    [Problem(record=str(row["owner_id"]), field="owner_id", message="no such node")]
                )
            rows_by_kind.setdefault(kind, []).append(row)
        # Like the embedded store's foreign key: only owners that receive chunks must exist.
        with_chunks = [owner for owner, chunks in profiles.items() if chunks]
        batch = max(1, min(self._batch_size, _MAX_VECTOR_ROWS))

        def work(tx: ManagedTransaction) -> None:
            existing = _existing_ids(tx, with_chunks)
            missing = [o for o in with_chunks if o not in existing]
            if missing:
                raise InvalidInput(
                    [Problem(record=o, field="owner_id", message="no such node") for o in missing]
                )
            for part_owners in _chunks(list(profiles), self._batch_size):
                tx.run(cypher.DELETE_CHUNKS, model_id=model_id, owner_ids=part_owners).consume()
            for kind, kind_rows in rows_by_kind.items():
                for part in _chunks(kind_rows, batch):
                    tx.run(cypher.CREATE_CHUNKS[kind], rows=part).consume()

        self._write("set_profiles", work)

    def vector_search(
        self, model_id: str, query: Vector, *, k: int, owner_kinds: Sequence[NodeKind]
    ) -> list[tuple[str, float]]:
        """Top-k owners by cosine of their best chunk, highest first, ties by id.

        Candidates come from the vector index (approximate nearest neighbours); the index is asked
        for more chunks until ``k`` distinct owners are found or it has returned every chunk. The
        index is not quantised, so its scores are the float32 cosines.

        Raises:
            StoreUnavailable: the vector index is missing or not online yet.
            InvalidInput: the query's length differs from the index's dimensions.
        """
        vector = np.asarray(query, dtype=np.float32)
        kinds = sorted(set(owner_kinds), key=lambda kind: kind.value)
        if k <= 0 or not kinds:
            return []

        def search(tx: ManagedTransaction, kind: NodeKind) -> dict[str, float]:
            dimensions = self._online_vector_index(tx, kind)
            if vector.ndim != 1 or vector.shape[0] != dimensions:
                raise InvalidInput(
                    [
                        Problem(
                            "query", "vector", f"shape {vector.shape}, the vector index holds {dimensions}-d"
                        )
                    ]
                )
            if not np.all(np.isfinite(vector)):
                return {}  # every score is NaN, which never ranks (as in the embedded store)
            if not np.any(vector):
                # Every cosine is 0, so the ranking is by id; the index cannot search for zero.
                owners = tx.run(cypher.MODEL_OWNERS, model_id=model_id, owner_kinds=[kind.value], k=k)
                return {str(r["owner_id"]): 0.0 for r in owners}
            total = _single_int(tx, cypher.COUNT_CHUNKS[kind])
            n = min(total, max(20 * k, 200))
            while n > 0:
                parameters = {"n": n, "query": vector.tolist(), "model_id": model_id}
                record = tx.run(cypher.VECTOR_QUERY[kind], parameters).single(strict=True)
                best: dict[str, float] = {}
                for hit in record["kept"]:
                    owner = str(hit["owner_id"])
                    # Neo4j scores a cosine index as (1 + cos) / 2; undo it.
                    score = 2.0 * float(hit["score"]) - 1.0
                    if score > best.get(owner, -2.0):
                        best[owner] = score
                exhausted = int(record["returned"]) < n or n >= total
                if len(best) >= k or exhausted:
                    return best
                logger.debug("%d owners among the %d nearest chunks; asking for %d", len(best), n, n * 4)
                n = min(total, n * 4)
            return {}

        def work(tx: ManagedTransaction) -> list[tuple[str, float]]:
            best: dict[str, float] = {}
            for kind in kinds:
                best.update(search(tx, kind))
            return sorted(best.items(), key=lambda item: (-item[1], item[0]))

        return self._read("vector_search", work)[:k]

    def vector_scores(self, model_id: str, query: Vector, owner_ids: Sequence[str]) -> dict[str, float]:
        wanted = list(dict.fromkeys(owner_ids))
        if not wanted:
            return {}
        vector = np.asarray(query, dtype=np.float32)

        def work(tx: ManagedTransaction) -> dict[str, float]:
            out: dict[str, float] = {}
            for part in _chunks(wanted, self._batch_size):
                parameters = {"model_id": model_id, "owner_ids": part, "query": vector.tolist()}
                rows = tx.run(cypher.OWNER_BEST_SCORE, parameters)
                # Neo4j normalises cosine to (1 + cos) / 2; undo it.
                # A zero query has no cosine (null); score it 0 as the embedded store's dot does.
                out.update(
                    (str(r["owner_id"]), 0.0 if r["score"] is None else 2.0 * float(r["score"]) - 1.0)
                    for r in rows
                )
            return out

        return self._read("vector_scores", work)

    def _online_vector_index(self, tx: ManagedTransaction, kind: NodeKind) -> int:
        """The dimensions of one kind's vector index, or ``StoreUnavailable`` when it cannot answer."""
        name = cypher.VECTOR_INDEXES[kind]
        state = _vector_index_state(tx, kind)
        if state is None:
            raise StoreUnavailable(f"vector index {name} does not exist at {self._uri}: run ensure_schema()")
        if state.state == "POPULATING":
            shown = f" ({state.progress:.0f}%)" if state.progress is not None else ""
            raise StoreUnavailable(f"vector index {name} is POPULATING{shown}: retry shortly")
        if state.state != "ONLINE" or state.dimensions is None:
            raise StoreUnavailable(f"vector index {name} is {state.state}: drop it and run ensure_schema()")
        return state.dimensions


# -- helpers -------------------------------------------------------------------------------------
@contextmanager
def _unavailable_as_domain_error(uri: str) -> Iterator[None]:
    """Translate the driver's connection errors into ``StoreUnavailable`` (HTTP 503)."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as e:
        raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {e}") from e
    except TransientError as e:
        # Raised only once the driver's own retries are exhausted.
        raise StoreUnavailable(f"Neo4j at {uri} kept failing with a transient error: {e}") from e


def _uri_of(driver: neo4j.Driver) -> str:
    known = _URIS.get(driver)
    if known is not None:
        return known
    address = getattr(driver, "address", None) or getattr(driver, "initial_addresses", None)
    return f"neo4j server {address}" if address else "the configured Neo4j server"


@dataclass(frozen=True)
class IndexState:
    """What ``SHOW VECTOR INDEXES`` says about the profile vector index."""

    state: str
    """``ONLINE``, ``POPULATING`` or ``FAILED``."""
    progress: float | None
    """Population progress in percent."""
    dimensions: int | None
    similarity: str
    """Lower-case similarity function, e.g. ``cosine``."""


def _vector_index_state(tx: ManagedTransaction, kind: NodeKind) -> IndexState | None:
    record = tx.run(cypher.SHOW_VECTOR_INDEX, name=cypher.VECTOR_INDEXES[kind]).single()
    if record is None:
        return None
    options = record["options"] or {}
    config = options.get("indexConfig") or {}
    dimensions = config.get("vector.dimensions")
    progress = record["progress"]
    return IndexState(
        state=str(record["state"]),
        progress=float(progress) if isinstance(progress, int | float) and math.isfinite(progress) else None,
        dimensions=int(dimensions) if isinstance(dimensions, int) else None,
        similarity=str(config.get("vector.similarity_function", "")).lower(),
    )


def _consume(query: str, parameters: dict[str, object]) -> _Work[None]:
    def work(tx: ManagedTransaction) -> None:
        tx.run(query, parameters).consume()

    return work


def _delete_node(kind: NodeKind, node_id: str) -> _Work[tuple[int, int] | None]:
    """Delete a node with its edges and chunks; ``(edges, vectors)`` removed, or None if absent."""

    def work(tx: ManagedTransaction) -> tuple[int, int] | None:
        record = tx.run(cypher.DELETE_NODE[kind], id=node_id).single()
        if record is None:
            return None
        _bump_revision(tx)
        return int(record["edges"]), int(record["vectors"])

    return work


def _bump_revision(tx: ManagedTransaction) -> None:
    tx.run(cypher.BUMP_REVISION, key=cypher.GRAPH_META_KEY).consume()


def _single_int(tx: ManagedTransaction, query: str) -> int:
    return int(tx.run(query).single(strict=True)["n"])


def _existing_ids(tx: ManagedTransaction, ids: Iterable[str]) -> set[str]:
    by_kind: dict[NodeKind, list[str]] = {}
    for node_id in dict.fromkeys(ids):
        kind = _kind_or_none(node_id)
        if kind is not None:
            by_kind.setdefault(kind, []).append(node_id)
    found: set[str] = set()
    for kind, wanted in by_kind.items():
        for part in _chunks(wanted, _LOOKUP_BATCH):
            found.update(str(r["id"]) for r in tx.run(cypher.EXISTING_IDS[kind], ids=part))
    return found


def _check_endpoints(tx: ManagedTransaction, edges: Sequence[Edge], in_batch: set[str]) -> None:
    """Raise ``InvalidInput`` naming every edge end (or INTRODUCED project) that does not exist."""
    wanted = {ref for e in edges for ref in (e.source, e.target, e.project) if ref is not None}
    found = in_batch | _existing_ids(tx, wanted - in_batch)
    problems = [
        Problem(record=f"{e.kind} {e.source} -> {e.target}", field=name, message=f"{ref!r} does not exist")
        for e in edges
        for name, ref in (("source", e.source), ("target", e.target), ("project", e.project))
        if ref is not None and ref not in found
    ]
    if problems:
        raise InvalidInput(problems)


def _chunks(rows: list[_T], size: int) -> Iterator[list[_T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _kind_or_none(node_id: str) -> NodeKind | None:
    try:
        return kind_of(node_id)
    except ValueError:
        return None


def _node_row(node: Node) -> dict[str, object]:
    """A node as Neo4j properties: JSON values (ISO dates, lists), absent instead of None."""
    return {name: value for name, value in node.model_dump(mode="json").items() if value is not None}


def _edge_props(edge: Edge) -> dict[str, object]:
    return {name: value for name, value in snapshot.edge_attributes(edge).items() if value is not None}


def _props(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a property map from Neo4j, got {type(value).__name__}")
    return {str(k): v for k, v in value.items()}


def _edge(kind: object, source: object, target: object, props: object) -> Edge:
    return Edge.model_validate({**_props(props), "kind": kind, "source": source, "target": target})


def _edge_order(edge: Edge) -> tuple[str, str, str]:
    return (edge.kind.value, edge.source, edge.target)
