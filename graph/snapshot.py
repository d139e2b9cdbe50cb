"""Where records meet networkx: building the working copy and flattening it for GraphML/GEXF."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.model import Edge, Node


def node_attributes(node: Node) -> dict[str, object]:
    """A node's attributes as plain JSON values, plus ``node_kind``."""
    data: dict[str, object] = node.model_dump(mode="json", exclude={"id"})
    data["node_kind"] = node.node_kind.value
    return data


def edge_attributes(edge: Edge) -> dict[str, object]:
    """An edge's attributes as plain JSON values, without its key."""
    return edge.model_dump(mode="json", exclude={"kind", "source", "target"})


def add_node(graph: nx.MultiDiGraph, node: Node) -> None:
    graph.add_node(node.id, **node_attributes(node))


def add_edge(graph: nx.MultiDiGraph, edge: Edge) -> None:
    graph.add_edge(edge.source, edge.target, key=edge.kind.value, **edge_attributes(edge))


def build_graph(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    """The networkx working copy: nodes by id, parallel edges keyed by edge kind."""
    graph = nx.MultiDiGraph()
    for node in nodes:
        add_node(graph, node)
    for edge in edges:
        add_edge(graph, edge)
    return graph


def flatten_for_interchange(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalars, as GraphML and GEXF require (Gephi opens both).

    Lists become ``a|b|c`` strings, missing values are dropped, and the edge kind is kept as a
    ``kind`` attribute because Gephi ignores multigraph keys.
    """

    def flat(attributes: dict[str, object]) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, value in attributes.items():
            if value is None:
                continue
            if isinstance(value, list | tuple):
                out[name] = "|".join(str(v) for v in value)
            else:
                out[name] = value
        return out

    flat_graph = nx.MultiDiGraph()
    for node_id, data in graph.nodes(data=True):
        attributes = flat(dict(data))
        attributes["label"] = data.get("name") or data.get("title") or data.get("label") or node_id
        flat_graph.add_node(node_id, **attributes)
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat_graph.add_edge(source, target, key=key, kind=key, **flat(dict(data)))
    return flat_graph
