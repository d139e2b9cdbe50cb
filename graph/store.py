"""The store contract every backend implements: the embedded store and Neo4j alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.model import Direction, Edge, EdgeKind, Node, NodeKind, Record
from graph.tables import GraphTables

Vector = npt.NDArray[np.float32]
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while a large batch is written."""


@dataclass(frozen=True)
class ProfileChunk:
    """One embedded window of an owner's profile text; the text itself is not stored."""

    text_hash: str
    vector: Vector


@dataclass(frozen=True)
class ErasureReport:
    """What ``erase_person`` removed."""

    person_id: str
    edges: int
    vectors: int


@dataclass(frozen=True)
class Neighbour:
    edge: Edge
    node: Node


@dataclass
class Counts:
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)


@runtime_checkable
class GraphStore(Protocol):
    """Persistence for the network graph, its profile vectors and people's rights.

    Every method that writes is one transaction: a batch is applied whole or not at all.
    Upserts are idempotent by id (nodes) and by (kind, source, target) (edges).
    """

    def ensure_schema(self) -> None:
        """Create tables, constraints and indexes if missing. Safe to call again."""

    def upsert(self, records: Sequence[Record], *, progress: Progress | None = None) -> None:
        """Insert or replace nodes and edges in one transaction (nodes before edges)."""

    def get(self, node_id: str) -> Node:
        """Return one node, or raise ``NotFound``."""

    def existing(self, ids: Iterable[str]) -> set[str]:
        """Which of these ids are stored nodes, of any kind; malformed ids are simply absent."""

    def find(self, node_kind: NodeKind, /, **attributes: object) -> list[Node]:
        """Nodes of a kind whose attributes equal the given values (list attributes: contain),
        sorted by id."""

    def neighbours(
        self, node_id: str, *, edge_kind: EdgeKind | None = None, direction: Direction = "both"
    ) -> list[Neighbour]:
        """Edges touching a node with the node at their other end, sorted by edge key."""

    def edges(self, kind: EdgeKind | None = None) -> Iterator[Edge]:
        """Every edge, or those of one kind, in key order."""

    def nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        """Every node, or those of one kind, in id order."""

    def delete(self, node_id: str) -> None:
        """Remove a node with its edges and vectors; raise ``NotFound`` if absent."""

    def delete_edge(self, kind: EdgeKind, source: str, target: str) -> None:
        """Remove one edge; raise ``NotFound`` if absent."""

    def erase_person(self, person_id: str) -> ErasureReport:
        """Right to erasure: the person, every edge they touch, and every derived vector."""

    def export_person(self, person_id: str) -> dict[str, object]:
        """Right of access: everything stored about a person, as plain JSON-able data."""

    def revision(self) -> int:
        """A number that grows with every committed write to nodes or edges, cheap to read.

        Every connection and process using the same store sees the same number, so a cache of
        the graph (the matcher's) stays valid while it is unchanged: read it *before* loading
        the graph, and a write that lands in between is seen as a change next time. Profile
        vectors (``set_profiles``) do not change it; a write that fails or finds nothing to
        delete leaves it as it was.
        """

    def counts(self) -> Counts:
        """Number of nodes per kind and edges per kind."""

    def snapshot(self) -> nx.MultiDiGraph:
        """A networkx copy of the graph for analytics: node attributes plus ``node_kind``,
        edges keyed by edge kind with their attributes."""

    def tables(self) -> GraphTables:
        """The whole graph as plain tables (node attributes by id, edges by kind): what code that
        reads everything at once needs, without a networkx graph."""

    def vector_models(self) -> list[str]:
        """Ids of the models that produced the stored profile vectors, sorted."""

    def profile_hashes(self, model_id: str) -> dict[str, list[str]]:
        """For one model, each owner's chunk text hashes in order."""

    def cached_vectors(self, model_id: str, text_hashes: Iterable[str]) -> dict[str, Vector]:
        """Vectors already computed by this model for these text hashes (the embedding cache)."""

    def set_profiles(self, model_id: str, profiles: Mapping[str, Sequence[ProfileChunk]]) -> None:
        """Replace the stored profile vectors of these owners for one model, in one transaction."""

    def vector_search(
        self, model_id: str, query: Vector, *, k: int, owner_kinds: Sequence[NodeKind]
    ) -> list[tuple[str, float]]:
        """Top-k owners by cosine (the best of their chunks), highest first, ties by id."""

    def vector_scores(self, model_id: str, query: Vector, owner_ids: Sequence[str]) -> dict[str, float]:
        """Exact cosine (best chunk) of the given owners; owners without vectors are absent."""

    def close(self) -> None:
        """Release connections."""
