"""Neo4j's vector index answers like the embedded store's exact search on the seed network."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.migration import migrate
from graph.model import NodeKind
from matching.context import DraftContext
from matching.embedder import Embedder
from matching.matcher import Matcher

pytestmark = [pytest.mark.neo4j, pytest.mark.model]


@pytest.fixture
def seed_on_neo4j(neo4j_driver: object, seed_store: EmbeddedStore) -> object:
    from graph.neo4j_store import Neo4jStore, wipe_database

    wipe_database(neo4j_driver)  # type: ignore[arg-type]
    store = Neo4jStore(neo4j_driver, vector_dimensions=384)  # type: ignore[arg-type]
    store.ensure_schema()
    assert migrate(seed_store, store).verification.ok
    yield store
    wipe_database(neo4j_driver)  # type: ignore[arg-type]


def test_neo4j_vector_search_equals_embedded_on_seed(
    seed_store: EmbeddedStore,
    seed_on_neo4j: object,
    real_embedder: Embedder,
    labelled_drafts: list[dict[str, object]],
) -> None:
    neo4j_store = seed_on_neo4j
    matcher = Matcher(seed_store, real_embedder)
    for draft in labelled_drafts:
        query = matcher.embed_query(str(draft["text"]))
        for kind in (NodeKind.PERSON, NodeKind.ORGANISATION):
            exact = seed_store.vector_search(real_embedder.model_id, query, k=10, owner_kinds=[kind])
            indexed = neo4j_store.vector_search(real_embedder.model_id, query, k=10, owner_kinds=[kind])  # type: ignore[attr-defined]
            assert [o for o, _ in indexed] == [o for o, _ in exact], draft["id"]
            for (_, a), (_, b) in zip(indexed, exact, strict=True):
                assert a == pytest.approx(b, abs=1e-4)


def test_suggestions_are_the_same_on_both_stores(
    seed_store: EmbeddedStore,
    seed_on_neo4j: object,
    real_embedder: Embedder,
    labelled_drafts: list[dict[str, object]],
) -> None:
    on_sqlite = Matcher(seed_store, real_embedder)
    # On Neo4j, its own vector index nominates the dense candidates.
    on_neo4j = Matcher(seed_on_neo4j, real_embedder, dense="store")  # type: ignore[arg-type]
    assert on_neo4j.refresh().embedded == 0  # the migrated vectors serve as the cache
    context = DraftContext(lab="lab:innovmandie", organisations=("org:ddt-eure",))
    for draft in labelled_drafts[:5]:
        a = on_sqlite.suggest(str(draft["text"]), context=context)
        b = on_neo4j.suggest(str(draft["text"]), context=context)
        assert [s.id for s in a.experts] == [s.id for s in b.experts]
        assert [s.id for s in a.organisations] == [s.id for s in b.organisations]
        for x, y in zip(a.experts, b.experts, strict=True):
            assert x.score == pytest.approx(y.score, abs=1e-4)
