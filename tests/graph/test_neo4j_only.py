"""What only the Neo4j store can get wrong: retries, Cypher injection, encodings, erasure on the
server, the vector index and its scores. The contract suite covers everything both stores share."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import neo4j
import numpy as np
import pytest
from neo4j.exceptions import TransientError

from graph import cypher
from graph.errors import Conflict, InvalidInput, StoreUnavailable
from graph.model import Edge, EdgeKind, NodeKind, Organisation, OrgKind, Person, Project, Role
from graph.neo4j_store import Neo4jStore, connect
from graph.store import GraphStore, ProfileChunk
from tests.world import tiny_world

pytestmark = pytest.mark.neo4j

DIMENSIONS = 64  # as the neo4j_store fixture configures it


def _strings(value: object) -> Iterator[str]:
    """Every string inside a property value (lists included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _all_property_strings(driver: neo4j.Driver) -> list[str]:
    found: list[str] = []
    for query in (cypher.SCAN_NODE_PROPERTIES, cypher.SCAN_RELATIONSHIP_PROPERTIES):
        for record in driver.execute_query(query, database_="neo4j").records:
            for value in record["props"].values():
                found.extend(_strings(value))
    return found


def _unit_rows(rng: np.random.Generator, rows: int) -> np.ndarray:
    matrix = rng.standard_normal((rows, DIMENSIONS)).astype(np.float32)
    unit: np.ndarray = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return unit


def test_store_satisfies_the_protocol_statically() -> None:
    # mypy checks this assignment; at run time it only needs the class to exist.
    def build(driver: neo4j.Driver) -> GraphStore:
        return Neo4jStore(driver)

    assert callable(build)


# -- retries ---------------------------------------------------------------------------------------
def test_transaction_retried_after_transient_error_applies_once(neo4j_driver: neo4j.Driver) -> None:
    calls: list[str] = []

    def fail_first_upsert(operation: str) -> None:
        calls.append(operation)
        if calls.count("upsert") == 1 and operation == "upsert":
            raise TransientError("injected: deadlock detected")

    store = Neo4jStore(neo4j_driver, vector_dimensions=DIMENSIONS, fault_injector=fail_first_upsert)
    store.ensure_schema()
    chloe = Person(id="person:chloe-roy", name="Chloé Roy", roles=(Role.AGENT,))
    store.upsert([chloe])

    assert calls.count("upsert") == 2
    assert store.get(chloe.id) == chloe
    assert store.counts().nodes == {"Person": 1}


def test_failure_in_the_middle_of_a_batch_is_rolled_back_then_retried_once(
    neo4j_store: GraphStore, neo4j_driver: neo4j.Driver
) -> None:
    """A transient error after some chunks were written: the retry starts from a clean slate."""
    store = Neo4jStore(neo4j_driver, vector_dimensions=DIMENSIONS, batch_size=2)
    world = tiny_world()
    seen: list[tuple[int, int]] = []

    def fail_once_midway(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) == 3:
            raise TransientError("injected: connection to a follower lost")

    store.upsert(world, progress=fail_once_midway)

    nodes = sum(1 for r in world if not isinstance(r, Edge))
    edges = len(world) - nodes
    counts = store.counts()
    assert sum(counts.nodes.values()) == nodes
    assert sum(counts.edges.values()) == edges
    assert seen[-1] == (len(world), len(world))
    assert seen[3][0] == 2  # the retry reported its progress from the start again


# -- injection and encodings ---------------------------------------------------------------------
INJECTIONS = [
    '"}) DETACH DELETE n //',
    "'}) MATCH (n) DETACH DELETE n //",
    "` MATCH (n) DETACH DELETE n //",
    "$id} DETACH DELETE n RETURN 1 //",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_cypher_in_values_is_stored_as_text(neo4j_store: GraphStore, payload: str) -> None:
    neo4j_store.upsert(tiny_world())
    before = neo4j_store.counts()
    person = Person(id="person:mallory", name=payload, roles=(Role.EXPERT,), bio=payload)
    project = Project(id="project:mallory", title=payload, themes=(payload,))
    edge = Edge(kind=EdgeKind.CONTRIBUTES_TO, source=person.id, target=project.id, role=payload)
    neo4j_store.upsert([person, project, edge])

    after = neo4j_store.counts()
    assert after.nodes["Person"] == before.nodes["Person"] + 1
    assert after.nodes["Project"] == before.nodes["Project"] + 1
    assert after.edges["CONTRIBUTES_TO"] == before.edges["CONTRIBUTES_TO"] + 1
    assert neo4j_store.get(person.id) == person
    assert neo4j_store.get(project.id) == project
    assert [e for e in neo4j_store.edges(EdgeKind.CONTRIBUTES_TO) if e.source == person.id] == [edge]
    assert neo4j_store.find(NodeKind.PERSON, name=payload) == [person]
    assert neo4j_store.find(NodeKind.PROJECT, themes=payload) == [project]

    neo4j_store.set_profiles(
        payload, {person.id: [ProfileChunk(payload, _unit_rows(np.random.default_rng(1), 1)[0])]}
    )
    assert neo4j_store.profile_hashes(payload) == {person.id: [payload]}
    assert list(neo4j_store.cached_vectors(payload, [payload])) == [payload]
    neo4j_store.erase_person(person.id)
    assert neo4j_store.counts().nodes == {**before.nodes, "Project": before.nodes["Project"] + 1}


def test_french_text_and_emoji_round_trip_exactly(neo4j_store: GraphStore) -> None:
    name = "« Éléonore Dûbois 🚀 »"
    bio = "Cœur de l’équipe : façade, garçon, où, naïve, Œuvre, ÿ — «\u00a0guillemets\u00a0» 👩🏽‍💻 ÆØÅ"
    person = Person(id="person:eleonore-dubois", name=name, roles=(Role.EXPERT,), bio=bio)
    org = Organisation(
        id="org:ccas-lisieux",
        name="Centre communal d’action sociale de Lisieux",
        kind=OrgKind.LOCAL_AUTHORITY,
        acronym="CCAS’",
        description="Accès aux droits, hébergement d’urgence, aide à l’œuvre.",
    )
    project = Project(
        id="project:cafe-numerique", title="Café numérique 🧑‍🤝‍🧑", themes=("inclusion numérique", "œuvre")
    )
    edge = Edge(
        kind=EdgeKind.WORKS_AT, source=person.id, target=org.id, role="chargée d’accueil — référente ç"
    )
    neo4j_store.upsert([person, org, project, edge])

    assert neo4j_store.get(person.id) == person
    assert neo4j_store.get(org.id) == org
    assert neo4j_store.get(project.id) == project
    assert list(neo4j_store.edges(EdgeKind.WORKS_AT)) == [edge]
    assert neo4j_store.find(NodeKind.PERSON, name=name) == [person]
    assert neo4j_store.find(NodeKind.PROJECT, themes="œuvre") == [project]
    exported = neo4j_store.export_person(person.id)
    assert exported["person"] == person.model_dump(mode="json")
    assert "Centre communal d’action sociale de Lisieux (org:ccas-lisieux)" in str(exported["edges"])


# -- erasure -------------------------------------------------------------------------------------
def test_erase_person_leaves_no_trace_in_any_property(
    neo4j_store: GraphStore, neo4j_driver: neo4j.Driver
) -> None:
    neo4j_store.upsert(tiny_world())
    alice = neo4j_store.get("person:alice-martin")
    assert isinstance(alice, Person) and alice.email is not None
    rng = np.random.default_rng(7)
    neo4j_store.set_profiles(
        "m1",
        {
            alice.id: [
                ProfileChunk("ha1", _unit_rows(rng, 1)[0]),
                ProfileChunk("ha2", _unit_rows(rng, 1)[0]),
            ],
            "person:bruno-lefevre": [ProfileChunk("hb", _unit_rows(rng, 1)[0])],
        },
    )
    neo4j_store.set_profiles("m2", {alice.id: [ProfileChunk("ha3", _unit_rows(rng, 1)[0])]})
    secrets = [alice.id, alice.name, alice.email, alice.bio]
    assert any(s in text for text in _all_property_strings(neo4j_driver) for s in secrets)

    report = neo4j_store.erase_person(alice.id)

    assert (report.edges, report.vectors) == (5, 3)
    leaks = [text for text in _all_property_strings(neo4j_driver) if any(s in text for s in secrets)]
    assert leaks == []
    assert neo4j_store.profile_hashes("m1") == {"person:bruno-lefevre": ["hb"]}
    assert neo4j_store.profile_hashes("m2") == {}


# -- the vector index ----------------------------------------------------------------------------
def test_vector_search_without_the_index_says_so(neo4j_store: GraphStore, neo4j_driver: neo4j.Driver) -> None:
    neo4j_store.upsert(tiny_world())
    rng = np.random.default_rng(3)
    neo4j_store.set_profiles("m1", {"person:bruno-lefevre": [ProfileChunk("hb", _unit_rows(rng, 1)[0])]})
    neo4j_driver.execute_query(cypher.DROP_VECTOR_INDEX[NodeKind.PERSON], database_="neo4j")

    with pytest.raises(StoreUnavailable, match="vector index profile_chunk_person_embedding does not exist"):
        neo4j_store.vector_search("m1", _unit_rows(rng, 1)[0], k=5, owner_kinds=[NodeKind.PERSON])

    neo4j_store.ensure_schema()  # the index is rebuilt from the stored chunks
    found = neo4j_store.vector_search("m1", _unit_rows(rng, 1)[0], k=5, owner_kinds=[NodeKind.PERSON])
    assert [owner for owner, _ in found] == ["person:bruno-lefevre"]


def test_vector_search_on_a_populating_index_asks_to_retry(
    neo4j_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import neo4j_store as module

    populating = module.IndexState("POPULATING", 42.0, DIMENSIONS, "cosine")
    monkeypatch.setattr(module, "_vector_index_state", lambda tx, kind: populating)
    query = _unit_rows(np.random.default_rng(0), 1)[0]
    with pytest.raises(StoreUnavailable, match=r"is POPULATING \(42%\): retry shortly"):
        neo4j_store.vector_search("m1", query, k=3, owner_kinds=[NodeKind.PERSON])


def test_vector_search_equals_numpy_exact_ranking(neo4j_store: GraphStore) -> None:
    rng = np.random.default_rng(2026)
    people = [Person(id=f"person:agent-{i:03d}", name=f"Agent {i}", roles=(Role.AGENT,)) for i in range(240)]
    orgs = [
        Organisation(id=f"org:service-{i:03d}", name=f"Service {i}", kind=OrgKind.COMPANY) for i in range(60)
    ]
    neo4j_store.upsert([*people, *orgs])
    owners = [p.id for p in people] + [o.id for o in orgs]
    chunk_owner: list[str] = []
    profiles: dict[str, list[ProfileChunk]] = {}
    for owner in owners:
        vectors = _unit_rows(rng, int(rng.integers(1, 4)))
        profiles[owner] = [ProfileChunk(f"{owner}#{i}", v) for i, v in enumerate(vectors)]
        chunk_owner.extend([owner] * len(vectors))
    neo4j_store.set_profiles("m1", profiles)
    # Another model's chunks share the index: the search must look past them.
    neo4j_store.set_profiles("m0", {o: [ProfileChunk(f"{o}@m0", _unit_rows(rng, 1)[0])] for o in owners})
    matrix = np.vstack([c.vector for o in owners for c in profiles[o]])

    for _ in range(5):
        query = _unit_rows(rng, 1)[0]
        scores = matrix.astype(np.float64) @ query.astype(np.float64)
        best: dict[str, float] = {}
        for owner, score in zip(chunk_owner, scores.tolist(), strict=True):
            best[owner] = max(best.get(owner, -2.0), score)
        for kinds, prefix in (([NodeKind.PERSON], "person:"), ([NodeKind.PERSON, NodeKind.ORGANISATION], "")):
            expected = sorted(
                ((o, s) for o, s in best.items() if o.startswith(prefix)),
                key=lambda item: (-item[1], item[0]),
            )[:10]
            found = neo4j_store.vector_search("m1", query, k=10, owner_kinds=kinds)
            assert [o for o, _ in found] == [o for o, _ in expected]
            np.testing.assert_allclose([s for _, s in found], [s for _, s in expected], atol=1e-4)
        exact = neo4j_store.vector_scores("m1", query, owners[:50])
        assert exact == pytest.approx({o: best[o] for o in owners[:50]}, abs=1e-4)


def test_vector_search_grows_until_enough_owners_are_found(neo4j_store: GraphStore) -> None:
    """One owner's many chunks near the query fill the first answer of the index; the search
    asks again for more until it has k distinct owners."""
    rng = np.random.default_rng(11)
    people = [Person(id=f"person:p-{i:02d}", name=f"P {i}", roles=(Role.AGENT,)) for i in range(30)]
    neo4j_store.upsert(people)
    query = _unit_rows(rng, 1)[0]
    near = query + 0.05 * _unit_rows(rng, 400)
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    far = _unit_rows(rng, 29)
    profiles = {"person:p-00": [ProfileChunk(f"near-{i}", v) for i, v in enumerate(near)]}
    profiles |= {p.id: [ProfileChunk(f"far-{p.id}", v)] for p, v in zip(people[1:], far, strict=True)}
    neo4j_store.set_profiles("m1", profiles)
    far_scores = sorted(
        ((p.id, float(v @ query)) for p, v in zip(people[1:], far, strict=True)), key=lambda i: (-i[1], i[0])
    )

    found = neo4j_store.vector_search("m1", query, k=5, owner_kinds=[NodeKind.PERSON])

    assert [o for o, _ in found] == ["person:p-00"] + [o for o, _ in far_scores[:4]]
    assert found[0][1] == pytest.approx(float(np.max(near @ query)), abs=1e-4)


def test_zero_query_ranks_owners_by_id_like_the_embedded_store(neo4j_store: GraphStore) -> None:
    neo4j_store.upsert(tiny_world())
    rng = np.random.default_rng(5)
    neo4j_store.set_profiles(
        "m1",
        {
            o: [ProfileChunk(o, _unit_rows(rng, 1)[0])]
            for o in ("person:bruno-lefevre", "person:alice-martin")
        },
    )
    zero = np.zeros(DIMENSIONS, dtype=np.float32)
    found = neo4j_store.vector_search("m1", zero, k=5, owner_kinds=[NodeKind.PERSON])
    assert found == [("person:alice-martin", 0.0), ("person:bruno-lefevre", 0.0)]


def test_vectors_of_the_wrong_length_are_rejected(neo4j_store: GraphStore) -> None:
    neo4j_store.upsert(tiny_world())
    with pytest.raises(InvalidInput, match="expects"):
        neo4j_store.set_profiles("m1", {"person:bruno-lefevre": [ProfileChunk("h", np.ones(12, np.float32))]})
    assert neo4j_store.profile_hashes("m1") == {}


def test_schema_with_other_dimensions_is_a_conflict(
    neo4j_store: GraphStore, neo4j_driver: neo4j.Driver
) -> None:
    neo4j_store.ensure_schema()  # safe to call again
    with pytest.raises(Conflict, match="64-d"):
        Neo4jStore(neo4j_driver, vector_dimensions=384).ensure_schema()


# -- unavailability ------------------------------------------------------------------------------
def test_connect_to_nothing_names_the_uri() -> None:
    with pytest.raises(StoreUnavailable, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:9"):
        connect("bolt://127.0.0.1:9", "neo4j", "")


def test_server_gone_is_store_unavailable() -> None:
    driver = neo4j.GraphDatabase.driver("bolt://127.0.0.1:9", auth=None, max_transaction_retry_time=0.5)
    store = Neo4jStore(driver)
    started = time.monotonic()
    try:
        with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1:9") as caught:
            store.get("person:alice-martin")
        assert isinstance(caught.value.__cause__, neo4j.exceptions.ServiceUnavailable)
    finally:
        store.close()
    assert time.monotonic() - started < 20


class _Plug:
    """A TCP relay in front of the test server, to pull the network cable and plug it back."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def plug(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.05)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def unplug(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self._target)
            with self._lock:
                self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def test_store_recovers_when_the_server_comes_back(neo4j_store: GraphStore) -> None:
    neo4j_store.upsert(tiny_world())
    server = urlparse(os.environ["PASSERELLE_TEST_NEO4J_URI"])
    plug = _Plug((server.hostname or "127.0.0.1", server.port or 7687))
    plug.plug()
    uri = f"bolt://127.0.0.1:{plug.port}"
    driver = neo4j.GraphDatabase.driver(uri, auth=None, max_transaction_retry_time=1.0)
    store = Neo4jStore(driver, vector_dimensions=DIMENSIONS)
    try:
        assert store.get("person:alice-martin").id == "person:alice-martin"

        plug.unplug()
        with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1"):
            store.get("person:alice-martin")
        with pytest.raises(StoreUnavailable):
            store.upsert([Person(id="person:chloe-roy", name="Chloé Roy", roles=(Role.AGENT,))])

        plug.plug()
        assert store.get("person:alice-martin").id == "person:alice-martin"
        store.upsert([Person(id="person:chloe-roy", name="Chloé Roy", roles=(Role.AGENT,))])
        assert neo4j_store.get("person:chloe-roy").name == "Chloé Roy"  # type: ignore[attr-defined]
    finally:
        store.close()
        plug.unplug()


# -- parity with the embedded store ------------------------------------------------------------------
def test_migration_from_the_embedded_store_verifies(neo4j_store: GraphStore, tmp_path: Path) -> None:
    """Everything (ids, attributes, vectors, counts) reads back identically through both stores."""
    from graph.embedded import EmbeddedStore
    from graph.migration import migrate

    source = EmbeddedStore(tmp_path / "source.db")
    source.ensure_schema()
    source.upsert(tiny_world())
    rng = np.random.default_rng(9)
    for model_id in ("m1", "m2"):
        source.set_profiles(
            model_id,
            {
                "person:bruno-lefevre": [
                    ProfileChunk(f"{model_id}-b{i}", v) for i, v in enumerate(_unit_rows(rng, 3))
                ],
                "org:ville-alencon": [ProfileChunk(f"{model_id}-o", _unit_rows(rng, 1)[0])],
            },
        )
    try:
        report = migrate(source, neo4j_store, batch_size=4)
        assert report.verification.ok, report.verification
        assert neo4j_store.vector_models() == ["m1", "m2"]
        query = _unit_rows(rng, 1)[0]
        kinds = [NodeKind.PERSON, NodeKind.ORGANISATION]
        expected = source.vector_search("m1", query, k=5, owner_kinds=kinds)
        found = neo4j_store.vector_search("m1", query, k=5, owner_kinds=kinds)
        assert [o for o, _ in found] == [o for o, _ in expected]
        np.testing.assert_allclose([s for _, s in found], [s for _, s in expected], atol=1e-4)
        mine, theirs = neo4j_store.snapshot(), source.snapshot()
        assert dict(mine.nodes(data=True)) == dict(theirs.nodes(data=True))
        assert sorted(mine.edges(keys=True, data=True), key=lambda e: e[:3]) == sorted(
            theirs.edges(keys=True, data=True), key=lambda e: e[:3]
        )
    finally:
        source.close()
