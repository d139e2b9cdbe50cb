"""The embedder pool gives the vectors its child embedder gives, in order, alone or concurrently."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

import numpy as np
import pytest

from matching.embedder import SentenceTransformerEmbedder, embed_queries
from matching.embedder_pool import EmbedderPool
from tests.fakes import HashingEmbedder, broken_in_child

TEXTS = [
    "Ouvrir les données budgétaires de la commune",
    "Un portail open data pour les habitants",
    "Recrutement d'un designer de services",
    "Dématérialiser les actes d'état civil",
    "Covoiturage domicile-travail en zone rurale",
]


@pytest.fixture(scope="module")
def pool() -> Iterator[EmbedderPool]:
    pool = EmbedderPool(partial(HashingEmbedder, 64), 2)
    yield pool
    pool.close()


def test_vectors_are_the_child_embedders(pool: EmbedderPool) -> None:
    np.testing.assert_array_equal(pool.embed(TEXTS), HashingEmbedder(64).embed(TEXTS))


def test_a_long_list_is_split_over_the_processes_and_keeps_its_order(pool: EmbedderPool) -> None:
    texts = [f"{text} numéro {i}" for i in range(9) for text in TEXTS]  # 45 texts: split in two
    pids = {pool._pool().submit(os.getpid).result() for _ in range(8)}
    vectors = pool.embed(texts)
    np.testing.assert_array_equal(vectors, HashingEmbedder(64).embed(texts))
    assert vectors.dtype == np.float32
    assert os.getpid() not in pids


def test_nothing_to_embed_is_an_empty_matrix(pool: EmbedderPool) -> None:
    assert pool.embed([]).shape == (0, 64)


def test_the_model_is_described_by_the_child(pool: EmbedderPool) -> None:
    assert pool.model_id == "test/hashing-64"
    assert pool.dimensions == 64
    assert pool.max_words is None  # the hashing embedder has no window


def test_drafts_go_through_the_query_side(pool: EmbedderPool) -> None:
    np.testing.assert_array_equal(embed_queries(pool, TEXTS[:2]), HashingEmbedder(64).embed(TEXTS[:2]))


def test_concurrent_callers_get_their_own_vectors(pool: EmbedderPool) -> None:
    expected = HashingEmbedder(64).embed(TEXTS)
    with ThreadPoolExecutor(8) as threads:
        results = list(threads.map(lambda i: pool.embed([TEXTS[i % 5]]), range(40)))
    for i, vectors in enumerate(results):
        np.testing.assert_array_equal(vectors[0], expected[i % 5])


def test_a_closed_pool_starts_again_on_next_use() -> None:
    pool = EmbedderPool(partial(HashingEmbedder, 8), 1)
    first = pool.embed(TEXTS[:1])
    pool.close()
    np.testing.assert_array_equal(pool.embed(TEXTS[:1]), first)
    pool.close()


def test_ctrl_c_leaves_the_children_to_the_server() -> None:
    # A terminal's Ctrl-C reaches every process of the group: the children must not die of it
    # (with a traceback each) while the server closes the pool in its own shutdown.
    before = set(multiprocessing.active_children())
    pool = EmbedderPool(partial(HashingEmbedder, 8), 1)
    try:
        first = pool.embed(TEXTS[:1])
        children = set(multiprocessing.active_children()) - before
        assert children
        for child in children:
            os.kill(child.pid or 0, signal.SIGINT)
        time.sleep(0.5)
        np.testing.assert_array_equal(pool.embed(TEXTS[:1]), first)
    finally:
        pool.close()


def test_a_child_that_cannot_build_its_model_fails_the_call() -> None:
    pool = EmbedderPool(broken_in_child, 1)
    with pytest.raises(BrokenProcessPool):
        pool.embed(TEXTS[:1])
    pool.close()


def test_at_least_one_process() -> None:
    with pytest.raises(ValueError, match="at least one process"):
        EmbedderPool(partial(HashingEmbedder, 8), 0)


@pytest.mark.model
def test_the_real_model_gives_the_same_vectors_in_the_pool() -> None:
    direct = SentenceTransformerEmbedder(threads=1)
    pool = EmbedderPool(partial(SentenceTransformerEmbedder, threads=1), 2)
    try:
        np.testing.assert_allclose(pool.embed(TEXTS), direct.embed(TEXTS), atol=1e-5)
        many = TEXTS * 5
        np.testing.assert_allclose(pool.embed(many), direct.embed(many), atol=1e-5)
        assert pool.max_words == direct.max_words
        assert pool.dimensions == 384
        assert pool.model_id == direct.model_id
    finally:
        pool.close()
