"""Dense nomination through the store's vector index, on both stores."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from graph.model import NodeKind
from graph.store import GraphStore
from matching.dense import StoreNominator
from matching.matcher import Matcher
from tests.fakes import HashingEmbedder
from tests.world import tiny_world

DRAFTS = [
    "Ouvrir les données du portail open data de la commune",
    "Dématérialiser les actes d'état civil",
    "Accueil des usagers et simplification des courriers",
]


def test_each_kind_gets_the_stores_own_answer_even_when_drafts_interleave(store: GraphStore) -> None:
    embedder = HashingEmbedder(64)
    store.upsert(tiny_world())
    Matcher(store, embedder).refresh()  # stores the profiles' vectors
    queries = embedder.embed(DRAFTS)
    expected = {
        (i, kind): [o for o, _ in store.vector_search(embedder.model_id, q, k=5, owner_kinds=[kind])]
        for i, q in enumerate(queries)
        for kind in (NodeKind.PERSON, NodeKind.ORGANISATION)
    }
    assert any(expected[(i, NodeKind.PERSON)] for i in range(len(DRAFTS)))
    assert any(expected[(i, NodeKind.ORGANISATION)] for i in range(len(DRAFTS)))
    nominator = StoreNominator(store, embedder.model_id)
    # People first, as the matcher asks, then organisations (sent ahead with the first call);
    # then organisations first; and many drafts at once from threads.
    for kinds in ((NodeKind.PERSON, NodeKind.ORGANISATION), (NodeKind.ORGANISATION, NodeKind.PERSON)):
        for i, query in enumerate(queries):
            for kind in kinds:
                assert nominator.nominate(query, kind, 5) == expected[(i, kind)]
    kinds = (NodeKind.PERSON, NodeKind.ORGANISATION)
    calls = [(i, kind) for _ in range(5) for i in range(len(DRAFTS)) for kind in kinds]
    with ThreadPoolExecutor(6) as threads:
        answers = list(threads.map(lambda call: nominator.nominate(queries[call[0]], call[1], 5), calls))
    assert answers == [expected[call] for call in calls]


def test_a_zero_query_or_no_room_nominates_nobody(sqlite_store: GraphStore) -> None:
    nominator = StoreNominator(sqlite_store, "test/hashing-64")
    assert nominator.nominate(HashingEmbedder(64).embed([""])[0], NodeKind.PERSON, 5) == []
    assert nominator.nominate(HashingEmbedder(64).embed(DRAFTS[:1])[0], NodeKind.PERSON, 0) == []
