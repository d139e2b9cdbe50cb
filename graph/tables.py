"""Plain tables of a graph: every node's attributes by id, and every edge by kind.

Code that reads the whole graph at once (the matcher builds its index from it at every revision)
needs neither validation nor a networkx graph: dictionaries and lists, filled in one pass, are
ten times cheaper. The stores read these tables straight from their rows (``GraphStore.tables``);
a networkx graph converts to them with :meth:`GraphTables.from_graph`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.model import EdgeKind, NodeKind

Attributes = dict[str, object]


class EdgeRow:
    """One edge: its kind, ends and attributes (``since``, ``until``, ``role``, ``project``…).

    A store may hand the attributes over as the JSON text it keeps: they are parsed on first use,
    since most edges (skills, territories) are never asked for theirs.
    """

    __slots__ = ("_attributes", "_raw", "kind", "source", "target")

    def __init__(
        self, kind: EdgeKind, source: str, target: str, attributes: Mapping[str, object] | str | None = None
    ) -> None:
        self.kind = kind
        self.source = source
        self.target = target
        self._raw = attributes if isinstance(attributes, str) else None
        self._attributes: Mapping[str, object] | None = (
            None if isinstance(attributes, str) else (attributes or {})
        )

    @property
    def attributes(self) -> Mapping[str, object]:
        if self._attributes is None:
            self._attributes = json.loads(self._raw or "{}")
        return self._attributes

    def __repr__(self) -> str:
        return f"EdgeRow({self.kind.value}, {self.source!r}, {self.target!r})"


@dataclass(frozen=True)
class GraphTables:
    """Nodes by id (their attributes include ``node_kind``) and edges grouped by kind."""

    nodes: Mapping[str, Attributes]
    edges: Mapping[EdgeKind, list[EdgeRow]]

    @classmethod
    def build(
        cls, nodes: Iterable[tuple[str, Attributes]], edges: Iterable[EdgeRow], *, ordered: bool = False
    ) -> GraphTables:
        """Tables from nodes and edges; ``ordered`` when the edges already come by (source, target)
        within each kind."""
        by_kind: dict[EdgeKind, list[EdgeRow]] = {kind: [] for kind in EdgeKind}
        for edge in edges:
            by_kind[edge.kind].append(edge)
        if not ordered:
            for rows in by_kind.values():
                rows.sort(key=lambda e: (e.source, e.target))
        return cls(nodes=dict(nodes), edges=by_kind)

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> GraphTables:
        """The tables of a networkx graph as ``GraphStore.snapshot`` makes it.

        >>> g = nx.MultiDiGraph()
        >>> g.add_node("person:a", node_kind="Person"); g.add_node("org:b", node_kind="Organisation")
        >>> _ = g.add_edge("person:a", "org:b", key="WORKS_AT", since="2020-01-01")
        >>> t = GraphTables.from_graph(g)
        >>> [(e.source, e.target, e.attributes["since"]) for e in t.edges[EdgeKind.WORKS_AT]]
        [('person:a', 'org:b', '2020-01-01')]
        """
        return cls.build(
            ((n, dict(d)) for n, d in graph.nodes(data=True)),
            (EdgeRow(EdgeKind(k), s, t, dict(d)) for s, t, k, d in graph.edges(keys=True, data=True)),
        )

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def __iter__(self) -> Iterator[str]:
        """Node ids, like iterating over a networkx graph."""
        return iter(self.nodes)

    def ids(self, kind: NodeKind) -> list[str]:
        """Ids of the nodes of a kind, sorted."""
        return sorted(n for n, d in self.nodes.items() if d.get("node_kind") == kind.value)

    def kind_of(self, node: str) -> str | None:
        data = self.nodes.get(node)
        return None if data is None else str(data.get("node_kind"))

    def out(self, kind: EdgeKind) -> dict[str, list[EdgeRow]]:
        """Edges of a kind by source, each list sorted by target."""
        grouped: dict[str, list[EdgeRow]] = {}
        for edge in self.edges.get(kind, []):
            grouped.setdefault(edge.source, []).append(edge)
        return grouped

    def into(self, kind: EdgeKind) -> dict[str, list[EdgeRow]]:
        """Edges of a kind by target, each list sorted by source."""
        grouped: dict[str, list[EdgeRow]] = {}
        for edge in sorted(self.edges.get(kind, []), key=lambda e: (e.target, e.source)):
            grouped.setdefault(edge.target, []).append(edge)
        return grouped

    def all_edges(self) -> Iterator[EdgeRow]:
        for rows in self.edges.values():
            yield from rows

    def without(
        self, nodes: Collection[str], edges: Collection[tuple[EdgeKind, str, str]] = ()
    ) -> GraphTables:
        """A copy without these nodes (and every edge touching them) and without these edges."""
        gone = set(nodes)
        dropped = set(edges)
        return GraphTables(
            nodes={n: d for n, d in self.nodes.items() if n not in gone},
            edges={
                kind: [
                    e
                    for e in rows
                    if e.source not in gone
                    and e.target not in gone
                    and (kind, e.source, e.target) not in dropped
                ]
                for kind, rows in self.edges.items()
            },
        )

    def to_graph(self) -> nx.MultiDiGraph:
        """Back to networkx (for code that walks the graph)."""
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(self.nodes.items())
        graph.add_edges_from((e.source, e.target, e.kind.value, dict(e.attributes)) for e in self.all_edges())
        return graph
