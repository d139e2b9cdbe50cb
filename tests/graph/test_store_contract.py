"""The store contract. Every test runs unchanged against the embedded store and Neo4j."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from graph.errors import InvalidInput, NotFound
from graph.model import Edge, EdgeKind, NodeKind, Person, Role
from graph.store import GraphStore, ProfileChunk
from tests.world import tiny_world


def test_store_satisfies_protocol(store: GraphStore) -> None:
    assert isinstance(store, GraphStore)


def test_upsert_then_get_returns_equal_nodes(store: GraphStore) -> None:
    world = tiny_world()
    store.upsert(world)
    for record in world:
        if not isinstance(record, Edge):
            assert store.get(record.id) == record


def test_upsert_is_idempotent(store: GraphStore) -> None:
    store.upsert(tiny_world())
    first = store.counts()
    store.upsert(tiny_world())
    assert store.counts() == first
    assert first.nodes["Person"] == 2
    assert first.edges["WORKS_AT"] == 2


def test_upsert_replaces_attributes(store: GraphStore) -> None:
    store.upsert(tiny_world())
    renamed = Person(id="person:alice-martin", name="Alice Martin-Roux", roles=(Role.AGENT, Role.EXPERT))
    store.upsert([renamed])
    assert store.get("person:alice-martin") == renamed
    assert store.get("person:alice-martin").bio == ""  # type: ignore[attr-defined]


def test_edges_round_trip_with_attributes(store: GraphStore) -> None:
    world = tiny_world()
    store.upsert(world)
    expected = sorted((r for r in world if isinstance(r, Edge)), key=lambda e: e.key)
    assert list(store.edges()) == expected
    introduced = list(store.edges(EdgeKind.INTRODUCED))
    assert len(introduced) == 1
    assert introduced[0].project == "project:opendata-eure"
    assert introduced[0].provenance == "lab:innovmandie"


def test_get_missing_raises_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        store.get("person:nobody")


def test_find_by_kind_and_attribute(store: GraphStore) -> None:
    store.upsert(tiny_world())
    experts = store.find(NodeKind.PERSON, roles="expert")
    assert [p.id for p in experts] == ["person:bruno-lefevre"]
    assert [o.id for o in store.find(NodeKind.ORGANISATION, kind="local_authority")] == ["org:ville-alencon"]
    assert [p.id for p in store.find(NodeKind.PERSON)] == ["person:alice-martin", "person:bruno-lefevre"]
    assert store.find(NodeKind.PERSON, name="Personne") == []


def test_neighbours_by_direction_and_kind(store: GraphStore) -> None:
    store.upsert(tiny_world())
    out = store.neighbours("person:alice-martin", direction="out")
    assert {n.node.id for n in out} == {
        "org:ddtm-eure",
        "project:opendata-eure",
        "territory:dep-27",
        "person:bruno-lefevre",
    }
    works = store.neighbours("person:alice-martin", edge_kind=EdgeKind.WORKS_AT)
    assert [n.node.id for n in works] == ["org:ddtm-eure"]
    incoming = store.neighbours("person:bruno-lefevre", direction="in")
    assert [(n.edge.kind, n.node.id) for n in incoming] == [(EdgeKind.INTRODUCED, "person:alice-martin")]
    with pytest.raises(NotFound):
        store.neighbours("person:nobody")


def test_edge_to_missing_node_is_rejected_and_batch_not_applied(store: GraphStore) -> None:
    store.upsert(tiny_world())
    before = store.counts()
    batch = [
        Person(id="person:new-agent", name="Nouvel Agent", roles=(Role.AGENT,)),
        Edge(kind=EdgeKind.WORKS_AT, source="person:new-agent", target="org:does-not-exist"),
    ]
    with pytest.raises(InvalidInput) as caught:
        store.upsert(batch)
    assert caught.value.problems[0].field == "target"
    assert "org:does-not-exist" in caught.value.problems[0].message
    assert store.counts() == before
    with pytest.raises(NotFound):
        store.get("person:new-agent")


def test_delete_removes_node_and_its_edges(store: GraphStore) -> None:
    store.upsert(tiny_world())
    store.delete("project:mediatheque-alencon")
    with pytest.raises(NotFound):
        store.get("project:mediatheque-alencon")
    assert all("project:mediatheque-alencon" not in (e.source, e.target) for e in store.edges())
    with pytest.raises(NotFound):
        store.delete("project:mediatheque-alencon")


def test_delete_edge(store: GraphStore) -> None:
    store.upsert(tiny_world())
    store.delete_edge(EdgeKind.WORKS_AT, "person:alice-martin", "org:ddtm-eure")
    assert store.neighbours("person:alice-martin", edge_kind=EdgeKind.WORKS_AT) == []
    with pytest.raises(NotFound):
        store.delete_edge(EdgeKind.WORKS_AT, "person:alice-martin", "org:ddtm-eure")


def test_snapshot_is_networkx_graph_of_the_store(store: GraphStore) -> None:
    store.upsert(tiny_world())
    graph = store.snapshot()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == 11
    assert graph.number_of_edges() == 12
    assert graph.nodes["person:bruno-lefevre"]["node_kind"] == "Person"
    assert graph.has_edge("person:alice-martin", "person:bruno-lefevre", key="INTRODUCED")
    # A snapshot is a copy: changing it does not change the store.
    graph.remove_node("person:alice-martin")
    assert store.get("person:alice-martin").id == "person:alice-martin"


def test_snapshot_follows_writes(store: GraphStore) -> None:
    store.upsert(tiny_world())
    store.snapshot()
    store.upsert([Person(id="person:chloe-roy", name="Chloé Roy", roles=(Role.AGENT,))])
    store.delete("org:ville-alencon")
    graph = store.snapshot()
    assert "person:chloe-roy" in graph
    assert "org:ville-alencon" not in graph


def _unit(values: list[float]) -> np.ndarray:
    v = np.zeros(64, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def test_profile_vectors_cache_and_search(store: GraphStore) -> None:
    store.upsert(tiny_world())
    store.set_profiles(
        "m1",
        {
            "person:bruno-lefevre": [ProfileChunk("h1", _unit([1, 0])), ProfileChunk("h2", _unit([0, 1]))],
            "org:ville-alencon": [ProfileChunk("h3", _unit([1, 1]))],
        },
    )
    assert store.profile_hashes("m1") == {"org:ville-alencon": ["h3"], "person:bruno-lefevre": ["h1", "h2"]}
    cached = store.cached_vectors("m1", ["h2", "h9"])
    assert list(cached) == ["h2"]
    np.testing.assert_allclose(cached["h2"], _unit([0, 1]), atol=1e-6)
    assert store.cached_vectors("other-model", ["h2"]) == {}

    query = _unit([0, 1])
    people = store.vector_search("m1", query, k=5, owner_kinds=[NodeKind.PERSON])
    assert [o for o, _ in people] == ["person:bruno-lefevre"]
    assert people[0][1] == pytest.approx(1.0, abs=1e-4)
    both = store.vector_search("m1", query, k=5, owner_kinds=[NodeKind.PERSON, NodeKind.ORGANISATION])
    assert [o for o, _ in both] == ["person:bruno-lefevre", "org:ville-alencon"]
    assert both[1][1] == pytest.approx(float(np.sqrt(0.5)), abs=1e-4)
    scores = store.vector_scores("m1", _unit([1, 0]), ["org:ville-alencon", "person:alice-martin"])
    assert scores == {"org:ville-alencon": pytest.approx(float(np.sqrt(0.5)), abs=1e-4)}


def test_set_profiles_replaces_previous_chunks(store: GraphStore) -> None:
    store.upsert(tiny_world())
    store.set_profiles(
        "m1", {"org:ville-alencon": [ProfileChunk("a", _unit([1])), ProfileChunk("b", _unit([0, 1]))]}
    )
    store.set_profiles("m1", {"org:ville-alencon": [ProfileChunk("c", _unit([0, 0, 1]))]})
    assert store.profile_hashes("m1") == {"org:ville-alencon": ["c"]}


def test_set_profiles_for_missing_owner_is_rejected(store: GraphStore) -> None:
    store.upsert(tiny_world())
    with pytest.raises(InvalidInput):
        store.set_profiles("m1", {"person:ghost": [ProfileChunk("x", _unit([1]))]})
    assert store.profile_hashes("m1") == {}


def test_erase_person_removes_node_edges_and_vectors(store: GraphStore) -> None:
    store.upsert(tiny_world())
    store.set_profiles("m1", {"person:bruno-lefevre": [ProfileChunk("hb", _unit([1]))]})
    report = store.erase_person("person:bruno-lefevre")
    assert (report.edges, report.vectors) == (4, 1)
    with pytest.raises(NotFound):
        store.get("person:bruno-lefevre")
    assert all("person:bruno-lefevre" not in (e.source, e.target) for e in store.edges())
    assert store.profile_hashes("m1") == {}
    assert store.cached_vectors("m1", ["hb"]) == {}
    assert "person:bruno-lefevre" not in store.snapshot()
    with pytest.raises(NotFound):
        store.erase_person("person:bruno-lefevre")
    with pytest.raises(NotFound):
        store.erase_person("not-an-id")


def test_export_person_holds_everything_about_them(store: GraphStore) -> None:
    store.upsert(tiny_world())
    exported = store.export_person("person:alice-martin")
    person = exported["person"]
    assert isinstance(person, dict)
    assert person["email"] == "alice.martin@normandie.example"
    edges = exported["edges"]
    assert isinstance(edges, list)
    assert {e["kind"] for e in edges} == {
        "WORKS_AT",
        "CONTRIBUTES_TO",
        "SUBMITTED",
        "LOCATED_IN",
        "INTRODUCED",
    }
    with pytest.raises(NotFound):
        store.export_person("org:ddtm-eure")
