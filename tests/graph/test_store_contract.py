"""The store contract. Every test runs unchanged against the embedded store and Neo4j."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from graph import snapshot
from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput, NotFound
from graph.migration import checksum, migrate
from graph.model import Edge, EdgeKind, NodeKind, Person, Record, Role
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


# -- graph revision ----------------------------------------------------------------------------


@pytest.fixture
def open_same(
    store: GraphStore, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], GraphStore]]:
    """Opens more store objects on the same data as ``store``: another connection to the same
    SQLite file, or another ``Neo4jStore`` on the same driver."""
    opened: list[EmbeddedStore] = []

    def open_one() -> GraphStore:
        if isinstance(store, EmbeddedStore):
            other = EmbeddedStore(tmp_path / "store.db")  # the file of the sqlite_store fixture
            opened.append(other)
            return other
        from graph.neo4j_store import Neo4jStore

        # Never closed: closing a Neo4jStore closes its driver, shared by the whole session.
        return Neo4jStore(request.getfixturevalue("neo4j_driver"))

    yield open_one
    for other in opened:
        other.close()


def test_revision_advances_on_every_write_to_nodes_or_edges(store: GraphStore) -> None:
    seen = [store.revision()]

    def assert_advanced() -> None:
        now = store.revision()
        assert now > seen[-1]
        seen.append(now)

    store.upsert(tiny_world())
    assert_advanced()
    store.upsert([Person(id="person:chloe-roy", name="Chloé Roy", roles=(Role.AGENT,))])
    assert_advanced()
    store.upsert([Edge(kind=EdgeKind.WORKS_AT, source="person:chloe-roy", target="org:ddtm-eure")])
    assert_advanced()
    store.upsert(tiny_world())  # the same values again: still a write
    assert_advanced()
    store.delete_edge(EdgeKind.WORKS_AT, "person:chloe-roy", "org:ddtm-eure")
    assert_advanced()
    store.delete("project:mediatheque-alencon")
    assert_advanced()
    store.erase_person("person:bruno-lefevre")
    assert_advanced()


def test_profile_vectors_leave_the_revision_unchanged(store: GraphStore) -> None:
    store.upsert(tiny_world())
    before = store.revision()
    store.set_profiles("m1", {"person:bruno-lefevre": [ProfileChunk("hb", _unit([1]))]})
    store.set_profiles("m1", {"person:bruno-lefevre": []})
    assert store.revision() == before


def test_failed_writes_leave_the_revision_unchanged(store: GraphStore) -> None:
    store.upsert(tiny_world())
    before = store.revision()
    newcomer = Person(id="person:new-agent", name="Nouvel Agent", roles=(Role.AGENT,))
    with pytest.raises(InvalidInput):
        store.upsert([newcomer, Edge(kind=EdgeKind.WORKS_AT, source=newcomer.id, target="org:nowhere")])

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt  # after the first batch is written, inside the transaction

    with pytest.raises(KeyboardInterrupt):
        store.upsert(
            [newcomer, Edge(kind=EdgeKind.WORKS_AT, source=newcomer.id, target="org:ddtm-eure")],
            progress=interrupt,
        )
    with pytest.raises(NotFound):
        store.delete("person:nobody")
    with pytest.raises(NotFound):
        store.delete_edge(EdgeKind.WORKS_AT, "person:alice-martin", "org:ville-alencon")
    with pytest.raises(NotFound):
        store.erase_person("person:nobody")
    assert store.revision() == before
    assert store.existing([newcomer.id]) == set()


def test_revision_is_shared_by_every_store_object_on_the_same_data(
    store: GraphStore, open_same: Callable[[], GraphStore]
) -> None:
    other = open_same()
    before = other.revision()
    store.upsert(tiny_world())
    assert other.counts() == store.counts()
    assert other.revision() > before
    seen = store.revision()
    other.delete("org:ville-alencon")
    assert store.revision() > seen
    assert store.revision() == other.revision()


def test_concurrent_writers_never_lose_a_revision(
    store: GraphStore, open_same: Callable[[], GraphStore]
) -> None:
    writers, writes = 4, 5
    stores = [open_same() for _ in range(writers)]
    before = store.revision()

    def write(index: int) -> None:
        for n in range(writes):
            person = Person(id=f"person:writer-{index}-{n}", name=f"Writer {index}", roles=(Role.AGENT,))
            stores[index].upsert([person])

    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))
    assert store.counts().nodes["Person"] == writers * writes
    # Each committed write advances the revision at least once: no increment was lost.
    assert store.revision() >= before + writers * writes


# -- opt-out and conflicts of interest -----------------------------------------------------------

CONFLICTS = [
    Edge(
        kind=EdgeKind.CONFLICT_OF_INTEREST,
        source="person:bruno-lefevre",
        target="person:alice-martin",
        role="conjoints",
    ),
    Edge(
        kind=EdgeKind.CONFLICT_OF_INTEREST,
        source="person:alice-martin",
        target="org:ville-alencon",
        since="2024-01-01",
        provenance="declaration",
    ),
    Edge(kind=EdgeKind.CONFLICT_OF_INTEREST, source="org:ddtm-eure", target="person:bruno-lefevre"),
    Edge(kind=EdgeKind.CONFLICT_OF_INTEREST, source="org:ville-alencon", target="org:ddtm-eure"),
]
"""One declared conflict per shape: person or organisation, to person or organisation."""


def with_opt_out_and_conflicts() -> list[Record]:
    """The tiny world where Bruno opted out of suggestions, with one conflict of each shape."""
    world = [
        r.model_copy(update={"suggestion_opt_out": True})
        if isinstance(r, Person) and r.id == "person:bruno-lefevre"
        else r
        for r in tiny_world()
    ]
    return [*world, *CONFLICTS]


def test_suggestion_opt_out_round_trips(store: GraphStore) -> None:
    store.upsert(with_opt_out_and_conflicts())
    bruno = store.get("person:bruno-lefevre")
    assert isinstance(bruno, Person)
    assert bruno.suggestion_opt_out is True
    assert store.get("person:alice-martin") == next(r for r in tiny_world() if r.id == "person:alice-martin")  # type: ignore[union-attr]
    assert [p.id for p in store.find(NodeKind.PERSON, suggestion_opt_out=True)] == ["person:bruno-lefevre"]
    exported = store.export_person("person:bruno-lefevre")["person"]
    assert isinstance(exported, dict)
    assert exported["suggestion_opt_out"] is True
    assert store.snapshot().nodes["person:bruno-lefevre"]["suggestion_opt_out"] is True
    store.upsert([bruno.model_copy(update={"suggestion_opt_out": False})])
    assert store.get("person:bruno-lefevre").suggestion_opt_out is False  # type: ignore[attr-defined]


def test_conflicts_of_interest_round_trip_in_every_shape(store: GraphStore) -> None:
    store.upsert(with_opt_out_and_conflicts())
    assert list(store.edges(EdgeKind.CONFLICT_OF_INTEREST)) == sorted(CONFLICTS, key=lambda e: e.key)
    assert store.counts().edges["CONFLICT_OF_INTEREST"] == 4
    out = store.neighbours("person:bruno-lefevre", edge_kind=EdgeKind.CONFLICT_OF_INTEREST, direction="out")
    assert [(n.node.id, n.edge.role) for n in out] == [("person:alice-martin", "conjoints")]
    incoming = store.neighbours(
        "person:bruno-lefevre", edge_kind=EdgeKind.CONFLICT_OF_INTEREST, direction="in"
    )
    assert [n.node.id for n in incoming] == ["org:ddtm-eure"]
    edges = store.export_person("person:alice-martin")["edges"]
    assert isinstance(edges, list)
    assert {e["other_end"] for e in edges if e["kind"] == "CONFLICT_OF_INTEREST"} == {
        "Bruno Lefèvre (person:bruno-lefevre)",
        "Ville d'Alençon (org:ville-alencon)",
    }
    assert store.snapshot().has_edge("org:ville-alencon", "org:ddtm-eure", key="CONFLICT_OF_INTEREST")
    for conflict in CONFLICTS:
        store.delete_edge(conflict.kind, conflict.source, conflict.target)
    assert list(store.edges(EdgeKind.CONFLICT_OF_INTEREST)) == []


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_opt_out_and_conflicts_survive_graphml_and_gexf(store: GraphStore, tmp_path: Path, fmt: str) -> None:
    store.upsert(with_opt_out_and_conflicts())
    flat = snapshot.flatten_for_interchange(store.snapshot())
    path = tmp_path / f"reseau.{fmt}"
    if fmt == "graphml":
        nx.write_graphml(flat, path)
        back = nx.read_graphml(path)
    else:
        nx.write_gexf(flat, path)
        back = nx.read_gexf(path)
    assert back.nodes["person:bruno-lefevre"]["suggestion_opt_out"] is True
    assert back.nodes["person:alice-martin"]["suggestion_opt_out"] is False
    conflicts = {(s, t) for s, t, kind in back.edges(data="kind") if kind == "CONFLICT_OF_INTEREST"}
    assert conflicts == {(e.source, e.target) for e in CONFLICTS}


def test_migration_carries_opt_out_and_conflicts(store: GraphStore, tmp_path: Path) -> None:
    source = EmbeddedStore(tmp_path / "source.db")
    source.ensure_schema()
    source.upsert(with_opt_out_and_conflicts())
    report = migrate(source, store)
    assert report.verification.ok
    assert report.copied["edges:CONFLICT_OF_INTEREST"] == 4
    assert store.get("person:bruno-lefevre").suggestion_opt_out is True  # type: ignore[attr-defined]
    opted_in = store.get("person:bruno-lefevre").model_copy(update={"suggestion_opt_out": False})
    store.upsert([opted_in])
    assert checksum(store) != checksum(source)
    source.close()


# -- existing --------------------------------------------------------------------------------------


def test_existing_returns_the_stored_ids_among_those_asked(store: GraphStore) -> None:
    store.upsert(tiny_world())
    present = {
        "person:alice-martin",
        "org:ddtm-eure",
        "lab:innovmandie",
        "project:opendata-eure",
        "skill:tiers-lieux",
        "territory:dep-27",
    }
    absent = ["person:nobody", "org:alice-martin", "project:opendata-orne"]
    malformed = ["", "not-an-id", "person:", "person:Alice Martin", "unknown:x", "person:alice-martin "]
    assert store.existing([*present, *absent, *malformed, "org:ddtm-eure"]) == present
    assert store.existing([]) == set()
    assert store.existing(i for i in ["lab:innovmandie", "lab:nowhere"]) == {"lab:innovmandie"}
    many = [f"person:p{i}" for i in range(2500)]  # more than one query's worth on either store
    assert store.existing([*many, "skill:tiers-lieux"]) == {"skill:tiers-lieux"}
    store.delete("lab:innovmandie")
    assert store.existing(present) == present - {"lab:innovmandie"}
